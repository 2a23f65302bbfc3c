#include "core/data_fit.hpp"

#include <gtest/gtest.h>

#include "core/session.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

Session circle_session() {
  Preset p;
  p.name = "test";
  p.net = make_mlp({2, 4, 3, 1}, {Activation::tanh, Activation::relu, Activation::tanh}, Loss::mse);
  p.dataset.name = "circle";
  p.dataset.count = 100;
  p.dataset.test_ratio = 0.2;
  return test::session_of(p);
}

TEST(DataFit, ThreeClassGeneratorGivesSoftmaxOutputsAndKeepsHiddenLayers) {
  Session s = circle_session();
  GeneratorSpec spec = s.data_spec;
  spec.name = "blobs3";
  ASSERT_TRUE(apply(s, GenerateDataset{spec}).ok()) << s.message;
  EXPECT_EQ(s.net.output_size(), 3);
  EXPECT_EQ(s.net.layer(s.net.depth()).activation, Activation::softmax);
  EXPECT_EQ(s.net.loss, Loss::ce);
  ASSERT_EQ(s.net.depth(), 3);
  EXPECT_EQ(s.net.size(1), 4);
  EXPECT_EQ(s.net.size(2), 3);
  EXPECT_EQ(s.net.layer(2).activation, Activation::relu);
  EXPECT_EQ(s.data.train.t.rows(), 3);
  EXPECT_EQ(s.data.task, Task::classification);
  // Training works on the reshaped network.
  EXPECT_TRUE(apply(s, TrainSteps{5}).ok()) << s.message;
  EXPECT_NE(s.message.find("3 softmax"), std::string::npos) << s.message;
}

TEST(DataFit, OneDimensionalRegressionShrinksTheInputLayer) {
  Session s = circle_session();
  GeneratorSpec spec = s.data_spec;
  spec.name = "sine";
  ASSERT_TRUE(apply(s, GenerateDataset{spec}).ok()) << s.message;
  EXPECT_EQ(s.net.input_size(), 1);
  EXPECT_EQ(s.net.output_size(), 1);
  EXPECT_EQ(s.net.loss, Loss::mse);
  EXPECT_EQ(s.data.task, Task::regression);
  // And back: a 2-D classification set restores two inputs.
  spec.name = "moons";
  ASSERT_TRUE(apply(s, GenerateDataset{spec}).ok()) << s.message;
  EXPECT_EQ(s.net.input_size(), 2);
  EXPECT_EQ(s.net.output_size(), 1);
  EXPECT_TRUE(apply(s, TrainSteps{3}).ok()) << s.message;
}

TEST(DataFit, SameShapeKeepsTheWeights) {
  Session s = circle_session();
  const Matrix w1 = s.net.layer(1).W;
  GeneratorSpec spec = s.data_spec;
  spec.name = "spiral";
  ASSERT_TRUE(apply(s, GenerateDataset{spec}).ok()) << s.message;
  EXPECT_EQ(s.net.layer(1).W, w1);
}

TEST(DataFit, ImportedDataReshapesInputsAndOneHotTargets) {
  Session s = circle_session();
  DataSplit d;
  d.train.x = Matrix::Random(5, 30);
  d.train.t = Matrix::Zero(4, 30);
  for (int c = 0; c < 30; ++c) d.train.t(c % 4, c) = 1.0;
  d.task = Task::classification;
  ASSERT_TRUE(apply(s, LoadDataset{d, "mine.csv"}).ok()) << s.message;
  EXPECT_EQ(s.net.input_size(), 5);
  EXPECT_EQ(s.net.output_size(), 4);
  EXPECT_EQ(s.net.layer(s.net.depth()).activation, Activation::softmax);
  EXPECT_EQ(s.data_source, "mine.csv");
  EXPECT_TRUE(apply(s, TrainSteps{2}).ok()) << s.message;
}

TEST(DataFit, OutputCodingFollowsTheTask) {
  const Mlp lin = make_mlp({2, 3, 1}, {Activation::tanh, Activation::linear}, Loss::mse);
  const OutputCoding c = output_coding_for(lin, Task::classification, 2);
  EXPECT_EQ(c.size, 1);
  EXPECT_EQ(c.activation, Activation::sigmoid);  // linear cannot express classes
  EXPECT_EQ(c.loss, Loss::bce);
  const Mlp sig = make_mlp({2, 3, 1}, {Activation::tanh, Activation::sigmoid}, Loss::bce);
  const OutputCoding r = output_coding_for(sig, Task::regression, 0);
  EXPECT_EQ(r.activation, Activation::linear);  // a sigmoid cannot reach negative targets
  EXPECT_EQ(r.loss, Loss::mse);
  EXPECT_EQ(describe_shape(sig), "2 → 3 → 1 sigmoid");
}

}  // namespace
}  // namespace backstep
