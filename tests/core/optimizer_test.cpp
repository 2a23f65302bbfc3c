#include "core/optimizer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/random.hpp"
#include "core/schedule.hpp"
#include "tests/core/engine_test_util.hpp"

namespace backstep {
namespace {

constexpr OptimizerKind kAll[] = {OptimizerKind::sgd, OptimizerKind::momentum,
                                  OptimizerKind::rmsprop, OptimizerKind::adam};

TEST(Optimizer, NamesRoundTrip) {
  for (OptimizerKind k : kAll) EXPECT_EQ(parse_optimizer(to_string(k)), k);
  EXPECT_FALSE(parse_optimizer("lbfgs").has_value());
  for (ScheduleKind k : {ScheduleKind::constant, ScheduleKind::step, ScheduleKind::exponential,
                         ScheduleKind::cosine}) {
    EXPECT_EQ(parse_schedule(to_string(k)), k);
  }
}

// Linear regression: a 3-1 linear network with mse is a convex quadratic in
// (W, b). Targets come from a known plane plus a little noise.
struct Regression {
  Mlp net = make_mlp({3, 1}, {Activation::linear}, Loss::mse);
  Matrix x, t;
};

Regression make_regression() {
  Regression r;
  Rng rng(42);
  r.x = test::random_matrix(3, 32, rng, -1.0, 1.0);
  r.t.resize(1, 32);
  for (int c = 0; c < 32; ++c) {
    r.t(0, c) =
        1.5 * r.x(0, c) - 2.0 * r.x(1, c) + 0.5 * r.x(2, c) + 0.3 + 0.01 * rng.uniform(-1.0, 1.0);
  }
  return r;
}

TEST(Optimizer, EveryOptimizerDecreasesLossOnConvexProblem) {
  for (OptimizerKind kind : kAll) {
    Regression r = make_regression();
    OptimizerConfig config;
    config.kind = kind;
    OptimizerState state;
    Workspace ws;
    const double lr = kind == OptimizerKind::sgd || kind == OptimizerKind::momentum ? 0.1 : 0.01;
    const double initial = loss_and_gradients(r.net, r.x, r.t, {}, ws).total();
    double last = initial;
    for (int step = 0; step < 1000; ++step) {
      optimizer_step(r.net, ws, config, lr, state);
      last = loss_and_gradients(r.net, r.x, r.t, {}, ws).total();
    }
    EXPECT_EQ(state.t, 1000);
    EXPECT_LT(last, 0.05 * initial) << to_string(kind) << ": " << initial << " → " << last;
    // The learned plane is close to the true one.
    EXPECT_NEAR(r.net.layer(1).W(0, 0), 1.5, 0.1) << to_string(kind);
    EXPECT_NEAR(r.net.layer(1).W(0, 1), -2.0, 0.1) << to_string(kind);
  }
}

// First updates written out by hand from the formulas in optimizer.hpp.
TEST(Optimizer, FirstStepsFollowTheFormulas) {
  Mlp net = make_mlp({1, 1}, {Activation::linear}, Loss::mse);
  Workspace ws;
  prepare_workspace(net, 1, ws);
  ws.grad_W[1](0, 0) = 0.2;
  ws.grad_b[1](0) = -0.4;
  const double lr = 0.1;

  const auto two_steps = [&](OptimizerKind kind, double& first, double& second) {
    net.layer(1).W.setZero();
    net.layer(1).b.setZero();
    OptimizerState state;
    OptimizerConfig config;
    config.kind = kind;
    optimizer_step(net, ws, config, lr, state);
    first = state.last_update_W[1](0, 0);
    EXPECT_EQ(net.layer(1).W(0, 0), first) << "θ ← θ + Δθ from 0";
    optimizer_step(net, ws, config, lr, state);
    second = state.last_update_W[1](0, 0);
  };
  double d1 = 0.0, d2 = 0.0;
  two_steps(OptimizerKind::sgd, d1, d2);
  EXPECT_DOUBLE_EQ(d1, -0.02);
  EXPECT_DOUBLE_EQ(d2, -0.02);

  two_steps(OptimizerKind::momentum, d1, d2);
  EXPECT_DOUBLE_EQ(d1, -0.02);               // v = −ηg
  EXPECT_DOUBLE_EQ(d2, 0.9 * -0.02 - 0.02);  // v = μv − ηg

  two_steps(OptimizerKind::rmsprop, d1, d2);
  const double s1 = 0.1 * 0.04;
  const double s2 = 0.9 * s1 + 0.1 * 0.04;
  EXPECT_DOUBLE_EQ(d1, -lr * 0.2 / (std::sqrt(s1) + 1e-8));
  EXPECT_DOUBLE_EQ(d2, -lr * 0.2 / (std::sqrt(s2) + 1e-8));

  // Adam's bias correction makes m̂ = g and v̂ = g² while g is constant, so
  // every step is −η g/(|g| + ε) ≈ −η·sign(g), whatever |g| is.
  two_steps(OptimizerKind::adam, d1, d2);
  EXPECT_DOUBLE_EQ(d1, -lr * 0.2 / (0.2 + 1e-8));
  EXPECT_NEAR(d2, -lr * 0.2 / (0.2 + 1e-8), 1e-15);  // m̂ = 0.038/0.19 rounds
}

TEST(Optimizer, RecordsLastUpdateOfBiasesToo) {
  Mlp net = make_mlp({2, 2}, {Activation::linear}, Loss::mse);
  Workspace ws;
  prepare_workspace(net, 1, ws);
  ws.grad_W[1].setConstant(1.0);
  ws.grad_b[1] << 0.5, -0.5;
  OptimizerState state;
  optimizer_step(net, ws, {}, 0.2, state);
  EXPECT_DOUBLE_EQ(state.last_update_b[1](0), -0.1);
  EXPECT_DOUBLE_EQ(state.last_update_b[1](1), 0.1);
  EXPECT_DOUBLE_EQ(net.layer(1).b(1), 0.1);
}

TEST(Schedule, ValuesAtChosenSteps) {
  Schedule s;
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(s, 0.3, 12345), 0.3);

