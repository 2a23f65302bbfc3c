#include "app/colormap/colormap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "app/colormap/layer_colours.hpp"

namespace backstep {
namespace {

// Hue angle (degrees, 0 … 360) of an sRGB colour, from the standard
// max/min formula; enough to tell orange (~30°) from blue (~210°).
double hue(Rgb c) {
  const double mx = std::max({c.r, c.g, c.b});
  const double mn = std::min({c.r, c.g, c.b});
  const double d = mx - mn;
  if (d <= 0.0) return -1.0;  // grey: no hue
  double h = 0.0;
  if (mx == c.r) {
    h = std::fmod((c.g - c.b) / d, 6.0);
  } else if (mx == c.g) {
    h = (c.b - c.r) / d + 2.0;
  } else {
    h = (c.r - c.g) / d + 4.0;
  }
  h *= 60.0;
  return h < 0.0 ? h + 360.0 : h;
}

double chroma(Rgb c) {
  return std::max({c.r, c.g, c.b}) - std::min({c.r, c.g, c.b});
}

bool same(Rgb a, Rgb b) {
  return a.r == b.r && a.g == b.g && a.b == b.b;
}

TEST(Colormap, DivergingZeroIsNeutral) {
  const Rgb zero = diverging(0.0, 1.0);
  EXPECT_LT(chroma(zero), 0.05) << "0 must be a near-grey, not a hue";
  // The neutral is the lightest point of the map: both arms get darker.
  EXPECT_GT(lightness(zero), lightness(diverging(0.3, 1.0)));
  EXPECT_GT(lightness(zero), lightness(diverging(-0.3, 1.0)));
  // Scale does not move the middle.
  EXPECT_TRUE(same(zero, diverging(0.0, 1e-6)));
  EXPECT_TRUE(same(zero, diverging(0.0, 250.0)));
}

TEST(Colormap, DivergingSignsHaveDistinctBlueOrangeHues) {
  for (double v : {0.2, 0.5, 1.0}) {
    const Rgb pos = diverging(v, 1.0);
    const Rgb neg = diverging(-v, 1.0);
    const double hp = hue(pos), hn = hue(neg);
    // Positive is blue (hue 190°–240°), negative orange (15°–45°): never red/green.
    EXPECT_GT(hp, 190.0) << v;
    EXPECT_LT(hp, 240.0) << v;
    EXPECT_GT(hn, 15.0) << v;
    EXPECT_LT(hn, 45.0) << v;
    EXPECT_GT(pos.b, pos.r);
    EXPECT_GT(neg.r, neg.b);
    // The arms match in lightness within a few L* units, so neither sign dominates.
    EXPECT_NEAR(lightness(pos), lightness(neg), 4.0) << v;
  }
}

TEST(Colormap, DivergingGetsStrongerWithMagnitude) {
  double previous = lightness(diverging(0.0, 2.0));
  for (int i = 1; i <= 20; ++i) {
    const double l = lightness(diverging(0.1 * i, 2.0));
    EXPECT_LT(l, previous) << i;
    previous = l;
  }
}

TEST(Colormap, DivergingClampsBeyondScale) {
  EXPECT_TRUE(same(diverging(3.0, 1.0), diverging(1.0, 1.0)));
  EXPECT_TRUE(same(diverging(-1e9, 1.0), diverging(-1.0, 1.0)));
  EXPECT_FALSE(same(diverging(0.5, 1.0), diverging(1.0, 1.0)));
  // A zero scale shows the sign alone.
  EXPECT_TRUE(same(diverging(0.01, 0.0), diverging(1.0, 1.0)));
  EXPECT_TRUE(same(diverging(-0.01, 0.0), diverging(-1.0, 1.0)));
}

TEST(Colormap, SequentialIsMonotoneInLightness) {
  double previous = -1.0;
  for (int i = 0; i <= 100; ++i) {
    const double l = lightness(sequential(0.01 * i, 1.0));
    EXPECT_GT(l, previous) << "at " << 0.01 * i;
    previous = l;
  }
  // Dark for nothing, bright for the maximum: readable on a dark background.
  EXPECT_LT(lightness(sequential(0.0, 1.0)), 25.0);
  EXPECT_GT(lightness(sequential(1.0, 1.0)), 85.0);
}

TEST(Colormap, SequentialUsesMagnitudeAndClamps) {
  EXPECT_TRUE(same(sequential(-0.4, 1.0), sequential(0.4, 1.0)));
  EXPECT_TRUE(same(sequential(7.0, 1.0), sequential(1.0, 1.0)));
  EXPECT_TRUE(same(sequential(0.5, 2.0), sequential(0.25, 1.0)));
}

TEST(Colormap, NonFiniteValuesAreMarked) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(same(diverging(nan, 1.0), kInvalidColour));
  EXPECT_TRUE(same(diverging(inf, 1.0), kInvalidColour));
  EXPECT_TRUE(same(sequential(nan, 1.0), kInvalidColour));
  EXPECT_TRUE(same(sequential(-inf, 1.0), kInvalidColour));
  // The marker is not any colour of either map.
  for (int i = -10; i <= 10; ++i) {
    EXPECT_FALSE(same(diverging(0.1 * i, 1.0), kInvalidColour));
    EXPECT_FALSE(same(sequential(0.1 * i, 1.0), kInvalidColour));
  }
}

TEST(Colormap, LightnessOfBlackAndWhite) {
  EXPECT_NEAR(lightness({0, 0, 0}), 0.0, 1e-9);
  EXPECT_NEAR(lightness({1, 1, 1}), 100.0, 1e-6);
}

TEST(Scales, NiceCeilPicksOneTwoFive) {
  EXPECT_DOUBLE_EQ(nice_ceil(0.7), 1.0);
  EXPECT_DOUBLE_EQ(nice_ceil(1.0), 1.0);
  EXPECT_DOUBLE_EQ(nice_ceil(1.3), 2.0);
  EXPECT_DOUBLE_EQ(nice_ceil(3.0), 5.0);
  EXPECT_DOUBLE_EQ(nice_ceil(6.0), 10.0);
  EXPECT_NEAR(nice_ceil(0.001), 0.001, 1e-15);
  EXPECT_NEAR(nice_ceil(0.0011), 0.002, 1e-15);
  EXPECT_DOUBLE_EQ(nice_ceil(420.0), 500.0);
  EXPECT_DOUBLE_EQ(nice_ceil(0.0), 1.0);
  EXPECT_DOUBLE_EQ(nice_ceil(std::numeric_limits<double>::quiet_NaN()), 1.0);
}

TEST(Scales, NiceStepGivesAboutTargetTicks) {
  for (double range : {0.37, 1.0, 7.5, 1234.0, 2e-5}) {
    const double step = nice_step(range, 5);
    const double ticks = range / step;
    EXPECT_GE(ticks, 2.0) << range;
    EXPECT_LE(ticks, 5.0 + 1e-9) << range;
  }
}

}  // namespace
}  // namespace backstep

