#include "app/panels/graph/graph_cache.hpp"

#include <algorithm>
#include <cmath>

#include "app/colormap/colormap.hpp"
#include "core/session_step.hpp"

namespace backstep {
namespace {

bool shape_matches(const Mlp& net, const std::vector<int>& shape) {
  if (static_cast<int>(shape.size()) != net.depth() + 1) return false;
  for (int l = 0; l <= net.depth(); ++l) {
    if (shape[l] != net.size(l)) return false;
  }
  return true;
}

template <class M>
double max_finite_abs(const Eigen::DenseBase<M>& m) {
  double out = 0.0;
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    const double v = std::abs(m(i));
    if (std::isfinite(v)) out = std::max(out, v);
  }
  return out;
}

}  // namespace

void refresh_graph_cache(const Session& s, GraphCache& c) {
  const Mlp& net = s.net;
  if (c.revision == s.revision && c.selected == s.selected_sample && shape_matches(net, c.shape)) {
    return;
  }
  c.revision = s.revision;
  c.selected = s.selected_sample;
  c.shape.resize(net.depth() + 1);
  for (int l = 0; l <= net.depth(); ++l) c.shape[l] = net.size(l);
  c.gradients_ready = false;
  c.gradients = nullptr;

  c.max_abs_w.assign(net.depth() + 1, 0.0);
  for (int l = 1; l <= net.depth(); ++l) {
    const Matrix& W = net.layer(l).W;
    c.max_abs_w[l] = W.size() > 0 ? W.cwiseAbs().maxCoeff() : 0.0;
  }

  c.step = shared_pending_step(s);
  c.column = c.step ? shown_column(s) : -1;
  c.has_sample = c.column >= 0;
  if (!c.has_sample) return;
  c.sample_index = c.step->batch[c.column];
  double max_a = 0.0;
  for (int l = 0; l <= net.depth(); ++l) {
    max_a = std::max(max_a, max_finite_abs(c.step->ws.a[l].col(c.column)));
  }
  c.activation_scale = nice_ceil(std::max(max_a, 1.0));
}

void ensure_gradients(const Session& s, GraphCache& c) {
  if (c.gradients_ready) return;
  c.gradients_ready = true;
  c.gradients = c.step ? &c.step->ws : nullptr;
  c.max_abs_grad.assign(s.net.depth() + 1, 0.0);
  c.max_abs_grad_all = 0.0;
  if (c.gradients == nullptr) return;
  for (int l = 1; l <= s.net.depth(); ++l) {
    c.max_abs_grad[l] = max_finite_abs(c.gradients->grad_W[l]);
    c.max_abs_grad_all = std::max(c.max_abs_grad_all, c.max_abs_grad[l]);
  }
}

}  // namespace backstep
