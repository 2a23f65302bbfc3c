// The Bug lab's catalogue: each mistake changes exactly what it should. The
// expected values come from finite differences (gradient_check), from exact
// identities (×B, sign flips) and from a hand computation of the worked
// example, never from the buggy code itself.
#include "core/bug_lab.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/health.hpp"
#include "core/init.hpp"
#include "core/step.hpp"

namespace backstep {
namespace {

Matrix xor_x() {
  Matrix x(2, 4);
  x << 0, 0, 1, 1,  //
      0, 1, 0, 1;
  return x;
}
Matrix xor_t() {
  Matrix t(1, 4);
  t << 0, 1, 1, 0;
  return t;
}

Mlp seeded(const std::vector<int>& sizes, const std::vector<Activation>& acts, Loss loss,
           std::uint64_t seed = 3) {
  Mlp net = make_mlp(sizes, acts, loss);
  InitSpec init;
  init.seed = seed;
  initialize(net, init);
  return net;
}

Step step_with(const Mlp& net, const Matrix& x, const Matrix& t, Bug bug, double lr = 0.5) {
  Hyperparams hp;
  hp.learning_rate = lr;
  hp.bug = bug;
  OptimizerState zero;
  reset_optimizer_state(net, zero);
  Step s;
  compute_step(net, x, t, hp, zero, 0, s);
  return s;
}

// A network and data on which `bug` has something to change.
struct Case {
  Mlp net;
  Matrix x, t;
};

Case case_for(Bug bug) {
  switch (bug) {
    case Bug::sigmoid_prime_of_z:
      return {seeded({2, 3, 1}, {Activation::sigmoid, Activation::sigmoid}, Loss::mse), xor_x(),
              xor_t()};
    case Bug::relu_prime_one: {
      // Inputs off the corners, so no z sits exactly on relu's kink at 0
      // (where a finite difference cannot agree with any one-sided derivative).
      const Matrix x = (xor_x().array() * 0.8 + 0.1).matrix();
      return {seeded({2, 4, 1}, {Activation::relu, Activation::sigmoid}, Loss::bce, 5), x, xor_t()};
    }
    case Bug::softmax_jacobian_twice: {
      Matrix t(2, 4);
      t << 1, 0, 0, 1,  //
          0, 1, 1, 0;
      return {seeded({2, 3, 2}, {Activation::tanh, Activation::softmax}, Loss::ce), xor_x(), t};
    }
    default:  // tanh hidden, sigmoid output, mse: every other bug applies here
      return {seeded({2, 3, 1}, {Activation::tanh, Activation::sigmoid}, Loss::mse), xor_x(),
              xor_t()};
  }
}

TEST(BugLab, NamesAreStableAndRoundTrip) {
  EXPECT_EQ(all_bugs().size(), 10u);
  for (Bug b : all_bugs()) EXPECT_EQ(parse_bug(bug_name(b)), b);
  EXPECT_EQ(bug_name(Bug::no_batch_mean), "no-batch-mean");
  EXPECT_EQ(bug_name(Bug::update_before_backprop), "update-before-backprop");
  EXPECT_FALSE(parse_bug("off-by-one").has_value());
  EXPECT_NE(bug_name_list().find("softmax-jacobian-twice"), std::string::npos);
}

TEST(BugLab, GradientCheckCatchesEveryBugThatChangesAGradient) {
  for (Bug bug : all_bugs()) {
    Case c = case_for(bug);
    GradCheckOptions correct;
    EXPECT_TRUE(gradient_check(c.net, c.x, c.t, {}, correct).passed())
        << bug_name(bug) << ": the correct engine must pass on this case";
    GradCheckOptions options;
    options.bug = bug;
    options.bug_hp.learning_rate = 0.5;
    const GradCheckResult r = gradient_check(c.net, c.x, c.t, {}, options);
    if (bug_changes_gradient(bug)) {
      EXPECT_GT(r.max_rel_error, 1e-3) << bug_name(bug) << " was not caught";
    } else {
      EXPECT_TRUE(r.passed()) << bug_name(bug) << " changes only the update";
    }
  }
}

// Which layers a mistake breaks, by its definition: without f′ in the hidden
// δ only layer 1 is wrong (the output layer's δ is untouched); a doubled
// ∂ℓ/∂a doubles every gradient, so every layer is. The flagged list holds
// exactly the parameters over the tolerance, layer by layer.
TEST(BugLab, GradientCheckReportsEachLayerAndFlagsTheBrokenParameters) {
  const Case c = case_for(Bug::no_activation_derivative);  // 2-3-1, tanh, sigmoid, mse
  GradCheckOptions right;
  const GradCheckResult ok = gradient_check(c.net, c.x, c.t, {}, right);
  ASSERT_EQ(ok.layer_max_rel_error.size(), 3u);
  EXPECT_LT(ok.layer_max_rel_error[1], kGradCheckTolerance);
  EXPECT_LT(ok.layer_max_rel_error[2], kGradCheckTolerance);
  EXPECT_TRUE(ok.flagged.empty());
  EXPECT_EQ(ok.flagged_count, 0);

  GradCheckOptions hidden;
  hidden.bug = Bug::no_activation_derivative;
  const GradCheckResult h = gradient_check(c.net, c.x, c.t, {}, hidden);
  EXPECT_GT(h.layer_max_rel_error[1], 1e-3);
  EXPECT_LT(h.layer_max_rel_error[2], kGradCheckTolerance);
  ASSERT_GT(h.flagged_count, 0);
  EXPECT_EQ(h.flagged_count, static_cast<long>(h.flagged.size()));
  for (const ParamRef& p : h.flagged) EXPECT_EQ(p.layer, 1);

  GradCheckOptions doubled;
  doubled.bug = Bug::loss_derivative_factor;
  const GradCheckResult d = gradient_check(c.net, c.x, c.t, {}, doubled);
  EXPECT_GT(d.layer_max_rel_error[1], 0.3);  // |2g − g| / (|2g| + |g|) = 1/3
  EXPECT_GT(d.layer_max_rel_error[2], 0.3);
  // Every parameter but those whose true gradient is (near) zero: 13 in all.
  EXPECT_GE(d.flagged_count, 10);
  EXPECT_LE(d.flagged_count, 13);
}

TEST(BugLab, GradientCheckCatchesThemOnADeeperNetToo) {
  Matrix x(3, 5), t(2, 5);
  x << 0.1, -0.4, 0.9, 0.3, -0.7,  //
      0.5, 0.2, -0.3, -0.8, 0.6,   //
      -0.2, 0.7, 0.4, -0.5, 0.1;
  t << 1, 0, 1, 0, 1,  //
      0, 1, 0, 1, 0;
  for (Bug bug :
       {Bug::tanh_prime_of_z, Bug::no_batch_mean, Bug::no_activation_derivative,
        Bug::bias_sum_over_neurons, Bug::softmax_jacobian_twice, Bug::update_before_backprop}) {
    const Mlp net = seeded({3, 4, 3, 2}, {Activation::tanh, Activation::tanh, Activation::softmax},
                           Loss::ce, 11);
    GradCheckOptions options;
    options.bug = bug;
    options.bug_hp.learning_rate = 0.5;
    EXPECT_GT(gradient_check(net, x, t, {}, options).max_rel_error, 1e-3) << bug_name(bug);
  }
}

TEST(BugLab, ABugLeavesANetworkWithoutItsFormulaBitIdentical) {
  // relu′ and σ′ never appear in a tanh network with a fused softmax + ce
  // output; softmax-jacobian-twice needs softmax + ce; loss-derivative-factor needs mse.
  Matrix t(2, 4);
  t << 1, 0, 0, 1,  //
      0, 1, 1, 0;
  const Mlp net = seeded({2, 3, 2}, {Activation::tanh, Activation::softmax}, Loss::ce);
  const Step right = step_with(net, xor_x(), t, Bug::none);
  for (Bug bug : {Bug::relu_prime_one, Bug::sigmoid_prime_of_z, Bug::loss_derivative_factor}) {
    const Step s = step_with(net, xor_x(), t, bug);
    for (int l = 1; l <= net.depth(); ++l) {
      EXPECT_EQ(s.ws.grad_W[l], right.ws.grad_W[l]) << bug_name(bug) << " layer " << l;
      EXPECT_EQ(s.ws.grad_b[l], right.ws.grad_b[l]) << bug_name(bug) << " layer " << l;
    }
  }
}

TEST(BugLab, NoBatchMeanMultipliesEveryGradientByB) {
  Case c = case_for(Bug::no_batch_mean);
  const Step right = step_with(c.net, c.x, c.t, Bug::none);
  const Step bug = step_with(c.net, c.x, c.t, Bug::no_batch_mean);
  const double b = 4.0;
  for (int l = 1; l <= c.net.depth(); ++l) {
    EXPECT_LT((bug.ws.grad_W[l] - b * right.ws.grad_W[l]).cwiseAbs().maxCoeff(), 1e-14);
    EXPECT_LT((bug.ws.grad_b[l] - b * right.ws.grad_b[l]).cwiseAbs().maxCoeff(), 1e-14);
  }
}

TEST(BugLab, LossDerivativeFactorDoublesEveryGradientOfAnMseNet) {
  Case c = case_for(Bug::loss_derivative_factor);
  const Step right = step_with(c.net, c.x, c.t, Bug::none);
  const Step bug = step_with(c.net, c.x, c.t, Bug::loss_derivative_factor);
  for (int l = 1; l <= c.net.depth(); ++l) {
    EXPECT_LT((bug.ws.grad_W[l] - 2.0 * right.ws.grad_W[l]).cwiseAbs().maxCoeff(), 1e-15);
  }
}

TEST(BugLab, BiasSumGivesEveryBiasOfALayerTheSameSum) {
  Case c = case_for(Bug::bias_sum_over_neurons);
  const Step right = step_with(c.net, c.x, c.t, Bug::none);
  const Step bug = step_with(c.net, c.x, c.t, Bug::bias_sum_over_neurons);
  // The output layer's δ is unchanged, so its weights' gradients are too.
  EXPECT_EQ(bug.ws.grad_W[2], right.ws.grad_W[2]);
  for (int l = 1; l <= c.net.depth(); ++l) {
    const double sum = right.ws.grad_b[l].sum();
    for (Eigen::Index j = 0; j < bug.ws.grad_b[l].size(); ++j) {
      EXPECT_NEAR(bug.ws.grad_b[l](j), sum, 1e-15) << "layer " << l;
    }
  }
}

TEST(BugLab, GradientAscentStepsUphillWithTheTrueGradient) {
  Case c = case_for(Bug::gradient_ascent);
  const double lr = 0.5;
  const Step right = step_with(c.net, c.x, c.t, Bug::none, lr);
  const Step bug = step_with(c.net, c.x, c.t, Bug::gradient_ascent, lr);
  for (int l = 1; l <= c.net.depth(); ++l) {
    EXPECT_EQ(bug.ws.grad_W[l], right.ws.grad_W[l]) << "the gradient itself is right";
    // sgd: Δw = +η ∂L/∂w.
    EXPECT_EQ(bug.after.last_update_W[l], lr * right.ws.grad_W[l]);
    EXPECT_EQ(bug.after.last_update_b[l], lr * right.ws.grad_b[l]);
  }
}

TEST(BugLab, UpdateBeforeBackpropOnTheWorkedExampleMatchesAHandComputation) {
  // The 2-2-2 worked example: x = (0.05, 0.10), t = (0.01, 0.99), η = 0.5.
  Mlp net = make_mlp({2, 2, 2}, {Activation::sigmoid, Activation::sigmoid}, Loss::mse);
  net.layer(1).W << 0.15, 0.20, 0.25, 0.30;
  net.layer(1).b << 0.35, 0.35;
  net.layer(2).W << 0.40, 0.45, 0.50, 0.55;
  net.layer(2).b << 0.60, 0.60;
  Matrix x(2, 1), t(2, 1);
  x << 0.05, 0.10;
  t << 0.01, 0.99;
  const double lr = 0.5;
  const Step right = step_with(net, x, t, Bug::none, lr);
  const Step bug = step_with(net, x, t, Bug::update_before_backprop, lr);
  // The output layer's update is the correct one.
  EXPECT_EQ(bug.after.last_update_W[2], right.after.last_update_W[2]);
  EXPECT_EQ(bug.after.last_update_b[2], right.after.last_update_b[2]);

  // By hand: forward, δ⁽²⁾ = (a − t) ⊙ a(1 − a), W⁽²⁾′ = W⁽²⁾ − η δ⁽²⁾ a⁽¹⁾ᵀ,
  // δ⁽¹⁾ = (W⁽²⁾′ᵀ δ⁽²⁾) ⊙ a⁽¹⁾(1 − a⁽¹⁾), ∂L/∂W⁽¹⁾ = δ⁽¹⁾ xᵀ.
  const auto sig = [](double z) { return 1.0 / (1.0 + std::exp(-z)); };
  double a1[2], a2[2], d2[2];
  const double w1[2][2] = {{0.15, 0.20}, {0.25, 0.30}}, w2[2][2] = {{0.40, 0.45}, {0.50, 0.55}};
  const double xs[2] = {0.05, 0.10}, ts[2] = {0.01, 0.99};
  for (int j = 0; j < 2; ++j) a1[j] = sig(w1[j][0] * xs[0] + w1[j][1] * xs[1] + 0.35);
  for (int j = 0; j < 2; ++j) {
    a2[j] = sig(w2[j][0] * a1[0] + w2[j][1] * a1[1] + 0.60);
    d2[j] = (a2[j] - ts[j]) * a2[j] * (1 - a2[j]);
  }
  // The published example's first output weight: w₅ = 0.4 → 0.35891648.
  EXPECT_NEAR(0.40 - lr * d2[0] * a1[0], 0.35891648, 1e-8);
  double w2u[2][2];
  for (int j = 0; j < 2; ++j)
    for (int k = 0; k < 2; ++k) w2u[j][k] = w2[j][k] - lr * d2[j] * a1[k];
  for (int k = 0; k < 2; ++k) {
    const double through_updated = w2u[0][k] * d2[0] + w2u[1][k] * d2[1];
    const double d1 = through_updated * a1[k] * (1 - a1[k]);
    for (int i = 0; i < 2; ++i) {
      EXPECT_NEAR(bug.ws.grad_W[1](k, i), d1 * xs[i], 1e-15) << "w(1)" << k + 1 << i + 1;
    }
  }
  // And it differs from the correct hidden gradient.
  EXPECT_GT((bug.ws.grad_W[1] - right.ws.grad_W[1]).cwiseAbs().maxCoeff(), 1e-6);
}

TEST(BugLab, DerivativeBugsUseTheWrongFormulaExactly) {
  // σ′ as z(1 − z), tanh′ as 1 − z², relu′ as 1, at z = 2 (a = f(2)).
  EXPECT_EQ(buggy_derivative(Activation::sigmoid, 2.0, 0.880797, Bug::sigmoid_prime_of_z), -2.0);
  EXPECT_EQ(buggy_derivative(Activation::tanh, 2.0, 0.964028, Bug::tanh_prime_of_z), -3.0);
  EXPECT_EQ(buggy_derivative(Activation::relu, -2.0, 0.0, Bug::relu_prime_one), 1.0);
  // Other activations keep their own derivative.
  EXPECT_EQ(buggy_derivative(Activation::relu, -2.0, 0.0, Bug::sigmoid_prime_of_z), 0.0);
}

}  // namespace
}  // namespace backstep
