#include "core/grid_eval.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/init.hpp"

namespace backstep {

namespace {

// Widens [lo, hi] by margin × extent on both sides; an empty or degenerate
// extent becomes [v − 1, v + 1] so the grid always has area.
void widen(double& lo, double& hi, double margin) {
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
    lo = -1.0;
    hi = 1.0;
    return;
  }
  const double extent = hi - lo;
  if (extent < 1e-9) {
    lo -= 1.0;
    hi += 1.0;
    return;
  }
  lo -= margin * extent;
  hi += margin * extent;
}

void include_rows(const Matrix& x, double& x_lo, double& x_hi, double& y_lo, double& y_hi) {
  if (x.cols() == 0) return;
  if (x.rows() >= 1) {
    x_lo = std::min(x_lo, x.row(0).minCoeff());
    x_hi = std::max(x_hi, x.row(0).maxCoeff());
  }
  if (x.rows() >= 2) {
    y_lo = std::min(y_lo, x.row(1).minCoeff());
    y_hi = std::max(y_hi, x.row(1).maxCoeff());
  }
}

// Lays the tiles out as a near-square grid so the atlas texture stays well
// inside GL_MAX_TEXTURE_SIZE for any network that fits on screen.
void size_atlas(const Mlp& net, int resolution, GridEval& g) {
  const int depth = net.depth();
  g.first_tile.resize(depth + 1);
  int count = 0;
  g.first_tile[0] = 0;
  for (int l = 1; l <= depth; ++l) {
    g.first_tile[l] = count;
    count += net.size(l);
  }
  g.decision_tile = net.output_size() == 1 ? g.first_tile[depth] : count++;
  g.tile_count = count;
  if (g.input_size == 2) {
    g.tiles_x = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
    g.tiles_y = (count + g.tiles_x - 1) / g.tiles_x;
    g.atlas_width = g.tiles_x * resolution;
    g.atlas_height = g.tiles_y * resolution;
  } else {
    g.tiles_x = 1;
    g.tiles_y = count;
    g.atlas_width = resolution;
    g.atlas_height = count;
  }
  // std::vector::resize to the same size neither allocates nor moves.
  g.atlas.resize(static_cast<std::size_t>(g.atlas_width) * g.atlas_height);
  g.ranges.resize(count);
}

// Grid points at cell centres: x = x_min + (c + ½)·Δx, y = y_max − (r + ½)·Δy,
// so row 0 is the top of the picture, like the atlas and the screen.
void fill_points(GridEval& g) {
  const int n = g.resolution;
  if (g.input_size == 2) {
    g.points.resize(2, static_cast<Eigen::Index>(n) * n);
    for (int r = 0; r < n; ++r) {
      const double y = grid_y(g, r);
      for (int c = 0; c < n; ++c) {
        g.points(0, static_cast<Eigen::Index>(r) * n + c) = grid_x(g, c);
        g.points(1, static_cast<Eigen::Index>(r) * n + c) = y;
      }
    }
  } else {
    g.points.resize(1, n);
    for (int c = 0; c < n; ++c) g.points(0, c) = grid_x(g, c);
  }
}

// Copies A⁽ˡ⁾ (n_l × points) into the tiles of layer l and records each
// tile's range. Point p = r·G + c of neuron j lands at texel (y0 + r, x0 + c)
// of tile first_tile[l] + j. The loop walks A⁽ˡ⁾ in storage order (a column
// is one point's n_l neurons), so the big matrix is read once, contiguously.
void fill_layer_tiles(GridEval& g, int l, const Matrix& a) {
  const int n = g.resolution;
  const int rows = g.input_size == 2 ? n : 1;
  const int neurons = static_cast<int>(a.rows());
  const int first = g.first_tile[l];
  for (int j = 0; j < neurons; ++j) {
    g.ranges[first + j] = {std::numeric_limits<float>::infinity(),
                           -std::numeric_limits<float>::infinity()};
  }
  for (int r = 0; r < rows; ++r) {
    for (int j = 0; j < neurons; ++j) {
      const int tile = first + j;
      float* out = g.atlas.data() + static_cast<std::size_t>(tile_y0(g, tile) + r) * g.atlas_width +
                   tile_x0(g, tile);
      const double* src = a.data() + static_cast<Eigen::Index>(r) * n * neurons + j;
      float lo = g.ranges[tile].min, hi = g.ranges[tile].max;
      for (int c = 0; c < n; ++c) {
        const float v = static_cast<float>(src[static_cast<Eigen::Index>(c) * neurons]);
        out[c] = v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      g.ranges[tile] = {lo, hi};
    }
  }
}

// The decision tile for several outputs: winner k and its activation p packed
// as k + min(p, 0.999) — the shader splits it back with floor/fract.
void fill_decision_tile(GridEval& g, const Matrix& out) {
  const int n = g.resolution;
  const int rows = g.input_size == 2 ? n : 1;
  const int tile = g.decision_tile;
  const int x0 = tile_x0(g, tile), y0 = tile_y0(g, tile);
  for (int r = 0; r < rows; ++r) {
    float* dst = g.atlas.data() + static_cast<std::size_t>(y0 + r) * g.atlas_width + x0;
    for (int c = 0; c < n; ++c) {
      Eigen::Index k = 0;
      const double p = out.col(static_cast<Eigen::Index>(r) * n + c).maxCoeff(&k);
      const double frac = std::clamp(p, 0.0, static_cast<double>(kDecisionFractionMax));
      dst[c] = static_cast<float>(k) + static_cast<float>(std::isfinite(p) ? frac : 0.0);
    }
  }
  g.ranges[tile] = {0.0f, static_cast<float>(out.rows())};
}

}  // namespace

PlaneBounds data_bounds(const DataSplit& data, double margin) {
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  double y_lo = x_lo, y_hi = x_hi;
  include_rows(data.train.x, x_lo, x_hi, y_lo, y_hi);
  include_rows(data.test.x, x_lo, x_hi, y_lo, y_hi);
  PlaneBounds b;
  widen(x_lo, x_hi, margin);
  widen(y_lo, y_hi, margin);
  b.x_min = x_lo;
  b.x_max = x_hi;
  b.y_min = y_lo;
  b.y_max = y_hi;
  return b;
}

double grid_x(const GridEval& g, int c) {
  const double dx = (g.bounds.x_max - g.bounds.x_min) / g.resolution;
  return g.bounds.x_min + (c + 0.5) * dx;
}

double grid_y(const GridEval& g, int r) {
  const double dy = (g.bounds.y_max - g.bounds.y_min) / g.resolution;
  return g.bounds.y_max - (r + 0.5) * dy;
}

void evaluate_grid(const Mlp& net, const PlaneBounds& bounds, int resolution, GridEval& g) {
  assert(grid_supported(net) && resolution >= 2);
  const int input_size = net.input_size();
  // The grid points depend only on (bounds, G, input size): rebuilt only when
  // one of them changes, so a refresh during training is forward + copy.
  if (resolution != g.resolution || input_size != g.input_size || !(bounds == g.bounds) ||
      g.points.cols() == 0) {
    g.resolution = resolution;
    g.input_size = input_size;
    g.bounds = bounds;
    fill_points(g);
  }
  size_atlas(net, resolution, g);
  prepare_workspace(net, static_cast<int>(g.points.cols()), g.ws);
  forward(net, g.points, g.ws);
  for (int l = 1; l <= net.depth(); ++l) fill_layer_tiles(g, l, g.ws.a[l]);
  if (net.output_size() > 1) fill_decision_tile(g, g.ws.a[net.depth()]);
}

Mlp make_spiral_benchmark_net() {
  std::vector<int> sizes{2, 8, 8, 8, 8, 8, 8, 1};
  std::vector<Activation> acts(7, Activation::tanh);
  Mlp net = make_mlp(sizes, acts, Loss::mse);
  InitSpec init;
  init.kind = Init::xavier;
  init.seed = 7;
  initialize(net, init);
  return net;
}

GridBenchResult bench_grid_refresh(int resolution, int repeats) {
  using Clock = std::chrono::steady_clock;
  const Mlp net = make_spiral_benchmark_net();
  const PlaneBounds bounds{-6.0, 6.0, -6.0, 6.0};
  GridEval g;
  evaluate_grid(net, bounds, resolution, g);  // warm-up: sizes every buffer
  std::vector<double> ms;
  ms.reserve(std::max(repeats, 1));
  for (int i = 0; i < std::max(repeats, 1); ++i) {
    const auto t0 = Clock::now();
    evaluate_grid(net, bounds, resolution, g);
    const auto t1 = Clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  GridBenchResult result;
  result.resolution = resolution;
  result.tiles = g.tile_count;
  result.median_ms = ms[ms.size() / 2];
  result.min_ms = ms.front();
  return result;
}

}  // namespace backstep
