// The chain-rule tracer against the batched engine: every micro-step's value,
// the formula it claims, and the parameters after the traced step.
#include "core/tracer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/schedule.hpp"
#include "core/trainer.hpp"
#include "tests/core/engine_test_util.hpp"

namespace backstep {
namespace {

constexpr double kTol = 1e-12;

// The engine's own step on copies: gradients (clipped as Trainer does) and the
// parameters and optimizer state after optimizer_step.
struct EngineStep {
  Workspace ws;
  Mlp after;
  OptimizerState state;
  double lr = 0.0;
};

EngineStep engine_step(const Mlp& net, const Matrix& x, const Matrix& t, const Hyperparams& hp,
                       const OptimizerState& state, long step) {
  EngineStep e;
  (void)loss_and_gradients(net, x, t, hp.regularization, e.ws);
  if (hp.clip_norm > 0.0) clip_gradients(e.ws, hp.clip_norm);
  e.after = net;
  e.state = state;
  e.lr = scheduled_learning_rate(hp.schedule, hp.learning_rate, step);
  optimizer_step(e.after, e.ws, hp.optimizer, e.lr, e.state);
  return e;
}

bool bit_identical(const Mlp& a, const Mlp& b) {
  for (int l = 1; l <= a.depth(); ++l) {
    if (a.layer(l).W != b.layer(l).W || a.layer(l).b != b.layer(l).b) return false;
  }
  return true;
}

// Checks every micro-step of `tr` (built on the same inputs as `e`) against
// the engine, and each formula's arithmetic against a scalar recomputation.
void expect_agrees(const Tracer& tr, const EngineStep& e, const Mlp& net, const Matrix& t,
                   const OptimizerState& before, const Hyperparams& hp, const std::string& what) {
  const int s = tr.sample(), depth = net.depth();
  const Workspace& ws = e.ws;
  const int B = static_cast<int>(t.cols());
  double term_sum = 0.0;
  for (long i = 0; i < tr.size(); ++i) {
    const TraceStep m = tr.at(i);
    SCOPED_TRACE(what + " #" + std::to_string(i) + ": " + format_line(m));
    ASSERT_EQ(m.index, i);
    ASSERT_FALSE(m.formula.empty());
    ASSERT_FALSE(m.substituted.empty());
    const int l = m.layer, j = m.neuron, k = m.source;
    switch (m.quantity) {
      case TraceQuantity::z: {
        EXPECT_NEAR(m.value, ws.z[l](j, s), kTol);
        double z = net.layer(l).b(j);  // z = Σ_k w_jk a_k + b_j, recomputed
        for (int q = 0; q < net.size(l - 1); ++q) z += net.layer(l).W(j, q) * ws.a[l - 1](q, s);
        EXPECT_NEAR(m.value, z, 1e-12 * (1.0 + std::abs(z)));
        break;
      }
      case TraceQuantity::a:
        EXPECT_NEAR(m.value, ws.a[l](j, s), kTol);
        if (net.layer(l).activation != Activation::softmax) {
          EXPECT_NEAR(m.value, activation_value(net.layer(l).activation, ws.z[l](j, s)), kTol);
        }
        break;
      case TraceQuantity::loss_term:
        term_sum += m.value;
        break;
      case TraceQuantity::sample_loss: {
        const Activation out = net.layer(depth).activation;
        EXPECT_NEAR(m.value, loss_of_sample(net.loss, out, ws.z[depth], ws.a[depth], t, s), kTol);
        EXPECT_NEAR(term_sum, m.value, 1e-12 * (1.0 + std::abs(m.value)));
        break;
      }
      case TraceQuantity::batch_loss:
        EXPECT_NEAR(m.value, compute_loss(net, ws, t, hp.regularization).total(), kTol);
        break;
      case TraceQuantity::delta:
        EXPECT_NEAR(m.value, ws.delta[l](j, s), kTol);
        if (m.phase == TracePhase::hidden_delta) {
          // δ⁽ˡ⁾_j = (Σ_k w⁽ˡ⁺¹⁾_kj δ⁽ˡ⁺¹⁾_k) · f′(z⁽ˡ⁾_j), recomputed
          double sum = 0.0;
          for (int q = 0; q < net.size(l + 1); ++q) {
            sum += net.layer(l + 1).W(q, j) * ws.delta[l + 1](q, s);
          }
          const double fp =
              activation_derivative(net.layer(l).activation, ws.z[l](j, s), ws.a[l](j, s));
          EXPECT_NEAR(m.value, sum * fp, 1e-12 * (1.0 + std::abs(m.value)));
        }
        break;
      case TraceQuantity::weight_gradient:
        if (k >= 0) {
          EXPECT_NEAR(m.value, ws.grad_W[l](j, k), kTol);
          EXPECT_NEAR(m.sample_value, ws.delta[l](j, s) * ws.a[l - 1](k, s), kTol);
          if (B == 1 && hp.regularization.kind == RegularizationKind::none && hp.clip_norm == 0.0) {
            EXPECT_NEAR(m.value, m.sample_value, kTol);  // exact SGD: the sample is the batch
          }
        } else {
          ASSERT_EQ(static_cast<int>(m.values.size()), net.size(l - 1));
          for (int q = 0; q < net.size(l - 1); ++q) {
            EXPECT_NEAR(m.values[q], ws.grad_W[l](j, q), kTol);
          }
        }
        break;
      case TraceQuantity::bias_gradient:
        EXPECT_NEAR(m.value, ws.grad_b[l](j), kTol);
        EXPECT_NEAR(m.sample_value, ws.delta[l](j, s), kTol);
        break;
      case TraceQuantity::weight_update:
        if (k >= 0) {
          EXPECT_NEAR(m.value, e.after.layer(l).W(j, k), kTol);
          if (hp.optimizer.kind == OptimizerKind::sgd) {
            // w ← w − η·∂L/∂w, recomputed
            // (relative: the compiler may fuse this multiply-add differently)
            const double w = net.layer(l).W(j, k) - e.lr * ws.grad_W[l](j, k);
            EXPECT_NEAR(m.value, w, 1e-12 * (1.0 + std::abs(w)));
          }
        } else {
          for (int q = 0; q < net.size(l - 1); ++q) {
            EXPECT_NEAR(m.values[q], e.after.layer(l).W(j, q), kTol);
          }
        }
        break;
      case TraceQuantity::bias_update:
        EXPECT_NEAR(m.value, e.after.layer(l).b(j), kTol);
        if (hp.optimizer.kind == OptimizerKind::momentum) {
          // v ← μv − ηg;  b ← b + v, recomputed from the state before
          const double v = hp.optimizer.momentum * before.first_b[l](j) - e.lr * ws.grad_b[l](j);
          EXPECT_NEAR(m.value, net.layer(l).b(j) + v, 1e-12 * (1.0 + std::abs(v)));
        }
        break;
    }
  }
}

struct Case {
  std::vector<int> sizes;
  Activation hidden, out;
  Loss loss;
};

TEST(Tracer, AgreesWithEngineForEveryActivationAndLoss) {
  const Activation hidden[] = {Activation::linear, Activation::sigmoid, Activation::tanh,
                               Activation::relu, Activation::leaky_relu};
  const Activation outs[] = {Activation::linear, Activation::sigmoid,    Activation::tanh,
                             Activation::relu,   Activation::leaky_relu, Activation::softmax};
  const Loss losses[] = {Loss::mse, Loss::bce, Loss::ce};
  Rng rng(42);
  int cases = 0;
  for (Activation h : hidden) {
    for (Activation o : outs) {
      for (Loss loss : losses) {
        for (int batch : {1, 3}) {
          Mlp net = make_mlp({3, 4, 3, 2}, {h, h, o}, loss);
          test::randomize(net, rng);
          const Matrix x = test::random_matrix(3, batch, rng, -1.0, 1.0);
          const Matrix t = test::random_targets(loss, 2, batch, rng);
          Hyperparams hp;
          hp.learning_rate = 0.3;
          const int sample = batch - 1;
          const EngineStep e = engine_step(net, x, t, hp, {}, 0);
          const std::string what = std::string(to_string(h)) + "/" + std::string(to_string(o)) +
                                   "/" + std::string(to_string(loss)) + "/B" +
                                   std::to_string(batch);
          for (TraceGranularity g : {TraceGranularity::neuron, TraceGranularity::weight}) {
            const Tracer tr(net, x, t, sample, hp, {}, 0, g);
            expect_agrees(tr, e, net, t, OptimizerState{}, hp, what);
          }
          ++cases;
        }
      }
    }
  }
  EXPECT_EQ(cases, 5 * 6 * 3 * 2);
}

TEST(Tracer, AgreesWithEngineForEveryOptimizerRegularizationAndClipping) {
  Rng rng(7);
  const OptimizerKind kinds[] = {OptimizerKind::sgd, OptimizerKind::momentum,
                                 OptimizerKind::rmsprop, OptimizerKind::adam};
  for (OptimizerKind kind : kinds) {
    for (RegularizationKind reg :
         {RegularizationKind::none, RegularizationKind::l2, RegularizationKind::l1}) {
      Mlp net = make_mlp({2, 5, 3}, {Activation::tanh, Activation::sigmoid}, Loss::bce);
      test::randomize(net, rng);
      const Matrix x = test::random_matrix(2, 4, rng, -1.0, 1.0);
      const Matrix t = test::random_targets(Loss::bce, 3, 4, rng);
      Hyperparams hp;
      hp.learning_rate = 0.05;
      hp.optimizer.kind = kind;
      hp.regularization = {reg, 0.01};
      hp.clip_norm = reg == RegularizationKind::l1 ? 0.05 : 0.0;  // l1 runs also clip
      hp.schedule.kind = ScheduleKind::exponential;
      hp.schedule.step_every = 10;
      // A second step, so momentum/adam state is non-zero before the traced one.
      const EngineStep first = engine_step(net, x, t, hp, {}, 0);
      const EngineStep e = engine_step(first.after, x, t, hp, first.state, 1);
      const Tracer tr(first.after, x, t, 2, hp, first.state, 1, TraceGranularity::weight);
      expect_agrees(tr, e, first.after, t, first.state, hp,
                    std::string(to_string(kind)) + "/reg" + std::to_string(static_cast<int>(reg)));
      EXPECT_EQ(tr.learning_rate(), e.lr);
      if (hp.clip_norm > 0.0) {
        EXPECT_LT(tr.clip_scale(), 1.0);
      }
    }
  }
}

// Writes every traced update into a copy, micro-step by micro-step.
Mlp apply_traced_updates(const Tracer& tr, const Mlp& net) {
  Mlp out = net;
  for (long i = tr.first_index(TracePhase::update); i < tr.size(); ++i) {
    const TraceStep m = tr.at(i);
    if (m.quantity == TraceQuantity::bias_update) {
      out.layer(m.layer).b(m.neuron) = m.value;
    } else if (m.source >= 0) {
      out.layer(m.layer).W(m.neuron, m.source) = m.value;
    } else {
      for (std::size_t k = 0; k < m.values.size(); ++k) {
        out.layer(m.layer).W(m.neuron, static_cast<Eigen::Index>(k)) = m.values[k];
      }
    }
  }
  return out;
}

TEST(Tracer, LastMicroStepEqualsOneTrainerStepBitForBitAtBatchOne) {
  Rng rng(3);
  for (OptimizerKind kind :
       {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::rmsprop, OptimizerKind::adam}) {
    SCOPED_TRACE(std::string(to_string(kind)));
    Mlp net = make_mlp({2, 3, 1}, {Activation::tanh, Activation::sigmoid}, Loss::bce);
    test::randomize(net, rng);
    Dataset data{test::random_matrix(2, 1, rng, -1, 1), test::random_matrix(1, 1, rng, 0, 1)};
    Hyperparams hp;
    hp.learning_rate = 0.2;
    hp.optimizer.kind = kind;
    Trainer trainer;
    trainer.reset(net, data, hp);
    (void)trainer.step(net, data, hp);  // one step first, so the state is non-trivial
    const Mlp before = net;
    const OptimizerState state = trainer.optimizer_state();
    const long steps = trainer.steps();
    const Tracer by_neuron(before, data.x, data.t, 0, hp, state, steps, TraceGranularity::neuron);
    const Tracer by_weight(before, data.x, data.t, 0, hp, state, steps, TraceGranularity::weight);
    Mlp engine_net = before;
    (void)trainer.step(engine_net, data, hp);
    for (const Tracer* tr : {&by_neuron, &by_weight}) {
      EXPECT_TRUE(bit_identical(apply_traced_updates(*tr, before), engine_net));
      Mlp applied = before;
      OptimizerState applied_state = state;
      tr->apply(applied, applied_state);
      EXPECT_TRUE(bit_identical(applied, engine_net));
      EXPECT_EQ(applied_state.t, trainer.optimizer_state().t);
      EXPECT_TRUE(applied_state.first_W[1] == trainer.optimizer_state().first_W[1]);
      EXPECT_TRUE(applied_state.second_b[2] == trainer.optimizer_state().second_b[2]);
    }
  }
}

TEST(Tracer, FullBatchStepMatchesTrainerToTolerance) {
  Rng rng(11);
  Mlp net = make_mlp({2, 4, 2}, {Activation::relu, Activation::softmax}, Loss::ce);
  test::randomize(net, rng);
  Dataset data{test::random_matrix(2, 5, rng, -1, 1), test::random_targets(Loss::ce, 2, 5, rng)};
  Hyperparams hp;
  hp.optimizer.kind = OptimizerKind::adam;
  hp.learning_rate = 0.01;
  Trainer trainer;
  trainer.reset(net, data, hp);
  std::vector<int> columns;
  trainer.next_batch_indices(columns, data, hp);
  ASSERT_EQ(columns.size(), 5u);
  Matrix x(2, 5), t(2, 5);
  for (int c = 0; c < 5; ++c) {
    x.col(c) = data.x.col(columns[c]);
    t.col(c) = data.t.col(columns[c]);
  }
  const Tracer tr(net, x, t, 1, hp, trainer.optimizer_state(), trainer.steps());
  Mlp engine_net = net;
  (void)trainer.step(engine_net, data, hp);
  const Mlp traced = apply_traced_updates(tr, net);
  for (int l = 1; l <= net.depth(); ++l) {
    EXPECT_LT((traced.layer(l).W - engine_net.layer(l).W).cwiseAbs().maxCoeff(), kTol);
    EXPECT_LT((traced.layer(l).b - engine_net.layer(l).b).cwiseAbs().maxCoeff(), kTol);
  }
  // With B > 1 the text says which gradient the update uses.
  const TraceStep g = tr.at(tr.index_of_edge(2, 0, 1));
  EXPECT_NE(g.note.find("batch-mean gradient"), std::string::npos) << g.note;
  EXPECT_NE(tr.at(tr.first_index(TracePhase::output_delta)).note.find("1/B"), std::string::npos);
}

// "A step by step backpropagation example": 2-2-2 sigmoid, mse, lr 0.5.
Tracer classic_tracer(TraceGranularity g) {
  Mlp net = make_mlp({2, 2, 2}, {Activation::sigmoid, Activation::sigmoid}, Loss::mse);
  net.layer(1).W << 0.15, 0.20, 0.25, 0.30;
  net.layer(1).b << 0.35, 0.35;
  net.layer(2).W << 0.40, 0.45, 0.50, 0.55;
  net.layer(2).b << 0.60, 0.60;
  Matrix x(2, 1), t(2, 1);
  x << 0.05, 0.10;
  t << 0.01, 0.99;
  Hyperparams hp;
  hp.learning_rate = 0.5;
  return Tracer(net, x, t, 0, hp, {}, 0, g);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Tracer, ClassicWorkedExampleShowsThePublishedNumbers) {
  const Tracer tr = classic_tracer(TraceGranularity::weight);
  const TraceStep h1 = tr.at(tr.index_of(TracePhase::forward, 1, 0) + 1);  // a step after z
  EXPECT_EQ(h1.quantity, TraceQuantity::a);
  EXPECT_NEAR(h1.value, 0.593269992, 5e-10);
  EXPECT_TRUE(contains(h1.substituted, "0.59327")) << h1.substituted;
  EXPECT_EQ(h1.formula, "a⁽¹⁾₁ = σ(z⁽¹⁾₁) = 1/(1 + e^(−z⁽¹⁾₁))");

  const TraceStep z1 = tr.at(tr.index_of(TracePhase::forward, 1, 1));
  EXPECT_EQ(z1.formula, "z⁽¹⁾₂ = w⁽¹⁾₂₁·a⁽⁰⁾₁ + w⁽¹⁾₂₂·a⁽⁰⁾₂ + b⁽¹⁾₂");
  EXPECT_EQ(z1.substituted, "0.25·0.05 + 0.3·0.1 + 0.35 = 0.3925");

  const TraceStep o1 = tr.at(tr.index_of(TracePhase::forward, 2, 0) + 1);
  EXPECT_NEAR(o1.value, 0.75136507, 5e-9);
  EXPECT_TRUE(contains(o1.substituted, "0.751365")) << o1.substituted;

  const TraceStep w5 = tr.at(tr.index_of_edge(2, 0, 0));
  EXPECT_EQ(w5.source, 0);
  EXPECT_NEAR(w5.value, 0.082167041, 5e-10);
  EXPECT_EQ(w5.formula, "∂L/∂w⁽²⁾₁₁ = δ⁽²⁾₁·a⁽¹⁾₁");
  EXPECT_TRUE(contains(w5.substituted, "= 0.082167")) << w5.substituted;

  const TraceStep loss = tr.at(tr.first_index(TracePhase::loss) + 2);
  EXPECT_EQ(loss.quantity, TraceQuantity::sample_loss);
  EXPECT_NEAR(loss.value, 0.298371109, 5e-10);
  EXPECT_TRUE(contains(loss.substituted, "0.298371"));

  const TraceStep d1 = tr.at(tr.index_of(TracePhase::hidden_delta, 1, 1));
  EXPECT_EQ(d1.formula, "δ⁽¹⁾₂ = (w⁽²⁾₁₂·δ⁽²⁾₁ + w⁽²⁾₂₂·δ⁽²⁾₂) · σ′(z⁽¹⁾₂)");
  EXPECT_TRUE(contains(format_line(d1), "[backward] δ⁽¹⁾₂ = (w⁽²⁾₁₂·δ⁽²⁾₁"));

  // Updates from gradients taken before any weight moved: w5⁺ and w1⁺ as printed.
  const TraceStep w5_new = tr.at(tr.index_of_edge(2, 0, 0, TracePhase::update));
  EXPECT_NEAR(w5_new.value, 0.35891648, 5e-9);
  EXPECT_EQ(w5_new.formula, "w⁽²⁾₁₁ ← w⁽²⁾₁₁ − η·∂L/∂w⁽²⁾₁₁");
  EXPECT_TRUE(contains(w5_new.substituted, "0.4 − 0.5·0.08217 = 0.358916")) << w5_new.substituted;
  EXPECT_NEAR(tr.at(tr.index_of_edge(1, 0, 0, TracePhase::update)).value, 0.149780716, 5e-10);

  // Neuron granularity shows the same gradient in the row.
  const Tracer rows = classic_tracer(TraceGranularity::neuron);
  const TraceStep row = rows.at(rows.index_of_edge(2, 0, 0));
  EXPECT_EQ(row.source, -1);
  EXPECT_NEAR(row.values.at(0), 0.082167041, 5e-10);
  EXPECT_TRUE(contains(row.substituted, "0.082167")) << row.substituted;
}

TEST(Tracer, AdamUpdateShowsItsStateTerms) {
  Tracer tr = classic_tracer(TraceGranularity::weight);
  Hyperparams hp = tr.hyperparams();
  hp.optimizer.kind = OptimizerKind::adam;
  Matrix x(2, 1);
  x << 0.05, 0.10;
  const Tracer adam(tr.net(), x, tr.targets(), 0, hp, {}, 0, TraceGranularity::weight);
  const TraceStep m = adam.at(adam.index_of_edge(2, 0, 0, TracePhase::update));
  for (const char* part : {"m = 0.9·0 + 0.1·0.08217", "v = 0.999·0", "m̂ = ", "v̂ = ", "√"}) {
    EXPECT_TRUE(contains(m.substituted, part)) << part << " in " << m.substituted;
  }
  // Adam's first step moves every parameter by about η (m̂/√v̂ = ±1).
  EXPECT_NEAR(m.value, 0.40 - 0.5, 1e-6);
}

}  // namespace
}  // namespace backstep
