// The chain-rule tracer: one training step as an indexed sequence of
// micro-steps — forward, loss, output deltas, hidden deltas, weight and bias
// gradients, updates — each with its formula, the formula with the numbers
// substituted, and the value.
//
// The tracer reads a computed Step (core/step.hpp) — the same object
// Trainer::step commits and the graph and the command line read — so every
// value shown is the engine's number and none is recomputed here. Micro-steps are never stored:
// at(i) finds (phase, layer, neuron, edge) from i by arithmetic over the layer sizes and writes
// only that record, so random access is instant even with 80 000 per-weight steps.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hyperparams.hpp"
#include "core/mlp.hpp"
#include "core/optimizer.hpp"
#include "core/step.hpp"

namespace backstep {

enum class TracePhase {
  forward,          // z then a, neuron by neuron, layer 1 … L
  loss,             // each output's loss term, the sample loss (and the batch objective)
  output_delta,     // δ⁽ᴸ⁾_j
  hidden_delta,     // δ⁽ˡ⁾_j, layer L−1 down to 1
  weight_gradient,  // ∂L/∂w⁽ˡ⁾_jk, layer L down to 1 (a row per neuron, or one per weight)
  bias_gradient,    // ∂L/∂b⁽ˡ⁾_j, layer L down to 1
  update,           // every parameter's optimizer update, layer 1 … L
};
inline constexpr int kTracePhaseCount = 7;

std::string_view to_string(TracePhase p);  // "forward", "loss", "output-delta", …
// The direction of flow a phase belongs to: "forward", "loss", "backward", "gradient", "update".
std::string_view flow_label(TracePhase p);
// True for the phases that run from the loss back towards the input.
bool is_backward(TracePhase p);

enum class TraceGranularity { neuron, weight };
std::string_view to_string(TraceGranularity g);
std::optional<TraceGranularity> parse_granularity(std::string_view name);

// What a micro-step computes; finer than the phase (a forward step is z or a).
enum class TraceQuantity {
  z,
  a,
  loss_term,    // ℓ_k of output k
  sample_loss,  // L of the traced sample
  batch_loss,   // the batch objective (mean over B + regularization)
  delta,
  weight_gradient,  // one weight (source ≥ 0) or a neuron's row (source = −1)
  bias_gradient,
  weight_update,  // one weight (source ≥ 0) or a neuron's row (source = −1)
  bias_update,
};

// Where a micro-step is, without its text: cheap, for graph highlighting.
struct TraceLocus {
  long index = 0;
  TracePhase phase = TracePhase::forward;
  TraceQuantity quantity = TraceQuantity::z;
  int layer = 0;    // l of the neuron (loss steps: L); engine numbering
  int neuron = 0;   // j, 0-based; −1 for the sample loss and the batch objective
  int source = -1;  // k (0-based, a neuron of layer l−1) for a single-weight step, else −1
};

// Bug lab: what the correct engine computes at a micro-step, from the same
// parameters, batch and optimizer state, beside what the bug computed.
struct TraceCorrection {
  std::string formula, substituted, note;
  double value = 0.0;
  std::vector<double> values;  // a row step's entries
  // Only the numbers differ: the bug reached this term through an earlier one.
  bool same_formula = false;
};

struct TraceStep : TraceLocus {
  std::string formula;  // symbolic, UTF-8, 1-based neurons: "z⁽¹⁾₂ = w⁽¹⁾₂₁·a⁽⁰⁾₁ + … + b⁽¹⁾₂"
  std::string substituted;  // the numbers, ending "= <value>": "0.25·0.05 + … + 0.35 = 0.3925"
  std::string note;         // a remark: "δ includes the 1/B of the batch mean", σ′ = a(1 − a)
  double value = 0.0;       // exact engine value; for a row step the row's L2 norm
  std::vector<double> values;  // a row step's entries (k = 0 … n_{l−1}−1); empty otherwise
  // Gradient steps: this sample's own term δ⁽ˡ⁾_j·a⁽ˡ⁻¹⁾_k (or δ⁽ˡ⁾_j for a bias);
  // `value` is the gradient actually used (batch sum, + regularization, clipped).
  double sample_value = 0.0;
  // With a Bug lab mistake on (Hyperparams::bug): the correct engine's step,
  // when its formula or its numbers differ from this one's. Absent otherwise.
  std::optional<TraceCorrection> correct;
};

// "[forward] z⁽¹⁾₁ = … = 0.3775": flow label, formula, " = ", substituted
// (and "   — note" when there is one).
std::string format_line(const TraceStep& m);

class Tracer {
 public:
  // Walks column `sample` of `step`, which compute_step made from `net`,
  // `hp` and optimizer state `state`.
  Tracer(const Mlp& net, std::shared_ptr<const Step> step, int sample, const Hyperparams& hp,
         const OptimizerState& state, TraceGranularity granularity = TraceGranularity::neuron);
  // Computes the step itself (compute_step): x (n_0, B), t (n_L, B) is the
  // batch, `state` the optimizer state before the step and `step` the number
  // of optimizer updates so far (the schedule's t).
  Tracer(const Mlp& net, const Matrix& x, const Matrix& t, int sample, const Hyperparams& hp,
         const OptimizerState& state, long step,
         TraceGranularity granularity = TraceGranularity::neuron);

