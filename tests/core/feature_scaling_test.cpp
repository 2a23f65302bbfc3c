#include "core/feature_scaling.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace backstep {
namespace {

// Two inputs over four samples; the expected values are worked by hand.
Matrix four_samples() {
  Matrix x(2, 4);
  x << 1, 2, 3, 6,  //
      5, 5, 5, 5;   // constant input
  return x;
}

TEST(FeatureScaling, StandardizeUsesMeanAndPopulationSd) {
  // Row 1: mean 3; deviations −2, −1, 0, 3; Σd² = 14; var = 14/4 = 3.5.
  const FeatureScaling s = fit_scaling(four_samples(), ScalingMode::standardize);
  ASSERT_TRUE(s.active());
  EXPECT_DOUBLE_EQ(s.shift(0), 3.0);
  EXPECT_DOUBLE_EQ(s.scale(0), std::sqrt(3.5));
  // A constant input maps to 0 with scale 1, not to 0/0.
  EXPECT_DOUBLE_EQ(s.shift(1), 5.0);
  EXPECT_DOUBLE_EQ(s.scale(1), 1.0);
  Matrix x = four_samples();
  apply_scaling(s, x);
  EXPECT_DOUBLE_EQ(x(0, 0), -2.0 / std::sqrt(3.5));
  EXPECT_DOUBLE_EQ(x(0, 3), 3.0 / std::sqrt(3.5));
  EXPECT_DOUBLE_EQ(x(1, 2), 0.0);
  EXPECT_NEAR(x.row(0).mean(), 0.0, 1e-15);
}

TEST(FeatureScaling, MinmaxMapsTheFittedRangeToUnitInterval) {
  const FeatureScaling s = fit_scaling(four_samples(), ScalingMode::minmax);
  Matrix x = four_samples();
  apply_scaling(s, x);
  EXPECT_DOUBLE_EQ(x(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(x(0, 1), 0.2);
  EXPECT_DOUBLE_EQ(x(0, 3), 1.0);
  // A test sample outside the training range is not clipped.
  Matrix test(2, 1);
  test << 11, 5;
  apply_scaling(s, test);
  EXPECT_DOUBLE_EQ(test(0, 0), 2.0);
}

TEST(FeatureScaling, UnscaleInvertsApply) {
  const FeatureScaling s = fit_scaling(four_samples(), ScalingMode::standardize);
  Matrix x = four_samples();
  apply_scaling(s, x);
  const Vector back = unscale(s, x.col(3));
  EXPECT_NEAR(back(0), 6.0, 1e-14);
  EXPECT_NEAR(back(1), 5.0, 1e-14);
}

TEST(FeatureScaling, NoneLeavesInputsAndNamesRoundTrip) {
  const FeatureScaling s = fit_scaling(four_samples(), ScalingMode::none);
  EXPECT_FALSE(s.active());
  Matrix x = four_samples();
  apply_scaling(s, x);
  EXPECT_EQ(x, four_samples());
  for (ScalingMode m : {ScalingMode::none, ScalingMode::standardize, ScalingMode::minmax}) {
    EXPECT_EQ(parse_scaling(scaling_name(m)), m);
  }
  EXPECT_FALSE(parse_scaling("zscore").has_value());
}

}  // namespace
}  // namespace backstep
