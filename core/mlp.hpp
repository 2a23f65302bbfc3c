// The multilayer perceptron: a vector of dense layers, batch as columns.
//
// Layers are numbered 0 (input) … L (output). Layer l (1 ≤ l ≤ L) has
// W⁽ˡ⁾ (n_l × n_{l−1}) and b⁽ˡ⁾ (n_l); it is stored at layers[l − 1].
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "core/activation.hpp"
#include "core/loss.hpp"

namespace backstep {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

struct DenseLayer {
  Matrix W;  // (n_l, n_{l−1}); W(j, k) = w⁽ˡ⁾_jk
  Vector b;  // (n_l)
  Activation activation = Activation::tanh;
};

struct Mlp {
  std::vector<DenseLayer> layers;  // layers[l − 1] is layer l
  Loss loss = Loss::mse;

  int depth() const { return static_cast<int>(layers.size()); }  // L
  int size(int l) const;                                         // n_l, for 0 ≤ l ≤ L
  int input_size() const { return size(0); }
  int output_size() const { return size(depth()); }
  DenseLayer& layer(int l) { return layers[l - 1]; }
  const DenseLayer& layer(int l) const { return layers[l - 1]; }
  long parameter_count() const;
};

// An Mlp with the given sizes (n_0 … n_L) and activations (one per layer 1 … L),
// all parameters zero. Use init.hpp to fill it.
Mlp make_mlp(const std::vector<int>& sizes, const std::vector<Activation>& activations, Loss loss);

enum class RegularizationKind { none, l1, l2 };

struct Regularization {
  RegularizationKind kind = RegularizationKind::none;
  double lambda = 0.0;
};

// Forward caches and gradients for one batch shape. Index = layer number l;
// index 0 of z/delta/grad_* is unused (empty), a[0] is a copy of the input.
// The backward never overwrites a forward cache.
struct Workspace {
  int batch = 0;
  std::vector<Matrix> z, a;    // Z⁽ˡ⁾, A⁽ˡ⁾: (n_l, B)
  std::vector<Matrix> delta;   // δ⁽ˡ⁾ = ∂L/∂Z⁽ˡ⁾: (n_l, B)
  std::vector<Matrix> grad_W;  // ∂L/∂W⁽ˡ⁾ (data loss + regularization)
  std::vector<Vector> grad_b;  // ∂L/∂b⁽ˡ⁾
  Matrix scratch;              // loss backward scratch (n_L, B)
  std::vector<Matrix> da;  // ∂L/∂A⁽ˡ⁾ = W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾: (n_l, B) for hidden l (1 … L−1);
                           // da[0] and da[L] unused (empty)
};

// Sizes every buffer for `batch` columns; allocates only when a shape changes.
void prepare_workspace(const Mlp& net, int batch, Workspace& ws);

// Z⁽ˡ⁾ = W⁽ˡ⁾ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾ 1ᵀ, A⁽ˡ⁾ = f_l(Z⁽ˡ⁾). x: (n_0, B) with B == ws.batch.
void forward(const Mlp& net, const Matrix& x, Workspace& ws);

struct LossParts {
  double data = 0.0;            // mean per-sample loss
  double regularization = 0.0;  // L2 λ/2 Σw², L1 λ Σ|w| (biases excluded)
  double total() const { return data + regularization; }
};

// Loss of the last forward() against targets t (n_L, B).
LossParts compute_loss(const Mlp& net, const Workspace& ws, const Matrix& t,
                       const Regularization& reg);
double regularization_loss(const Mlp& net, const Regularization& reg);

// Fills delta, grad_W, grad_b from the last forward(). Allocates nothing.
// δ⁽ᴸ⁾ from loss_backward; δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ f_l′(Z⁽ˡ⁾);
// ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ A⁽ˡ⁻¹⁾ᵀ (+ regularization), ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾ 1.
void backward(const Mlp& net, const Matrix& t, const Regularization& reg, Workspace& ws);
// ∂/∂W of the penalty, added to grad_W: λW for l2 (λ/2 Σw²), λ sign(W) for l1
// (subgradient 0 at w = 0). backward() and the Bug lab's backward share it.
void add_regularization_gradient(const DenseLayer& layer, const Regularization& reg,
                                 Matrix& grad_W);

// Convenience for tests and the CLI: forward + loss + backward on (x, t).
LossParts loss_and_gradients(const Mlp& net, const Matrix& x, const Matrix& t,
                             const Regularization& reg, Workspace& ws);

// Global L2 norm over all weight and bias gradients.
double gradient_norm(const Workspace& ws);
// If the global norm exceeds max_norm > 0, scales every gradient by
// max_norm / norm. Returns the norm before clipping.
double clip_gradients(Workspace& ws, double max_norm);

bool all_finite(const Mlp& net);

}  // namespace backstep
