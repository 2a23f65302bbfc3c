// One training step, computed and not yet applied: "the step under
// inspection". compute_step() is the only place the sequence
//   forward → loss → backward (+ regularization) → clip → schedule → optimizer
// is written. Trainer::step computes one and commits it; the session keeps the
// pending one for its current revision, and the tracer, the graph, gradient
// health and the command line all read that same object.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/hyperparams.hpp"
#include "core/mlp.hpp"
#include "core/optimizer.hpp"

namespace backstep {

struct Step {
  // The batch: dataset indices of its columns, in the order used, and the
  // gathered columns (x stays empty for a full batch in stored order, whose
  // inputs are the dataset's own; either way ws.a[0] holds them).
  std::vector<int> batch;
  Matrix x, t;  // (n_0, B), (n_L, B)
  // Forward caches z, a; deltas δ⁽ˡ⁾ = ∂L/∂Z⁽ˡ⁾ (with the 1/B); the gradients
  // ∂L/∂W⁽ˡ⁾, ∂L/∂b⁽ˡ⁾ after regularization and clipping.
  Workspace ws;
  LossParts loss;              // L on the batch, before the update
  double gradient_norm = 0.0;  // ‖g‖ before clipping
  double clip_scale = 1.0;     // the factor clipping applied (1: not clipped)
  double learning_rate = 0.0;  // η after the schedule
  long index = 0;              // optimizer updates before this one (the schedule's t)
  // What the update changes in the optimizer state (core/optimizer.hpp
  // propose_update): after.last_update_* is Δθ; t and the moments the
  // optimizer keeps are the values after the step. The optimizer whose
  // proposal it is:
  OptimizerState after;
  OptimizerKind optimizer = OptimizerKind::sgd;
  OptimizerState zero_state;  // `before` for a state not yet sized to the network
  // Bug lab, update-before-backprop only: the already-updated W⁽ᴸ⁾ the hidden
  // deltas were propagated through (empty otherwise), so the tracer shows the
  // numbers the bug used.
  Matrix bug_backprop_W;
};

// The optimizer state a step starts from: `state`, or zeros when `state` does
// not fit the network yet (first use, or a changed architecture) — what the
// engine then uses.
const OptimizerState& state_before(const Step& step, const Mlp& net, const OptimizerState& state);

// Computes the step of `net` on the batch (x, t) from optimizer state `state`
// after `index` updates. Changes nothing but `out`; allocates only when a
// shape changes. t is copied into out.t unless it is out.t.
void compute_step(const Mlp& net, const Matrix& x, const Matrix& t, const Hyperparams& hp,
                  const OptimizerState& state, long index, Step& out);

// The parameters the step leads to are all finite (and so is its loss).
bool step_is_finite(const Step& step, const Mlp& net);

// θ ← θ + Δθ and the optimizer state takes the step's proposal (swapped in,
// O(1); core/optimizer.hpp adopt_update). `net` and `state` must be the ones
// the step was computed from; the step is spent afterwards.
void commit_step(Step& step, Mlp& net, OptimizerState& state);

// A session's pending step, cached: a pure function of the session at
// revision `built_for` (core/session_step.hpp). Shared between copies.
struct StepCache {
  mutable std::shared_ptr<const Step> step;
  mutable std::uint64_t built_for = ~std::uint64_t{0};
};

}  // namespace backstep
