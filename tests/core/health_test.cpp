#include "core/health.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "core/init.hpp"
#include "core/random.hpp"
#include "tests/core/engine_test_util.hpp"

namespace backstep {
namespace {

// 2 → eight hidden layers of 8 → 1, every hidden layer `hidden`, sigmoid output.
Mlp deep_net(Activation hidden, Init init, std::uint64_t seed) {
  std::vector<int> sizes{2};
  std::vector<Activation> acts;
  for (int i = 0; i < 8; ++i) {
    sizes.push_back(8);
    acts.push_back(hidden);
  }
  sizes.push_back(1);
  acts.push_back(Activation::sigmoid);
  Mlp net = make_mlp(sizes, acts, Loss::bce);
  initialize(net, InitSpec{init, 0.5, seed});
  return net;
}

Dataset spiral(int count = 200) {
  GeneratorSpec spec;
  spec.name = "spiral";
  spec.count = count;
  spec.seed = 3;
  Result<DataSplit> d = generate_dataset(spec, Activation::sigmoid, 1);
  EXPECT_TRUE(d.ok());
  return d.value().train;
}

// ‖∂L/∂W⁽¹⁾‖ / ‖∂L/∂W⁽ᴸ⁾‖ on the full training set after initialization.
double first_last_ratio(const Mlp& net, const Dataset& data) {
  Workspace ws;
  loss_and_gradients(net, data.x, data.t, Regularization{}, ws);
  std::vector<double> norms;
  layer_gradient_norms(ws, norms);
  EXPECT_EQ(static_cast<int>(norms.size()), net.depth() + 1);
  return norms[1] / norms[net.depth()];
}

TEST(Health, DeepSigmoidGradientsVanishReluHeDoesNot) {
  const Dataset data = spiral();
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const double sigmoid_ratio =
        first_last_ratio(deep_net(Activation::sigmoid, Init::xavier, seed), data);
    const double relu_ratio = first_last_ratio(deep_net(Activation::relu, Init::he, seed), data);
    EXPECT_LT(sigmoid_ratio, 1e-2) << "seed " << seed;
    EXPECT_GT(relu_ratio, 1e-2) << "seed " << seed;
    EXPECT_GT(relu_ratio, 100.0 * sigmoid_ratio) << "seed " << seed;
  }
}

TEST(Health, LayerHealthReportsDeadReluAndSaturation) {
  const Dataset data = spiral(100);
  Mlp net = make_mlp({2, 6, 6, 1}, {Activation::relu, Activation::sigmoid, Activation::sigmoid},
                     Loss::bce);
  Rng rng(5);
  test::randomize(net, rng);
  // Kill units 0 and 1 of layer 1: z ≤ −1000 + |w·x| < 0 on every sample.
  net.layer(1).b(0) = -1000.0;
  net.layer(1).b(1) = -1000.0;
  // Saturate layer 2: huge weights push every σ(z) to within 0.01 of 0 or 1
  // unless its input happens to be tiny, so the share is close to 1.
  net.layer(2).W *= 1e4;
  OptimizerState opt;
  reset_optimizer_state(net, opt);
  HealthWorkspace hw;
  std::vector<LayerHealth> health;
  Workspace ws;  // the step's gradients, computed independently
  loss_and_gradients(net, data.x, data.t, Regularization{}, ws);
  compute_layer_health(net, data, &ws, opt, hw, health);
  ASSERT_EQ(health.size(), 3u);

  // Dead share: at least the two killed units out of six; no activation is negative.
  EXPECT_GE(health[0].dead_share, 2.0 / 6.0);
  EXPECT_LE(health[0].dead_share, 1.0);
  EXPECT_TRUE(std::isnan(health[0].saturated_share));  // relu has no bound to saturate at
  EXPECT_TRUE(std::isnan(health[1].dead_share));
  EXPECT_GT(health[1].saturated_share, 0.9);
  EXPECT_LT(health[2].saturated_share, health[1].saturated_share);

  // Norms agree with a direct computation; no update yet → ratio NaN.
  for (int l = 1; l <= 3; ++l) {
    EXPECT_DOUBLE_EQ(health[l - 1].weight_norm, net.layer(l).W.norm());
    EXPECT_DOUBLE_EQ(health[l - 1].gradient_norm, ws.grad_W[l].norm());
    EXPECT_TRUE(std::isnan(health[l - 1].update_ratio));
    EXPECT_NEAR(health[l - 1].mean_abs_activation, ws.a[l].cwiseAbs().mean(), 1e-15);
  }

  // After an SGD step ‖ΔW‖/‖W‖ = η‖g‖/‖W_new‖.
  Mlp before = net;
  optimizer_step(net, ws, OptimizerConfig{}, 0.1, opt);
  compute_layer_health(net, data, nullptr, opt, hw, health);
  EXPECT_TRUE(std::isnan(health[0].gradient_norm));
  for (int l = 1; l <= 3; ++l) {
    EXPECT_NEAR(health[l - 1].update_ratio,
                (net.layer(l).W - before.layer(l).W).norm() / net.layer(l).W.norm(), 1e-12);
  }
}

TEST(Health, HistogramBinsEveryFiniteValueSymmetrically) {
  Matrix v(2, 3);
  v << -2.0, 0.5, 1.0,  //
      2.0, -1.5, std::numeric_limits<double>::infinity();
  Histogram h;
  h.counts.assign(4, 0);  // bins of width 1 over [−2, 2]
  bin_values(v, h);
  EXPECT_EQ(h.range, 2.0);
  EXPECT_EQ(h.non_finite, 1);
  EXPECT_EQ(h.counts, (std::vector<int>{2, 0, 1, 2}));  // {−2, −1.5}, {}, {0.5}, {1, 2}
  EXPECT_EQ(h.max_count(), 2);
  const int* data_before = h.counts.data();
  bin_values(Matrix::Zero(3, 3), h);
  EXPECT_EQ(h.counts.data(), data_before);  // no reallocation
  EXPECT_EQ(h.counts, (std::vector<int>{0, 0, 9, 0}));
}

TEST(Health, ParameterIndexRoundTrips) {
  Mlp net = make_mlp({3, 4, 2}, {Activation::tanh, Activation::linear}, Loss::mse);
  std::set<std::tuple<int, int, int, bool>> seen;
  for (long i = 0; i < net.parameter_count(); ++i) {
    const ParamRef p = parameter_at(net, i);
    EXPECT_EQ(parameter_index(net, p), i);
    seen.insert({p.layer, p.j, p.bias ? 0 : p.k, p.bias});
  }
  EXPECT_EQ(static_cast<long>(seen.size()), net.parameter_count());
  const ParamRef b = parameter_at(net, net.parameter_count() - 1);
  EXPECT_TRUE(b.bias);
  EXPECT_EQ(b.layer, 2);
  EXPECT_EQ(b.j, 1);
}

struct Case {
  std::vector<int> sizes;
  std::vector<Activation> acts;
  Loss loss;
  Regularization reg;
};

TEST(GradCheck, PassesOnRandomNetworks) {
  const std::vector<Case> cases = {
      {{2, 3, 1}, {Activation::tanh, Activation::sigmoid}, Loss::bce, {}},
      {{3, 5, 4, 2}, {Activation::sigmoid, Activation::tanh, Activation::linear}, Loss::mse, {}},
      {{2, 4, 3},
       {Activation::tanh, Activation::softmax},
       Loss::ce,
       {RegularizationKind::l2, 0.01}},
      {{4, 6, 6, 6, 1},
       {Activation::sigmoid, Activation::sigmoid, Activation::sigmoid, Activation::sigmoid},
       Loss::mse,
       {}},
      {{2, 5, 2}, {Activation::leaky_relu, Activation::softmax}, Loss::mse, {}},
  };
  Rng rng(11);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    Mlp net = make_mlp(c.sizes, c.acts, c.loss);
    test::randomize(net, rng);
    const Matrix x = test::random_matrix(c.sizes.front(), 7, rng, -1.0, 1.0);
    const Matrix t = test::random_targets(c.loss, c.sizes.back(), 7, rng);
    const GradCheckResult r = gradient_check(net, x, t, c.reg);
    EXPECT_TRUE(r.passed()) << "case " << i << ": " << r.max_rel_error;
    EXPECT_FALSE(r.sampled);
    EXPECT_EQ(r.checked, net.parameter_count());
    EXPECT_EQ(r.total, net.parameter_count());
    EXPECT_GE(r.max_rel_error, 0.0);
  }
}

