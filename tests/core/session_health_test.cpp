// The session side of gradient health, driven through apply() as the UI does:
// the divergence guard and its three actions, the gradient-norm history and
// the "verify gradients" command.
#include "core/session_health.hpp"

#include <gtest/gtest.h>

#include "core/session_step.hpp"

#include <cmath>
#include <cstring>

#include "core/session.hpp"
#include "formats/preset_io.hpp"
#include "tests/support/bit_identical.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

using test::bit_identical;

using test::preset_session;

// The spiral preset at learning rate 10: steps one at a time, keeping a copy
// of the parameters before each, until the guard fires. Returns the copy from
// before the diverging step (the last good network) and the step count.
struct Diverged {
  Mlp last_good;
  long good_steps = 0;
};

// An early warning (growth or range, everything finite) is stepped past, as a
// user pressing Play again would: these tests are about the overflow itself.
Diverged drive_to_divergence(Session& s, long max_steps = 5000) {
  Diverged d;
  for (long i = 0; i < max_steps; ++i) {
    d.last_good = s.net;
    d.good_steps = s.trainer.steps();
    if (!apply(s, TrainSteps{1}) && !s.divergence.early) return d;
  }
  ADD_FAILURE() << "no divergence within " << max_steps << " steps";
  return d;
}

// The spiral preset made explosive: at learning rate 10 its tanh output and
// adam merely saturate, so plain SGD and a linear output let the updates grow
// without bound (it overflows within ~100 steps).
Session exploding_spiral() {
  Session s = preset_session("spiral");
  EXPECT_TRUE(apply(s, SetOptimizer{OptimizerKind::sgd}).ok());
  EXPECT_TRUE(apply(s, SetActivation{s.net.depth(), Activation::linear}).ok());
  EXPECT_TRUE(apply(s, SetLearningRate{10.0}).ok());
  EXPECT_TRUE(apply(s, SetPlaying{true}).ok());
  return s;
}

TEST(DivergenceGuard, LearningRateTenPausesAndKeepsTheLastGoodNetwork) {
  Session s = exploding_spiral();
  const Diverged d = drive_to_divergence(s);
  EXPECT_TRUE(s.divergence.active);
  EXPECT_FALSE(s.divergence.inspecting);
  EXPECT_FALSE(s.playing);
  EXPECT_TRUE(s.message_is_error);
  EXPECT_NE(s.message.find("learning rate 10"), std::string::npos) << s.message;
  EXPECT_EQ(s.divergence.step, d.good_steps + 1);
  EXPECT_EQ(s.divergence.learning_rate, 10.0);
  EXPECT_GE(s.divergence.layer, 1);
  EXPECT_LE(s.divergence.layer, s.net.depth());

  // The shown network is the last good one, bit for bit, and finite; the
  // step counter did not move; the diverged one is kept aside.
  EXPECT_TRUE(bit_identical(s.net, d.last_good));
  EXPECT_TRUE(all_finite(s.net));
  EXPECT_EQ(s.trainer.steps(), d.good_steps);
  // The diverged network is kept aside: the step either overflowed its forward
  // pass / loss or left non-finite parameters.
  EXPECT_FALSE(bit_identical(s.divergence.other_net, d.last_good));
  EXPECT_TRUE(s.divergence.where == Overflow::forward || s.divergence.where == Overflow::loss ||
              !all_finite(s.divergence.other_net))
      << s.divergence.summary();
}

TEST(DivergenceGuard, InspectShowsTheDivergedNetworkAndRestoreBringsBackTheGoodOne) {
  Session s = exploding_spiral();
  const Diverged d = drive_to_divergence(s);
  const Mlp diverged = s.divergence.other_net;
  ASSERT_TRUE(apply(s, InspectDiverged{}).ok());
  EXPECT_TRUE(s.divergence.inspecting);
  EXPECT_TRUE(bit_identical(s.net, diverged));  // the user chose to look at it
  ASSERT_TRUE(apply(s, RestoreLastGood{}).ok());
  EXPECT_FALSE(s.divergence.active);
  EXPECT_FALSE(s.divergence.inspecting);
  EXPECT_TRUE(bit_identical(s.net, d.last_good));
  EXPECT_FALSE(apply(s, RestoreLastGood{}).ok());  // nothing left to restore
}

TEST(DivergenceGuard, AnyEditWhileInspectingRestoresFirst) {
  Session s = exploding_spiral();
  const Diverged d = drive_to_divergence(s);
  ASSERT_TRUE(apply(s, InspectDiverged{}).ok());
  ASSERT_TRUE(apply(s, SelectSample{1}).ok());  // view-only: still inspecting
  EXPECT_TRUE(s.divergence.inspecting);
  ASSERT_TRUE(apply(s, SetWeight{1, 0, 0, 0.25}).ok());
  EXPECT_FALSE(s.divergence.inspecting);
  EXPECT_TRUE(all_finite(s.net));
  Mlp expected = d.last_good;
  expected.layer(1).W(0, 0) = 0.25;
  EXPECT_TRUE(bit_identical(s.net, expected));
}

