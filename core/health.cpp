#include "core/health.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/random.hpp"
#include "core/step.hpp"
#include "core/trace_text.hpp"

namespace backstep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Lower and upper bound of a bounded activation's range.
bool bounds_of(Activation f, double& lo, double& hi) {
  switch (f) {
    case Activation::sigmoid:
      lo = 0.0;
      hi = 1.0;
      return true;
    case Activation::tanh:
      lo = -1.0;
      hi = 1.0;
      return true;
    default:
      return false;
  }
}

// Share of entries of a (n, N) within `kSaturationMargin` of lo or hi.
double saturated_share(const Matrix& a, double lo, double hi) {
  if (a.size() == 0) return kNaN;
  const long saturated =
      ((a.array() <= lo + kSaturationMargin) || (a.array() >= hi - kSaturationMargin)).count();
  return static_cast<double>(saturated) / static_cast<double>(a.size());
}

// Share of rows (units) of a (n, N) that are exactly 0 on every column (sample):
// with relu′(z ≤ 0) = 0 such a unit passes no gradient and can never recover.
double dead_share(const Matrix& a) {
  if (a.rows() == 0 || a.cols() == 0) return kNaN;
  long dead = 0;
  for (Eigen::Index j = 0; j < a.rows(); ++j) {
    if ((a.row(j).array() == 0.0).all()) ++dead;
  }
  return static_cast<double>(dead) / static_cast<double>(a.rows());
}

}  // namespace

void layer_gradient_norms(const Workspace& ws, std::vector<double>& out) {
  out.resize(ws.grad_W.size());
  if (!out.empty()) out[0] = 0.0;
  for (std::size_t l = 1; l < ws.grad_W.size(); ++l) out[l] = ws.grad_W[l].norm();
}

void compute_layer_health(const Mlp& net, const Dataset& train, const Workspace* step,
                          const OptimizerState& opt, HealthWorkspace& hw,
                          std::vector<LayerHealth>& out) {
  const int depth = net.depth();
  out.resize(depth);
  const bool have_data = train.count() > 0;
  if (have_data) {
    prepare_workspace(net, train.count(), hw.ws);
    forward(net, train.x, hw.ws);
  }
  for (int l = 1; l <= depth; ++l) {
    const DenseLayer& layer = net.layer(l);
    LayerHealth& h = out[l - 1];
    h = LayerHealth{};
    h.layer = l;
    h.activation = layer.activation;
    h.weight_norm = layer.W.norm();
    double lo = 0.0, hi = 0.0;
    const bool bounded = bounds_of(layer.activation, lo, hi);
    if (have_data) {
      const Matrix& a = hw.ws.a[l];
      h.mean_abs_activation = a.cwiseAbs().mean();
      h.saturated_share = bounded ? saturated_share(a, lo, hi) : kNaN;
      h.dead_share = layer.activation == Activation::relu ? dead_share(a) : kNaN;
    } else {
      h.mean_abs_activation = h.saturated_share = h.dead_share = kNaN;
    }
    h.gradient_norm = step != nullptr ? step->grad_W[l].norm() : kNaN;
    // ‖ΔW‖/‖W‖: the classic "is the learning rate sane" gauge (≈1e-3 is healthy).
    const bool updated = opt.t > 0 && static_cast<int>(opt.last_update_W.size()) > l &&
                         opt.last_update_W[l].rows() == layer.W.rows() &&
                         opt.last_update_W[l].cols() == layer.W.cols();
    h.update_ratio =
        updated && h.weight_norm > 0.0 ? opt.last_update_W[l].norm() / h.weight_norm : kNaN;
  }
}

// --- histograms ---------------------------------------------------------------

int Histogram::max_count() const {
  return counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
}

