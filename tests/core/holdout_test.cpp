// The held-out test set of an imported file (core/holdout.hpp).
#include "core/holdout.hpp"

#include <gtest/gtest.h>

namespace backstep {
namespace {

TEST(Holdout, EachClassGivesItsShare) {
  // Classes of 10, 20 and 5 samples, interleaved: 0.2 → 2, 4 and 1.
  std::vector<int> labels;
  for (int i = 0; i < 35; ++i) labels.push_back(i < 30 ? i % 3 == 0 ? 0 : 1 : 2);
  // i % 3 == 0 among 0 … 29: 10 samples of class 0, 20 of class 1; 30 … 34: class 2.
  const std::vector<int> held = holdout_indices(labels, 35, 0.2, 7);
  int per[3] = {0, 0, 0};
  for (int i : held) ++per[labels[static_cast<std::size_t>(i)]];
  EXPECT_EQ(per[0], 2);
  EXPECT_EQ(per[1], 4);
  EXPECT_EQ(per[2], 1);
  EXPECT_TRUE(std::is_sorted(held.begin(), held.end()));
  EXPECT_EQ(held, holdout_indices(labels, 35, 0.2, 7));  // deterministic for a seed
  EXPECT_NE(held, holdout_indices(labels, 35, 0.2, 8));
}

TEST(Holdout, AClassKeepsATrainingSample) {
  const std::vector<int> labels = {0, 1, 1, 1};
  // round(0.5 · 1) = 1 would take class 0's only sample.
  const std::vector<int> held = holdout_indices(labels, 4, 0.5, 1);
  for (int i : held) EXPECT_NE(i, 0);
  EXPECT_EQ(held.size(), 2u);  // round(0.5 · 3) = 2 of class 1
}

TEST(Holdout, RegressionIsOneShuffle) {
  const std::vector<int> held = holdout_indices({}, 50, 0.3, 3);
  EXPECT_EQ(held.size(), 15u);
  EXPECT_TRUE(holdout_indices({}, 50, 0.0, 3).empty());
}

TEST(Holdout, SplitColumnsKeepsFileOrder) {
  Dataset all;
  all.x = (Matrix(1, 5) << 10, 11, 12, 13, 14).finished();
  all.t = (Matrix(1, 5) << 0, 1, 2, 3, 4).finished();
  Dataset train, test;
  split_columns(all, {1, 3}, train, test);
  EXPECT_EQ(train.x, (Matrix(1, 3) << 10, 12, 14).finished());
  EXPECT_EQ(test.x, (Matrix(1, 2) << 11, 13).finished());
  EXPECT_EQ(test.t, (Matrix(1, 2) << 1, 3).finished());
}

}  // namespace
}  // namespace backstep