// --- layer line colours --------------------------------------------------------

namespace backstep {
namespace {

// CIE L*a*b* (D65) of an sRGB colour, from the published sRGB and CIE
// formulas: linearize, to XYZ, then the cube-root compression.
struct Lab {
  double l, a, b;
};
Lab lab(Rgb c) {
  auto lin = [](double u) { return u <= 0.04045 ? u / 12.92 : std::pow((u + 0.055) / 1.055, 2.4); };
  const double r = lin(c.r), g = lin(c.g), b = lin(c.b);
  const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  auto f = [](double t) {
    return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
  };
  return {116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))};
}
double delta_e(Rgb p, Rgb q) {  // CIE76: distance in L*a*b*
  const Lab u = lab(p), v = lab(q);
  return std::hypot(u.l - v.l, u.a - v.a, u.b - v.b);
}

// Twelve layers (the most a preset or lesson uses is nine) are told apart:
// every pair differs by ΔE ≥ 20 (≈ "clearly different colours"; 2.3 is the
// just-noticeable difference), and every colour stands out from the plot's
// background (the dark theme's canvas is near black, the light one's white).
TEST(LayerColours, TwelveLayersAreToldApartOnBothThemes) {
  for (const bool light : {false, true}) {
    const Rgb background = light ? Rgb{1, 1, 1} : Rgb{20 / 255.0f, 22 / 255.0f, 28 / 255.0f};
    for (int l = 1; l <= kLayerColours; ++l) {
      EXPECT_GE(std::abs(lightness(layer_colour(l, light)) - lightness(background)), 25.0)
          << "layer " << l << (light ? " (light)" : " (dark)");
      for (int m = l + 1; m <= kLayerColours; ++m)
        EXPECT_GE(delta_e(layer_colour(l, light), layer_colour(m, light)), 20.0)
            << "layers " << l << " and " << m << (light ? " (light)" : " (dark)");
    }
    // Past twelve the colours repeat: layer 13 is layer 1's.
    EXPECT_EQ(delta_e(layer_colour(13, light), layer_colour(1, light)), 0.0);
  }
}

}  // namespace
}  // namespace backstep

namespace {

// 1 000 magnitudes 0.001 … 1.000 (their signs alternate) and 10 outliers of 40.
std::vector<double> thousand_and_ten_outliers() {
  std::vector<double> v;
  for (int i = 1; i <= 1000; ++i) v.push_back((i % 2 ? -1.0 : 1.0) * i / 1000.0);
  for (int i = 0; i < 10; ++i) v.push_back(i % 2 ? -40.0 : 40.0);
  return v;
}

}  // namespace

TEST(Scales, QuantileScaleIgnoresAFewOutliers) {
  const std::vector<double> v = thousand_and_ten_outliers();
  std::vector<double> scratch;
  // 99 % of 1 010 magnitudes is rank ⌈999.9⌉ = 1 000: the largest ordinary
  // value, 1.000, where the maximum (40) would give a scale of 50.
  EXPECT_DOUBLE_EQ(backstep::quantile_scale(v.data(), v.size(), 0.99, scratch), 1.0);
  EXPECT_DOUBLE_EQ(backstep::quantile_scale(v.data(), v.size(), 1.0, scratch), 50.0);
  // The median magnitude is rank 505: 0.505, shown on a scale of ±1 (nice_ceil).
  EXPECT_DOUBLE_EQ(backstep::quantile_scale(v.data(), v.size(), 0.5, scratch), 1.0);
  // 10 % is rank 101: 0.101 → 0.2.
  EXPECT_DOUBLE_EQ(backstep::quantile_scale(v.data(), v.size(), 0.1, scratch), 0.2);
}

TEST(Scales, QuantileScaleSkipsNonFiniteValuesAndFallsBackToOne) {
  std::vector<double> scratch;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> v = {nan, 0.03, -inf, -0.04, inf};
  EXPECT_DOUBLE_EQ(backstep::quantile_scale(v.data(), v.size(), 1.0, scratch), 0.05);
  const std::vector<double> none = {nan, inf};
  EXPECT_DOUBLE_EQ(backstep::quantile_scale(none.data(), none.size(), 0.99, scratch), 1.0);
  const std::vector<double> zeros = {0.0, 0.0, -0.0};
  EXPECT_DOUBLE_EQ(backstep::quantile_scale(zeros.data(), zeros.size(), 0.99, scratch), 1.0);
  EXPECT_DOUBLE_EQ(backstep::quantile_scale(nullptr, 0, 0.99, scratch), 1.0);
}
