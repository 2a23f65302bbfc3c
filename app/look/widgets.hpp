// Shared widgets: colour maps as ImGui colours, a colour legend, value labels,
// and sub/superscript digits for math labels (x₁, w⁽²⁾₁₃).
#pragma once

#include <imgui.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "app/colormap/colormap.hpp"

namespace backstep {

ImU32 to_imcolor(Rgb c, float alpha = 1.0f);
// Signed value on the blue (+) / orange (−) map; see app/colormap/colormap.hpp.
ImU32 diverging_color(double value, double scale, float alpha = 1.0f);
// Magnitude on the dark-blue → yellow map.
ImU32 sequential_color(double value, double scale, float alpha = 1.0f);
// Black or white, whichever reads better on `fill`.
ImU32 text_color_on(Rgb fill);

enum class LegendKind { diverging, sequential };

// One line: "caption  −s ▮▮▮▮▮ +s" (diverging, 0 marked in the middle) or
// "caption  0 ▮▮▮▮▮ s" (sequential). The bar is `bar_width` pixels wide;
// the widget advances the cursor like any item.
void color_legend(const char* caption, LegendKind kind, double scale, float bar_width);
// The width color_legend() will take, for wrapping decisions.
float color_legend_width(const char* caption, LegendKind kind, double scale, float bar_width);

// SameLine() when an item `next_width` wide still fits on the current line
// after `spacing`, else nothing (the next item starts a new line): rows of
// toolbar items that wrap in narrow panels.
void same_line_if_fits(float next_width, float spacing);

// Text wrapped to the content width, for formulas and prose in either
// language: lines break at spaces and around CJK characters (Chinese has no
// spaces), never after '.', which ImGui's own wrapping does and which splits
// numbers ("0." / "166893"). A word wider than the line stays whole;
// '\n' starts a new line.
void text_wrapped(std::string_view text);

// `text` cut to `width` pixels in the current font, ending in "…" when cut
// (app/text/short_text.hpp's ellipsize with this font's glyph advances).
std::string fit_to_width(std::string_view text, float width);

// "name = value" with the exact value (%.6g); non-finite values say so.
void value_label(const char* name, double value);

// Writes n (≥ 0) in Unicode sub/superscript digits (₁₂ / ¹²) into out
// (NUL-terminated, truncated to cap); returns out.
char* subscript_digits(int n, char* out, std::size_t cap);
char* superscript_digits(int n, char* out, std::size_t cap);

}  // namespace backstep
