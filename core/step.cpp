#include "core/step.hpp"

#include <cassert>
#include <cmath>
#include <utility>

#include "core/bug_lab.hpp"
#include "core/schedule.hpp"

namespace backstep {

const OptimizerState& state_before(const Step& step, const Mlp& net, const OptimizerState& state) {
  return state_matches(net, state) ? state : step.zero_state;
}

void compute_step(const Mlp& net, const Matrix& x, const Matrix& t, const Hyperparams& hp,
                  const OptimizerState& state, long index, Step& out) {
  assert(x.cols() == t.cols() && x.cols() > 0);
  const int batch = static_cast<int>(x.cols());
  if (&t != &out.t) out.t = t;
  out.index = index;

  // 1. Forward, loss and every gradient, all from the current weights. The
  //    workspace is re-prepared only when a shape changed: checking the batch
  //    and each layer's gradient shape is far cheaper than prepare_workspace's
  //    resize-everything no-op (~6% of an xor step).
  Workspace& ws = out.ws;
  bool fits = ws.batch == batch && static_cast<int>(ws.grad_W.size()) == net.depth() + 1 &&
              ws.a[0].rows() == net.input_size();
  for (int l = 1; fits && l <= net.depth(); ++l) {
    fits = ws.grad_W[l].rows() == net.size(l) && ws.grad_W[l].cols() == net.size(l - 1);
  }
  if (!fits) prepare_workspace(net, batch, ws);
  forward(net, x, ws);
  out.loss = compute_loss(net, ws, t, hp.regularization);
  out.learning_rate = scheduled_learning_rate(hp.schedule, hp.learning_rate, index);
  const OptimizerState* before = &state;
  if (!state_matches(net, state)) {
    if (!state_matches(net, out.zero_state)) reset_optimizer_state(net, out.zero_state);
    before = &out.zero_state;
  }
  if (hp.bug == Bug::none || hp.bug == Bug::gradient_ascent) {
    backward(net, t, hp.regularization, ws);
  } else if (hp.bug == Bug::update_before_backprop) {
    // The script's order: the output layer's update is proposed from its
    // (correct) gradient and applied first; the hidden deltas then flow back
    // through the updated W⁽ᴸ⁾. The output layer's own gradient is unchanged.
    backward(net, t, hp.regularization, ws);
    propose_update(net, ws, hp.optimizer, out.learning_rate, *before, out.after);
    DenseLayer updated = net.layer(net.depth());
    updated.W += out.after.last_update_W[net.depth()];
    updated.b += out.after.last_update_b[net.depth()];
    backward_with_bug(net, t, hp.regularization, hp.bug, ws, &updated);
    out.bug_backprop_W = updated.W;
  } else {
    backward_with_bug(net, t, hp.regularization, hp.bug, ws);
  }

  // 2. Global-norm clipping: g ← g·c/‖g‖ when ‖g‖ > c.
  out.gradient_norm = hp.clip_norm > 0.0 ? clip_gradients(ws, hp.clip_norm) : gradient_norm(ws);
  out.clip_scale = hp.clip_norm > 0.0 && out.gradient_norm > hp.clip_norm
                       ? hp.clip_norm / out.gradient_norm
                       : 1.0;

  // 3. The optimizer's proposal Δθ at the step's rate, from the state before
  //    the step. No parameter is changed until commit_step.
  if (hp.bug == Bug::gradient_ascent) {
    // Gradient ascent: the optimizer is handed −∂L/∂θ, so every optimizer
    // climbs (sgd: θ + η·∂L/∂θ). The step's gradients stay the true ones
    // (sign flips are exact), so a gradient check passes: only the update
    // and the loss curve show this bug.
    const auto flip = [&ws, &net] {
      for (int l = 1; l <= net.depth(); ++l) {
        ws.grad_W[l] = -ws.grad_W[l];
        ws.grad_b[l] = -ws.grad_b[l];
      }
    };
    flip();
    propose_update(net, ws, hp.optimizer, out.learning_rate, *before, out.after);
    flip();
  } else {
    propose_update(net, ws, hp.optimizer, out.learning_rate, *before, out.after);
  }
  out.optimizer = hp.optimizer.kind;
}

bool step_is_finite(const Step& step, const Mlp& net) {
  if (!std::isfinite(step.loss.total())) return false;
  for (int l = 1; l <= net.depth(); ++l) {
    const DenseLayer& layer = net.layer(l);
    // The same sums commit_step will form, evaluated without storing them.
    if (!(layer.W + step.after.last_update_W[l]).allFinite()) return false;
    if (!(layer.b + step.after.last_update_b[l]).allFinite()) return false;
  }
  return true;
}

void commit_step(Step& step, Mlp& net, OptimizerState& state) {
  apply_update(step.after, net);
  // A state that did not fit the network stepped from zeros: it becomes them.
  if (!state_matches(net, state)) state = step.zero_state;
  adopt_update(step.optimizer, step.after, state);
}

}  // namespace backstep
