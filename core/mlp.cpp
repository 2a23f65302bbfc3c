#include "core/mlp.hpp"

#include <cassert>
#include <cmath>

#include "core/parallel.hpp"

namespace backstep {

int Mlp::size(int l) const {
  assert(l >= 0 && l <= depth());
  if (l == 0) return static_cast<int>(layers.front().W.cols());
  return static_cast<int>(layers[l - 1].W.rows());
}

long Mlp::parameter_count() const {
  long count = 0;
  for (const DenseLayer& layer : layers) count += layer.W.size() + layer.b.size();
  return count;
}

Mlp make_mlp(const std::vector<int>& sizes, const std::vector<Activation>& activations, Loss loss) {
  assert(sizes.size() >= 2 && activations.size() + 1 == sizes.size());
  Mlp net;
  net.loss = loss;
  net.layers.resize(activations.size());
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    DenseLayer& layer = net.layers[l - 1];
    layer.W = Matrix::Zero(sizes[l], sizes[l - 1]);
    layer.b = Vector::Zero(sizes[l]);
    layer.activation = activations[l - 1];
  }
  return net;
}

// Eigen's resize keeps the buffer when rows × cols is unchanged, and
// std::vector::resize to the same size is a no-op, so calling this every step
// allocates only when the network or batch shape actually changed.
void prepare_workspace(const Mlp& net, int batch, Workspace& ws) {
  const int depth = net.depth();
  ws.batch = batch;
  ws.z.resize(depth + 1);
  ws.a.resize(depth + 1);
  ws.delta.resize(depth + 1);
  ws.grad_W.resize(depth + 1);
  ws.grad_b.resize(depth + 1);
  ws.da.resize(depth + 1);
  ws.a[0].resize(net.input_size(), batch);
  for (int l = 1; l <= depth; ++l) {
    const int n = net.size(l);
    ws.z[l].resize(n, batch);
    ws.a[l].resize(n, batch);
    ws.delta[l].resize(n, batch);
    ws.grad_W[l].resize(n, net.size(l - 1));
    ws.grad_b[l].resize(n);
    if (l < depth) ws.da[l].resize(n, batch);
  }
  ws.scratch.resize(net.output_size(), batch);
}

double regularization_loss(const Mlp& net, const Regularization& reg) {
  double sum = 0.0;
  switch (reg.kind) {
    case RegularizationKind::none:
      return 0.0;
    case RegularizationKind::l2:
      // λ/2 Σ w² (biases excluded)
      for (const DenseLayer& layer : net.layers) sum += layer.W.squaredNorm();
      return 0.5 * reg.lambda * sum;
    case RegularizationKind::l1:
      // λ Σ |w| (biases excluded)
      for (const DenseLayer& layer : net.layers) sum += layer.W.cwiseAbs().sum();
      return reg.lambda * sum;
  }
  return 0.0;
}

LossParts compute_loss(const Mlp& net, const Workspace& ws, const Matrix& t,
                       const Regularization& reg) {
  const int depth = net.depth();
  LossParts parts;
  parts.data = loss_forward(net.loss, net.layer(depth).activation, ws.z[depth], ws.a[depth], t);
  parts.regularization = regularization_loss(net, reg);
  return parts;
}

// Z⁽ˡ⁾ = W⁽ˡ⁾ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾ 1ᵀ.   A⁽ˡ⁻¹⁾ (n_{l−1}, B), W⁽ˡ⁾ (n_l, n_{l−1}), Z⁽ˡ⁾ (n_l, B)
// A⁽ˡ⁾ = f_l(Z⁽ˡ⁾).
void forward(const Mlp& net, const Matrix& x, Workspace& ws) {
  assert(x.rows() == net.input_size() && x.cols() == ws.batch);
  ws.a[0] = x;
  for (int l = 1; l <= net.depth(); ++l) {
    const DenseLayer& layer = net.layer(l);
    product(ws.z[l], layer.W, ws.a[l - 1]);  // two threads for a wide layer (core/parallel)
    ws.z[l].colwise() += layer.b;
    activation_forward(layer.activation, ws.z[l], ws.a[l]);
  }
}

