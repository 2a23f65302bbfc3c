#include "core/vector_math.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace backstep {
namespace {

// Distance in units in the last place between two finite doubles.
double ulps(double a, double b) {
  if (a == b) return 0.0;
  const double scale = std::max(std::fabs(a), std::fabs(b));
  const int e = std::ilogb(scale);
  return std::fabs(a - b) / std::ldexp(std::numeric_limits<double>::epsilon(), e);
}

TEST(VectorMath, TanhAgreesWithStdTanhAcrossMagnitudes) {
  // Magnitudes from 1e-300 to 1e3 on both sides, including both formula
  // branches and the switch point at |z| = 1/4.
  Eigen::MatrixXd z(7, 1200);
  for (Eigen::Index c = 0; c < z.cols(); ++c) {
    for (Eigen::Index r = 0; r < z.rows(); ++r) {
      const double mag = std::pow(10.0, -12.0 + 15.0 * static_cast<double>(c) / z.cols()) *
                         (1.0 + 0.37 * static_cast<double>(r));
      z(r, c) = (c + r) % 2 == 0 ? mag : -mag;
    }
  }
  z(0, 0) = 0.25;
  z(1, 0) = std::nextafter(0.25, 0.0);
  z(2, 0) = -0.25;
  z(3, 0) = 1e-300;
  z(4, 0) = 20.0;
  Eigen::MatrixXd a;
  tanh_array(z, a);
  ASSERT_EQ(a.rows(), z.rows());
  ASSERT_EQ(a.cols(), z.cols());
  double worst = 0.0;
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    const double want = std::tanh(z(i));
    worst = std::max(worst, ulps(a(i), want));
    ASSERT_LE(ulps(a(i), want), 4.0) << "z = " << z(i);
  }
  EXPECT_LT(worst, 4.0);
}

TEST(VectorMath, TanhSpecialValues) {
  const double inf = std::numeric_limits<double>::infinity();
  Eigen::MatrixXd z(1, 6);
  z << 0.0, -0.0, inf, -inf, std::numeric_limits<double>::quiet_NaN(), -800.0;
  Eigen::MatrixXd a;
  tanh_array(z, a);
  EXPECT_EQ(a(0), 0.0);
  EXPECT_FALSE(std::signbit(a(0)));
  EXPECT_TRUE(std::signbit(a(1)));  // tanh is odd: −0 → −0
  EXPECT_EQ(a(2), 1.0);
  EXPECT_EQ(a(3), -1.0);
  EXPECT_TRUE(std::isnan(a(4)));
  EXPECT_EQ(a(5), -1.0);
}

TEST(VectorMath, TanhReusesTheOutputBuffer) {
  Eigen::MatrixXd z = Eigen::MatrixXd::Constant(3, 5, 0.7);
  Eigen::MatrixXd a(3, 5);
  const double* before = a.data();
  tanh_array(z, a);
  EXPECT_EQ(a.data(), before);
  EXPECT_NEAR(a(2, 4), std::tanh(0.7), 1e-15);
}

}  // namespace
}  // namespace backstep
