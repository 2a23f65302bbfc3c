#include "core/grid_eval.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/init.hpp"

namespace backstep {
namespace {

Mlp random_net(const std::vector<int>& sizes, const std::vector<Activation>& acts,
               std::uint64_t seed) {
  Mlp net = make_mlp(sizes, acts, Loss::mse);
  InitSpec init;
  init.kind = Init::uniform;
  init.uniform_range = 1.5;
  init.seed = seed;
  initialize(net, init);
  // Non-zero biases so a wrong broadcast would show.
  for (DenseLayer& layer : net.layers) {
    for (Eigen::Index j = 0; j < layer.b.size(); ++j) layer.b(j) = 0.3 * std::sin(1.0 + j);
  }
  return net;
}

// Every neuron of every layer at every grid point equals a single-sample
// forward pass on that point's coordinates, and the atlas holds that value.
void expect_grid_matches_single_forward(const Mlp& net, const PlaneBounds& bounds, int G) {
  GridEval g;
  evaluate_grid(net, bounds, G, g);
  Workspace one;
  prepare_workspace(net, 1, one);
  Matrix x(net.input_size(), 1);
  const int rows = net.input_size() == 2 ? G : 1;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < G; ++c) {
      x(0, 0) = grid_x(g, c);
      if (net.input_size() == 2) x(1, 0) = grid_y(g, r);
      forward(net, x, one);
      const Eigen::Index p = static_cast<Eigen::Index>(r) * G + c;
      for (int l = 1; l <= net.depth(); ++l) {
        for (int j = 0; j < net.size(l); ++j) {
          ASSERT_NEAR(g.ws.a[l](j, p), one.a[l](j, 0), 1e-12) << "l=" << l << " j=" << j;
          ASSERT_NEAR(g.ws.z[l](j, p), one.z[l](j, 0), 1e-12);
          // The texel the texture gets is exactly this neuron's activation.
          ASSERT_EQ(tile_value(g, tile_index(g, l, j), r, c), static_cast<float>(g.ws.a[l](j, p)));
        }
      }
    }
  }
}

TEST(GridEval, PlaneMatchesPerPointForwardForEveryNeuron) {
  const Mlp net =
      random_net({2, 5, 4, 1}, {Activation::tanh, Activation::relu, Activation::sigmoid}, 3);
  expect_grid_matches_single_forward(net, PlaneBounds{-1.5, 2.0, -0.5, 1.25}, 17);
}

TEST(GridEval, SoftmaxPlaneMatchesPerPointForward) {
  const Mlp net = random_net({2, 6, 3}, {Activation::leaky_relu, Activation::softmax}, 5);
  expect_grid_matches_single_forward(net, PlaneBounds{-2.0, 2.0, -2.0, 2.0}, 12);
}

TEST(GridEval, CurveMatchesPerPointForward) {
  const Mlp net =
      random_net({1, 7, 7, 1}, {Activation::tanh, Activation::tanh, Activation::linear}, 9);
  expect_grid_matches_single_forward(net, PlaneBounds{-3.0, 3.0, 0.0, 0.0}, 40);
}

TEST(GridEval, GridPointsAreCellCentresWithRowZeroAtTheTop) {
  const Mlp net = random_net({2, 2, 1}, {Activation::tanh, Activation::tanh}, 1);
  GridEval g;
  evaluate_grid(net, PlaneBounds{0.0, 4.0, 0.0, 8.0}, 4, g);
  EXPECT_DOUBLE_EQ(grid_x(g, 0), 0.5);
  EXPECT_DOUBLE_EQ(grid_x(g, 3), 3.5);
  EXPECT_DOUBLE_EQ(grid_y(g, 0), 7.0);
  EXPECT_DOUBLE_EQ(grid_y(g, 3), 1.0);
  // Column r·G + c of the batch is cell (r, c).
  EXPECT_DOUBLE_EQ(g.points(0, 1 * 4 + 2), 2.5);
  EXPECT_DOUBLE_EQ(g.points(1, 1 * 4 + 2), 5.0);
}

TEST(GridEval, AtlasHoldsOneTilePerNeuronAndRanges) {
  const Mlp net = random_net({2, 8, 8, 8, 1}, std::vector<Activation>(4, Activation::tanh), 2);
  GridEval g;
  const int G = 10;
  evaluate_grid(net, PlaneBounds{}, G, g);
  EXPECT_EQ(g.tile_count, 25);  // single output: the decision tile is the output neuron's
  EXPECT_EQ(g.decision_tile, tile_index(g, 4, 0));
  EXPECT_GE(g.tiles_x * g.tiles_y, g.tile_count);
  EXPECT_EQ(g.atlas.size(), static_cast<std::size_t>(g.tiles_x * G) * (g.tiles_y * G));
  // Tiles do not overlap: distinct tiles start at distinct texels.
  for (int t = 1; t < g.tile_count; ++t) {
    EXPECT_TRUE(tile_x0(g, t) != tile_x0(g, t - 1) || tile_y0(g, t) != tile_y0(g, t - 1));
  }
  const int t = tile_index(g, 2, 5);
  const Eigen::Index j_row = 5;
  EXPECT_EQ(g.ranges[t].min, static_cast<float>(g.ws.a[2].row(j_row).minCoeff()));
  EXPECT_EQ(g.ranges[t].max, static_cast<float>(g.ws.a[2].row(j_row).maxCoeff()));
}

