// Themes: dark (the default) and light (projectors wash out dark themes), each
// with a high-contrast presenter variant. Panels take the colours they draw
// on their own canvases (backgrounds, grids, rings, notes) from palette(), so
// every colour keeps its meaning in both themes and stays legible.
#pragma once

#include <imgui.h>

namespace backstep {

struct Palette {
  bool light = false;
  ImU32 canvas_bg;         // plot backgrounds (health charts, histograms)
  ImU32 grid, grid_minor;  // plot grid lines
  ImU32 axis;              // plot frames and zero lines
  ImU32 cursor;            // the "now" line on the loss curves
  ImU32 ring;              // neuron/edge selection rings on the graph
  ImU32 halo;              // the dark/light outline under a highlight, for contrast
  ImU32 node_outline;
  ImU32 graph_label;  // text drawn straight on the graph canvas
  ImVec4 warn_text;   // orange: a warning in the text
  ImVec4 error_text;  // red: an error in the text
  ImVec4 good_text;   // blue: a check passed
  ImVec4 note_text;   // muted: a side remark
  float clear[3];     // the framebuffer behind the windows
  float line_scale;   // fixed-pixel line widths × this: the UI scale, ×1.5 in presenter mode
  float thicker;      // lines already sized from the font × this: 1.5 in presenter mode
};

// Sets ImGui's style for the theme, presenter mode and UI scale, and the
// palette below. Call between frames.
void apply_style(bool light, bool presenter, float scale);
const Palette& palette();

}  // namespace backstep
