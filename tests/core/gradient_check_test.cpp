// Central-difference gradient checks of the whole backward pass: every hidden
// activation × output activation × loss that makes sense, and random
// architectures with L1/L2 regularization.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/mlp.hpp"
#include "core/random.hpp"
#include "tests/core/engine_test_util.hpp"

namespace backstep {
namespace {

constexpr Activation kHidden[] = {Activation::linear, Activation::sigmoid, Activation::tanh,
                                  Activation::relu, Activation::leaky_relu};

struct OutputPair {
  Activation out;
  Loss loss;
};

// mse is defined for every output; bce needs outputs in (0, 1) (sigmoid,
// softmax); ce needs a probability-like output (softmax, sigmoid).
const std::vector<OutputPair>& output_pairs() {
  static const std::vector<OutputPair> pairs = {
      {Activation::linear, Loss::mse},     {Activation::sigmoid, Loss::mse},
      {Activation::tanh, Loss::mse},       {Activation::relu, Loss::mse},
      {Activation::leaky_relu, Loss::mse}, {Activation::softmax, Loss::mse},
      {Activation::sigmoid, Loss::bce},    {Activation::softmax, Loss::bce},
      {Activation::sigmoid, Loss::ce},     {Activation::softmax, Loss::ce},
  };
  return pairs;
}

bool has_kinks(const Mlp& net) {
  for (const DenseLayer& layer : net.layers) {
    if (layer.activation == Activation::relu || layer.activation == Activation::leaky_relu) {
      return true;
    }
  }
  return false;
}

// Smallest |z| over relu/leaky_relu units: the finite difference straddles a
// kink only if a perturbation of h moves some such z across 0.
double closest_to_kink(const Mlp& net, const Workspace& ws) {
  double closest = INFINITY;
  for (int l = 1; l <= net.depth(); ++l) {
    const Activation f = net.layer(l).activation;
    if (f == Activation::relu || f == Activation::leaky_relu) {
      closest = std::min(closest, ws.z[l].cwiseAbs().minCoeff());
    }
  }
  return closest;
}

// L1's |w| has a kink at 0: keep every weight at least 0.05 (≫ 2h) away from it.
void push_weights_from_zero(Mlp& net) {
  for (DenseLayer& layer : net.layers) {
    layer.W = layer.W.unaryExpr(
        [](double w) { return w < 0.0 ? std::min(w, -0.05) : std::max(w, 0.05); });
  }
}

struct Problem {
  Mlp net;
  Matrix x, t;
  Regularization reg;
};

// Draws parameters and inputs until no relu/leaky_relu pre-activation lies
// within 0.02 of its kink: the difference stencil moves a parameter by at most
// 2h = 1e-3, which moves any z by ~1e-3 · |a| · |W| ≪ 0.02 here, so every
// evaluation stays on one linear piece.
void draw_away_from_kinks(Problem& p, Rng& rng, int batch) {
  for (int attempt = 0; attempt < 10000; ++attempt) {
    test::randomize(p.net, rng);
    if (p.reg.kind == RegularizationKind::l1) push_weights_from_zero(p.net);
    p.x = test::random_matrix(p.net.input_size(), batch, rng, -1.0, 1.0);
    if (!has_kinks(p.net)) return;
    Workspace ws;
    prepare_workspace(p.net, batch, ws);
    forward(p.net, p.x, ws);
    if (closest_to_kink(p.net, ws) > 0.02) return;
  }
  FAIL() << "could not draw a kink-free problem";
}

// Compares ∂L/∂θ from backward() with central differences at `samples`
// random parameter indices (every parameter when samples ≤ 0). Returns the
// worst relative error seen.
double check_gradients(Problem& p, Rng& rng, int samples, const std::string& label) {
  Workspace ws;
  loss_and_gradients(p.net, p.x, p.t, p.reg, ws);
  const auto f = [&] { return test::total_loss(p.net, p.x, p.t, p.reg); };
  double worst = 0.0;
  const auto check = [&](double& parameter, double analytic, const std::string& what) {
    const double numeric = test::central_difference(parameter, f);
    const double err = test::relative_error(analytic, numeric);
    worst = std::max(worst, err);
    EXPECT_LT(err, 1e-6) << label << " " << what << ": analytic " << analytic << " numeric "
                         << numeric;
  };
  for (int l = 1; l <= p.net.depth(); ++l) {
    DenseLayer& layer = p.net.layer(l);
    const auto name = [&](const char* kind, long j, long k) {
      return std::string(kind) + "(" + std::to_string(l) + ")[" + std::to_string(j) + "," +
             std::to_string(k) + "]";
    };
    if (samples <= 0) {
      for (Eigen::Index j = 0; j < layer.W.rows(); ++j) {
        for (Eigen::Index k = 0; k < layer.W.cols(); ++k) {
          check(layer.W(j, k), ws.grad_W[l](j, k), name("W", j, k));
        }
        check(layer.b(j), ws.grad_b[l](j), name("b", j, 0));
      }
      continue;
    }
    for (int s = 0; s < samples; ++s) {
      const auto j = static_cast<Eigen::Index>(rng.below(layer.W.rows()));
      const auto k = static_cast<Eigen::Index>(rng.below(layer.W.cols()));
      check(layer.W(j, k), ws.grad_W[l](j, k), name("W", j, k));
      check(layer.b(j), ws.grad_b[l](j), name("b", j, 0));
    }
  }
  return worst;
}

TEST(GradientCheck, EveryActivationAndLossPair) {
  Rng rng(2024);
  int checked = 0;
  for (Activation hidden : kHidden) {
    for (const OutputPair& pair : output_pairs()) {
      for (RegularizationKind reg : {RegularizationKind::none, RegularizationKind::l2}) {
        const int n_out = pair.out == Activation::softmax ? 3 : 2;
        Problem p{
            make_mlp({3, 4, 3, n_out}, {hidden, hidden, pair.out}, pair.loss), {}, {}, {reg, 0.03}};
        draw_away_from_kinks(p, rng, 4);
        p.t = test::random_targets(pair.loss, n_out, 4, rng);
        const std::string label =
            std::string(to_string(hidden)) + " → " + std::string(to_string(pair.out)) + "+" +
            std::string(to_string(pair.loss)) + (reg == RegularizationKind::l2 ? " L2" : "");
        check_gradients(p, rng, 0, label);  // every parameter
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 5 * 10 * 2);
}

TEST(GradientCheck, L1AwayFromZero) {
  Rng rng(99);
  for (const OutputPair& pair : output_pairs()) {
    const int n_out = pair.out == Activation::softmax ? 3 : 2;
    Problem p{make_mlp({2, 5, n_out}, {Activation::tanh, pair.out}, pair.loss),
              {},
              {},
              {RegularizationKind::l1, 0.02}};
    draw_away_from_kinks(p, rng, 3);
    p.t = test::random_targets(pair.loss, n_out, 3, rng);
    check_gradients(
        p, rng, 0,
        std::string(to_string(pair.out)) + "+" + std::string(to_string(pair.loss)) + " L1");
  }
}

TEST(GradientCheck, RandomArchitecturesUpToFourHiddenLayers) {
  Rng rng(77);
  double worst = 0.0;
  for (int trial = 0; trial < 60; ++trial) {
    const int hidden_layers = 1 + static_cast<int>(rng.below(4));
    const OutputPair pair = output_pairs()[rng.below(output_pairs().size())];
    std::vector<int> sizes{1 + static_cast<int>(rng.below(5))};
    std::vector<Activation> acts;
    for (int h = 0; h < hidden_layers; ++h) {
      sizes.push_back(1 + static_cast<int>(rng.below(6)));
      acts.push_back(kHidden[rng.below(5)]);
    }
    sizes.push_back(pair.out == Activation::softmax ? 2 + static_cast<int>(rng.below(3))
                                                    : 1 + static_cast<int>(rng.below(3)));
    acts.push_back(pair.out);
    const auto reg_kind = static_cast<RegularizationKind>(rng.below(3));
    Problem p{make_mlp(sizes, acts, pair.loss), {}, {}, {reg_kind, 0.01}};
    const int batch = 1 + static_cast<int>(rng.below(5));
    draw_away_from_kinks(p, rng, batch);
    p.t = test::random_targets(pair.loss, sizes.back(), batch, rng);
    std::string label = "trial " + std::to_string(trial) + " sizes";
    for (int s : sizes) label.append(" ").append(std::to_string(s));
    worst = std::max(worst, check_gradients(p, rng, 8, label));
  }
  RecordProperty("worst_relative_error", std::to_string(worst));
}

TEST(GradientCheck, BackwardKeepsForwardCaches) {
  // The UI reads z and a after a step: backward must only read them.
  Rng rng(5);
  Problem p{
      make_mlp({2, 3, 3, 2}, {Activation::tanh, Activation::relu, Activation::softmax}, Loss::mse),
      {},
      {},
      {}};
  draw_away_from_kinks(p, rng, 3);
  p.t = test::random_targets(Loss::mse, 2, 3, rng);
  Workspace ws;
  prepare_workspace(p.net, 3, ws);
  forward(p.net, p.x, ws);
  const std::vector<Matrix> z = ws.z, a = ws.a;
  backward(p.net, p.t, p.reg, ws);
  for (int l = 0; l <= p.net.depth(); ++l) {
    EXPECT_EQ(ws.z[l], z[l]) << "z" << l;
    EXPECT_EQ(ws.a[l], a[l]) << "a" << l;
  }
}

}  // namespace
}  // namespace backstep
