// Helpers shared by the engine tests: random parameters and targets, and a
// central-difference derivative of the total loss.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/mlp.hpp"
#include "core/random.hpp"

namespace backstep::test {

// Every weight and bias uniform in ±range (biases too, unlike init.hpp, so the
// bias gradients are exercised away from zero).
inline void randomize(Mlp& net, Rng& rng, double range = 1.0) {
  for (DenseLayer& layer : net.layers) {
    for (Eigen::Index j = 0; j < layer.W.rows(); ++j) {
      for (Eigen::Index k = 0; k < layer.W.cols(); ++k) layer.W(j, k) = rng.uniform(-range, range);
      layer.b(j) = rng.uniform(-range, range);
    }
  }
}

inline Matrix random_matrix(int rows, int cols, Rng& rng, double lo, double hi) {
  Matrix m(rows, cols);
  for (int c = 0; c < cols; ++c) {
    for (int r = 0; r < rows; ++r) m(r, c) = rng.uniform(lo, hi);
  }
  return m;
}

// Targets that are valid for the loss: any reals for mse, probabilities for
// bce, a probability distribution per sample for ce (softmax+ce's fused
// δ = a − t assumes each target column sums to 1).
inline Matrix random_targets(Loss loss, int rows, int cols, Rng& rng) {
  switch (loss) {
    case Loss::mse:
      return random_matrix(rows, cols, rng, -1.0, 1.0);
    case Loss::bce:
      return random_matrix(rows, cols, rng, 0.05, 0.95);
    case Loss::ce: {
      Matrix t = random_matrix(rows, cols, rng, 0.05, 1.0);
      for (int c = 0; c < cols; ++c) t.col(c) /= t.col(c).sum();
      return t;
    }
  }
  return {};
}

// Total loss (data + regularization) of `net` on (x, t).
inline double total_loss(const Mlp& net, const Matrix& x, const Matrix& t,
                         const Regularization& reg) {
  Workspace ws;
  prepare_workspace(net, static_cast<int>(x.cols()), ws);
  forward(net, x, ws);
  return compute_loss(net, ws, t, reg).total();
}

// Five-point central difference
//   f′ ≈ (f(θ−2h) − 8f(θ−h) + 8f(θ+h) − f(θ+2h)) / 12h,
// truncation error O(h⁴), rounding error ≈ ε·|f|/h. With h = 5e-4 both stay
// near 1e-13 for losses of order 1, well below what the checks demand.
inline double central_difference(double& parameter, const std::function<double()>& f,
                                 double h = 5e-4) {
  const double saved = parameter;
  const auto at = [&](double offset) {
    parameter = saved + offset;
    return f();
  };
  const double d = (at(-2.0 * h) - 8.0 * at(-h) + 8.0 * at(h) - at(2.0 * h)) / (12.0 * h);
  parameter = saved;
  return d;
}

// |a − n| / max(|a|, |n|, 1e-6). The floor: the difference quotient carries
// ~1e-13 of absolute rounding noise, so for gradients below 1e-6 a relative
// error means nothing; there the check becomes |a − n| < 1e-6 · tolerance,
// i.e. absolute agreement to ~1e-12.
inline double relative_error(double analytic, double numeric) {
  return std::abs(analytic - numeric) / std::max({std::abs(analytic), std::abs(numeric), 1e-6});
}

}  // namespace backstep::test
