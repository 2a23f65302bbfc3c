// The loss curve is over the whole sets (issue 14 item 7) and divergence is
// warned early (item 5): a recorded point equals an independent evaluation of
// the loss over the set at its step, evaluations stay within their share of
// the training, and a slowly diverging run is warned long before it overflows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "core/session.hpp"
#include "core/session_health.hpp"
#include "core/trainer.hpp"
#include "formats/preset_io.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

using test::preset_session;

// Mean binary cross-entropy of a sigmoid output over a set, written out from
// the definition −[t log a + (1 − t) log(1 − a)] with a = σ(W⁽ᴸ⁾a⁽ᴸ⁻¹⁾ + b⁽ᴸ⁾),
// and the share of samples on the right side of ½: no Workspace, no
// compute_loss, no accuracy().
struct ByHand {
  double loss = 0.0, accuracy = 0.0;
};
ByHand bce_by_hand(const Mlp& net, const Dataset& d) {
  ByHand r;
  for (int i = 0; i < d.count(); ++i) {
    Vector a = d.x.col(i);
    for (int l = 1; l <= net.depth(); ++l) {
      const Vector z = net.layer(l).W * a + net.layer(l).b;
      a = z;
      for (Eigen::Index k = 0; k < a.size(); ++k) {
        switch (net.layer(l).activation) {
          case Activation::relu:
            a(k) = z(k) > 0 ? z(k) : 0.0;
            break;
          case Activation::tanh:
            a(k) = std::tanh(z(k));
            break;
          case Activation::sigmoid:
            a(k) = 1.0 / (1.0 + std::exp(-z(k)));
            break;
          default:
            ADD_FAILURE() << "activation not written out here";
        }
      }
    }
    const double t = d.t(0, i), y = a(0);
    r.loss += -(t * std::log(y) + (1 - t) * std::log(1 - y));
    r.accuracy += (y > 0.5) == (t > 0.5) ? 1.0 : 0.0;
  }
  r.loss /= d.count();
  r.accuracy /= d.count();
  return r;
}

TEST(LossCurve, EveryPointIsTheWholeSetsLossAtItsStep) {
  // moons: relu hidden layers, sigmoid + bce, batches of 10, a test split.
  Session s = preset_session("moons");
  ASSERT_GT(s.data.test.count(), 0);
  ASSERT_TRUE(apply(s, TrainSteps{700}).ok());
  // Replay the run with the bare trainer, and at every recorded step compare
  // the point with the loss over the whole sets computed by hand.
  Session fresh = preset_session("moons");
  Mlp net = fresh.net;
  Trainer trainer;
  trainer.reset(net, fresh.data.train, fresh.hp);
  int compared = 0;
  for (const HistoryPoint& p : s.history.points()) {
    while (trainer.steps() < p.step) trainer.step(net, fresh.data.train, fresh.hp);
    const ByHand train = bce_by_hand(net, fresh.data.train);
    const ByHand test = bce_by_hand(net, fresh.data.test);
    EXPECT_NEAR(p.train_loss, train.loss, 1e-12 * std::max(1.0, train.loss)) << "step " << p.step;
    EXPECT_NEAR(p.test_loss, test.loss, 1e-12 * std::max(1.0, test.loss)) << "step " << p.step;
    EXPECT_DOUBLE_EQ(p.train_accuracy, train.accuracy) << "step " << p.step;
    EXPECT_DOUBLE_EQ(p.test_accuracy, test.accuracy) << "step " << p.step;
    ++compared;
  }
  EXPECT_GE(compared, 3);
  // The mini-batch loss is a different number (10 samples, not 240), kept
  // beside it; the last point is the command's final evaluation.
  const HistoryPoint& first = s.history.points().front();
  EXPECT_TRUE(std::isfinite(first.batch_loss));
  EXPECT_NE(first.batch_loss, first.train_loss);
  EXPECT_EQ(s.history.points().back().step, 700);
  EXPECT_EQ(s.history.points().back().train_loss, s.train_eval.loss.total());
}

TEST(LossCurve, EvaluationsStayWithinTheirShareOfTraining) {
  for (const char* name : {"moons", "xor", "spiral", "sine"}) {
    Session s = preset_session(name);
    const long steps = 3000;
    ASSERT_TRUE(apply(s, TrainSteps{steps}).ok()) << name << ": " << s.message;
    const int n_train = s.data.train.count(), n_test = s.data.test.count();
    const int batch = Trainer::effective_batch(n_train, s.hp.batch_size);
    // Points during training (the last one is the command's final evaluation).
    const auto& pts = s.history.points();
    const long evaluations = static_cast<long>(pts.size()) - 1;
    // Cost in sample-forwards: an evaluation is one forward of every train and
    // test sample; a step is at least one forward of its B samples. The first
    // evaluation, at step 0, is allowed on top.
    const double evaluated = static_cast<double>(evaluations - 1) * (n_train + n_test);
    const double trained = static_cast<double>(batch) * steps;
    EXPECT_LE(evaluated, kEvaluationShare * trained) << name;
    // And not needlessly sparse: points are evaluation_every() steps apart.
    const long every = evaluation_every(s);
    for (std::size_t i = 1; i + 1 < pts.size(); ++i)
      EXPECT_EQ(pts[i].step - pts[i - 1].step, every) << name << " point " << i;
    EXPECT_GE(evaluations, steps / every) << name;
  }
}

// xor with a relu hidden layer, a linear output and lr 3: the loss grows by
// orders of magnitude per few steps but reaches infinity only after hundreds.
Session slowly_diverging() {
  Session s = preset_session("xor");
  EXPECT_TRUE(apply(s, SetActivation{1, Activation::relu}).ok());
  EXPECT_TRUE(apply(s, SetActivation{2, Activation::linear}).ok());
  EXPECT_TRUE(apply(s, SetLearningRate{3.0}).ok());
  return s;
}

