// Rewind and undo: resuming from a snapshot continues bit-identically to a
// fresh run through the same step, undo restores the exact previous network,
// and the snapshot history stays under its memory cap.
#include "core/rewind.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <tuple>

#include "core/session.hpp"
#include "tests/support/bit_identical.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

using test::bit_identical;

// The spiral preset's shape (2-8×6-1 tanh, 250 samples, adam, batch 10).
Preset spiral_preset(OptimizerKind kind = OptimizerKind::adam, int batch = 10) {
  Preset p;
  p.name = "spiral";
  std::vector<int> sizes = {2, 8, 8, 8, 8, 8, 8, 1};
  std::vector<Activation> acts(7, Activation::tanh);
  p.net = make_mlp(sizes, acts, Loss::mse);
  p.dataset = {"spiral", 250, 0.0, 0.0, 1};
  p.hyperparams.learning_rate = 0.03;
  p.hyperparams.optimizer.kind = kind;
  p.hyperparams.batch_size = batch;
  return p;
}

void expect_same_run(const Session& a, const Session& b) {
  ASSERT_EQ(a.net.depth(), b.net.depth());
  for (int l = 1; l <= a.net.depth(); ++l) {
    EXPECT_TRUE(bit_identical(a.net.layer(l).W, b.net.layer(l).W)) << "W, layer " << l;
    EXPECT_TRUE(bit_identical(a.net.layer(l).b, b.net.layer(l).b)) << "b, layer " << l;
    EXPECT_EQ(a.net.layer(l).activation, b.net.layer(l).activation);
    const OptimizerState &oa = a.trainer.optimizer_state(), &ob = b.trainer.optimizer_state();
    EXPECT_TRUE(bit_identical(oa.first_W[l], ob.first_W[l])) << "first moment, layer " << l;
    EXPECT_TRUE(bit_identical(oa.second_W[l], ob.second_W[l])) << "second moment, layer " << l;
    EXPECT_TRUE(bit_identical(oa.first_b[l], ob.first_b[l]));
    EXPECT_TRUE(bit_identical(oa.second_b[l], ob.second_b[l]));
  }
  EXPECT_EQ(a.trainer.optimizer_state().t, b.trainer.optimizer_state().t);
  EXPECT_EQ(a.trainer.steps(), b.trainer.steps());
  EXPECT_EQ(a.trainer.epochs(), b.trainer.epochs());
  EXPECT_EQ(a.trainer.cursor(), b.trainer.cursor());
}

class RewindResume : public ::testing::TestWithParam<std::tuple<OptimizerKind, int, long>> {};

TEST_P(RewindResume, ResumingEqualsAFreshRunToThatStep) {
  const auto [kind, batch, target] = GetParam();
  const Preset p = spiral_preset(kind, batch);
  Session s = test::session_of(p);
  ASSERT_TRUE(apply(s, TrainSteps{400}).ok());
  ASSERT_TRUE(apply(s, Rewind{target}).ok()) << s.message;
  ASSERT_TRUE(s.rewind.viewing_past());
  const long k = s.rewind.viewing_step;
  EXPECT_LE(k, target);
  if (target <= SnapshotHistory::kDenseSteps) {
    EXPECT_EQ(k, target);  // every step is kept
  }
  EXPECT_EQ(s.trainer.steps(), k);

  // Training waits while the past is shown.
  EXPECT_FALSE(apply(s, TrainSteps{1}).ok());
  EXPECT_EQ(s.trainer.steps(), k);

  Session fresh = test::session_of(p);
  if (k > 0) {
    ASSERT_TRUE(apply(fresh, TrainSteps{k}).ok());
  }
  expect_same_run(s, fresh);

  ASSERT_TRUE(apply(s, ResumeFromRewind{}).ok());
  EXPECT_FALSE(s.rewind.viewing_past());
  for (const Snapshot& snap : s.rewind.history.snapshots()) EXPECT_LE(snap.step, k);
  for (const HistoryPoint& pt : s.history.points()) EXPECT_LE(pt.step, k);
  ASSERT_TRUE(apply(s, TrainSteps{77}).ok());
  ASSERT_TRUE(apply(fresh, TrainSteps{77}).ok());
  expect_same_run(s, fresh);
}

