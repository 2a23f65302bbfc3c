#include "core/activation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/random.hpp"
#include "tests/core/engine_test_util.hpp"

namespace backstep {
namespace {

constexpr Activation kElementWise[] = {Activation::linear, Activation::sigmoid, Activation::tanh,
                                       Activation::relu, Activation::leaky_relu};

TEST(Activation, NamesRoundTrip) {
  for (Activation a : {Activation::linear, Activation::sigmoid, Activation::tanh, Activation::relu,
                       Activation::leaky_relu, Activation::softmax}) {
    const std::optional<Activation> parsed = parse_activation(to_string(a));
    ASSERT_TRUE(parsed.has_value()) << to_string(a);
    EXPECT_EQ(*parsed, a);
  }
  EXPECT_FALSE(parse_activation("swish").has_value());
  EXPECT_EQ(activation_symbol(Activation::sigmoid), "σ");
  EXPECT_EQ(activation_symbol(Activation::linear), "id");
}

TEST(Activation, ScalarValues) {
  EXPECT_DOUBLE_EQ(activation_value(Activation::linear, -2.5), -2.5);
  EXPECT_DOUBLE_EQ(activation_value(Activation::sigmoid, 0.0), 0.5);
  EXPECT_NEAR(activation_value(Activation::sigmoid, 1.0), 0.7310585786300049, 1e-15);
  EXPECT_NEAR(activation_value(Activation::tanh, 0.5), std::tanh(0.5), 1e-15);
  EXPECT_DOUBLE_EQ(activation_value(Activation::relu, -3.0), 0.0);
  EXPECT_DOUBLE_EQ(activation_value(Activation::relu, 3.0), 3.0);
  EXPECT_DOUBLE_EQ(activation_value(Activation::leaky_relu, -3.0), -0.03);
  EXPECT_DOUBLE_EQ(activation_value(Activation::leaky_relu, 3.0), 3.0);
  // The stable sigmoid neither overflows nor returns NaN far out in the tails.
  EXPECT_EQ(activation_value(Activation::sigmoid, -800.0), 0.0);
  EXPECT_EQ(activation_value(Activation::sigmoid, 800.0), 1.0);
}

TEST(Activation, DerivativeAtTheKink) {
  EXPECT_EQ(activation_derivative(Activation::relu, 0.0, 0.0), 0.0);
  EXPECT_EQ(activation_derivative(Activation::leaky_relu, 0.0, 0.0), 0.01);
  EXPECT_EQ(activation_derivative(Activation::relu, 1e-300, 1e-300), 1.0);
  EXPECT_EQ(activation_derivative(Activation::leaky_relu, -1e-300, -1e-302), 0.01);

  // The batched backward follows the same convention.
  Matrix z = Matrix::Zero(2, 1);
  Matrix a, dz;
  const Matrix da = Matrix::Ones(2, 1);
  activation_forward(Activation::relu, z, a);
  activation_backward(Activation::relu, z, a, da, dz);
  EXPECT_EQ(dz(0, 0), 0.0);
  activation_forward(Activation::leaky_relu, z, a);
  activation_backward(Activation::leaky_relu, z, a, da, dz);
  EXPECT_EQ(dz(1, 0), 0.01);
}

TEST(Activation, ScalarDerivativeMatchesFiniteDifference) {
  for (Activation f : kElementWise) {
    for (double z : {-1.7, -0.3, 0.4, 2.2}) {
      const double h = 1e-6;
      const double numeric = (activation_value(f, z + h) - activation_value(f, z - h)) / (2.0 * h);
      const double analytic = activation_derivative(f, z, activation_value(f, z));
      EXPECT_NEAR(analytic, numeric, 1e-8) << to_string(f) << " at z = " << z;
    }
  }
}

TEST(Activation, BatchedMatchesScalar) {
  Rng rng(7);
  const Matrix z = test::random_matrix(3, 4, rng, -2.0, 2.0);
  const Matrix da = test::random_matrix(3, 4, rng, -1.0, 1.0);
  for (Activation f : kElementWise) {
    Matrix a, dz;
    activation_forward(f, z, a);
    activation_backward(f, z, a, da, dz);
    for (int c = 0; c < 4; ++c) {
      for (int r = 0; r < 3; ++r) {
        EXPECT_DOUBLE_EQ(a(r, c), activation_value(f, z(r, c))) << to_string(f);
        EXPECT_DOUBLE_EQ(dz(r, c), da(r, c) * activation_derivative(f, z(r, c), a(r, c)))
            << to_string(f);
      }
    }
  }
}

TEST(Activation, SoftmaxColumnsAreDistributionsAndStable) {
  Matrix z(3, 2);
  z << 1.0, 1000.0,  //
      2.0, 1001.0,   //
      3.0, 1002.0;
  Matrix a;
  activation_forward(Activation::softmax, z, a);
  ASSERT_TRUE(a.allFinite());
  for (int c = 0; c < 2; ++c) EXPECT_NEAR(a.col(c).sum(), 1.0, 1e-15);
  // Shift invariance: the huge column equals the small one.
  EXPECT_NEAR((a.col(0) - a.col(1)).cwiseAbs().maxCoeff(), 0.0, 1e-15);
  const double denom = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(a(2, 0), std::exp(3.0) / denom, 1e-15);
}

TEST(Activation, SoftmaxBackwardIsJacobianProduct) {
  // dz_i = Σ_k g_k ∂a_k/∂z_i, checked against finite differences of gᵀ softmax(z).
  Rng rng(11);
  const Matrix z = test::random_matrix(4, 3, rng, -2.0, 2.0);
  const Matrix g = test::random_matrix(4, 3, rng, -1.0, 1.0);
  Matrix a, dz;
  activation_forward(Activation::softmax, z, a);
  activation_backward(Activation::softmax, z, a, g, dz);
  for (int c = 0; c < 3; ++c) {
    for (int i = 0; i < 4; ++i) {
      Matrix zp = z;
      const auto f = [&] {
        Matrix ap;
        activation_forward(Activation::softmax, zp, ap);
        return g.col(c).dot(ap.col(c));
      };
      const double numeric = test::central_difference(zp(i, c), f);
      EXPECT_LT(test::relative_error(dz(i, c), numeric), 1e-7) << "i=" << i << " c=" << c;
    }
  }
}

TEST(Activation, BackwardMayRunInPlace) {
  Rng rng(3);
  const Matrix z = test::random_matrix(3, 5, rng, -2.0, 2.0);
  const Matrix g = test::random_matrix(3, 5, rng, -1.0, 1.0);
  for (Activation f : {Activation::tanh, Activation::leaky_relu, Activation::softmax}) {
    Matrix a, expected;
    activation_forward(f, z, a);
    activation_backward(f, z, a, g, expected);
    Matrix in_place = g;
    activation_backward(f, z, a, in_place, in_place);
    EXPECT_EQ(in_place, expected) << to_string(f);
  }
}

}  // namespace
}  // namespace backstep
