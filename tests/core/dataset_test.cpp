// Dataset generators: deterministic for a seed, targets in the output
// activation's range, the split taken from a seeded shuffle.
#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include "core/dataset.hpp"
#include "tests/support/bit_identical.hpp"

namespace backstep {
namespace {

using test::bit_identical;

DataSplit make(const std::string& name, Activation out = Activation::sigmoid, int outputs = 1,
               int count = 200, double noise = 0.1, double test_ratio = 0.25,
               std::uint64_t seed = 5) {
  Result<DataSplit> r = generate_dataset({name, count, noise, test_ratio, seed}, out, outputs);
  EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : DataSplit{};
}

TEST(Dataset, ClassicXorIsTheTruthTableInTheActivationsRange) {
  const DataSplit s = make("xor", Activation::tanh, 1, 999, 0.5, 0.5);
  ASSERT_EQ(s.train.count(), 4);
  EXPECT_EQ(s.test.count(), 0);
  for (int i = 0; i < 4; ++i) {
    const bool one = (s.train.x(0, i) == 1.0) != (s.train.x(1, i) == 1.0);
    EXPECT_TRUE(s.train.x(0, i) == 0.0 || s.train.x(0, i) == 1.0);
    EXPECT_EQ(s.train.t(0, i), one ? 1.0 : -1.0);
  }
  const DataSplit sig = make("xor", Activation::sigmoid);
  EXPECT_EQ(sig.train.t.minCoeff(), 0.0);
  EXPECT_EQ(sig.train.t.maxCoeff(), 1.0);
}

TEST(Dataset, EveryGeneratorIsDeterministicForASeed) {
  for (const std::string& name : generator_names()) {
    const int outputs = name == "blobs3" ? 3 : 1;
    const DataSplit a = make(name, Activation::tanh, outputs);
    const DataSplit b = make(name, Activation::tanh, outputs);
    EXPECT_TRUE(bit_identical(a.train.x, b.train.x)) << name;
    EXPECT_TRUE(bit_identical(a.train.t, b.train.t)) << name;
    EXPECT_TRUE(bit_identical(a.test.x, b.test.x)) << name;
    if (name == "xor") continue;
    const DataSplit c = make(name, Activation::tanh, outputs, 200, 0.1, 0.25, 6);
    EXPECT_FALSE(bit_identical(a.train.x, c.train.x)) << name << ": the seed changes nothing";
  }
}

TEST(Dataset, SplitSizesAndRangeAndBalance) {
  for (const std::string& name : generator_names()) {
    if (name == "xor") continue;
    const int outputs = name == "blobs3" ? 3 : 1;
    const DataSplit s = make(name, Activation::tanh, outputs, 200, 0.0, 0.25);
    EXPECT_EQ(s.test.count(), 50) << name;
    EXPECT_EQ(s.train.count(), 150) << name;
    EXPECT_EQ(s.train.x.rows(), name == "sine" ? 1 : 2) << name;
    // Clean inputs lie in [−1, 1]² (gaussian blobs have unbounded tails).
    if (name != "gaussians" && name != "blobs3") {
      EXPECT_LE(s.train.x.cwiseAbs().maxCoeff(), 1.0) << name;
    }
    // Two balanced classes encoded as −1 / +1 for tanh (xor-cloud labels by quadrant).
    if (s.task == Task::classification && outputs == 1 && name != "xor-cloud") {
      const Matrix all_t = (Matrix(1, 200) << s.train.t, s.test.t).finished();
      EXPECT_EQ((all_t.array() == 1.0).count(), 100) << name;
      EXPECT_EQ((all_t.array() == -1.0).count(), 100) << name;
    }
  }
  EXPECT_EQ(make("sine").task, Task::regression);
  EXPECT_EQ(make("plane").task, Task::regression);
  EXPECT_EQ(make("circle").task, Task::classification);
}

TEST(Dataset, LabelsFollowTheGeometry) {
  // circle: class 1 inside radius 0.5, 0 on the ring 0.7 … 1 (noise 0).
  const DataSplit c = make("circle", Activation::sigmoid, 1, 300, 0.0, 0.0);
  for (int i = 0; i < c.train.count(); ++i) {
    const double r = c.train.x.col(i).norm();
    EXPECT_EQ(c.train.t(0, i), r < 0.6 ? 1.0 : 0.0) << "r = " << r;
  }
  // xor-cloud: class 1 when the signs differ.
  const DataSplit x = make("xor-cloud", Activation::sigmoid, 1, 300, 0.0, 0.0);
  for (int i = 0; i < x.train.count(); ++i) {
    EXPECT_EQ(x.train.t(0, i), x.train.x(0, i) * x.train.x(1, i) < 0 ? 1.0 : 0.0);
  }
  // sine with no noise: t = sin(π x); with a sigmoid output mapped to (t + 1)/2.
  const DataSplit s = make("sine", Activation::linear, 1, 50, 0.0, 0.0);
  const DataSplit s_sig = make("sine", Activation::sigmoid, 1, 50, 0.0, 0.0);
  for (int i = 0; i < s.train.count(); ++i) {
    EXPECT_NEAR(s.train.t(0, i), std::sin(M_PI * s.train.x(0, i)), 1e-15);
    EXPECT_NEAR(s_sig.train.t(0, i), 0.5 * (s.train.t(0, i) + 1.0), 1e-15);
  }
}

TEST(Dataset, OneHotTargetsForSeveralOutputs) {
  const DataSplit b = make("blobs3", Activation::softmax, 3, 90, 0.0, 0.0);
  ASSERT_EQ(b.train.t.rows(), 3);
  std::set<int> classes;
  for (int i = 0; i < b.train.count(); ++i) {
    EXPECT_EQ(b.train.t.col(i).sum(), 1.0);
    Eigen::Index k = 0;
    b.train.t.col(i).maxCoeff(&k);
    classes.insert(static_cast<int>(k));
  }
  EXPECT_EQ(classes.size(), 3u);
  // Binary data on two outputs is one-hot too.
  EXPECT_EQ(make("moons", Activation::softmax, 2).train.t.rows(), 2);
}

TEST(Dataset, ErrorsAreReportedNotCrashed) {
  EXPECT_FALSE(generate_dataset({"nope", 10, 0, 0, 1}, Activation::tanh, 1).ok());
  EXPECT_FALSE(generate_dataset({"blobs3", 10, 0, 0, 1}, Activation::tanh, 1).ok());
  EXPECT_FALSE(generate_dataset({"sine", 10, 0, 0, 1}, Activation::tanh, 2).ok());
  EXPECT_FALSE(generate_dataset({"circle", 0, 0, 0, 1}, Activation::tanh, 1).ok());
  EXPECT_FALSE(generate_dataset({"circle", 10, 2.0, 0, 1}, Activation::tanh, 1).ok());
  EXPECT_FALSE(generate_dataset({"circle", 10, 0, 1.0, 1}, Activation::tanh, 1).ok());
  Result<DataSplit> r = generate_dataset({"nope", 10, 0, 0, 1}, Activation::tanh, 1);
  EXPECT_NE(r.error().message.find("unknown generator \"nope\""), std::string::npos);
}

TEST(Dataset, AccuracyThresholdsAndArgmax) {
  Matrix out(1, 4), t(1, 4);
  out << 0.2, -0.1, 0.7, 0.0;
  t << 1, -1, 1, 1;
  EXPECT_EQ(accuracy(out, t, Activation::tanh), 0.75);  // 0.0 is not above the middle
  Matrix out3(3, 2), t3(3, 2);
  out3 << 0.1, 0.7, 0.8, 0.2, 0.1, 0.1;
  t3 << 0, 0, 1, 1, 0, 0;
  EXPECT_EQ(accuracy(out3, t3, Activation::softmax), 0.5);
  EXPECT_EQ(infer_task(t, Activation::tanh), Task::classification);
  EXPECT_EQ(infer_task(out, Activation::tanh), Task::regression);
  EXPECT_EQ(infer_task(t3, Activation::linear), Task::regression);
}

}  // namespace
}  // namespace backstep
