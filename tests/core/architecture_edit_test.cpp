// Architecture edits keep what they can: untouched layers keep their weights,
// a resized layer keeps its existing neurons, the loss curve goes on with a
// marker, and the status line says what was drawn afresh.
#include "core/architecture_edit.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/session.hpp"
#include "formats/preset_io.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

using test::preset_session;

TEST(ArchitectureEdit, AddingALayerKeepsTheLayersItDoesNotTouch) {
  Session s = preset_session("spiral");  // 2 → 6×8 tanh → 1
  ASSERT_TRUE(apply(s, TrainSteps{20}).ok());
  const Mlp before = s.net;
  const std::size_t points = s.history.points().size();
  ASSERT_TRUE(apply(s, AddLayer{3, 5, Activation::relu}).ok()) << s.message;
  ASSERT_EQ(s.net.depth(), before.depth() + 1);
  EXPECT_EQ(s.net.size(3), 5);
  for (int l : {1, 2}) EXPECT_TRUE(s.net.layer(l).W == before.layer(l).W) << l;
  // Layer 3 is new and layer 4 reads it: both drawn. Layers after keep theirs.
  EXPECT_EQ(s.net.layer(4).W.cols(), 5);
  for (int l = 5; l <= s.net.depth(); ++l) {
    EXPECT_TRUE(s.net.layer(l).W == before.layer(l - 1).W) << l;
    EXPECT_TRUE(s.net.layer(l).b == before.layer(l - 1).b) << l;
  }
  // The run goes on: counters, the curve and a marker at the edit.
  EXPECT_EQ(s.trainer.steps(), 20);
  EXPECT_GE(s.history.points().size(), points);
  ASSERT_FALSE(s.history.markers().empty());
  EXPECT_EQ(s.history.markers().back().step, 20);
  EXPECT_EQ(s.history.markers().back().label, "added hidden layer 3");
  EXPECT_NE(s.message.find("new weights for layers 3–4"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("layers 1–2,5–8 kept"), std::string::npos) << s.message;
  // And it trains on from there.
  ASSERT_TRUE(apply(s, TrainSteps{5}).ok());
  EXPECT_EQ(s.trainer.steps(), 25);
}

TEST(ArchitectureEdit, ResizingKeepsTheExistingNeuronsWeights) {
  Session s = preset_session("xor");  // 2 → 4 tanh → 1
  const Mlp before = s.net;
  ASSERT_TRUE(apply(s, SetNeurons{1, 6}).ok());
  EXPECT_TRUE(s.net.layer(1).W.topRows(4) == before.layer(1).W);
  EXPECT_TRUE(s.net.layer(1).b.head(4) == before.layer(1).b);
  EXPECT_TRUE(s.net.layer(2).W.leftCols(4) == before.layer(2).W);
  EXPECT_TRUE(s.net.layer(2).b == before.layer(2).b);
  // The two new neurons are drawn (the initializer is not zeros here).
  EXPECT_GT(s.net.layer(1).W.bottomRows(2).cwiseAbs().sum(), 0.0);
  EXPECT_NE(s.message.find("kept the weights of their remaining neurons"), std::string::npos)
      << s.message;
  ASSERT_TRUE(apply(s, SetNeurons{1, 3}).ok());
  EXPECT_TRUE(s.net.layer(1).W == before.layer(1).W.topRows(3));
  EXPECT_TRUE(s.net.layer(2).W == before.layer(2).W.leftCols(3));
}

TEST(ArchitectureEdit, RemovingALayerRedrawsOnlyItsSuccessorWhenWidthsDiffer) {
  Session s = preset_session("spiral");
  const Mlp before = s.net;  // widths 2, 8, 8, 8, 8, 8, 8, 1
  ASSERT_TRUE(apply(s, RemoveLayer{2}).ok());
  ASSERT_EQ(s.net.depth(), before.depth() - 1);
  // 8 → 8: the successor's weights still fit and are kept.
  EXPECT_TRUE(s.net.layer(1).W == before.layer(1).W);
  for (int l = 2; l <= s.net.depth(); ++l) EXPECT_TRUE(s.net.layer(l).W == before.layer(l + 1).W);
  ASSERT_TRUE(apply(s, SetNeurons{1, 3}).ok());
  const Mlp narrowed = s.net;
  ASSERT_TRUE(apply(s, RemoveLayer{1}).ok());  // layer 2 (8 wide from 3) now reads the 2 inputs
  EXPECT_EQ(s.net.layer(1).W.cols(), 2);
  EXPECT_NE(s.message.find("new weights for layer 1"), std::string::npos) << s.message;
  EXPECT_TRUE(s.net.layer(2).W == narrowed.layer(3).W);
}

TEST(ArchitectureEdit, HyperparameterEditsAreMarkedOnTheCurveADragMakesOneMarker) {
  Session s = preset_session("xor");
  ASSERT_TRUE(apply(s, TrainSteps{10}).ok());
  for (double lr : {0.1, 0.05, 0.03}) ASSERT_TRUE(apply(s, SetLearningRate{lr}).ok());
  ASSERT_EQ(s.history.markers().size(), 1u);
  EXPECT_EQ(s.history.markers().back().label, "lr 0.3 → 0.03");
  ASSERT_TRUE(apply(s, SetBatchSize{2}).ok());
  EXPECT_EQ(s.history.markers().back().label, "batch all → 2");
  ASSERT_TRUE(apply(s, Reset{}).ok());  // a new run: a new curve
  EXPECT_TRUE(s.history.markers().empty());
}

}  // namespace
}  // namespace backstep
