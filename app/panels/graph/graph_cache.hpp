// The numbers the network-graph panel shows: all of them read from the
// session's pending step (core/session_step.hpp), the object the tracer walks,
// for the sample the tracer walks — so a node's colour, its hover card and the
// inspector show one number. Refreshed when the session changes (keyed by
// Session::revision and the network's shape); an idle frame reuses it.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/mlp.hpp"
#include "core/session.hpp"
#include "core/step.hpp"

namespace backstep {

struct GraphCache {
  // Key of the cached numbers.
  std::uint64_t revision = ~std::uint64_t{0};
  int selected = -1;
  std::vector<int> shape;  // n_0 … n_L

  // The step under inspection and the shown sample's column in its batch
  // (−1 without data): z, a and δ = ∂L/∂z of that column, ∂L/∂W of the batch.
  std::shared_ptr<const Step> step;
  int column = -1;
  int sample_index = 0;  // the shown sample's dataset index
  bool has_sample = false;
  double activation_scale = 1.0;  // nice ceiling of max |a| over all layers

  std::vector<double> max_abs_w;  // per layer l (index 0 unused)

  // Maxima of |∂L/∂W| of the pending step, computed when a view needs them.
  bool gradients_ready = false;
  const Workspace* gradients = nullptr;  // the pending step's, or null (no data)
  std::vector<double> max_abs_grad;      // per layer l (index 0 unused)
  double max_abs_grad_all = 0.0;         // over every layer: vanishing gradients show

  // The shown sample's values (has_sample must hold).
  double z(int l, int j) const { return step->ws.z[l](j, column); }
  double a(int l, int j) const { return step->ws.a[l](j, column); }
  double delta(int l, int j) const { return step->ws.delta[l](j, column); }
  const Matrix& outputs() const { return step->ws.a.back(); }  // select col(column)
};

// Brings the per-revision numbers up to date. Gradient maxima are left for
// ensure_gradients().
void refresh_graph_cache(const Session& s, GraphCache& c);

// Makes c.gradients and its maxima valid for the current revision.
void ensure_gradients(const Session& s, GraphCache& c);

}  // namespace backstep
