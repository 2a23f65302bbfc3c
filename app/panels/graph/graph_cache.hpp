// The numbers the network-graph panel shows, recomputed only when the session
// changes (keyed by Session::revision and the network's shape). An idle frame
// reuses them and allocates nothing; buffers are sized once per shape.
#pragma once

#include <cstdint>
#include <vector>

#include "core/mlp.hpp"
#include "core/session.hpp"

namespace backstep {

struct GraphCache {
  // Key of the cached numbers.
  std::uint64_t revision = ~std::uint64_t{0};
  int sample = -1;
  std::vector<int> shape;  // n_0 … n_L

  // One-sample forward and backward for the selected sample: z, a and
  // δ = ∂ℓ/∂z of that sample alone (batch of 1, so no 1/B).
  bool has_sample = false;
  int sample_index = 0;  // session.selected_sample clamped to the data
  Matrix x1, t1;         // (n_0, 1), (n_L, 1)
  Workspace sample_ws;
  double activation_scale = 1.0;  // nice ceiling of max |a| over all layers

  std::vector<double> max_abs_w;  // per layer l (index 0 unused)

  // Gradients of the training loss ∂L/∂W, ∂L/∂b: the trainer's last step, or,
  // before any step, the next batch computed here without touching the session.
  // Computed lazily (only when a view needs them), once per revision.
  bool gradients_ready = false;
  bool gradients_from_last_step = false;
  const Workspace* gradients = nullptr;  // null when unavailable (no data)
  std::vector<int> batch_indices;
  Matrix batch_x, batch_t;
  Workspace batch_ws;
  std::vector<double> max_abs_grad;  // per layer l (index 0 unused)
  double max_abs_grad_all = 0.0;     // over every layer: vanishing gradients show
};

// Brings the per-revision numbers (sample forward/backward, weight maxima) up
// to date. Gradients are left for ensure_gradients().
void refresh_graph_cache(const Session& s, GraphCache& c);

// Makes c.gradients valid for the current revision (null if there is no data).
void ensure_gradients(const Session& s, GraphCache& c);

// True when the optimizer's last update has the network's current shape.
bool has_last_update(const Session& s);

}  // namespace backstep
