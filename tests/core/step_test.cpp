// The step under inspection is the step that is applied: the tracer, the
// session's pending step and Trainer::step read or commit one computation, so
// what the tracer shows is bit-for-bit what training does — for every
// optimizer, regularization, clipping, schedule and batch size.
#include "core/step.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/session_step.hpp"
#include "core/session_trace.hpp"
#include "core/trainer.hpp"
#include "formats/preset_io.hpp"
#include "tests/core/engine_test_util.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

bool same(const Mlp& a, const Mlp& b) {
  if (a.depth() != b.depth()) return false;
  for (int l = 1; l <= a.depth(); ++l) {
    if (a.layer(l).W != b.layer(l).W || a.layer(l).b != b.layer(l).b) return false;
  }
  return true;
}

bool same(const OptimizerState& a, const OptimizerState& b) {
  if (a.t != b.t || a.first_W.size() != b.first_W.size()) return false;
  for (std::size_t l = 1; l < a.first_W.size(); ++l) {
    if (a.first_W[l] != b.first_W[l] || a.second_W[l] != b.second_W[l] ||
        a.first_b[l] != b.first_b[l] || a.second_b[l] != b.second_b[l] ||
        a.last_update_W[l] != b.last_update_W[l] || a.last_update_b[l] != b.last_update_b[l]) {
      return false;
    }
  }
  return true;
}

// The parameters after the step as the update micro-steps state them, one
// weight at a time (per-weight granularity): the numbers a student reads.
Mlp parameters_from_update_steps(const Tracer& tr) {
  Mlp out = tr.net();
  for (long i = tr.first_index(TracePhase::update); i < tr.size(); ++i) {
    const TraceStep m = tr.at(i);
    if (m.quantity == TraceQuantity::bias_update) {
      out.layer(m.layer).b(m.neuron) = m.value;
    } else {
      out.layer(m.layer).W(m.neuron, m.source) = m.value;
    }
  }
  return out;
}

struct Case {
  OptimizerKind optimizer;
  RegularizationKind reg;
  double clip;
  ScheduleKind schedule;
  int batch;
};

std::string name(const Case& c) {
  return std::string(to_string(c.optimizer)) + " reg " + std::to_string(static_cast<int>(c.reg)) +
         " clip " + std::to_string(c.clip) + " " + std::string(to_string(c.schedule)) + " batch " +
         std::to_string(c.batch);
}

TEST(Step, TracerOfTheProposedStepIsTrainerStepBitForBit) {
  std::vector<Case> cases;
  for (OptimizerKind o :
       {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::rmsprop, OptimizerKind::adam}) {
    for (RegularizationKind r :
         {RegularizationKind::none, RegularizationKind::l1, RegularizationKind::l2}) {
      for (double clip : {0.0, 0.05}) {
        for (ScheduleKind sk : {ScheduleKind::constant, ScheduleKind::step,
                                ScheduleKind::exponential, ScheduleKind::cosine}) {
          // 1 (exact SGD), 3 (shuffled, a short tail of 1), 7 (= N: full batch).
          for (int b : {1, 3, 7}) cases.push_back({o, r, clip, sk, b});
        }
      }
    }
  }
  Rng rng(29);
  int clipped = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(name(c));
    Mlp net = make_mlp({2, 3, 2}, {Activation::tanh, Activation::sigmoid}, Loss::mse);
    test::randomize(net, rng);
    const Dataset data{test::random_matrix(2, 7, rng, -1, 1), test::random_matrix(2, 7, rng, 0, 1)};
    Hyperparams hp;
    hp.learning_rate = 0.3;
    hp.optimizer.kind = c.optimizer;
    hp.regularization = {c.reg, 0.01};
    hp.clip_norm = c.clip;
    hp.schedule.kind = c.schedule;
    hp.schedule.step_every = 2;
    hp.schedule.gamma = 0.7;
    hp.schedule.total_steps = 5;
    hp.batch_size = c.batch;
    hp.shuffle_seed = 5;
    Trainer trainer;
    trainer.reset(net, data, hp);
    // Two steps first: mid-epoch, non-trivial optimizer state and schedule.
    for (int i = 0; i < 2; ++i) (void)trainer.step(net, data, hp);

    auto proposed = std::make_shared<Step>();
    trainer.propose(net, data, hp, *proposed);
    const int column = proposed->ws.batch - 1;
    const Tracer tr(net, proposed, column, hp, trainer.optimizer_state(), TraceGranularity::weight);

    Trainer engine = trainer;
    Mlp trained = net;
    (void)engine.step(trained, data, hp);
    // The batch, the gradients the update used, the rate, and the result.
    EXPECT_EQ(proposed->batch, engine.last().batch);
    for (int l = 1; l <= net.depth(); ++l) {
      EXPECT_TRUE(tr.workspace().grad_W[l] == engine.workspace().grad_W[l]) << "layer " << l;
      EXPECT_TRUE(tr.workspace().grad_b[l] == engine.workspace().grad_b[l]) << "layer " << l;
    }
    EXPECT_EQ(tr.learning_rate(), engine.last().learning_rate);
    EXPECT_TRUE(same(tr.net_after(), trained));
    EXPECT_TRUE(same(parameters_from_update_steps(tr), trained));
    Mlp applied = net;
    OptimizerState state = trainer.optimizer_state();
    tr.apply(applied, state);
    EXPECT_TRUE(same(applied, trained));
    EXPECT_TRUE(same(state, engine.optimizer_state()));
    if (tr.clip_scale() < 1.0) ++clipped;
  }
  // The clipped half of the cases really clipped (a clip norm that never
  // bites would test nothing).
  EXPECT_GE(clipped, static_cast<int>(cases.size()) / 4);
}

