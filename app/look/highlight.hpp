// The chain-rule highlight: the colours of the inspector's current micro-step,
// on the graph (arrows, rings) and in the inspector (phase tabs, formula).
// They are chosen outside every data colour the graph and the plane use —
// the diverging map's orange (negative) and blue (positive) and its grey, the
// sequential map's dark blue … yellow, the invalid purple, the gradient
// check's magenta and the warning orange — so a highlighted edge never reads
// as a weight's sign: green forward, rose backward, teal for the update.
#pragma once

#include <imgui.h>

#include "core/tracer.hpp"

namespace backstep {

// Bright, for lines and rings on a canvas (outlined by a dark halo).
ImU32 trace_colour(TracePhase p, float alpha = 1.0f);
// For text and tabs on the window background: the bright colour, darkened on
// the light theme (yellow-green or pale rose text would vanish on white).
ImU32 trace_text_colour(TracePhase p, float alpha = 1.0f);

}  // namespace backstep