  s.kind = ScheduleKind::step;
  s.step_every = 100;
  s.gamma = 0.5;
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(s, 0.8, 0), 0.8);
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(s, 0.8, 99), 0.8);
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(s, 0.8, 100), 0.4);
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(s, 0.8, 250), 0.2);

  s.kind = ScheduleKind::exponential;
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(s, 0.8, 0), 0.8);
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(s, 0.8, 50), 0.8 * std::sqrt(0.5));
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(s, 0.8, 200), 0.2);

  s.kind = ScheduleKind::cosine;
  s.total_steps = 1000;
  s.min_factor = 0.1;
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(s, 1.0, 0), 1.0);
  EXPECT_NEAR(scheduled_learning_rate(s, 1.0, 500), 0.1 + 0.9 * 0.5, 1e-15);
  EXPECT_NEAR(scheduled_learning_rate(s, 1.0, 250),
              0.1 + 0.9 * 0.5 * (1.0 + std::cos(std::numbers::pi / 4.0)), 1e-15);
  EXPECT_NEAR(scheduled_learning_rate(s, 1.0, 1000), 0.1, 1e-15);
  EXPECT_NEAR(scheduled_learning_rate(s, 1.0, 5000), 0.1, 1e-15);  // held at the floor
}

TEST(Clipping, ScalesToTheMaxNormAndKeepsDirection) {
  Mlp net = make_mlp({2, 2, 1}, {Activation::tanh, Activation::linear}, Loss::mse);
  Workspace ws;
  prepare_workspace(net, 1, ws);
  ws.grad_W[1] << 1.0, 2.0, 0.0, 2.0;
  ws.grad_b[1] << 0.0, 0.0;
  ws.grad_W[2] << 0.0, 0.0;
  ws.grad_b[2] << 4.0;
  // ‖g‖ = √(1 + 4 + 4 + 16) = 5
  EXPECT_DOUBLE_EQ(gradient_norm(ws), 5.0);
  const Matrix w1_before = ws.grad_W[1];
  EXPECT_DOUBLE_EQ(clip_gradients(ws, 1.0), 5.0);  // returns the norm before clipping
  EXPECT_NEAR(gradient_norm(ws), 1.0, 1e-15);
  EXPECT_NEAR(ws.grad_b[2](0), 0.8, 1e-15);
  EXPECT_LT((ws.grad_W[1] - w1_before / 5.0).cwiseAbs().maxCoeff(), 1e-16);

  // Below the threshold (or with clipping off) nothing changes.
  const Matrix unchanged = ws.grad_W[1];
  EXPECT_NEAR(clip_gradients(ws, 2.0), 1.0, 1e-15);
  EXPECT_EQ(ws.grad_W[1], unchanged);
  clip_gradients(ws, 0.0);
  EXPECT_EQ(ws.grad_W[1], unchanged);
}

TEST(Regularization, ReportedAsItsOwnTermAndBiasesExcluded) {
  Mlp net = make_mlp({2, 2}, {Activation::linear}, Loss::mse);
  net.layer(1).W << 1.0, -2.0, 0.0, 3.0;
  net.layer(1).b << 100.0, -100.0;
  EXPECT_DOUBLE_EQ(regularization_loss(net, {RegularizationKind::l2, 0.1}), 0.05 * 14.0);
  EXPECT_DOUBLE_EQ(regularization_loss(net, {RegularizationKind::l1, 0.1}), 0.1 * 6.0);
  EXPECT_DOUBLE_EQ(regularization_loss(net, {}), 0.0);

  Workspace ws;
  const Matrix x = Matrix::Zero(2, 1);
  const Matrix t = net.layer(1).b;  // zero data loss: output equals target
  const LossParts parts = loss_and_gradients(net, x, t, {RegularizationKind::l1, 0.1}, ws);
  EXPECT_DOUBLE_EQ(parts.data, 0.0);
  EXPECT_DOUBLE_EQ(parts.regularization, 0.6);
  // L1 subgradient: λ sign(w), 0 at w = 0; no bias term.
  EXPECT_DOUBLE_EQ(ws.grad_W[1](0, 0), 0.1);
  EXPECT_DOUBLE_EQ(ws.grad_W[1](0, 1), -0.1);
  EXPECT_DOUBLE_EQ(ws.grad_W[1](1, 0), 0.0);
  EXPECT_DOUBLE_EQ(ws.grad_b[1](0), 0.0);
}

}  // namespace
}  // namespace backstep