TEST(GradCheck, FailsOnAWrongGradientAndNamesIt) {
  Rng rng(12);
  Mlp net =
      make_mlp({2, 4, 3, 1}, {Activation::tanh, Activation::tanh, Activation::sigmoid}, Loss::bce);
  test::randomize(net, rng);
  const Matrix x = test::random_matrix(2, 6, rng, -1.0, 1.0);
  const Matrix t = test::random_targets(Loss::bce, 1, 6, rng);
  const Mlp original = net;

  // A 1 % error on one weight of layer 2.
  GradCheckOptions options;
  options.perturb_analytic = [](Workspace& ws) { ws.grad_W[2](1, 2) *= 1.01; };
  const GradCheckResult r = gradient_check(net, x, t, Regularization{}, options);
  EXPECT_FALSE(r.passed());
  EXPECT_GT(r.max_rel_error, 1e-3);
  EXPECT_EQ(r.worst.layer, 2);
  EXPECT_EQ(r.worst.j, 1);
  EXPECT_EQ(r.worst.k, 2);
  EXPECT_FALSE(r.worst.bias);
  EXPECT_EQ(parameter_name(r.worst), "w⁽²⁾₂₃");  // 1-based, as the user reads it
  EXPECT_NEAR(r.worst_analytic / r.worst_numeric, 1.01, 1e-6);

  // A bias forgotten (gradient zeroed) is caught too.
  options.perturb_analytic = [](Workspace& ws) { ws.grad_b[1](3) = 0.0; };
  const GradCheckResult rb = gradient_check(net, x, t, Regularization{}, options);
  EXPECT_FALSE(rb.passed());
  EXPECT_TRUE(rb.worst.bias);
  EXPECT_EQ(rb.worst.layer, 1);
  EXPECT_EQ(rb.worst.j, 3);
  EXPECT_EQ(parameter_name(rb.worst), "b⁽¹⁾₄");

  // The check never changes the network it was given.
  EXPECT_TRUE(net.layer(1).W == original.layer(1).W && net.layer(3).b == original.layer(3).b);
}

