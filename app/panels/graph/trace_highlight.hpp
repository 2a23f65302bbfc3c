// What the chain-rule inspector's current micro-step touches, drawn on the
// network graph: the neuron being computed, the edges being summed (forward,
// orange, arrows towards the neuron) or the edges whose deltas flow back
// (backward, blue, arrows towards the input), the edge of a gradient or an
// update (green for updates).
#pragma once

#include <imgui.h>

#include <functional>
#include <optional>

#include "app/state/ui_state.hpp"
#include "core/session.hpp"
#include "core/tracer.hpp"

namespace backstep {

// The current micro-step's locus when the inspector is shown and training is
// paused; nullopt otherwise.
std::optional<TraceLocus> current_trace_locus(const Session& s, const UiState& ui);

// Where the graph drew neuron j of layer l (nullopt when it is not drawn).
using NodePosition = std::function<std::optional<ImVec2>(int layer, int neuron)>;

// Draws the highlight of the current micro-step on top of the graph.
void draw_trace_highlight(ImDrawList* dl, const Session& s, const UiState& ui,
                          const NodePosition& node, float radius);

}  // namespace backstep