// Backward of layer l, mirrored against forward():
//   z = W a + b:   dW = dz aᵀ;   db = Σ_cols dz;   da = Wᵀ dz
//   a = f(z):      dz = da ⊙ f′(z)   (activation_backward)
// with dz = δ⁽ˡ⁾. Regularization adds ∂/∂W λ/2 Σw² = λW or ∂/∂W λΣ|w| = λ sign(W)
// (subgradient 0 at w = 0) to dW; it does not touch δ. The forward caches z, a
// are only read.
void add_regularization_gradient(const DenseLayer& layer, const Regularization& reg,
                                 Matrix& grad_W) {
  if (reg.kind == RegularizationKind::l2) {
    grad_W += reg.lambda * layer.W;
  } else if (reg.kind == RegularizationKind::l1) {
    grad_W += reg.lambda * layer.W.cwiseSign();
  }
}

void backward(const Mlp& net, const Matrix& t, const Regularization& reg, Workspace& ws) {
  const int depth = net.depth();
  assert(t.rows() == net.output_size() && t.cols() == ws.batch);
  const Activation out = net.layer(depth).activation;
  // δ⁽ᴸ⁾ = ∂L/∂Z⁽ᴸ⁾, including the 1/B of the batch mean.
  loss_backward(net.loss, out, ws.z[depth], ws.a[depth], t, ws.delta[depth], ws.scratch);
  for (int l = depth; l >= 1; --l) {
    const DenseLayer& layer = net.layer(l);
    // ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ A⁽ˡ⁻¹⁾ᵀ: (n_l, B)(B, n_{l−1}), summed over the batch.
    product_rhs_transposed(ws.grad_W[l], ws.delta[l], ws.a[l - 1]);
    // ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾ 1: each sample's bias gradient is its δ.
    ws.grad_b[l] = ws.delta[l].rowwise().sum();
    add_regularization_gradient(layer, reg, ws.grad_W[l]);
    if (l > 1) {
      // ∂L/∂A⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ δ⁽ˡ⁾: (n_{l−1}, n_l)(n_l, B). Uses W before any update.
      ws.da[l - 1].noalias() = layer.W.transpose() * ws.delta[l];
      // δ⁽ˡ⁻¹⁾ = ∂L/∂A⁽ˡ⁻¹⁾ ⊙ f′(Z⁽ˡ⁻¹⁾)
      activation_backward(net.layer(l - 1).activation, ws.z[l - 1], ws.a[l - 1], ws.da[l - 1],
                          ws.delta[l - 1]);
    }
  }
}

LossParts loss_and_gradients(const Mlp& net, const Matrix& x, const Matrix& t,
                             const Regularization& reg, Workspace& ws) {
  prepare_workspace(net, static_cast<int>(x.cols()), ws);
  forward(net, x, ws);
  const LossParts parts = compute_loss(net, ws, t, reg);
  backward(net, t, reg, ws);
  return parts;
}

double gradient_norm(const Workspace& ws) {
  double sum = 0.0;
  for (std::size_t l = 1; l < ws.grad_W.size(); ++l) {
    sum += ws.grad_W[l].squaredNorm() + ws.grad_b[l].squaredNorm();
  }
  return std::sqrt(sum);
}

// Global-norm clipping: g ← g · c/‖g‖ when ‖g‖ > c, one factor for every
// parameter so the direction of the full gradient is kept.
double clip_gradients(Workspace& ws, double max_norm) {
  const double norm = gradient_norm(ws);
  if (max_norm > 0.0 && norm > max_norm) {
    const double scale = max_norm / norm;
    for (std::size_t l = 1; l < ws.grad_W.size(); ++l) {
      ws.grad_W[l] *= scale;
      ws.grad_b[l] *= scale;
    }
  }
  return norm;
}

bool all_finite(const Mlp& net) {
  for (const DenseLayer& layer : net.layers) {
    if (!layer.W.allFinite() || !layer.b.allFinite()) return false;
  }
  return true;
}

}  // namespace backstep