using test::preset_session;

// In a session the pending step (what every view reads) is exactly the next
// TrainSteps{1}: same batch, gradients, update and resulting parameters.
TEST(Step, SessionPendingStepIsTheNextTrainingStep) {
  for (const std::string& preset : test::generator_presets()) {
    for (int batch : {1, 4, 0}) {
      for (double clip : {0.0, 0.01}) {
        SCOPED_TRACE(preset + " batch " + std::to_string(batch) + " clip " + std::to_string(clip));
        Session s = preset_session(preset);
        ASSERT_TRUE(apply(s, SetBatchSize{batch}).ok());
        ASSERT_TRUE(apply(s, SetClipNorm{clip}).ok());
        ASSERT_TRUE(apply(s, TrainSteps{3}).ok());
        const std::shared_ptr<const Step> pending = shared_pending_step(s);
        ASSERT_NE(pending, nullptr);
        Mlp expected = s.net;
        apply_update(pending->after, expected);
        const Session before = s;
        ASSERT_TRUE(apply(s, TrainSteps{1}).ok());
        EXPECT_TRUE(same(s.net, expected));
        EXPECT_EQ(s.trainer.last().batch, pending->batch);
        EXPECT_EQ(s.last_step.loss.total(), pending->loss.total());
        for (int l = 1; l <= s.net.depth(); ++l) {
          EXPECT_TRUE(s.trainer.workspace().grad_W[l] == pending->ws.grad_W[l]);
        }
        // The pending step was computed once for that revision and shared.
        EXPECT_EQ(pending_step(before), pending.get());
      }
    }
  }
}

// Computing a step changes nothing; only commit_step does, and a step whose
// parameters would be non-finite is caught before it is applied.
TEST(Step, ComputingChangesNothingAndDivergenceIsCaughtBeforeTheUpdate) {
  Session s = preset_session("xor");
  const Mlp net = s.net;
  ASSERT_NE(pending_step(s), nullptr);
  EXPECT_TRUE(same(s.net, net));
  EXPECT_EQ(s.trainer.steps(), 0);
  // L2 on a weight of 1e200: λ/2·w² overflows, and so would the update.
  ASSERT_TRUE(apply(s, SetWeight{2, 0, 0, 1e200}).ok());
  ASSERT_TRUE(apply(s, SetRegularization{RegularizationKind::l2, 10.0}).ok());
  const Mlp good = s.net;
  const Status st = apply(s, TrainSteps{1});
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(s.divergence.active);
  EXPECT_TRUE(same(s.net, good));  // never replaced
  EXPECT_EQ(s.trainer.steps(), 0);
  EXPECT_EQ(s.divergence.where, Overflow::loss);
}

}  // namespace
}  // namespace backstep
