// Each mistake, derived beside the correct formula it replaces:
//
//   correct                                   the bug computes
//   σ′(z) = a(1 − a)                          z(1 − z)              sigmoid-prime-of-z
//   tanh′(z) = 1 − a²                         1 − z²                tanh-prime-of-z
//   relu′(z) = [z > 0]                        1                     relu-prime-one
//   δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ f′(z⁽ˡ⁾)           W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾          no-activation-derivative
//   ℓ = ½Σ(a − t)², ∂ℓ/∂a = a − t             2(a − t)              loss-derivative-factor
//   L = (1/B) Σ ℓ, δ⁽ᴸ⁾ carries 1/B            δ⁽ᴸ⁾ without it (×B)  no-batch-mean
//   softmax + ce: δ⁽ᴸ⁾ = a − t                 (a − t) ⊙ a(1 − a)    softmax-jacobian-twice
//   ∂L/∂b⁽ˡ⁾ⱼ = Σ_samples δ⁽ˡ⁾ⱼ                 Σ_j Σ_samples δ⁽ˡ⁾ⱼ   bias-sum-over-neurons
//   δ⁽ᴸ⁻¹⁾ through W⁽ᴸ⁾                         through W⁽ᴸ⁾ + ΔW⁽ᴸ⁾  update-before-backprop
//
// (gradient-ascent changes no gradient; compute_step flips the update.) The
// derivative bugs apply wherever f′ appears: every hidden layer, and the
// output layer when its δ goes through f′ (no fused loss/activation pair).
#include "core/bug_lab.hpp"

#include "core/loss.hpp"

namespace backstep {
namespace {

// dz = da ⊙ f′(z) with the buggy f′, element by element.
void buggy_activation_backward(Activation f, const Matrix& z, const Matrix& a, const Matrix& da,
                               Bug bug, Matrix& dz) {
  dz.resize(da.rows(), da.cols());
  for (Eigen::Index c = 0; c < da.cols(); ++c) {
    for (Eigen::Index k = 0; k < da.rows(); ++k) {
      dz(k, c) = da(k, c) * buggy_derivative(f, z(k, c), a(k, c), bug);
    }
  }
}

bool fused_output(Loss loss, Activation out) {
  return (loss == Loss::bce && out == Activation::sigmoid) ||
         (loss == Loss::ce && out == Activation::softmax) ||
         (loss == Loss::ce && out == Activation::sigmoid);
}

void output_delta(const Mlp& net, const Matrix& t, Bug bug, Workspace& ws) {
  const int depth = net.depth();
  const Activation out = net.layer(depth).activation;
  const Matrix &z = ws.z[depth], &a = ws.a[depth];
  Matrix& delta = ws.delta[depth];
  const double inv_b = t.cols() > 0 ? 1.0 / static_cast<double>(t.cols()) : 0.0;
  if (bug == Bug::softmax_jacobian_twice && net.loss == Loss::ce && out == Activation::softmax) {
    // The fused a − t already contains softmax's Jacobian; multiplying by the
    // diagonal a(1 − a) applies it a second time.
    delta = ((a - t).array() * a.array() * (1.0 - a.array())).matrix() * inv_b;
  } else if (bug_replaces_derivative(bug, out) && !fused_output(net.loss, out)) {
    // δ = (1/B) ∂ℓ/∂a ⊙ f′(z), with the buggy f′.
    ws.scratch.resize(a.rows(), a.cols());
    for (Eigen::Index c = 0; c < a.cols(); ++c) {
      for (Eigen::Index k = 0; k < a.rows(); ++k) {
        ws.scratch(k, c) =
            loss_gradient_wrt_output(net.loss, a, t, static_cast<int>(k), static_cast<int>(c)) *
            inv_b;
      }
    }
    buggy_activation_backward(out, z, a, ws.scratch, bug, delta);
  } else {
    loss_backward(net.loss, out, z, a, t, delta, ws.scratch);
  }
  // ∂ℓ/∂a doubled is δ doubled: every later term is linear in it. Exact (×2).
  if (bug == Bug::loss_derivative_factor && net.loss == Loss::mse) delta *= 2.0;
  // Without the 1/B the mean becomes a sum: δ (and so every gradient) ×B.
  if (bug == Bug::no_batch_mean) delta *= static_cast<double>(t.cols());
}

}  // namespace

// no_activation_derivative is handled apart: it drops the factor in hidden
// layers only.
bool bug_replaces_derivative(Bug bug, Activation f) {
  return (bug == Bug::sigmoid_prime_of_z && f == Activation::sigmoid) ||
         (bug == Bug::tanh_prime_of_z && f == Activation::tanh) ||
         (bug == Bug::relu_prime_one && f == Activation::relu);
}

double buggy_derivative(Activation f, double z, double a, Bug bug) {
  if (bug_replaces_derivative(bug, f)) {
    switch (f) {
      case Activation::sigmoid:
        return z * (1.0 - z);
      case Activation::tanh:
        return 1.0 - z * z;
      case Activation::relu:
        return 1.0;
      default:
        break;
    }
  }
  return activation_derivative(f, z, a);
}

void backward_with_bug(const Mlp& net, const Matrix& t, const Regularization& reg, Bug bug,
                       Workspace& ws, const DenseLayer* output_for_hidden) {
  const int depth = net.depth();
  output_delta(net, t, bug, ws);
  for (int l = depth; l >= 1; --l) {
    const DenseLayer& layer = net.layer(l);
    ws.grad_W[l].noalias() = ws.delta[l] * ws.a[l - 1].transpose();
    if (bug == Bug::bias_sum_over_neurons) {
      // np.sum(delta): one number for the whole layer, given to every bias.
      ws.grad_b[l].setConstant(ws.delta[l].sum());
    } else {
      ws.grad_b[l] = ws.delta[l].rowwise().sum();
    }
    add_regularization_gradient(layer, reg, ws.grad_W[l]);
    if (l > 1) {
      const Matrix& w = l == depth && output_for_hidden ? output_for_hidden->W : layer.W;
      ws.da[l - 1].noalias() = w.transpose() * ws.delta[l];
      const DenseLayer& below = net.layer(l - 1);
      if (bug == Bug::no_activation_derivative) {
        ws.delta[l - 1] = ws.da[l - 1];
      } else if (bug_replaces_derivative(bug, below.activation)) {
        buggy_activation_backward(below.activation, ws.z[l - 1], ws.a[l - 1], ws.da[l - 1], bug,
                                  ws.delta[l - 1]);
      } else {
        activation_backward(below.activation, ws.z[l - 1], ws.a[l - 1], ws.da[l - 1],
                            ws.delta[l - 1]);
      }
    }
  }
}

}  // namespace backstep