TEST(DivergenceGuard, LowerLearningRateContinuesFromTheRunsBestPoint) {
  Session s = exploding_spiral();
  const Diverged d = drive_to_divergence(s);
  // The step with the lowest recorded loss before the blow-up, and the
  // snapshot the rewind history holds at or before it.
  long best = -1;
  double best_loss = 1e300;
  for (const HistoryPoint& p : s.history.points()) {
    if (std::isfinite(p.train_loss) && p.train_loss < best_loss) {
      best_loss = p.train_loss;
      best = p.step;
    }
  }
  ASSERT_GE(best, 0);
  const Snapshot* snap = s.rewind.history.at_or_before(best);
  ASSERT_NE(snap, nullptr);
  const Mlp expected = snap->net;
  const long expected_step = snap->step;
  ASSERT_LT(expected_step, d.good_steps);

  ASSERT_TRUE(apply(s, InspectDiverged{}).ok());
  ASSERT_TRUE(apply(s, LowerLearningRate{}).ok());
  EXPECT_DOUBLE_EQ(s.hp.learning_rate, 1.0);
  EXPECT_TRUE(s.playing);
  EXPECT_FALSE(s.divergence.active);
  EXPECT_EQ(s.trainer.steps(), expected_step);
  EXPECT_TRUE(bit_identical(s.net, expected));
  EXPECT_NE(s.message.find("continues from step " + std::to_string(expected_step)),
            std::string::npos)
      << s.message;
  // The discarded steps are gone from the curves too.
  ASSERT_GT(s.history.points().size(), 0u);
  EXPECT_LE(s.history.points().back().step, expected_step);
  ASSERT_GT(s.grad_history.size(), 0u);
  EXPECT_LE(s.grad_history.step_at(s.grad_history.size() - 1), expected_step);
  EXPECT_FALSE(apply(s, LowerLearningRate{}).ok());  // only after a divergence
}

TEST(GradientHealth, TrainingRecordsPerLayerGradientNorms) {
  Session s = preset_session("deep-sigmoid");
  ASSERT_TRUE(apply(s, TrainSteps{50}).ok());
  ASSERT_EQ(s.grad_history.layers(), s.net.depth());
  EXPECT_EQ(s.grad_history.size(), 50u);
  EXPECT_EQ(s.grad_history.step_at(49), 49);
  // The last point is the last step's gradient (batch of the step).
  for (int l = 1; l <= s.net.depth(); ++l) {
    EXPECT_DOUBLE_EQ(s.grad_history.norm_at(49, l), s.trainer.workspace().grad_W[l].norm());
  }
  // Vanishing gradients: layer 1 far below the output layer at every point.
  for (std::size_t i = 0; i < s.grad_history.size(); ++i) {
    EXPECT_LT(s.grad_history.norm_at(i, 1), 1e-2 * s.grad_history.norm_at(i, s.net.depth()));
  }
  ASSERT_TRUE(apply(s, Reset{}).ok());
  EXPECT_EQ(s.grad_history.size(), 0u);
}

TEST(GradientHealth, SwitchingDeepSigmoidToReluLiftsTheEarlyGradients) {
  Session s = preset_session("deep-sigmoid");
  HealthWorkspace hw;
  std::vector<LayerHealth> before, after;
  compute_layer_health(s.net, s.data.train, &pending_step(s)->ws, s.trainer.optimizer_state(), hw,
                       before);
  const int L = s.net.depth();
  for (int l = 1; l < L; ++l) ASSERT_TRUE(apply(s, SetActivation{l, Activation::relu}).ok());
  ASSERT_TRUE(apply(s, SetInit{Init::he}).ok());
  ASSERT_TRUE(apply(s, Reset{}).ok());
  compute_layer_health(s.net, s.data.train, &pending_step(s)->ws, s.trainer.optimizer_state(), hw,
                       after);
  const double ratio_before = before[0].gradient_norm / before[L - 1].gradient_norm;
  const double ratio_after = after[0].gradient_norm / after[L - 1].gradient_norm;
  EXPECT_LT(ratio_before, 1e-2);
  EXPECT_GT(ratio_after, 1e-2);
}

TEST(GradientHealth, CheckGradientsCommandReportsOnTheNextBatch) {
  Session s = preset_session("xor");
  ASSERT_TRUE(apply(s, TrainSteps{3}).ok());
  ASSERT_TRUE(apply(s, CheckGradients{}).ok());
  ASSERT_TRUE(s.gradcheck.has_value());
  EXPECT_TRUE(s.gradcheck->result.passed()) << s.gradcheck->result.max_rel_error;
  EXPECT_EQ(s.gradcheck->step, 3);
  EXPECT_EQ(s.gradcheck->result.checked, s.net.parameter_count());
  EXPECT_GT(s.gradcheck->batch, 0);
  EXPECT_FALSE(s.message_is_error);
  ASSERT_TRUE(apply(s, Reset{}).ok());
  EXPECT_FALSE(s.gradcheck.has_value());  // it described parameters that are gone
}

TEST(GradientHealth, CheckGradientsCoversEveryParameterOfTheDeepSigmoidNet) {
  Session s = preset_session("deep-sigmoid");
  ASSERT_GT(s.net.parameter_count(), 200);  // more than the sample a large net gets
  ASSERT_TRUE(apply(s, CheckGradients{}).ok());
  ASSERT_TRUE(s.gradcheck.has_value());
  EXPECT_EQ(s.gradcheck->result.checked, s.net.parameter_count());
  EXPECT_TRUE(s.gradcheck->result.passed()) << s.gradcheck->result.max_rel_error;
}

}  // namespace
}  // namespace backstep
