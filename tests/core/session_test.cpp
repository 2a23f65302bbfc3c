#include "core/session.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace backstep {
namespace {

Preset xor_preset() {
  Preset p;
  p.name = "xor";
  p.net = make_mlp({2, 4, 1}, {Activation::tanh, Activation::sigmoid}, Loss::bce);
  p.init.seed = 7;
  p.dataset.name = "xor";
  p.hyperparams.learning_rate = 0.5;
  return p;
}

Session xor_session() {
  Result<Session> s = make_session(xor_preset());
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return std::move(s).value();
}

bool same_params(const Mlp& a, const Mlp& b) {
  if (a.depth() != b.depth()) return false;
  for (int l = 1; l <= a.depth(); ++l) {
    if (a.layer(l).W.rows() != b.layer(l).W.rows() || a.layer(l).W.cols() != b.layer(l).W.cols())
      return false;
    if (a.layer(l).W != b.layer(l).W || a.layer(l).b != b.layer(l).b) return false;
    if (a.layer(l).activation != b.layer(l).activation) return false;
  }
  return a.loss == b.loss;
}

TEST(Session, StartsPausedAtStepZeroWithEvaluation) {
  Session s = xor_session();
  EXPECT_EQ(s.trainer.steps(), 0);
  EXPECT_FALSE(s.playing);
  EXPECT_EQ(s.data.train.count(), 4);
  EXPECT_TRUE(std::isfinite(s.train_eval.loss.total()));
  EXPECT_TRUE(std::isnan(s.test_eval.loss.total()));  // xor has no test set
  EXPECT_TRUE(s.history.points().empty());
}

TEST(Session, TrainStepsLearnsXor) {
  Session s = xor_session();
  const double before = s.train_eval.loss.total();
  ASSERT_TRUE(apply(s, TrainSteps{2000}).ok()) << s.message;
  EXPECT_EQ(s.trainer.steps(), 2000);
  EXPECT_LT(s.train_eval.loss.total(), before);
  EXPECT_DOUBLE_EQ(s.train_eval.accuracy, 1.0);
  ASSERT_FALSE(s.history.points().empty());
  // The final point carries the full evaluation after the last update.
  EXPECT_EQ(s.history.points().back().step, 2000);
  EXPECT_DOUBLE_EQ(s.history.points().back().train_loss, s.train_eval.loss.total());
  EXPECT_EQ(s.history.points().front().step, 0);
  EXPECT_GT(s.revision, 0u);
}

TEST(Session, TrainingIsDeterministic) {
  Session a = xor_session(), b = xor_session();
  ASSERT_TRUE(apply(a, TrainSteps{300}).ok());
  ASSERT_TRUE(apply(b, TrainSteps{100}).ok());
  ASSERT_TRUE(apply(b, TrainSteps{200}).ok());
  EXPECT_TRUE(same_params(a.net, b.net));
}

TEST(Session, TrainEpochsAdvancesTheEpochCounter) {
  Session s = xor_session();
  ASSERT_TRUE(apply(s, SetBatchSize{1}).ok());
  ASSERT_TRUE(apply(s, TrainEpochs{3}).ok()) << s.message;
  EXPECT_EQ(s.trainer.epochs(), 3);
  EXPECT_EQ(s.trainer.steps(), 12);  // 4 samples, batch 1
}

TEST(Session, HyperparameterCommandsApply) {
  Session s = xor_session();
  std::uint64_t rev = s.revision;
  auto ok = [&](const Command& c) {
    ASSERT_TRUE(apply(s, c).ok()) << s.message;
    EXPECT_GT(s.revision, rev);
    EXPECT_FALSE(s.message_is_error);
    rev = s.revision;
  };
  ok(SetLearningRate{0.03});
  EXPECT_DOUBLE_EQ(s.hp.learning_rate, 0.03);
  ok(SetOptimizer{OptimizerKind::adam});
  EXPECT_EQ(s.hp.optimizer.kind, OptimizerKind::adam);
  ok(SetBatchSize{2});
  EXPECT_EQ(s.hp.batch_size, 2);
  ok(SetRegularization{RegularizationKind::l2, 0.01});
  EXPECT_EQ(s.hp.regularization.kind, RegularizationKind::l2);
  EXPECT_GT(s.train_eval.loss.regularization, 0.0);  // evaluation refreshed
  ok(SetClipNorm{1.5});
  EXPECT_DOUBLE_EQ(s.hp.clip_norm, 1.5);
  Schedule sched;
  sched.kind = ScheduleKind::cosine;
  ok(SetSchedule{sched});
  EXPECT_EQ(s.hp.schedule.kind, ScheduleKind::cosine);
  ok(SetInit{Init::zeros});
  EXPECT_EQ(s.init.kind, Init::zeros);
  ok(SetPlaying{true});
  EXPECT_TRUE(s.playing);
  ok(SelectSample{3});
  EXPECT_EQ(s.selected_sample, 3);
  ok(SetLoss{Loss::mse});
  EXPECT_EQ(s.net.loss, Loss::mse);
  ok(TrainSteps{5});
  EXPECT_EQ(s.trainer.steps(), 5);
}

TEST(Session, InvalidCommandsLeaveTheSessionUnchanged) {
  Session s = xor_session();
  ASSERT_TRUE(apply(s, TrainSteps{10}).ok());
  const std::vector<Command> bad = {
      TrainSteps{0},
      TrainEpochs{-1},
      SetLearningRate{0.0},
      SetLearningRate{-1.0},
      SetLearningRate{11.0},
      SetLearningRate{std::nan("")},
      SetBatchSize{-2},
      SetRegularization{RegularizationKind::l1, -0.1},
      SetClipNorm{-1.0},
      SetSchedule{Schedule{ScheduleKind::step, 0, 0.5, 10, 0.0}},
      SetActivation{0, Activation::relu},
      SetActivation{3, Activation::relu},
      SetActivation{1, Activation::softmax},  // softmax on a hidden layer
      SetActivation{2, Activation::softmax},  // softmax on a 1-unit output
      SetActivation{2, Activation::tanh},     // bce needs a (0, 1) output
      AddLayer{0, 4, Activation::tanh},
      AddLayer{3, 4, Activation::tanh},
      AddLayer{1, 0, Activation::tanh},
      AddLayer{1, 257, Activation::tanh},
      AddLayer{1, 4, Activation::softmax},
      RemoveLayer{2},  // the output layer
      RemoveLayer{0},
      SetNeurons{2, 3},  // the output layer
      SetNeurons{1, 0},
      SetNeurons{1, 300},
      SetWeight{1, 4, 0, 1.0},
      SetWeight{1, 0, 2, 1.0},
      SetWeight{3, 0, 0, 1.0},
      SetWeight{1, 0, 0, INFINITY},
      SetBias{2, 1, 0.0},
      SelectSample{4},
      SelectSample{-1},
  };
  for (std::size_t i = 0; i < bad.size(); ++i) {
    const Mlp net = s.net;
    const Hyperparams hp = s.hp;
    const std::uint64_t rev = s.revision;
    const long steps = s.trainer.steps();
    const std::size_t hist = s.history.points().size();
    const int sample = s.selected_sample;
    Status r = apply(s, bad[i]);
    EXPECT_FALSE(r.ok()) << "command " << i;
    EXPECT_TRUE(s.message_is_error) << "command " << i;
    EXPECT_FALSE(s.message.empty()) << "command " << i;
    EXPECT_TRUE(same_params(net, s.net)) << "command " << i;
    EXPECT_EQ(rev, s.revision) << "command " << i;
    EXPECT_EQ(steps, s.trainer.steps()) << "command " << i;
    EXPECT_EQ(hist, s.history.points().size()) << "command " << i;
    EXPECT_EQ(sample, s.selected_sample) << "command " << i;
    EXPECT_DOUBLE_EQ(hp.learning_rate, s.hp.learning_rate) << "command " << i;
    EXPECT_EQ(hp.batch_size, s.hp.batch_size) << "command " << i;
    EXPECT_EQ(hp.regularization.lambda, s.hp.regularization.lambda) << "command " << i;
    EXPECT_EQ(hp.clip_norm, s.hp.clip_norm) << "command " << i;
    EXPECT_EQ(hp.schedule.step_every, s.hp.schedule.step_every) << "command " << i;
  }
}

TEST(Session, CrossEntropyNeedsAUnitIntervalOutput) {
  Session s = xor_session();
  ASSERT_TRUE(apply(s, SetLoss{Loss::mse}).ok());
  ASSERT_TRUE(apply(s, SetActivation{2, Activation::linear}).ok());
  EXPECT_FALSE(apply(s, SetLoss{Loss::bce}).ok());
  EXPECT_FALSE(apply(s, SetLoss{Loss::ce}).ok());
  EXPECT_EQ(s.net.loss, Loss::mse);
}

TEST(Session, SetActivationKeepsWeightsAndActsOnTheNextStep) {
  Session a = xor_session(), b = xor_session();
  ASSERT_TRUE(apply(a, TrainSteps{20}).ok());
  ASSERT_TRUE(apply(b, TrainSteps{20}).ok());
  const Mlp before = b.net;
  ASSERT_TRUE(apply(b, SetActivation{1, Activation::relu}).ok()) << b.message;
  EXPECT_EQ(b.net.layer(1).activation, Activation::relu);
  EXPECT_EQ(b.net.layer(1).W, before.layer(1).W);  // weights kept
  EXPECT_EQ(b.trainer.steps(), 20);                // training state kept
  EXPECT_EQ(b.history.points().size(), a.history.points().size());
  ASSERT_TRUE(apply(a, TrainSteps{1}).ok());
  ASSERT_TRUE(apply(b, TrainSteps{1}).ok());
  // Same weights before the step, different activation → a different loss at step 21.
  EXPECT_NE(a.last_step.loss.total(), b.last_step.loss.total());
  EXPECT_FALSE(same_params(a.net, b.net));
}

TEST(Session, LearningRateActsOnTheNextStep) {
  Session a = xor_session(), b = xor_session();
  ASSERT_TRUE(apply(b, SetLearningRate{0.05}).ok());
  ASSERT_TRUE(apply(a, TrainSteps{1}).ok());
  ASSERT_TRUE(apply(b, TrainSteps{1}).ok());
  EXPECT_DOUBLE_EQ(a.last_step.learning_rate, 0.5);
  EXPECT_DOUBLE_EQ(b.last_step.learning_rate, 0.05);
  // Same gradient, a tenth of the step: Δw scales with η.
  const double da = a.net.layer(2).W(0, 0) - xor_session().net.layer(2).W(0, 0);
  const double db = b.net.layer(2).W(0, 0) - xor_session().net.layer(2).W(0, 0);
  EXPECT_NEAR(db * 10.0, da, 1e-12);
}

// Architecture edits reshape the network and the run goes on (counters and the
// curve stay, the edit is marked on it; core/architecture_edit_test.cpp checks
// which weights are kept).
TEST(Session, ArchitectureCommandsReshapeAndTheRunGoesOn) {
  Session s = xor_session();
  ASSERT_TRUE(apply(s, TrainSteps{50}).ok());
  ASSERT_TRUE(apply(s, AddLayer{2, 16, Activation::relu}).ok()) << s.message;
  ASSERT_EQ(s.net.depth(), 3);
  EXPECT_EQ(s.net.size(2), 16);
  EXPECT_EQ(s.net.layer(2).activation, Activation::relu);
  EXPECT_EQ(s.net.layer(3).W.cols(), 16);
  EXPECT_EQ(s.trainer.steps(), 50);
  EXPECT_FALSE(s.history.points().empty());
  ASSERT_EQ(s.history.markers().size(), 1u);
  EXPECT_EQ(s.history.markers()[0].step, 50);
  ASSERT_TRUE(apply(s, SetNeurons{1, 9}).ok());
  EXPECT_EQ(s.net.size(1), 9);
  EXPECT_EQ(s.net.layer(2).W.cols(), 9);
  // Up to 8 hidden layers of 16.
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(apply(s, AddLayer{1, 16, Activation::tanh}).ok());
  for (int l = 1; l < s.net.depth(); ++l) ASSERT_TRUE(apply(s, SetNeurons{l, 16}).ok());
  EXPECT_EQ(s.net.depth(), 9);
  ASSERT_TRUE(apply(s, TrainSteps{5}).ok()) << s.message;
  ASSERT_TRUE(apply(s, RemoveLayer{1}).ok());
  EXPECT_EQ(s.net.depth(), 8);
  EXPECT_EQ(s.trainer.steps(), 55);
}

TEST(Session, SetWeightAndBiasChangeOneParameter) {
  Session s = xor_session();
  const Mlp before = s.net;
  const double loss = s.train_eval.loss.total();
  ASSERT_TRUE(apply(s, SetWeight{2, 0, 3, 2.5}).ok());
  EXPECT_EQ(s.net.layer(2).W(0, 3), 2.5);
  EXPECT_EQ(s.net.layer(1).W, before.layer(1).W);
  EXPECT_NE(s.train_eval.loss.total(), loss);  // evaluation follows the weight
  ASSERT_TRUE(apply(s, SetBias{1, 2, -1.0}).ok());
  EXPECT_EQ(s.net.layer(1).b(2), -1.0);
}

TEST(Session, ResetWithSameOrNewSeed) {
  Session fresh = xor_session();
  Session s = xor_session();
  ASSERT_TRUE(apply(s, TrainSteps{100}).ok());
  ASSERT_TRUE(apply(s, Reset{false}).ok());
  EXPECT_TRUE(same_params(fresh.net, s.net));
  EXPECT_EQ(s.trainer.steps(), 0);
  EXPECT_TRUE(s.history.points().empty());
  ASSERT_TRUE(apply(s, Reset{true}).ok());
  EXPECT_EQ(s.init.seed, fresh.init.seed + 1);
  EXPECT_FALSE(same_params(fresh.net, s.net));
  ASSERT_TRUE(apply(s, SetSeed{7}).ok());
  EXPECT_TRUE(same_params(fresh.net, s.net));
}

TEST(Session, DivergenceStopsEarlyAndRestoresTheParameters) {
  Preset p = xor_preset();
  p.net = make_mlp({2, 8, 1}, {Activation::linear, Activation::linear}, Loss::mse);
  p.hyperparams.learning_rate = 10.0;  // far beyond 2/λ_max: the iterates blow up
  Result<Session> r = make_session(p);
  ASSERT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  Session s = std::move(r).value();
  Status st = apply(s, TrainSteps{100000});
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(s.message_is_error);
  EXPECT_LT(s.trainer.steps(), 100000);
  EXPECT_GT(s.trainer.steps(), 0);
  EXPECT_TRUE(all_finite(s.net));
  EXPECT_FALSE(s.playing);
}

TEST(Session, LoadPresetModelAndDataset) {
  Session s = xor_session();
  Preset circle = xor_preset();
  circle.name = "circle";
  circle.dataset = GeneratorSpec{"circle", 100, 0.1, 0.2, 3};
  ASSERT_TRUE(apply(s, LoadPreset{circle}).ok()) << s.message;
  EXPECT_EQ(s.name, "circle");
  EXPECT_EQ(s.data.train.count() + s.data.test.count(), 100);
  EXPECT_GT(s.data.test.count(), 0);
  EXPECT_TRUE(std::isfinite(s.test_eval.loss.total()));

  Mlp wrong = make_mlp({3, 2, 1}, {Activation::tanh, Activation::sigmoid}, Loss::bce);
  EXPECT_FALSE(apply(s, LoadModel{wrong}).ok());
  EXPECT_EQ(s.net.input_size(), 2);
  Mlp right = make_mlp({2, 5, 1}, {Activation::tanh, Activation::sigmoid}, Loss::bce);
  right.layer(1).W.setConstant(0.1);
  ASSERT_TRUE(apply(s, LoadModel{right}).ok()) << s.message;
  EXPECT_EQ(s.net.size(1), 5);
  EXPECT_EQ(s.net.layer(1).W(0, 0), 0.1);

  // (The network's input/output layers follow imported data, so a different
  // column count is not an error; a sample count mismatch is.)
  DataSplit bad;
  bad.train.x = Matrix::Zero(3, 4);
  bad.train.t = Matrix::Zero(1, 3);
  EXPECT_FALSE(apply(s, LoadDataset{bad, "bad.csv"}).ok());
  EXPECT_EQ(s.net.input_size(), 2);
  DataSplit good;
  good.train.x = Matrix::Random(2, 6);
  good.train.t = Matrix::Ones(1, 6);
  ASSERT_TRUE(apply(s, LoadDataset{good, "good.csv"}).ok()) << s.message;
  EXPECT_EQ(s.data_source, "good.csv");
  EXPECT_EQ(s.data.train.count(), 6);

  ASSERT_TRUE(apply(s, GenerateDataset{GeneratorSpec{"moons", 50, 0.1, 0.0, 2}}).ok());
  EXPECT_EQ(s.data.train.count(), 50);
  EXPECT_TRUE(s.data_source.empty());
  EXPECT_FALSE(apply(s, GenerateDataset{GeneratorSpec{"no-such-data", 50, 0.0, 0.0, 1}}).ok());
  EXPECT_EQ(s.data.train.count(), 50);
}

TEST(LossHistory, DecimatesToBoundedUniformPoints) {
  LossHistory h(8);
  for (long i = 0; i < 1000; ++i) h.record({i, 0, static_cast<double>(1000 - i), 0, 0, 0});
  const auto& pts = h.points();
  ASSERT_LE(pts.size(), 8u);
  ASSERT_GE(pts.size(), 4u);
  EXPECT_EQ(pts.front().step, 0);
  EXPECT_GT(h.stride(), 1);
  // Evenly spaced at the current stride, and the latest point is recent.
  for (std::size_t i = 1; i < pts.size(); ++i) EXPECT_EQ(pts[i].step - pts[i - 1].step, h.stride());
  EXPECT_GT(pts.back().step, 1000 - 2 * h.stride());
  h.record_final({1000, 0, 0.0, 0, 0, 0});
  EXPECT_EQ(h.points().back().step, 1000);
  h.record_final({1000, 1, 5.0, 0, 0, 0});  // same step: replaced, not appended
  EXPECT_EQ(h.points().back().train_loss, 5.0);
  EXPECT_LE(h.points().size(), 8u);
  h.clear();
  EXPECT_TRUE(h.points().empty());
  EXPECT_EQ(h.stride(), 1);
}

}  // namespace
}  // namespace backstep