void bin_values(const Eigen::Ref<const Matrix>& values, Histogram& h) {
  std::fill(h.counts.begin(), h.counts.end(), 0);
  h.non_finite = 0;
  h.range = 0.0;
  for (Eigen::Index c = 0; c < values.cols(); ++c) {
    for (Eigen::Index r = 0; r < values.rows(); ++r) {
      const double v = values(r, c);
      if (std::isfinite(v)) {
        h.range = std::max(h.range, std::abs(v));
      } else {
        ++h.non_finite;
      }
    }
  }
  const int bins = static_cast<int>(h.counts.size());
  if (bins == 0) return;
  // Bin i covers [−r + i·w, −r + (i+1)·w), w = 2r/bins; +r falls in the last bin.
  // With every value 0 (r = 0) all land in the middle bin.
  for (Eigen::Index c = 0; c < values.cols(); ++c) {
    for (Eigen::Index r = 0; r < values.rows(); ++r) {
      const double v = values(r, c);
      if (!std::isfinite(v)) continue;
      int bin = bins / 2;
      if (h.range > 0.0) {
        bin = static_cast<int>(std::floor((v + h.range) / (2.0 * h.range) * bins));
        bin = std::clamp(bin, 0, bins - 1);
      }
      ++h.counts[bin];
    }
  }
}

// --- parameter indexing ---------------------------------------------------------

long parameter_index(const Mlp& net, const ParamRef& p) {
  long index = 0;
  for (int l = 1; l < p.layer; ++l) index += net.layer(l).W.size() + net.layer(l).b.size();
  const DenseLayer& layer = net.layer(p.layer);
  if (p.bias) return index + layer.W.size() + p.j;
  return index + static_cast<long>(p.k) * layer.W.rows() + p.j;  // column-major
}

std::string parameter_name(const ParamRef& p) {
  return p.bias ? notation::bias_name(p.layer, p.j) : notation::weight_name(p.layer, p.j, p.k);
}

ParamRef parameter_at(const Mlp& net, long index) {
  assert(index >= 0 && index < net.parameter_count());
  for (int l = 1; l <= net.depth(); ++l) {
    const DenseLayer& layer = net.layer(l);
    const long w = layer.W.size();
    if (index < w) {
      return {l, static_cast<int>(index % layer.W.rows()), static_cast<int>(index / layer.W.rows()),
              false};
    }
    index -= w;
    if (index < layer.b.size()) return {l, static_cast<int>(index), 0, true};
    index -= layer.b.size();
  }
  return {};
}

// --- gradient check -----------------------------------------------------------

double gradcheck_relative_error(double analytic, double numeric, double loss) {
  const double floor = 1e-4 * std::max(1.0, std::abs(loss));
  return std::abs(analytic - numeric) / std::max(std::abs(analytic) + std::abs(numeric), floor);
}

