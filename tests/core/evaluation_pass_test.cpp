// A whole-set evaluation spread over calls (core/evaluation_pass.hpp) gives
// evaluate_into's numbers at the parameters it started from, to the last bit,
// whatever the column budget and however the network moves on meanwhile; the
// session takes them as a loss-curve point (advance_evaluation).
#include "core/evaluation_pass.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/init.hpp"
#include "core/session.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

// n samples of 4 inputs, one-hot among 3 classes (the class of the largest of
// the first three inputs), drawn from `seed`.
Dataset blobs(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  Dataset d{Matrix(4, n), Matrix::Zero(3, n)};
  for (int i = 0; i < n; ++i) {
    for (int r = 0; r < 4; ++r) d.x(r, i) = z(rng);
    int best = 0;
    for (int k = 1; k < 3; ++k)
      if (d.x(k, i) > d.x(best, i)) best = k;
    d.t(best, i) = 1.0;
  }
  return d;
}

Mlp network(std::uint64_t seed) {
  Mlp net = make_mlp({4, 8, 3}, {Activation::tanh, Activation::softmax}, Loss::ce);
  InitSpec init;
  init.seed = seed;
  initialize(net, init);
  return net;
}

void expect_same(const Evaluation& a, const Evaluation& b, const char* what) {
  EXPECT_EQ(a.loss.data, b.loss.data) << what;  // bit for bit, not near
  EXPECT_EQ(a.loss.regularization, b.loss.regularization) << what;
  EXPECT_EQ(a.accuracy, b.accuracy) << what;
  ASSERT_EQ(a.outputs.rows(), b.outputs.rows()) << what;
  ASSERT_EQ(a.outputs.cols(), b.outputs.cols()) << what;
  EXPECT_TRUE(a.outputs == b.outputs) << what;
}

TEST(EvaluationPass, GivesEvaluateIntosNumbersAtItsStartForAnyBudget) {
  DataSplit data;
  data.train = blobs(2500, 1);  // three blocks: 1024, 1024, 452
  data.test = blobs(1300, 2);   // two: 1024, 276
  const Regularization reg{RegularizationKind::l2, 1e-3};
  for (int budget : {1, 700, 1024, 5000}) {
    Mlp net = network(3);
    EvaluationPass pass;
    start_pass(pass, net, reg, 42, 7, data);
    Workspace ws;
    Evaluation train, test;
    evaluate_into(net, data.train, reg, data.task, ws, train);
    evaluate_into(net, data.test, reg, data.task, ws, test);
    int calls = 0;
    while (!advance_pass(pass, data, budget)) {
      // Training goes on: the live network moves, the pass's copy does not.
      net.layer(1).W.array() += 0.01;
      ++calls;
      ASSERT_LT(calls, 100);
    }
    EXPECT_FALSE(pass.active);
    EXPECT_EQ(pass.step, 42);
    EXPECT_EQ(pass.epoch, 7);
    // Whole blocks, each call until it has done at least `budget` columns.
    int expected_calls = 0, done = 0;
    for (int block : {1024, 1024, 452, 1024, 276}) {
      if (done == 0) ++expected_calls;
      done += block;
      if (done >= budget) done = 0;
    }
    EXPECT_EQ(calls + 1, expected_calls) << "budget " << budget;
    expect_same(pass.train, train, "train");
    expect_same(pass.test, test, "test");
  }
}

TEST(EvaluationPass, ASmallSetIsOneCallOfEvaluateInto) {
  DataSplit data;
  data.train = blobs(300, 4);
  const Mlp net = network(5);
  EvaluationPass pass;
  start_pass(pass, net, Regularization{}, 0, 0, data);
  ASSERT_TRUE(advance_pass(pass, data, 1));  // one block, no test set
  Workspace ws;
  Evaluation train;
  evaluate_into(net, data.train, Regularization{}, data.task, ws, train);
  expect_same(pass.train, train, "train");
  EXPECT_EQ(pass.test.outputs.cols(), 0);
}

Session spiral_session(int count) {
  Preset p;
  p.name = "spiral";
  p.net = make_mlp({2, 8, 1}, {Activation::tanh, Activation::tanh}, Loss::mse);
  p.init.seed = 3;
  p.dataset.name = "spiral";
  p.dataset.count = count;
  p.dataset.test_ratio = 0.25;
  p.hyperparams.batch_size = 16;
  return test::session_of(p);
}

TEST(EvaluationPass, TheSessionTakesACompletedPassAsACurvePointAtItsStep) {
  // 3000 train samples (blocks 1024, 1024, 952) + 1000 test (one block).
  Session s = spiral_session(4000);
  ASSERT_EQ(s.data.train.count(), 3000);
  ASSERT_EQ(s.data.test.count(), 1000);
  ASSERT_TRUE(apply(s, TrainSteps{10, false}).ok());
  const Mlp at_10 = s.net;
  const std::size_t points = s.history.points().size();
  EXPECT_FALSE(advance_evaluation(s, 1024));  // starts at step 10, one block done
  ASSERT_TRUE(apply(s, TrainSteps{5, false}).ok());
  EXPECT_FALSE(advance_evaluation(s, 1024));
  ASSERT_TRUE(apply(s, TrainSteps{5, false}).ok());
  EXPECT_TRUE(advance_evaluation(s, 1024));  // 952 + 1000: through
  EXPECT_EQ(s.trainer.steps(), 20);
  EXPECT_EQ(s.evaluated_step, 10);  // what the loss panel says the numbers are of
  const Evaluation train = evaluate(at_10, s.data.train, s.hp.regularization, s.data.task);
  const Evaluation test = evaluate(at_10, s.data.test, s.hp.regularization, s.data.task);
  expect_same(s.train_eval, train, "train_eval");
  expect_same(s.test_eval, test, "test_eval");
  ASSERT_EQ(s.history.points().size(), points + 1);
  const HistoryPoint& p = s.history.points().back();
  EXPECT_EQ(p.step, 10);
  EXPECT_EQ(p.train_loss, train.loss.total());
  EXPECT_EQ(p.test_loss, test.loss.total());
  EXPECT_EQ(p.train_accuracy, train.accuracy);
  EXPECT_TRUE(std::isnan(p.batch_loss));
}

TEST(EvaluationPass, AResetDropsAPassUnderWay) {
  Session s = spiral_session(4000);
  ASSERT_TRUE(apply(s, TrainSteps{30, false}).ok());
  EXPECT_FALSE(advance_evaluation(s, 1024));  // a pass at step 30
  ASSERT_TRUE(apply(s, Reset{false}).ok());
  EXPECT_FALSE(s.evaluation_pass.active);
  // The next pass starts at the reset's step 0; no point of the old step 30.
  for (int i = 0; i < 2; ++i) EXPECT_FALSE(advance_evaluation(s, 1024));
  EXPECT_TRUE(advance_evaluation(s, 1024));
  for (const HistoryPoint& p : s.history.points()) EXPECT_NE(p.step, 30);
  EXPECT_EQ(s.evaluation_pass.step, 0);
}

}  // namespace
}  // namespace backstep