INSTANTIATE_TEST_SUITE_P(Cases, RewindResume,
                         ::testing::Values(std::make_tuple(OptimizerKind::adam, 10, 57L),
                                           std::make_tuple(OptimizerKind::adam, 10, 333L),
                                           std::make_tuple(OptimizerKind::momentum, 0, 250L),
                                           std::make_tuple(OptimizerKind::sgd, 7, 0L)));

TEST(Rewind, ReturnToPresentRestoresTheExactPresent) {
  Session s = test::session_of(spiral_preset());
  ASSERT_TRUE(apply(s, TrainSteps{150}).ok());
  Session present = s;
  ASSERT_TRUE(apply(s, Rewind{20}).ok());
  EXPECT_FALSE(bit_identical(s.net.layer(1).W, present.net.layer(1).W));
  ASSERT_TRUE(apply(s, Rewind{90}).ok());  // scrubbing within the past
  EXPECT_EQ(s.rewind.viewing_step, 90);
  ASSERT_TRUE(apply(s, ReturnToPresent{}).ok());
  expect_same_run(s, present);
  // And training on continues like the run that never looked back.
  ASSERT_TRUE(apply(s, TrainSteps{30}).ok());
  ASSERT_TRUE(apply(present, TrainSteps{30}).ok());
  expect_same_run(s, present);
}

TEST(Rewind, EditsWaitWhileThePastIsShown) {
  Session s = test::session_of(spiral_preset());
  ASSERT_TRUE(apply(s, TrainSteps{10}).ok());
  ASSERT_TRUE(apply(s, Rewind{3}).ok());
  EXPECT_FALSE(apply(s, SetWeight{1, 0, 0, 0.5}).ok());
  EXPECT_FALSE(apply(s, SetPlaying{true}).ok());
  EXPECT_TRUE(apply(s, SelectSample{4}).ok());  // looking is fine
  EXPECT_FALSE(apply(s, Rewind{-1}).ok());
}

TEST(Undo, RestoresTheExactPreviousNetworkAndRedoReappliesIt) {
  Session s = test::session_of(spiral_preset());
  ASSERT_TRUE(apply(s, TrainSteps{25}).ok());
  const Session before = s;
  ASSERT_TRUE(apply(s, SetWeight{2, 3, 4, 1.25}).ok());
  ASSERT_TRUE(apply(s, SetWeight{2, 3, 4, 1.5}).ok());  // same weight: one undo entry
  EXPECT_EQ(s.rewind.undo.size(), 1u);
  ASSERT_TRUE(apply(s, Undo{}).ok());
  expect_same_run(s, before);
  ASSERT_TRUE(apply(s, Redo{}).ok());
  EXPECT_EQ(s.net.layer(2).W(3, 4), 1.5);
  EXPECT_FALSE(apply(s, Redo{}).ok());  // nothing left
}

