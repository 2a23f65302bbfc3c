// Fonts: DejaVu Sans (fonts-dejavu-core) at a pixel size, rebuilt when the UI
// scale changes so text stays crisp on projectors; ImGui's default font if
// DejaVu is absent.
#pragma once

#include <imgui.h>

namespace backstep {

// Clears and rebuilds the font atlas at `pixel_size` (the caller re-uploads the
// texture). Returns false when DejaVu was not found and the fallback is used.
bool build_fonts(float pixel_size);

// DejaVu Sans Mono at the same size, for numbers that should line up; the
// default font when the mono face is absent. Valid after build_fonts().
ImFont* mono_font();

}  // namespace backstep
