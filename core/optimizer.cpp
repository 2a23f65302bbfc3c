#include "core/optimizer.hpp"

#include <cmath>

namespace backstep {

std::string_view to_string(OptimizerKind k) {
  switch (k) {
    case OptimizerKind::sgd:
      return "sgd";
    case OptimizerKind::momentum:
      return "momentum";
    case OptimizerKind::rmsprop:
      return "rmsprop";
    case OptimizerKind::adam:
      return "adam";
  }
  return "?";
}

std::optional<OptimizerKind> parse_optimizer(std::string_view name) {
  if (name == "sgd") return OptimizerKind::sgd;
  if (name == "momentum") return OptimizerKind::momentum;
  if (name == "rmsprop") return OptimizerKind::rmsprop;
  if (name == "adam") return OptimizerKind::adam;
  return std::nullopt;
}

void reset_optimizer_state(const Mlp& net, OptimizerState& state) {
  const int depth = net.depth();
  state.t = 0;
  state.first_W.assign(depth + 1, Matrix());
  state.second_W.assign(depth + 1, Matrix());
  state.last_update_W.assign(depth + 1, Matrix());
  state.first_b.assign(depth + 1, Vector());
  state.second_b.assign(depth + 1, Vector());
  state.last_update_b.assign(depth + 1, Vector());
  for (int l = 1; l <= depth; ++l) {
    const DenseLayer& layer = net.layer(l);
    state.first_W[l] = Matrix::Zero(layer.W.rows(), layer.W.cols());
    state.second_W[l] = Matrix::Zero(layer.W.rows(), layer.W.cols());
    state.last_update_W[l] = Matrix::Zero(layer.W.rows(), layer.W.cols());
    state.first_b[l] = Vector::Zero(layer.b.size());
    state.second_b[l] = Vector::Zero(layer.b.size());
    state.last_update_b[l] = Vector::Zero(layer.b.size());
  }
}

namespace {

bool state_matches(const Mlp& net, const OptimizerState& state) {
  if (static_cast<int>(state.first_W.size()) != net.depth() + 1) return false;
  for (int l = 1; l <= net.depth(); ++l) {
    const DenseLayer& layer = net.layer(l);
    if (state.first_W[l].rows() != layer.W.rows() || state.first_W[l].cols() != layer.W.cols() ||
        state.first_b[l].size() != layer.b.size()) {
      return false;
    }
  }
  return true;
}

struct StepConstants {
  double lr;
  double bias1;  // 1 − β₁ᵗ (adam)
  double bias2;  // 1 − β₂ᵗ (adam)
};

// One parameter block (a weight matrix or a bias vector): writes Δθ into
// `update` and applies θ ← θ + Δθ. Everything is coefficient-wise, so Eigen
// evaluates it in place without temporaries.
template <class P>
void update_block(P& theta, const P& g, P& first, P& second, P& update, const OptimizerConfig& c,
                  const StepConstants& k) {
  switch (c.kind) {
    case OptimizerKind::sgd:
      // Δθ = −η g
      update = -k.lr * g;
      break;
    case OptimizerKind::momentum:
      // v ← μ v − η g;  Δθ = v
      first = c.momentum * first - k.lr * g;
      update = first;
      break;
    case OptimizerKind::rmsprop:
      // s ← ρ s + (1−ρ) g²;  Δθ = −η g / (√s + ε)
      second = c.rho * second + (1.0 - c.rho) * g.cwiseAbs2();
      update = (-k.lr * g.array() / (second.array().sqrt() + c.epsilon)).matrix();
      break;
    case OptimizerKind::adam:
      // m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  Δθ = −η m̂ / (√v̂ + ε)
      first = c.beta1 * first + (1.0 - c.beta1) * g;
      second = c.beta2 * second + (1.0 - c.beta2) * g.cwiseAbs2();
      update = (-k.lr * (first.array() / k.bias1) / ((second.array() / k.bias2).sqrt() + c.epsilon))
                   .matrix();
      break;
  }
  theta += update;
}

}  // namespace

void optimizer_step(Mlp& net, const Workspace& ws, const OptimizerConfig& config,
                    double learning_rate, OptimizerState& state) {
  // First use or a changed architecture: size the state (the only allocation).
  if (!state_matches(net, state)) reset_optimizer_state(net, state);
  state.t += 1;
  // Adam's bias corrections 1 − βᵗ are the only non-trivial per-step constants;
  // their two pow calls were ~5% of an xor step, so skip them for the other optimizers.
  StepConstants k{learning_rate, 1.0, 1.0};
  if (config.kind == OptimizerKind::adam) {
    const double t = static_cast<double>(state.t);
    k.bias1 = 1.0 - std::pow(config.beta1, t);
    k.bias2 = 1.0 - std::pow(config.beta2, t);
  }
  // The gradients in ws all come from the weights before this call; only now
  // is any parameter changed.
  for (int l = 1; l <= net.depth(); ++l) {
    DenseLayer& layer = net.layer(l);
    update_block(layer.W, ws.grad_W[l], state.first_W[l], state.second_W[l], state.last_update_W[l],
                 config, k);
    update_block(layer.b, ws.grad_b[l], state.first_b[l], state.second_b[l], state.last_update_b[l],
                 config, k);
  }
}

}  // namespace backstep
