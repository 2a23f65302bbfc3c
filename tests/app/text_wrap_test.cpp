// Line breaking (app/text/text_wrap.hpp) with a fixed-width "font": every glyph
// is 1 unit wide, so widths are character counts.
#include "app/text/text_wrap.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

using backstep::wrap_lines;

std::vector<std::string> wrap(std::string_view text, float width) {
  std::vector<std::string> out;
  for (std::string_view line : wrap_lines(text, width, [](unsigned) { return 1.0f; }))
    out.emplace_back(line);
  return out;
}

using Lines = std::vector<std::string>;

TEST(TextWrap, BreaksAtSpacesAndDropsThem) {
  EXPECT_EQ(wrap("a bb ccc dddd", 6), (Lines{"a bb", "ccc", "dddd"}));
  EXPECT_EQ(wrap("fits on one", 11), (Lines{"fits on one"}));
  EXPECT_EQ(wrap("two  spaces", 5), (Lines{"two", "spaces"}));
}

TEST(TextWrap, NeverSplitsANumberAtItsDecimalPoint) {
  // ImGui's wrapping would give "= 0." and "166893" here.
  EXPECT_EQ(wrap("0.1669 = 0.166893", 12), (Lines{"0.1669 =", "0.166893"}));
  // A word longer than the line stays whole rather than being cut.
  EXPECT_EQ(wrap("x 0.123456789 y", 5), (Lines{"x", "0.123456789", "y"}));
}

TEST(TextWrap, NewlinesAlwaysBreak) {
  EXPECT_EQ(wrap("a\nb c", 10), (Lines{"a", "b c"}));
  EXPECT_EQ(wrap("a\n\nb", 10), (Lines{"a", "", "b"}));
  EXPECT_EQ(wrap("", 10), (Lines{""}));
}

TEST(TextWrap, ChineseBreaksBetweenCharactersButNotBeforeClosingPunctuation) {
  // Six ideographs, four per line (each is one unit in this font).
  EXPECT_EQ(wrap("输入越大梯度", 4), (Lines{"输入越大", "梯度"}));
  // "，" is not left at the start of a line: the line ends before the
  // character ahead of it instead.
  EXPECT_EQ(wrap("输入越大，梯度越大", 4), (Lines{"输入越", "大，梯度", "越大"}));
  // Mixed text: the Latin word and number stay whole.
  EXPECT_EQ(wrap("按 Shift+→ 走到 0.062", 9), (Lines{"按 Shift+→", "走到 0.062"}));
  EXPECT_EQ(wrap("梯度0.062梯度", 5), (Lines{"梯度", "0.062", "梯度"}));
}

TEST(TextWrap, UsesTheGlyphAdvances) {
  // Wide glyphs (2 units for anything outside ASCII) fill the line sooner.
  const auto advance = [](unsigned c) { return c < 0x80 ? 1.0f : 2.0f; };
  std::vector<std::string> lines;
  for (std::string_view l : wrap_lines("ab δδ cd", 4, advance)) lines.emplace_back(l);
  EXPECT_EQ(lines, (Lines{"ab", "δδ", "cd"}));
}

}  // namespace