TEST(EarlyDivergence, ASlowlyDivergingRunIsWarnedLongBeforeInfinity) {
  // Where the bare trainer first produces a non-finite loss, counted
  // independently of the session's guard.
  Session copy = slowly_diverging();
  Mlp net = copy.net;
  Trainer trainer;
  trainer.reset(net, copy.data.train, copy.hp);
  long infinite_at = -1;
  for (long i = 0; i < 100000 && infinite_at < 0; ++i) {
    const StepReport r = trainer.step(net, copy.data.train, copy.hp);
    if (!std::isfinite(r.loss.total()) || !all_finite(net)) infinite_at = i;
  }
  ASSERT_GT(infinite_at, 0) << "the run never overflowed";

  Session s = slowly_diverging();
  s.playing = true;
  const Status st = apply(s, TrainSteps{100000});
  ASSERT_FALSE(st.ok());
  const Divergence& d = s.divergence;
  EXPECT_TRUE(d.active);
  EXPECT_TRUE(d.early) << d.summary();
  EXPECT_FALSE(s.playing);
  EXPECT_TRUE(all_finite(s.net));
  EXPECT_LT(s.trainer.steps(), infinite_at / 4)
      << "warned at " << s.trainer.steps() << ", infinite at " << infinite_at;
  if (d.where == Overflow::growth) {
    EXPECT_GE(d.loss, kLossGrowthLimit * d.best_loss);
  } else {
    ASSERT_EQ(d.where, Overflow::range);
    EXPECT_GT(d.parameter, kParameterLimit);
  }
  // The banner's sentence keeps every number short.
  const std::string text = d.summary();
  EXPECT_NE(text.find("diverging"), std::string::npos) << text;
  std::size_t run = 0, longest = 0;
  for (char c : text) {
    run = (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == '+' ||
           c == '-')
              ? run + 1
              : 0;
    longest = std::max(longest, run);
  }
  EXPECT_LE(longest, 10u) << text;
}

TEST(EarlyDivergence, LossGrowthOverTheBestTriggersTheWarning) {
  Session s = slowly_diverging();
  // Train one command at a time: the warning comes at the first evaluation
  // whose loss is ≥ 10³ × the best before it, and not before.
  double best = s.train_eval.loss.total();  // at step 0, before any update
  for (int i = 0; i < 2000; ++i) {
    const Status st = apply(s, TrainSteps{1});
    const double loss = s.train_eval.loss.total();
    if (!st.ok()) {
      ASSERT_TRUE(s.divergence.early) << s.divergence.summary();
      if (s.divergence.where == Overflow::growth) {
        EXPECT_GE(loss, 1e3 * best);
        EXPECT_EQ(s.divergence.best_loss, best);
      }
      return;
    }
    EXPECT_LT(loss, 1e3 * best) << "not warned at step " << s.trainer.steps();
    best = std::min(best, loss);
  }
  FAIL() << "never warned";
}

TEST(EarlyDivergence, AParameterOutOfRangeTriggersTheWarning) {
  Session s = preset_session("moons");
  ASSERT_TRUE(apply(s, TrainSteps{5}).ok());
  ASSERT_TRUE(apply(s, SetWeight{2, 0, 0, 2e6}).ok());  // a user's hand edit
  const Status st = apply(s, TrainSteps{10});
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(s.divergence.early);
  EXPECT_EQ(s.divergence.where, Overflow::range);
  EXPECT_EQ(s.divergence.layer, 2);
  EXPECT_GT(s.divergence.parameter, 1e6);
  EXPECT_EQ(s.trainer.steps(), 6);  // the step that showed it stands, no more
  // One warning: training on does not warn again for the same run...
  EXPECT_TRUE(apply(s, TrainSteps{10}).ok());
  EXPECT_FALSE(s.divergence.active);
  // ...until an edit re-arms it.
  ASSERT_TRUE(apply(s, SetLearningRate{0.1}).ok());
  EXPECT_FALSE(apply(s, TrainSteps{1}).ok());
}

TEST(EarlyDivergence, HealthyPresetsAreNeverWarned) {
  for (const char* name : {"moons", "xor", "spiral", "circle", "sine", "blobs3", "xor-cloud"}) {
    Session s = preset_session(name);
    EXPECT_TRUE(apply(s, TrainSteps{3000}).ok()) << name << ": " << s.message;
    EXPECT_FALSE(s.divergence.active) << name;
  }
}

TEST(EarlyDivergence, TheBannersActionsWorkOnAWarning) {
  Session s = slowly_diverging();
  ASSERT_FALSE(apply(s, TrainSteps{100000}).ok());
  ASSERT_TRUE(s.divergence.early);
  const long warned = s.trainer.steps();
  // Inspect: nothing to swap, the shown network is the diverging one.
  const Mlp shown = s.net;
  ASSERT_TRUE(apply(s, InspectDiverged{}).ok());
  EXPECT_TRUE(s.divergence.inspecting);
  EXPECT_EQ(s.net.layer(1).W, shown.layer(1).W);
  // Lower the rate: ×0.1, and the run goes on from before its lowest loss.
  ASSERT_TRUE(apply(s, LowerLearningRate{}).ok());
  EXPECT_DOUBLE_EQ(s.hp.learning_rate, 0.3);
  EXPECT_LE(s.trainer.steps(), warned);
  EXPECT_FALSE(s.divergence.active);
}

}  // namespace
}  // namespace backstep
