#include "core/loss.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace backstep {

namespace {

// Where a loss has to take log(a) of an activation that can reach 0 or 1
// exactly (bce/ce on an output other than the one it is fused with), a is
// clamped into [kClamp, 1 − kClamp] — only to keep log and 1/a finite. The
// fused pairs (sigmoid+bce, sigmoid+ce, softmax+ce) never clamp: they work from z.
constexpr double kClamp = 1e-15;

double clamp_prob(double a) {
  return std::clamp(a, kClamp, 1.0 - kClamp);
}

// softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^−|z|), finite for every z.
double softplus(double z) {
  return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z)));
}

// log Σ_k e^{z_k} of one column, shifted by the max so no exponent overflows.
double log_sum_exp(const Eigen::MatrixXd& z, int col) {
  const double m = z.col(col).maxCoeff();
  return m + std::log((z.col(col).array() - m).exp().sum());
}

}  // namespace

std::string_view to_string(Loss l) {
  switch (l) {
    case Loss::mse:
      return "mse";
    case Loss::bce:
      return "bce";
    case Loss::ce:
      return "ce";
  }
  return "?";
}

std::optional<Loss> parse_loss(std::string_view name) {
  if (name == "mse") return Loss::mse;
  if (name == "bce") return Loss::bce;
  if (name == "ce") return Loss::ce;
  return std::nullopt;
}

double loss_of_sample(Loss loss, Activation out, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                      const Eigen::MatrixXd& t, int col) {
  double sum = 0.0;
  switch (loss) {
    case Loss::mse:
      // ½ Σ_k (a_k − t_k)²
      return 0.5 * (a.col(col) - t.col(col)).squaredNorm();
    case Loss::bce:
      if (out == Activation::sigmoid) {
        // −[t log σ(z) + (1−t) log(1−σ(z))] with log σ(z) = −softplus(−z) and
        // log(1−σ(z)) = −softplus(z); softplus(−z) = softplus(z) − z, so the
        // term is softplus(z) − t z.
        for (Eigen::Index k = 0; k < z.rows(); ++k) {
          sum += softplus(z(k, col)) - t(k, col) * z(k, col);
        }
        return sum;
      }
      // Plain −[t log a + (1−t) log(1−a)] on the clamped a (see kClamp).
      for (Eigen::Index k = 0; k < a.rows(); ++k) {
        const double p = clamp_prob(a(k, col));
        sum -= t(k, col) * std::log(p) + (1.0 - t(k, col)) * std::log(1.0 - p);
      }
      return sum;
    case Loss::ce:
      if (out == Activation::softmax) {
        // −Σ t_k log softmax(z)_k = −Σ t_k (z_k − lse(z))
        const double lse = log_sum_exp(z, col);
        for (Eigen::Index k = 0; k < z.rows(); ++k) sum -= t(k, col) * (z(k, col) - lse);
        return sum;
      }
      if (out == Activation::sigmoid) {
        // −Σ t_k log σ(z_k) = Σ t_k softplus(−z_k)
        for (Eigen::Index k = 0; k < z.rows(); ++k) sum += t(k, col) * softplus(-z(k, col));
        return sum;
      }
      // Plain −Σ t_k log a_k on the clamped a (see kClamp).
      for (Eigen::Index k = 0; k < a.rows(); ++k)
        sum -= t(k, col) * std::log(clamp_prob(a(k, col)));
      return sum;
  }
  return sum;
}

double loss_forward(Loss loss, Activation out, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                    const Eigen::MatrixXd& t) {
  assert(z.rows() == t.rows() && z.cols() == t.cols() && a.cols() == t.cols());
  const int batch = static_cast<int>(t.cols());
  if (batch == 0) return 0.0;
  double sum = 0.0;
  if (loss == Loss::mse) {
    // The mse case of loss_of_sample, inlined: the same per-column expression
    // and summation order, without a call and a switch per sample.
    for (int c = 0; c < batch; ++c) sum += 0.5 * (a.col(c) - t.col(c)).squaredNorm();
    return sum / batch;
  }
  for (int c = 0; c < batch; ++c) sum += loss_of_sample(loss, out, z, a, t, c);
  return sum / batch;  // batch loss = mean of the per-sample losses
}

// δ⁽ᴸ⁾ = ∂(1/B Σ_samples L)/∂Z⁽ᴸ⁾. The 1/B is applied here and nowhere else.
void loss_backward(Loss loss, Activation out, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                   const Eigen::MatrixXd& t, Eigen::MatrixXd& dz, Eigen::MatrixXd& scratch) {
  const double inv_b = t.cols() > 0 ? 1.0 / static_cast<double>(t.cols()) : 0.0;
  dz.resize(z.rows(), z.cols());
  // Fused pairs: the activation's derivative cancels the loss's 1/a terms.
  if ((loss == Loss::bce && out == Activation::sigmoid) ||
      (loss == Loss::ce && out == Activation::softmax)) {
    // sigmoid+bce: ∂/∂z [softplus(z) − t z] = σ(z) − t = a − t.
    // softmax+ce: ∂/∂z_i [−Σ_k t_k (z_k − lse)] = −t_i + a_i Σ_k t_k = a_i − t_i
    // (the targets of a sample sum to 1: one-hot or a distribution).
    dz = (a - t) * inv_b;
    return;
  }
  if (loss == Loss::ce && out == Activation::sigmoid) {
    // ∂/∂z [t softplus(−z)] = −t σ(−z) = −t (1 − a)
    dz = (-(t.array() * (1.0 - a.array())) * inv_b).matrix();
    return;
  }
  // General case: g = ∂L/∂a, then dz = g ⊙ f′(z) (softmax: its Jacobian).
  scratch.resize(a.rows(), a.cols());
  switch (loss) {
    case Loss::mse:
      // ∂/∂a ½(a − t)² = a − t
      scratch = (a - t) * inv_b;
      break;
    case Loss::bce:
      // ∂/∂a −[t log a + (1−t) log(1−a)] = −t/a + (1−t)/(1−a), on the clamped a
      scratch = t.binaryExpr(a, [](double tv, double av) {
        const double p = clamp_prob(av);
        return -tv / p + (1.0 - tv) / (1.0 - p);
      }) * inv_b;
      break;
    case Loss::ce:
      // ∂/∂a −t log a = −t/a, on the clamped a
      scratch = t.binaryExpr(a, [](double tv, double av) { return -tv / clamp_prob(av); }) * inv_b;
      break;
  }
  activation_backward(out, z, a, scratch, dz);
}

}  // namespace backstep
