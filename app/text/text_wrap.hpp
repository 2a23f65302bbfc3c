// Line breaking for formulas and prose in English or Chinese, apart from
// ImGui so it can be tested without a window (app/look/widgets.cpp draws the lines).
#pragma once

#include <functional>
#include <string_view>
#include <vector>

namespace backstep {

// Splits `text` into lines no wider than `width`, where advance(code point)
// is a glyph's width. Lines break at spaces (dropped) and on either side of a
// CJK character (Chinese has no spaces), except before closing punctuation
// such as ，or 。; never after '.', which ImGui's own wrapping does and which
// splits numbers ("0." / "166893"). A word wider than the line stays whole;
// '\n' always starts a new line. The views point into `text`.
std::vector<std::string_view> wrap_lines(std::string_view text, float width,
                                         const std::function<float(unsigned)>& advance);

}  // namespace backstep
