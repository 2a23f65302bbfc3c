// Short numbers and ellipsized lines (app/text/short_text.hpp): the divergence
// walkthrough of issue 14 printed 1e154 as a 155-digit node value.
#include "app/text/short_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace {

using backstep::ellipsize;
using backstep::format_fixed;
using backstep::format_general;
using backstep::kShortNumberChars;

std::string fixed(double v, int decimals = 2) {
  char buf[64];
  return format_fixed(v, decimals, buf, sizeof buf);
}

std::string general(double v, int digits = 5) {
  char buf[64];
  return format_general(v, digits, buf, sizeof buf);
}

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ShortText, FixedKeepsTwoDecimalsForOrdinaryValues) {
  EXPECT_EQ(fixed(0.0), "0.00");
  EXPECT_EQ(fixed(-0.534), "-0.53");
  EXPECT_EQ(fixed(9999.5), "9999.50");
}

TEST(ShortText, FixedSwitchesToScientificForHugeValues) {
  EXPECT_EQ(fixed(1.28e154), "1.28e+154");
  EXPECT_EQ(fixed(-1.28e154), "-1.28e+154");
  EXPECT_EQ(fixed(12345.0), "1.23e+04");
}

TEST(ShortText, GeneralUsesScientificOutsideOneThousandthToTenThousand) {
  EXPECT_EQ(general(0.25), "0.25");
  EXPECT_EQ(general(1.0 / 3.0), "0.33333");
  EXPECT_EQ(general(1.5e-7), "1.5e-07");
  EXPECT_EQ(general(1.2345678e154), "1.23e+154");
  EXPECT_EQ(general(0.0), "0");
}

TEST(ShortText, NonFiniteValuesReadTheSameEverywhere) {
  for (const auto f : {+[](double v) { return fixed(v); }, +[](double v) { return general(v); }}) {
    EXPECT_EQ(f(kInf), "inf");
    EXPECT_EQ(f(-kInf), "-inf");
    EXPECT_EQ(f(std::nan("")), "NaN");
  }
}

TEST(ShortText, NoNumberIsWiderThanTenCharacters) {
  for (double mag = 1e-310; mag < 1e308; mag *= 7.3) {
    for (double v : {mag, -mag, std::nextafter(mag, 0.0), -9999.996, 9999.9999, -0.00123456789}) {
      for (int d = 0; d <= 3; ++d) EXPECT_LE(fixed(v, d).size(), kShortNumberChars) << v;
      for (int d = 1; d <= 5; ++d) EXPECT_LE(general(v, d).size(), kShortNumberChars) << v;
    }
  }
  EXPECT_LE(fixed(-std::numeric_limits<double>::max()).size(), kShortNumberChars);
  EXPECT_LE(general(-std::numeric_limits<double>::denorm_min()).size(), kShortNumberChars);
}

// Every code point one unit wide: widths are character counts.
float one(unsigned) {
  return 1.0f;
}

TEST(ShortText, EllipsizeLeavesWhatFitsAlone) {
  EXPECT_EQ(ellipsize("short", 5, one), "short");
  EXPECT_EQ(ellipsize("", 0, one), "");
}

TEST(ShortText, EllipsizeCutsToTheWidthWithAnEllipsis) {
  EXPECT_EQ(ellipsize("Training diverged at step 3", 10, one), "Training…");
  EXPECT_EQ(ellipsize("abcdefgh", 5, one), "abcd…");
  EXPECT_EQ(ellipsize("abc", 0.5f, one), "…");
}

TEST(ShortText, EllipsizeNeverSplitsACodePoint) {
  // Three 3-byte characters, each 2 units wide, the ellipsis 1.
  const auto wide = [](unsigned c) { return c == 0x2026 ? 1.0f : c < 0x80 ? 1.0f : 2.0f; };
  EXPECT_EQ(ellipsize("训练发散", 6, wide), "训练…");
}

}  // namespace
