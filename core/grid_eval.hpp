// Grid evaluation: every neuron's map over the input plane from one batched
// forward pass. The G×G grid points are the columns of one batch (B = G²), so
// a refresh is L matrix products instead of G² small forward passes; the
// values are then laid out as a float atlas (one G×G tile per hidden/output
// neuron) ready to upload as a single-channel float texture.
//
// 2-D inputs give tiles; 1-D inputs give curves of G points (the same buffers
// with one row per tile). Nothing allocates when called again with the same
// network shape and resolution.
#pragma once

#include <vector>

#include "core/dataset.hpp"
#include "core/mlp.hpp"

namespace backstep {

// The part of the input plane a grid covers: x₁ ∈ [x_min, x_max] (horizontal)
// and, for 2-D inputs, x₂ ∈ [y_min, y_max] (vertical, y_max at the top).
struct PlaneBounds {
  double x_min = -1.0, x_max = 1.0;
  double y_min = -1.0, y_max = 1.0;
  bool operator==(const PlaneBounds&) const = default;
};

// Bounds of input rows 0 (and 1) over train and test data, widened by
// `margin` × extent on every side; a degenerate extent becomes ±1 around it.
PlaneBounds data_bounds(const DataSplit& data, double margin = 0.1);

// Value range of one tile, for choosing the colour scale.
struct TileRange {
  float min = 0.0f, max = 0.0f;
};

struct GridEval {
  int resolution = 0;  // G
  int input_size = 0;  // 1 (curves) or 2 (tiles)
  PlaneBounds bounds;
  // Grid points, one per column: 2-D column p = r·G + c is cell (row r from the
  // top, column c from the left) at its centre; 1-D column c is x at the centre
  // of the c-th of G equal cells.
  Matrix points;
  Workspace ws;  // the batched forward pass; ws.a[l](j, p) is neuron (l, j) at point p

  // Tiles: neuron (l, j) for l = 1 … L, j = 0 … n_l − 1 in that order, then
  // one decision tile when the output has several neurons (see decision_tile).
  int tile_count = 0;
  int tiles_x = 0, tiles_y = 0;           // tile grid of the atlas
  int atlas_width = 0, atlas_height = 0;  // texels: tiles_x·G × tiles_y·G (1-D: G × tiles)
  std::vector<float> atlas;               // row-major, row 0 at the top
  std::vector<TileRange> ranges;          // per tile
  std::vector<int> first_tile;            // first_tile[l] = tile of neuron (l, 0); index 0 unused
  // Single output: the output neuron's tile. Several outputs: an extra tile
  // holding k + min(p, kDecisionFractionMax) where k is the winning output
  // (argmax) and p its activation clamped to [0, 1] — the class and its
  // probability in one float (floor = class, fraction = probability).
  int decision_tile = -1;
};

inline constexpr float kDecisionFractionMax = 0.999f;

// True when the network's input can be drawn as a plane (2) or a curve (1).
inline bool grid_supported(const Mlp& net) {
  return net.depth() >= 1 && (net.input_size() == 1 || net.input_size() == 2);
}

// Evaluates `net` on a G×G grid (or G points for 1-D input) over `bounds`
// and fills g's atlas. Requires grid_supported(net) and resolution ≥ 2.
void evaluate_grid(const Mlp& net, const PlaneBounds& bounds, int resolution, GridEval& g);

// Tile of neuron j of layer l (1 ≤ l ≤ L).
inline int tile_index(const GridEval& g, int l, int j) {
  return g.first_tile[l] + j;
}

// Top-left texel of a tile in the atlas.
inline int tile_x0(const GridEval& g, int tile) {
  return g.input_size == 2 ? (tile % g.tiles_x) * g.resolution : 0;
}
inline int tile_y0(const GridEval& g, int tile) {
  return g.input_size == 2 ? (tile / g.tiles_x) * g.resolution : tile;
}

// Value of a tile at grid cell (r, c) (1-D: r = 0, c = point).
inline float tile_value(const GridEval& g, int tile, int r, int c) {
  const std::size_t row = static_cast<std::size_t>(tile_y0(g, tile) + r);
  return g.atlas[row * static_cast<std::size_t>(g.atlas_width) + tile_x0(g, tile) + c];
}

// Input coordinates of grid cell (r, c)'s centre.
double grid_x(const GridEval& g, int c);
double grid_y(const GridEval& g, int r);

// The spiral network (2 → six hidden layers of 8 tanh → 1 tanh, Xavier init).
Mlp make_spiral_benchmark_net();

struct GridBenchResult {
  int resolution = 0;
  int tiles = 0;
  double median_ms = 0.0;  // one full refresh (forward pass + atlas fill)
  double min_ms = 0.0;
};

// Times `repeats` full refreshes of every map of the spiral network at G×G
// (after one warm-up call that sizes the buffers).
GridBenchResult bench_grid_refresh(int resolution, int repeats);

}  // namespace backstep