namespace {

double& parameter(Mlp& net, const ParamRef& p) {
  DenseLayer& layer = net.layer(p.layer);
  return p.bias ? layer.b(p.j) : layer.W(p.j, p.k);
}

double total_loss(const Mlp& net, const Matrix& x, const Matrix& t, const Regularization& reg,
                  Workspace& ws) {
  forward(net, x, ws);
  return compute_loss(net, ws, t, reg).total();
}

// The parameter indices to check: all of them in order, or `count` distinct
// ones drawn by a partial Fisher–Yates shuffle (seeded), then sorted so the
// report walks the network in order.
std::vector<long> chosen_parameters(long total, const GradCheckOptions& options, bool& sampled) {
  std::vector<long> all(total);
  std::iota(all.begin(), all.end(), 0L);
  sampled = options.max_parameters > 0 && total > options.max_parameters;
  if (!sampled) return all;
  Rng rng(options.seed);
  const long count = options.max_parameters;
  for (long i = 0; i < count; ++i) {
    const long pick = i + static_cast<long>(rng.below(static_cast<std::uint64_t>(total - i)));
    std::swap(all[i], all[pick]);
  }
  all.resize(count);
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace

GradCheckResult gradient_check(const Mlp& net, const Matrix& x, const Matrix& t,
                               const Regularization& reg, const GradCheckOptions& options) {
  GradCheckResult result;
  result.total = net.parameter_count();
  Workspace ws;
  Step buggy;  // holds the Bug lab's workspace when a bug is on
  if (options.bug == Bug::none) {
    result.loss = loss_and_gradients(net, x, t, reg, ws).total();
  } else {
    Hyperparams hp = options.bug_hp;
    hp.bug = options.bug;
    hp.regularization = reg;
    hp.clip_norm = 0.0;  // the gradient itself, not a clipped one
    OptimizerState zero;
    reset_optimizer_state(net, zero);
    compute_step(net, x, t, hp, zero, 0, buggy);
    result.loss = buggy.loss.total();
    ws = std::move(buggy.ws);
  }
  if (options.perturb_analytic) options.perturb_analytic(ws);

  Mlp probe = net;
  Workspace fd_ws;
  prepare_workspace(probe, static_cast<int>(x.cols()), fd_ws);
  const std::vector<long> indices = chosen_parameters(result.total, options, result.sampled);
  result.checked = static_cast<long>(indices.size());
  result.max_rel_error = -1.0;
  result.layer_max_rel_error.assign(static_cast<std::size_t>(net.depth()) + 1, -1.0);
  for (const long index : indices) {
    const ParamRef p = parameter_at(net, index);
    double& theta = parameter(probe, p);
    const double original = theta;
    // Scale h with the parameter so θ ± h stays a distinct double for large θ.
    const double h = options.step * std::max(1.0, std::abs(original));
    const auto loss_at = [&](double value) {
      theta = value;
      return total_loss(probe, x, t, reg, fd_ws);
    };
    // Five-point central stencil: from the Taylor series of L(θ ± h) and
    // L(θ ± 2h), the h³ terms cancel in 8[L(θ+h) − L(θ−h)] − [L(θ+2h) − L(θ−2h)]:
    //   L′(θ) ≈ (8[L(θ+h) − L(θ−h)] − [L(θ+2h) − L(θ−2h)]) / 12h,
    // error O(h⁴ L⁽⁵⁾) + O(ε_mach L / h). The smaller truncation error allows a
    // larger h than the 3-point rule, so less round-off for the same accuracy.
    const double d1 = loss_at(original + h) - loss_at(original - h);
    const double d2 = loss_at(original + 2.0 * h) - loss_at(original - 2.0 * h);
    theta = original;  // exact restore: the same double is written back
    const double numeric = (8.0 * d1 - d2) / (12.0 * h);
    const double analytic = p.bias ? ws.grad_b[p.layer](p.j) : ws.grad_W[p.layer](p.j, p.k);
    double rel = gradcheck_relative_error(analytic, numeric, result.loss);
    if (std::isnan(rel)) rel = std::numeric_limits<double>::infinity();  // NaN never passes
    double& layer_max = result.layer_max_rel_error[static_cast<std::size_t>(p.layer)];
    layer_max = std::max(layer_max, rel);
    if (rel >= kGradCheckTolerance) {
      if (result.flagged.size() < GradCheckResult::kMaxFlagged) result.flagged.push_back(p);
      ++result.flagged_count;
    }
    if (rel > result.max_rel_error) {
      result.max_rel_error = rel;
      result.worst = p;
      result.worst_analytic = analytic;
      result.worst_numeric = numeric;
    }
  }
  if (result.checked == 0) result.max_rel_error = 0.0;
  return result;
}

// --- gradient-norm history ------------------------------------------------------

void GradNormHistory::clear() {
  steps_.clear();
  norms_.clear();
  stride_ = 1;
  since_last_ = 0;
  layers_ = 0;
}

void GradNormHistory::discard_after(long step) {
  std::size_t keep = steps_.size();
  while (keep > 0 && steps_[keep - 1] > step) --keep;
  steps_.resize(keep);
  norms_.resize(keep * static_cast<std::size_t>(layers_));
  since_last_ = 0;
}

// Keeps points 0, 2, 4, … in place; the buffers keep their capacity.
void GradNormHistory::decimate() {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < steps_.size(); i += 2, ++kept) {
    steps_[kept] = steps_[i];
    for (int l = 0; l < layers_; ++l) norms_[kept * layers_ + l] = norms_[i * layers_ + l];
  }
  steps_.resize(kept);
  norms_.resize(kept * layers_);
  stride_ *= 2;
}

void GradNormHistory::record(long step, const Workspace& ws) {
  const int depth = static_cast<int>(ws.grad_W.size()) - 1;
  if (depth < 1) return;
  if (depth != layers_) {
    clear();
    layers_ = depth;
  }
  // The first point is always kept; then one every `stride_` calls.
  if (!steps_.empty() && ++since_last_ < stride_) return;
  since_last_ = 0;
  if (steps_.capacity() < capacity_) {
    steps_.reserve(capacity_);
    norms_.reserve(capacity_ * layers_);
  }
  if (steps_.size() >= capacity_) decimate();
  steps_.push_back(step);
  for (int l = 1; l <= layers_; ++l) norms_.push_back(ws.grad_W[l].norm());
}

}  // namespace backstep
