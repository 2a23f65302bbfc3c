// Categorical colours for "one line per layer" plots (Gradient health's
// ‖∂L/∂W⁽ˡ⁾‖ lines and their legend). Free of ImGui so a test can measure
// how far apart they are.
#pragma once

#include "app/colormap/colormap.hpp"

namespace backstep {

// Layers 1 to kLayerColours get colours no two of which are alike on either
// theme; past that they repeat (each line also carries its layer number).
inline constexpr int kLayerColours = 12;

// Layer l ≥ 1's colour on the dark (light = false) or light theme.
Rgb layer_colour(int l, bool light);

}  // namespace backstep