TEST(GridEval, DecisionTilePacksWinningClassAndProbability) {
  const Mlp net = random_net({2, 6, 3}, {Activation::tanh, Activation::softmax}, 11);
  GridEval g;
  const int G = 9;
  evaluate_grid(net, PlaneBounds{-3, 3, -3, 3}, G, g);
  ASSERT_EQ(g.tile_count, 6 + 3 + 1);
  ASSERT_EQ(g.decision_tile, 9);
  int classes_seen[3] = {0, 0, 0};
  for (int r = 0; r < G; ++r) {
    for (int c = 0; c < G; ++c) {
      Eigen::Index k = 0;
      const double p = g.ws.a[2].col(static_cast<Eigen::Index>(r) * G + c).maxCoeff(&k);
      const float v = tile_value(g, g.decision_tile, r, c);
      EXPECT_EQ(static_cast<int>(std::floor(v)), k);
      EXPECT_NEAR(v - std::floor(v), std::min(p, 0.999), 1e-6);
      ++classes_seen[k];
    }
  }
  // The test is only meaningful if the grid spans more than one class.
  EXPECT_GE((classes_seen[0] > 0) + (classes_seen[1] > 0) + (classes_seen[2] > 0), 2);
}

TEST(GridEval, RepeatCallsReuseEveryBuffer) {
  Mlp net = random_net({2, 8, 8, 3}, {Activation::tanh, Activation::tanh, Activation::softmax}, 4);
  GridEval g;
  const PlaneBounds bounds{-1, 1, -1, 1};
  evaluate_grid(net, bounds, 32, g);
  const float* atlas = g.atlas.data();
  const double* points = g.points.data();
  std::vector<const double*> a, z;
  for (int l = 0; l <= net.depth(); ++l) a.push_back(g.ws.a[l].data());
  for (int l = 1; l <= net.depth(); ++l) z.push_back(g.ws.z[l].data());
  const float before = tile_value(g, tile_index(g, 1, 0), 5, 7);

  // Training changes the weights, not the shapes: the next refresh must see
  // the new values without touching the allocator.
  net.layer(1).W(0, 0) += 0.75;
  evaluate_grid(net, bounds, 32, g);
  EXPECT_NE(tile_value(g, tile_index(g, 1, 0), 5, 7), before);
  EXPECT_EQ(g.atlas.data(), atlas);
  EXPECT_EQ(g.points.data(), points);
  for (int l = 0; l <= net.depth(); ++l) EXPECT_EQ(g.ws.a[l].data(), a[l]) << l;
  for (int l = 1; l <= net.depth(); ++l) EXPECT_EQ(g.ws.z[l].data(), z[l - 1]) << l;
}

TEST(GridEval, NewBoundsMoveThePoints) {
  const Mlp net = random_net({2, 3, 1}, {Activation::tanh, Activation::tanh}, 4);
  GridEval g;
  evaluate_grid(net, PlaneBounds{-1, 1, -1, 1}, 8, g);
  const double x0 = g.points(0, 0);
  evaluate_grid(net, PlaneBounds{0, 2, -1, 1}, 8, g);
  EXPECT_DOUBLE_EQ(g.points(0, 0), x0 + 1.0);
}

TEST(GridEval, DataBoundsCoverTrainAndTestWithMargin) {
  DataSplit d;
  d.train.x = Matrix(2, 2);
  d.train.x << 0.0, 1.0,  //
      -1.0, 3.0;
  d.test.x = Matrix(2, 1);
  d.test.x << 2.0, 0.0;
  const PlaneBounds b = data_bounds(d, 0.25);
  EXPECT_DOUBLE_EQ(b.x_min, -0.5);
  EXPECT_DOUBLE_EQ(b.x_max, 2.5);
  EXPECT_DOUBLE_EQ(b.y_min, -2.0);
  EXPECT_DOUBLE_EQ(b.y_max, 4.0);
  // No data: a unit box, not NaN.
  const PlaneBounds empty = data_bounds(DataSplit{}, 0.1);
  EXPECT_DOUBLE_EQ(empty.x_min, -1.0);
  EXPECT_DOUBLE_EQ(empty.y_max, 1.0);
}

TEST(GridEval, BenchmarkRefreshesEveryMapOfTheSpiralNet) {
  const GridBenchResult r = bench_grid_refresh(16, 3);
  EXPECT_EQ(r.resolution, 16);
  EXPECT_EQ(r.tiles, 6 * 8 + 1);
  EXPECT_GT(r.median_ms, 0.0);
  EXPECT_LE(r.min_ms, r.median_ms);
}

}  // namespace
}  // namespace backstep