TEST(Undo, ArchitectureAndHyperparameterEditsUndoInOrder) {
  Session s = test::session_of(spiral_preset());
  ASSERT_TRUE(apply(s, TrainSteps{40}).ok());
  const Session start = s;
  ASSERT_TRUE(apply(s, SetLearningRate{0.01}).ok());
  ASSERT_TRUE(apply(s, SetLearningRate{0.02}).ok());  // a slider drag merges
  const Session after_lr = s;
  ASSERT_TRUE(apply(s, AddLayer{2, 5, Activation::relu}).ok());
  ASSERT_EQ(s.net.depth(), 8);
  EXPECT_EQ(s.trainer.steps(), 40);  // the run goes on past the edit
  ASSERT_TRUE(apply(s, SetActivation{1, Activation::sigmoid}).ok());

  ASSERT_TRUE(apply(s, Undo{}).ok());  // the activation
  EXPECT_EQ(s.net.layer(1).activation, Activation::tanh);
  ASSERT_TRUE(apply(s, Undo{}).ok());  // the added layer: back to the trained network
  expect_same_run(s, after_lr);
  EXPECT_EQ(s.history.points().size(), after_lr.history.points().size());
  ASSERT_TRUE(apply(s, Undo{}).ok());  // both learning-rate changes
  EXPECT_EQ(s.hp.learning_rate, start.hp.learning_rate);
  expect_same_run(s, start);
  EXPECT_FALSE(apply(s, Undo{}).ok());
  // After undoing, training on equals the run that never made the edits.
  Session control = start;
  ASSERT_TRUE(apply(s, TrainSteps{20}).ok());
  ASSERT_TRUE(apply(control, TrainSteps{20}).ok());
  expect_same_run(s, control);
}

TEST(Rewind, MemoryStaysUnderTheCapOverTenThousandSteps) {
  Session s = test::session_of(spiral_preset());
  const std::size_t cap = std::size_t{256} << 10;  // 256 KiB: forces thinning
  s.rewind.history.set_cap_bytes(cap);
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(apply(s, TrainSteps{100}).ok());
    ASSERT_LE(s.rewind.history.bytes(), cap) << "after " << s.trainer.steps() << " steps";
  }
  const std::vector<Snapshot>& snaps = s.rewind.history.snapshots();
  ASSERT_GE(snaps.size(), 3u);
  EXPECT_EQ(snaps.front().step, 0);  // the start stays reachable
  EXPECT_GE(snaps.back().step, 9800);
  for (std::size_t i = 1; i < snaps.size(); ++i) EXPECT_LT(snaps[i - 1].step, snaps[i].step);
  // The accounting matches the snapshots held.
  std::size_t sum = 0;
  for (const Snapshot& snap : snaps) sum += snap.bytes;
  EXPECT_EQ(sum, s.rewind.history.bytes());
  // Thinning keeps the snapshots spread over the whole run (evenly on a log
  // scale): past the dense start, no gap spans more than a doubling of the
  // step, so the middle of the run is never emptied.
  for (std::size_t i = 1; i < snaps.size(); ++i) {
    if (snaps[i - 1].step >= 100) {
      EXPECT_LE(snaps[i].step, 2 * snaps[i - 1].step)
          << "gap from step " << snaps[i - 1].step << " to " << snaps[i].step << " of "
          << snaps.size() << " snapshots";
    }
  }
  // Rewinding to an old step lands on the newest snapshot at or before it,
  // which is then in the second half of the way there.
  long expected = 0;
  for (const Snapshot& snap : snaps) {
    if (snap.step <= 5000) expected = snap.step;
  }
  EXPECT_GT(expected, 2500);
  ASSERT_TRUE(apply(s, Rewind{5000}).ok());
  EXPECT_EQ(s.rewind.viewing_step, expected);
}

TEST(Rewind, DefaultCapHoldsTheSpiralRunWithoutThinning) {
  Session s = test::session_of(spiral_preset());
  ASSERT_TRUE(apply(s, TrainSteps{10000}).ok());
  const SnapshotHistory& h = s.rewind.history;
  EXPECT_LE(h.bytes(), SnapshotHistory::kDefaultCapBytes);
  // Dense for the first 100 steps, then geometric: a few hundred in all.
  EXPECT_EQ(h.snapshots()[100].step, 100);
  EXPECT_LT(h.snapshots().size(), 400u);
  RecordProperty("snapshots", static_cast<int>(h.snapshots().size()));
  RecordProperty("bytes", static_cast<int>(h.bytes()));
  std::printf("rewind history after 10000 spiral steps: %zu snapshots, %.2f MiB\n",
              h.snapshots().size(), static_cast<double>(h.bytes()) / (1 << 20));
}

}  // namespace
}  // namespace backstep
