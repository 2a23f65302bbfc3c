#include "app/panels/graph/graph_cache.hpp"

#include <algorithm>
#include <cmath>

#include "app/colormap/colormap.hpp"

namespace backstep {
namespace {

bool shape_matches(const Mlp& net, const std::vector<int>& shape) {
  if (static_cast<int>(shape.size()) != net.depth() + 1) return false;
  for (int l = 0; l <= net.depth(); ++l) {
    if (shape[l] != net.size(l)) return false;
  }
  return true;
}

// A workspace's gradients fit the network: one ∂L/∂W per layer of the right size.
bool gradients_fit(const Mlp& net, const Workspace& ws) {
  if (static_cast<int>(ws.grad_W.size()) != net.depth() + 1) return false;
  if (static_cast<int>(ws.grad_b.size()) != net.depth() + 1) return false;
  for (int l = 1; l <= net.depth(); ++l) {
    if (ws.grad_W[l].rows() != net.size(l) || ws.grad_W[l].cols() != net.size(l - 1)) return false;
    if (ws.grad_b[l].size() != net.size(l)) return false;
  }
  return true;
}

bool data_fits(const Session& s) {
  const Dataset& d = s.data.train;
  return d.count() > 0 && s.net.depth() > 0 && d.x.rows() == s.net.input_size() &&
         d.t.rows() == s.net.output_size();
}

}  // namespace

bool has_last_update(const Session& s) {
  const auto& up = s.trainer.optimizer_state().last_update_W;
  if (static_cast<int>(up.size()) != s.net.depth() + 1) return false;
  for (int l = 1; l <= s.net.depth(); ++l) {
    if (up[l].rows() != s.net.size(l) || up[l].cols() != s.net.size(l - 1)) return false;
  }
  return true;
}

void refresh_graph_cache(const Session& s, GraphCache& c) {
  const Mlp& net = s.net;
  if (c.revision == s.revision && c.sample == s.selected_sample && shape_matches(net, c.shape)) {
    return;
  }
  c.revision = s.revision;
  c.sample = s.selected_sample;
  c.shape.resize(net.depth() + 1);
  for (int l = 0; l <= net.depth(); ++l) c.shape[l] = net.size(l);
  c.gradients_ready = false;
  c.gradients = nullptr;

  c.max_abs_w.assign(net.depth() + 1, 0.0);
  for (int l = 1; l <= net.depth(); ++l) {
    const Matrix& W = net.layer(l).W;
    c.max_abs_w[l] = W.size() > 0 ? W.cwiseAbs().maxCoeff() : 0.0;
  }

  c.has_sample = data_fits(s);
  if (!c.has_sample) return;
  const Dataset& d = s.data.train;
  c.sample_index = std::clamp(s.selected_sample, 0, d.count() - 1);
  c.x1.resize(net.input_size(), 1);  // no-op when the shape is unchanged
  c.t1.resize(net.output_size(), 1);
  c.x1.col(0) = d.x.col(c.sample_index);
  c.t1.col(0) = d.t.col(c.sample_index);
  // A batch of one: δ here is this sample's own ∂ℓ/∂z, the quantity the
  // chain rule walks for the chosen sample.
  prepare_workspace(net, 1, c.sample_ws);
  loss_and_gradients(net, c.x1, c.t1, s.hp.regularization, c.sample_ws);

  double max_a = 0.0;
  for (int l = 0; l <= net.depth(); ++l) {
    for (Eigen::Index i = 0; i < c.sample_ws.a[l].size(); ++i) {
      const double v = std::abs(c.sample_ws.a[l](i));
      if (std::isfinite(v)) max_a = std::max(max_a, v);
    }
  }
  c.activation_scale = nice_ceil(std::max(max_a, 1.0));
}

void ensure_gradients(const Session& s, GraphCache& c) {
  if (c.gradients_ready) return;
  c.gradients_ready = true;
  c.gradients = nullptr;
  const Mlp& net = s.net;

  if (s.trainer.steps() > 0 && gradients_fit(net, s.trainer.workspace())) {
    c.gradients = &s.trainer.workspace();
    c.gradients_from_last_step = true;
  } else if (data_fits(s)) {
    // No step yet (or the shape changed since): the gradients the next step
    // would use, computed on a copy of its batch; the session is untouched.
    const Dataset& d = s.data.train;
    s.trainer.next_batch_indices(c.batch_indices, d, s.hp);
    if (c.batch_indices.empty()) return;
    const int b = static_cast<int>(c.batch_indices.size());
    c.batch_x.resize(net.input_size(), b);
    c.batch_t.resize(net.output_size(), b);
    for (int i = 0; i < b; ++i) {
      c.batch_x.col(i) = d.x.col(c.batch_indices[i]);
      c.batch_t.col(i) = d.t.col(c.batch_indices[i]);
    }
    prepare_workspace(net, b, c.batch_ws);
    loss_and_gradients(net, c.batch_x, c.batch_t, s.hp.regularization, c.batch_ws);
    c.gradients = &c.batch_ws;
    c.gradients_from_last_step = false;
  }

  c.max_abs_grad.assign(net.depth() + 1, 0.0);
  c.max_abs_grad_all = 0.0;
  if (c.gradients == nullptr) return;
  for (int l = 1; l <= net.depth(); ++l) {
    const Matrix& g = c.gradients->grad_W[l];
    double m = 0.0;
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      const double v = std::abs(g(i));
      if (std::isfinite(v)) m = std::max(m, v);
    }
    c.max_abs_grad[l] = m;
    c.max_abs_grad_all = std::max(c.max_abs_grad_all, m);
  }
}

}  // namespace backstep
