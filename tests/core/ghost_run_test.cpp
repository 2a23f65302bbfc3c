// The Bug lab's ghost run: the correct engine in lock-step beside a buggy
// run. Its expected numbers come from a second session that never had the
// bug, trained through the same commands: the ghost must be that run, bit
// for bit, and its curve that run's curve at the same steps.
#include <gtest/gtest.h>

#include <cmath>

#include "core/bug.hpp"
#include "core/session.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

void must(Session& s, const Command& c) {
  const Status r = apply(s, c);
  ASSERT_TRUE(r.ok()) << s.message;
}

void expect_same_net(const Mlp& a, const Mlp& b) {
  ASSERT_EQ(a.depth(), b.depth());
  for (int l = 1; l <= a.depth(); ++l) {
    EXPECT_EQ(a.layer(l).W, b.layer(l).W) << "layer " << l;
    EXPECT_EQ(a.layer(l).b, b.layer(l).b) << "layer " << l;
  }
}

// The ghost's curve equals the correct session's at every step they share.
void expect_curve_of(const GhostRun& g, const Session& correct) {
  const auto& ghost = g.history.points();
  const auto& right = correct.history.points();
  ASSERT_FALSE(ghost.empty());
  int matched = 0;
  for (const HistoryPoint& p : ghost) {
    for (const HistoryPoint& q : right) {
      if (q.step != p.step) continue;
      EXPECT_EQ(p.train_loss, q.train_loss) << "step " << p.step;
      EXPECT_EQ(p.train_accuracy, q.train_accuracy) << "step " << p.step;
      if (!std::isnan(q.test_loss)) {
        EXPECT_EQ(p.test_loss, q.test_loss) << "step " << p.step;
      }
      ++matched;
    }
  }
  EXPECT_GE(matched, static_cast<int>(ghost.size()) - 1);
}

TEST(GhostRun, NoBugNoGhost) {
  Session s = test::preset_session("blobs3");
  must(s, TrainSteps{20});
  EXPECT_FALSE(s.ghost.active);
  EXPECT_TRUE(s.ghost.history.points().empty());
}

// Switched on at step 10, trained 1000 steps: the ghost is the run a session
// without the bug makes over the same 1010 steps, and the buggy run is not.
TEST(GhostRun, TrainsExactlyAsTheCorrectEngineFromTheSameStart) {
  Session buggy = test::preset_session("blobs3");
  Session right = test::preset_session("blobs3");
  must(buggy, TrainSteps{10});
  must(right, TrainSteps{10});
  must(buggy, SetBug{Bug::no_batch_mean});
  ASSERT_TRUE(buggy.ghost.active);
  EXPECT_EQ(buggy.ghost.start_step, 10);
  ASSERT_EQ(buggy.ghost.history.points().size(), 1u);
  EXPECT_EQ(buggy.ghost.history.points()[0].train_loss, buggy.train_eval.loss.total());
  must(buggy, TrainSteps{1000});  // blobs3 evaluates every 250 steps
  must(right, TrainSteps{1000});
  expect_same_net(buggy.ghost.net, right.net);
  EXPECT_EQ(buggy.ghost.trainer.steps(), right.trainer.steps());
  expect_curve_of(buggy.ghost, right);
  // The curves part: the bug's run ends elsewhere.
  EXPECT_NE(buggy.train_eval.loss.total(), right.train_eval.loss.total());
  EXPECT_GT(buggy.ghost.history.points().size(), 2u);
}

// The hyperparameters both runs share follow the run: a learning-rate change
// mid-way reaches the ghost too, which stays the correct session's run.
TEST(GhostRun, SharedHyperparameterEditsKeepItInLockStep) {
  Session buggy = test::preset_session("xor");
  Session right = test::preset_session("xor");
  must(buggy, SetBug{Bug::gradient_ascent});
  must(buggy, TrainSteps{30});
  must(right, TrainSteps{30});
  must(buggy, SetLearningRate{0.05});
  must(right, SetLearningRate{0.05});
  must(buggy, SetOptimizer{OptimizerKind::momentum});
  must(right, SetOptimizer{OptimizerKind::momentum});
  must(buggy, TrainSteps{40});
  must(right, TrainSteps{40});
  ASSERT_TRUE(buggy.ghost.active);
  EXPECT_EQ(buggy.ghost.start_step, 0);
  expect_same_net(buggy.ghost.net, right.net);
  expect_curve_of(buggy.ghost, right);
  // Gradient ascent climbs: its loss ends above the correct run's.
  EXPECT_GT(buggy.train_eval.loss.total(), right.train_eval.loss.total());
}

// A state the ghost did not share (a reset, another bug, an undo, bug off)
// ends or restarts it; a step of the trace cursor does not.
TEST(GhostRun, StartsOverWhereTheRunLeavesItsPath) {
  Session s = test::preset_session("xor");
  must(s, SetBug{Bug::no_activation_derivative});
  must(s, TrainSteps{25});
  ASSERT_TRUE(s.ghost.active);
  EXPECT_EQ(s.ghost.bug, Bug::no_activation_derivative);
  must(s, SetTraceIndex{3});
  EXPECT_EQ(s.ghost.start_step, 0);  // looking at the trace keeps it
  must(s, SetBug{Bug::relu_prime_one});
  EXPECT_EQ(s.ghost.bug, Bug::relu_prime_one);
  EXPECT_EQ(s.ghost.start_step, 25);
  expect_same_net(s.ghost.net, s.net);
  must(s, Reset{});
  EXPECT_TRUE(s.ghost.active);
  EXPECT_EQ(s.ghost.start_step, 0);
  expect_same_net(s.ghost.net, s.net);
  must(s, SetBug{Bug::none});
  EXPECT_FALSE(s.ghost.active);
  EXPECT_TRUE(s.ghost.history.points().empty());
  must(s, Undo{});  // back to relu-prime-one: the ghost starts from here
  EXPECT_EQ(s.hp.bug, Bug::relu_prime_one);
  EXPECT_TRUE(s.ghost.active);
  for (int i = 0; i < 3; ++i) must(s, Undo{});  // the reset, relu-prime-one, the first bug
  EXPECT_EQ(s.hp.bug, Bug::none);
  EXPECT_FALSE(s.ghost.active);
}

}  // namespace
}  // namespace backstep
