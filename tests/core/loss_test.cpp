#include "core/loss.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/random.hpp"
#include "tests/core/engine_test_util.hpp"

namespace backstep {
namespace {

struct Output {
  Matrix z, a;
};

Output output_of(Activation f, const Matrix& z) {
  Output o{z, {}};
  activation_forward(f, o.z, o.a);
  return o;
}

TEST(Loss, NamesRoundTrip) {
  for (Loss l : {Loss::mse, Loss::bce, Loss::ce}) EXPECT_EQ(parse_loss(to_string(l)), l);
  EXPECT_FALSE(parse_loss("hinge").has_value());
}

TEST(Loss, MseIsHalfSumOfSquaresMeanOverBatch) {
  Matrix z(2, 2), t(2, 2);
  z << 1.0, 0.0,  //
      2.0, 3.0;
  t << 0.0, 0.0,  //
      0.0, 1.0;
  const Output o = output_of(Activation::linear, z);
  // Sample 0: ½(1 + 4) = 2.5; sample 1: ½(0 + 4) = 2; mean 2.25.
  EXPECT_DOUBLE_EQ(loss_of_sample(Loss::mse, Activation::linear, o.z, o.a, t, 0), 2.5);
  EXPECT_DOUBLE_EQ(loss_of_sample(Loss::mse, Activation::linear, o.z, o.a, t, 1), 2.0);
  EXPECT_DOUBLE_EQ(loss_forward(Loss::mse, Activation::linear, o.z, o.a, t), 2.25);
}

TEST(Loss, BceFromLogitsMatchesPlainFormulaAndStaysFinite) {
  Matrix z(1, 3), t(1, 3);
  z << -2.0, 0.3, 1.5;
  t << 0.0, 1.0, 0.25;
  const Output o = output_of(Activation::sigmoid, z);
  double plain = 0.0;
  for (int c = 0; c < 3; ++c) {
    const double a = o.a(0, c);
    plain -= t(0, c) * std::log(a) + (1.0 - t(0, c)) * std::log(1.0 - a);
  }
  EXPECT_NEAR(loss_forward(Loss::bce, Activation::sigmoid, o.z, o.a, t), plain / 3.0, 1e-14);

  // σ(40) rounds to 1 in double, so the plain formula would take log(0) for
  // t = 0. From z, the loss is softplus(40) − 0 ≈ 40.
  Matrix zs(1, 2), ts(1, 2);
  zs << 40.0, -800.0;
  ts << 0.0, 1.0;
  const Output s = output_of(Activation::sigmoid, zs);
  EXPECT_NEAR(loss_of_sample(Loss::bce, Activation::sigmoid, s.z, s.a, ts, 0), 40.0, 1e-12);
  EXPECT_NEAR(loss_of_sample(Loss::bce, Activation::sigmoid, s.z, s.a, ts, 1), 800.0, 1e-9);
}

TEST(Loss, CeViaLogSumExpHandlesHugeLogits) {
  Matrix z(3, 1), t(3, 1);
  z << 1000.0, 1001.0, 1002.0;
  t << 0.0, 0.0, 1.0;
  const Output o = output_of(Activation::softmax, z);
  // −log softmax(z)_2 = log(e^-2 + e^-1 + 1)
  const double expected = std::log(std::exp(-2.0) + std::exp(-1.0) + 1.0);
  EXPECT_NEAR(loss_forward(Loss::ce, Activation::softmax, o.z, o.a, t), expected, 1e-12);
}

TEST(Loss, FusedDeltasAreOutputMinusTargetOverBatch) {
  Rng rng(5);
  const Matrix z = test::random_matrix(3, 4, rng, -2.0, 2.0);
  Matrix dz, scratch;
  {
    const Output o = output_of(Activation::sigmoid, z);
    const Matrix t = test::random_targets(Loss::bce, 3, 4, rng);
    loss_backward(Loss::bce, Activation::sigmoid, o.z, o.a, t, dz, scratch);
    EXPECT_LT((dz - (o.a - t) / 4.0).cwiseAbs().maxCoeff(), 1e-16);
  }
  {
    const Output o = output_of(Activation::softmax, z);
    const Matrix t = test::random_targets(Loss::ce, 3, 4, rng);
    loss_backward(Loss::ce, Activation::softmax, o.z, o.a, t, dz, scratch);
    EXPECT_LT((dz - (o.a - t) / 4.0).cwiseAbs().maxCoeff(), 1e-16);
  }
}

// δ = ∂(mean loss)/∂z for every (output, loss) pair, against finite
// differences of loss_forward itself.
void expect_delta_matches_finite_differences(Activation out, Loss loss, std::uint64_t seed) {
  Rng rng(seed);
  const int n = out == Activation::softmax || loss == Loss::ce ? 3 : 2;
  // Logits away from 0 so relu/leaky_relu outputs are differentiable here.
  Matrix z = test::random_matrix(n, 3, rng, 0.2, 1.5);
  for (int c = 0; c < 3; ++c) {
    for (int r = 0; r < n; ++r) {
      if (rng.uniform() < 0.5) z(r, c) = -z(r, c);
    }
  }
  const Matrix t = test::random_targets(loss, n, 3, rng);
  const Output o = output_of(out, z);
  Matrix dz, scratch;
  loss_backward(loss, out, o.z, o.a, t, dz, scratch);
  for (int c = 0; c < 3; ++c) {
    for (int r = 0; r < n; ++r) {
      Matrix zp = z;
      const auto f = [&] {
        const Output p = output_of(out, zp);
        return loss_forward(loss, out, p.z, p.a, t);
      };
      const double numeric = test::central_difference(zp(r, c), f);
      EXPECT_LT(test::relative_error(dz(r, c), numeric), 1e-6)
          << to_string(out) << "+" << to_string(loss) << " at (" << r << "," << c << ") analytic "
          << dz(r, c) << " numeric " << numeric;
    }
  }
}

TEST(Loss, DeltaMatchesFiniteDifferencesForEveryPair) {
  std::uint64_t seed = 100;
  for (Activation out : {Activation::linear, Activation::sigmoid, Activation::tanh,
                         Activation::relu, Activation::leaky_relu, Activation::softmax}) {
    expect_delta_matches_finite_differences(out, Loss::mse, ++seed);
  }
  for (Activation out : {Activation::sigmoid, Activation::softmax}) {
    expect_delta_matches_finite_differences(out, Loss::bce, ++seed);
    expect_delta_matches_finite_differences(out, Loss::ce, ++seed);
  }
}

TEST(Loss, SoftmaxWithMseUsesTheFullJacobian) {
  // With g = ∂L/∂a = (a − t)/B the Jacobian gives a ⊙ (g − aᵀg); the diagonal
  // shortcut g ⊙ a(1 − a) would drop the cross terms −a_i Σ_{k≠i} g_k a_k.
  Matrix z(3, 1), t(3, 1);
  z << 0.5, -1.0, 2.0;
  t << 1.0, 0.0, 0.0;
  const Output o = output_of(Activation::softmax, z);
  Matrix dz, scratch;
  loss_backward(Loss::mse, Activation::softmax, o.z, o.a, t, dz, scratch);
  const Eigen::VectorXd g = o.a.col(0) - t.col(0);
  const Eigen::VectorXd jacobian =
      o.a.col(0).cwiseProduct(g - Eigen::VectorXd::Constant(3, o.a.col(0).dot(g)));
  const Eigen::VectorXd diagonal =
      g.cwiseProduct(o.a.col(0)).cwiseProduct(Eigen::VectorXd::Ones(3) - o.a.col(0));
  EXPECT_LT((dz.col(0) - jacobian).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_GT((dz.col(0) - diagonal).cwiseAbs().maxCoeff(), 1e-3);
  // And the Jacobian is the true derivative.
  Matrix zp = z;
  const auto f = [&] {
    const Output p = output_of(Activation::softmax, zp);
    return loss_forward(Loss::mse, Activation::softmax, p.z, p.a, t);
  };
  for (int i = 0; i < 3; ++i) {
    EXPECT_LT(test::relative_error(dz(i, 0), test::central_difference(zp(i, 0), f)), 1e-8);
  }
}

}  // namespace
}  // namespace backstep