TEST(GradCheck, SamplesTwoHundredDistinctParametersOfLargeNetworks) {
  Rng rng(13);
  Mlp net = make_mlp({10, 30, 10}, {Activation::tanh, Activation::sigmoid}, Loss::mse);
  test::randomize(net, rng, 0.3);
  ASSERT_GT(net.parameter_count(), 200);
  const Matrix x = test::random_matrix(10, 5, rng, -1.0, 1.0);
  const Matrix t = test::random_targets(Loss::mse, 10, 5, rng);
  GradCheckOptions options;
  options.seed = 4;
  const GradCheckResult a = gradient_check(net, x, t, Regularization{}, options);
  EXPECT_TRUE(a.sampled);
  EXPECT_EQ(a.checked, 200);
  EXPECT_EQ(a.total, net.parameter_count());
  EXPECT_TRUE(a.passed()) << a.max_rel_error;

  // The sample is seeded: a wrong gradient on every parameter of layer 2 is
  // caught, and a parameter outside a 200-sample is never reported as worst.
  options.perturb_analytic = [](Workspace& ws) { ws.grad_W[2] *= 1.5; };
  const GradCheckResult b = gradient_check(net, x, t, Regularization{}, options);
  EXPECT_FALSE(b.passed());
  EXPECT_EQ(b.worst.layer, 2);
  const GradCheckResult c = gradient_check(net, x, t, Regularization{}, options);
  EXPECT_EQ(parameter_index(net, b.worst), parameter_index(net, c.worst));
  EXPECT_EQ(b.max_rel_error, c.max_rel_error);
}

TEST(GradCheck, VanishingGradientsOfACorrectBackwardPass) {
  // Layer 1 of the deep sigmoid net has gradients around 1e-7 or less: a
  // correct backward must still pass (the relative-error floor), and a wrong
  // one on that layer must still fail.
  const Dataset data = spiral(32);
  const Mlp net = deep_net(Activation::sigmoid, Init::xavier, 1);
  const GradCheckResult ok = gradient_check(net, data.x, data.t, Regularization{});
  EXPECT_TRUE(ok.sampled);
  EXPECT_TRUE(ok.passed()) << ok.max_rel_error;
  GradCheckOptions options;
  options.max_parameters = 0;  // every parameter
  options.perturb_analytic = [](Workspace& ws) { ws.grad_W[1] *= 2.0; };
  const GradCheckResult bad = gradient_check(net, data.x, data.t, Regularization{}, options);
  EXPECT_FALSE(bad.sampled);
  EXPECT_FALSE(bad.passed()) << bad.max_rel_error;
  EXPECT_EQ(bad.worst.layer, 1);
}

TEST(GradNormHistory, RecordsPerLayerNormsBoundedAndDecimated) {
  Rng rng(14);
  Mlp net = make_mlp({2, 3, 1}, {Activation::tanh, Activation::sigmoid}, Loss::bce);
  test::randomize(net, rng);
  const Matrix x = test::random_matrix(2, 4, rng, -1.0, 1.0);
  const Matrix t = test::random_targets(Loss::bce, 1, 4, rng);
  Workspace ws;
  loss_and_gradients(net, x, t, Regularization{}, ws);
  GradNormHistory h(8);
  for (long step = 0; step < 100; ++step) h.record(step, ws);
  EXPECT_EQ(h.layers(), 2);
  EXPECT_LE(h.size(), 8u);
  EXPECT_GE(h.size(), 4u);
  EXPECT_GT(h.stride(), 1);
  EXPECT_EQ(h.step_at(0), 0);
  for (std::size_t i = 1; i < h.size(); ++i) {
    EXPECT_EQ(h.step_at(i) - h.step_at(i - 1), h.stride()) << i;  // evenly spaced
  }
  EXPECT_DOUBLE_EQ(h.norm_at(0, 1), ws.grad_W[1].norm());
  EXPECT_DOUBLE_EQ(h.norm_at(h.size() - 1, 2), ws.grad_W[2].norm());

  // A deeper network starts the history over.
  Mlp deeper =
      make_mlp({2, 3, 3, 1}, {Activation::tanh, Activation::tanh, Activation::sigmoid}, Loss::bce);
  test::randomize(deeper, rng);
  loss_and_gradients(deeper, x, t, Regularization{}, ws);
  h.record(0, ws);
  EXPECT_EQ(h.layers(), 3);
  EXPECT_EQ(h.size(), 1u);
}

}  // namespace
}  // namespace backstep
