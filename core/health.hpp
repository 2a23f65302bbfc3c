// Gradient health: per-layer statistics that make vanishing and exploding
// gradients, saturated units and dead ReLUs visible; histograms of weights and
// gradients; a finite-difference gradient check; and the bounded per-layer
// gradient-norm history the "Gradient health" panel plots.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/hyperparams.hpp"
#include "core/mlp.hpp"
#include "core/optimizer.hpp"

namespace backstep {

// --- layer health -----------------------------------------------------------

// How close to its bounds a sigmoid (0, 1) or tanh (−1, 1) output must be to
// count as saturated: there f′ < ~0.01, so almost no gradient passes.
inline constexpr double kSaturationMargin = 0.01;

// Statistics of layer l (1 … L): activations on the whole training set, the
// gradient norm of the step under inspection. Shares are in [0, 1];
// a statistic that does not apply to the layer's activation is NaN.
struct LayerHealth {
  int layer = 1;
  Activation activation = Activation::tanh;
  double mean_abs_activation = 0.0;  // mean over units and samples of |a⁽ˡ⁾|
  double saturated_share = 0.0;      // sigmoid/tanh: share of (unit, sample) within the margin
  double dead_share = 0.0;           // relu: share of units that are 0 on every sample
  double weight_norm = 0.0;          // ‖W⁽ˡ⁾‖ (Frobenius)
  double gradient_norm = 0.0;        // ‖∂L/∂W⁽ˡ⁾‖ of the given step (its batch)
  double update_ratio = 0.0;  // ‖ΔW⁽ˡ⁾‖ / ‖W⁽ˡ⁾‖ of the last update (NaN before any)
};

// Buffers reused between calls: the forward pass over the training set.
// Allocates only when the network or data shape changes.
struct HealthWorkspace {
  Workspace ws;
};

// The statistics above for every layer: activations from one forward pass over
// `train` on the current parameters; gradient norms from `step` (the
// gradients of the step under inspection — nothing recomputes them; NaN when
// null). `out` is resized to L entries.
void compute_layer_health(const Mlp& net, const Dataset& train, const Workspace* step,
                          const OptimizerState& opt, HealthWorkspace& hw,
                          std::vector<LayerHealth>& out);

// ‖∂L/∂W⁽ˡ⁾‖ for l = 1 … L from a workspace after backward(); out[0] unused (0).
void layer_gradient_norms(const Workspace& ws, std::vector<double>& out);

// --- histograms -------------------------------------------------------------

// Equal-width bins over the symmetric range [−range, range], range = max |v|
// (so zero sits on a bin edge in the middle). Non-finite values are counted
// apart and do not set the range.
struct Histogram {
  std::vector<int> counts;  // preallocated by the caller: its size is the bin count
  double range = 0.0;
  int non_finite = 0;
  int max_count() const;
};

// Bins `values` into h.counts (size unchanged; nothing allocated).
void bin_values(const Eigen::Ref<const Matrix>& values, Histogram& h);

// --- gradient check ---------------------------------------------------------

// One parameter: w⁽ˡ⁾_jk, or b⁽ˡ⁾_j when `bias` (k unused then).
struct ParamRef {
  int layer = 1;
  int j = 0;
  int k = 0;
  bool bias = false;
};

// Every parameter in storage order: layer 1 … L; per layer W column-major, then b.
long parameter_index(const Mlp& net, const ParamRef& p);
// The parameter's name as every text writes it, neurons 1-based: "w⁽²⁾₂₃", "b⁽¹⁾₄".
std::string parameter_name(const ParamRef& p);
ParamRef parameter_at(const Mlp& net, long index);

struct GradCheckOptions {
  long max_parameters = 200;  // above this many, check a seeded random sample of this size
  std::uint64_t seed = 1;     // chooses the sample
  double step = 1e-4;         // h of the five-point stencil (scaled by max(1, |θ|))
  // Test-only: runs after backprop and may change the analytic gradient, so a
  // test can show that a wrong backward fails the check.
  std::function<void(Workspace&)> perturb_analytic;
  // The Bug lab: the analytic gradient is the one this bug's backward
  // computes (core/bug_lab.hpp), with these step settings (learning rate and
  // optimizer for update-before-backprop). none: the engine's backward.
  Bug bug = Bug::none;
  Hyperparams bug_hp;
};

// The relative error at and above which a parameter's gradient is flagged.
inline constexpr double kGradCheckTolerance = 1e-6;

struct GradCheckResult {
  long checked = 0;      // parameters compared
  long total = 0;        // parameters in the network
  bool sampled = false;  // true: a random sample of `checked`, not all
  double loss = 0.0;     // batch loss at the current parameters
  double max_rel_error = 0.0;
  ParamRef worst;  // parameter with the largest relative error
  double worst_analytic = 0.0;
  double worst_numeric = 0.0;
  // The largest relative error among each layer's checked parameters, layers
  // 1 … L (index 0 unused; −1 for a layer none of whose parameters was checked).
  std::vector<double> layer_max_rel_error;
  // The parameters at or above kGradCheckTolerance, in storage order: the
  // first kMaxFlagged of them; flagged_count counts them all.
  std::vector<ParamRef> flagged;
  long flagged_count = 0;
  static constexpr std::size_t kMaxFlagged = 256;
  bool passed(double tolerance = kGradCheckTolerance) const { return max_rel_error < tolerance; }
};

// Relative error used by the check:
//   |a − n| / max(|a| + |n|, floor),  floor = 1e-4 · max(1, |L|).
// The floor keeps gradients near the round-off noise of the numeric
// derivative (≈ ε_mach·|L|/h ≈ 1e-12·|L|, times the summation error over
// the batch) from reading as large relative
// errors: a vanishing-gradient layer with true gradients of 1e-9 would
// otherwise fail a correct backward. Any absolute disagreement above
// 1e-10·max(1, |L|) still exceeds 1e-6.
double gradcheck_relative_error(double analytic, double numeric, double loss);

// Five-point central differences of the total loss (data +
// regularization) on the batch (x, t), against backward(). `net` is copied
// once; each parameter is perturbed and restored exactly.
GradCheckResult gradient_check(const Mlp& net, const Matrix& x, const Matrix& t,
                               const Regularization& reg, const GradCheckOptions& options = {});

// --- gradient-norm history --------------------------------------------------

// ‖∂L/∂W⁽ˡ⁾‖ per layer per recorded step, bounded and decimated like
// LossHistory: when `capacity` points are held, every other point is dropped
// and the stride doubles. Values are stored flat (point-major) so recording
// allocates nothing once the buffer has grown.
class GradNormHistory {
 public:
  explicit GradNormHistory(std::size_t capacity = 2048) : capacity_(capacity) {}
  // Records the norms in `ws` (after backward, after any clipping) for a step
  // whose parameters had `step` updates. A change of depth clears the history.
  void record(long step, const Workspace& ws);
  void clear();
  // Drops the points of steps after `step` (resuming from the past discards
  // the later steps; their norms go with them).
  void discard_after(long step);
  int layers() const { return layers_; }  // L
  std::size_t size() const { return steps_.size(); }
  long step_at(std::size_t i) const { return steps_[i]; }
  // Norm of layer l (1 … L) at point i.
  double norm_at(std::size_t i, int l) const { return norms_[i * layers_ + (l - 1)]; }
  long stride() const { return stride_; }

 private:
  void decimate();
  std::size_t capacity_;
  int layers_ = 0;
  long stride_ = 1;
  long since_last_ = 0;
  std::vector<long> steps_;
  std::vector<double> norms_;
};

}  // namespace backstep
