// Optimizers: apply one update to every parameter from the gradients in a
// Workspace. All gradients of a step come from the weights before the step;
// only then are parameters changed.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/mlp.hpp"

namespace backstep {

enum class OptimizerKind { sgd, momentum, rmsprop, adam };

std::string_view to_string(OptimizerKind k);
std::optional<OptimizerKind> parse_optimizer(std::string_view name);

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::sgd;
  double momentum = 0.9;  // momentum: v ← μ v − η g;  θ ← θ + v
  double rho = 0.9;       // rmsprop:  s ← ρ s + (1−ρ) g²;  θ ← θ − η g / (√s + ε)
  double beta1 = 0.9;     // adam:     m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²
  double beta2 = 0.999;  //           θ ← θ − η m̂ / (√v̂ + ε), m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
  double epsilon = 1e-8;
};

// Per-parameter state, index = layer number l (index 0 unused).
// first_*: momentum velocity / adam m. second_*: rmsprop s / adam v.
struct OptimizerState {
  long t = 0;  // updates applied so far (adam's bias correction uses t after increment)
  std::vector<Matrix> first_W, second_W;
  std::vector<Vector> first_b, second_b;
  std::vector<Matrix> last_update_W;  // Δθ of the most recent step, for the UI
  std::vector<Vector> last_update_b;
};

// Sizes (and zeroes) the state for `net`.
void reset_optimizer_state(const Mlp& net, OptimizerState& state);

// True when `state` is sized for `net` (every moment and update block).
bool state_matches(const Mlp& net, const OptimizerState& state);

// The optimizer's proposal, nothing applied: from the gradients in ws and the
// state before the step, writes into `after` what the step changes — t + 1,
// the moments this optimizer keeps (momentum: first; rmsprop: second; adam:
// both) and after.last_update_* = Δθ. Moments it does not keep are left as
// they are in `after` (not part of the proposal: adopt_update leaves the
// state's own). `before` must match `net` (see state_matches); `after` is
// sized here, allocating only when a shape changes.
void propose_update(const Mlp& net, const Workspace& ws, const OptimizerConfig& config,
                    double learning_rate, const OptimizerState& before, OptimizerState& after);

// The state after the step: swaps the proposal's parts (t, last update, the
// moments `kind` keeps) from `after` into `state`, O(1). `after` is left
// holding the old values of those parts.
void adopt_update(OptimizerKind kind, OptimizerState& after, OptimizerState& state);

// θ ← θ + Δθ for every parameter, Δθ = update.last_update_* from propose_update.
void apply_update(const OptimizerState& update, Mlp& net);

// propose_update then apply_update in place (allocates a temporary state; for
// tests and one-off use — training goes through core/step.hpp).
void optimizer_step(Mlp& net, const Workspace& ws, const OptimizerConfig& config,
                    double learning_rate, OptimizerState& state);

}  // namespace backstep