  long size() const { return total_; }  // number of micro-steps
  long phase_size(TracePhase p) const;
  long first_index(TracePhase p) const;  // = size() when the phase is empty
  TraceGranularity granularity() const { return granularity_; }
  void set_granularity(TraceGranularity g);  // recomputes the index arithmetic only

  TraceLocus locate(long i) const;  // 0 ≤ i < size()
  TraceStep at(long i) const;       // generates that one record

  // Navigation (−1 when there is no such micro-step):
  // the micro-step computing `quantity`-phase `p` for neuron j of layer l
  // (forward: its z step; update: its weight-row or first weight step).
  long index_of(TracePhase p, int layer, int neuron) const;
  // The first micro-step about neuron j of layer l (its forward z; for an input
  // neuron, the first gradient step of an outgoing edge).
  long index_of_neuron(int layer, int neuron) const;
  // The gradient (or update) step of edge w⁽ˡ⁾_jk; in neuron granularity, the row step of j.
  long index_of_edge(int layer, int j, int k, TracePhase p = TracePhase::weight_gradient) const;
  // The phase containing index i (i clamped into range).
  TracePhase phase_of(long i) const;

  // Applies the whole traced step: net and state become exactly what the
  // engine's optimizer_step produced (bit-identical). Both must be the ones the
  // tracer was built from.
  void apply(Mlp& net, OptimizerState& state) const;

  // The inputs and the engine's numbers, for the text generator and the UI.
  const Mlp& net() const { return net_; }                   // parameters before the step
  const Mlp& net_after() const { return after_net_; }       // after the step
  const Workspace& workspace() const { return step_->ws; }  // z, a, δ, ∂L/∂W of the batch
  const Step& computed_step() const { return *step_; }
  const OptimizerState& state_before() const { return state_before_; }
  const OptimizerState& state_after() const { return state_after_; }
  const Hyperparams& hyperparams() const { return hp_; }
  const Matrix& targets() const { return step_->t; }
  int sample() const { return sample_; }
  int batch() const { return step_->ws.batch; }
  // The classes' names (imported data, Session::data.class_names) for the
  // text: "t = setosa (1, 0, 0)". Empty: the targets are shown as numbers.
  void set_class_names(std::vector<std::string> names);
  const std::vector<std::string>& class_names() const { return class_names_; }
  double learning_rate() const { return step_->learning_rate; }
  long step() const { return step_->index; }
  LossParts batch_loss() const { return step_->loss; }
  double gradient_norm() const { return step_->gradient_norm; }  // before clipping
  double clip_scale() const { return step_->clip_scale; }        // 1 when not clipped
  bool has_batch_objective() const;  // a loss step for the batch objective exists
  // Bug lab: the correct engine's tracer of the same step (hp.bug = none), from
  // which at() fills TraceStep::correct; null when no bug is on.
  const Tracer* correct_tracer() const { return correct_.get(); }

 private:
  void compute_offsets();

  Mlp net_, after_net_;  // θ and θ + Δθ
  std::shared_ptr<const Step> step_;
  OptimizerState state_before_, state_after_;  // complete states on both sides
  Hyperparams hp_;
  int sample_ = 0;
  std::vector<std::string> class_names_;
  TraceGranularity granularity_ = TraceGranularity::neuron;
  // phase_begin_[p] … phase_begin_[p+1]: the indices of phase p.
  std::shared_ptr<const Tracer> correct_;  // shared by copies; replaced, never changed
  long phase_begin_[kTracePhaseCount + 1] = {};
  long total_ = 0;
};

}  // namespace backstep
