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

// ℓₖ from one output's z, a and t; `lse` = log Σᵢ e^{zᵢ} of the column, read
// only by softmax+ce. The one place each loss term is written.
double term(Loss loss, Activation out, double z, double a, double t, double lse) {
  switch (loss) {
    case Loss::mse: {
      // ½(a − t)²
      const double d = a - t;
      return 0.5 * d * d;
    }
    case Loss::bce:
      if (out == Activation::sigmoid) {
        // −[t log σ(z) + (1−t) log(1−σ(z))] with log σ(z) = −softplus(−z) and
        // log(1−σ(z)) = −softplus(z); softplus(−z) = softplus(z) − z, so the
        // term is softplus(z) − t z.
        return softplus(z) - t * z;
      }
      {
        // Plain −[t log a + (1−t) log(1−a)] on the clamped a (see kClamp).
        const double p = clamp_prob(a);
        return -(t * std::log(p) + (1.0 - t) * std::log(1.0 - p));
      }
    case Loss::ce:
      // −t log softmax(z) = −t (z − lse(z))
      if (out == Activation::softmax) return -t * (z - lse);
      // −t log σ(z) = t softplus(−z)
      if (out == Activation::sigmoid) return t * softplus(-z);
      // Plain −t log a on the clamped a (see kClamp).
      return -t * std::log(clamp_prob(a));
  }
  return 0.0;
}

bool needs_lse(Loss loss, Activation out) {
  return loss == Loss::ce && out == Activation::softmax;
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

double loss_term(Loss loss, Activation out, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                 const Eigen::MatrixXd& t, int k, int col) {
  const double lse = needs_lse(loss, out) ? log_sum_exp(z, col) : 0.0;
  return term(loss, out, z(k, col), a(k, col), t(k, col), lse);
}

double loss_of_sample(Loss loss, Activation out, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                      const Eigen::MatrixXd& t, int col) {
  // mse: ½ Σ_k (a_k − t_k)² in one Eigen reduction, the expression loss_forward
  // inlines. It is Σₖ ℓₖ up to the order Eigen adds the squares in.
  if (loss == Loss::mse) return 0.5 * (a.col(col) - t.col(col)).squaredNorm();
  // bce, ce: Σₖ ℓₖ in order k = 0, 1, …, with the column's lse computed once.
  const double lse = needs_lse(loss, out) ? log_sum_exp(z, col) : 0.0;
  double sum = 0.0;
  for (Eigen::Index k = 0; k < t.rows(); ++k) {
    sum += term(loss, out, z(k, col), a(k, col), t(k, col), lse);
  }
  return sum;
}

double loss_gradient_wrt_output(Loss loss, const Eigen::MatrixXd& a, const Eigen::MatrixXd& t,
                                int k, int col) {
  const double av = a(k, col), tv = t(k, col);
  switch (loss) {
    case Loss::mse:
      // ∂/∂a ½(a − t)² = a − t
      return av - tv;
    case Loss::bce: {
      // ∂/∂a −[t log a + (1−t) log(1−a)] = −t/a + (1−t)/(1−a), on the clamped a
      const double p = clamp_prob(av);
      return -tv / p + (1.0 - tv) / (1.0 - p);
    }
    case Loss::ce:
      // ∂/∂a −t log a = −t/a, on the clamped a
      return -tv / clamp_prob(av);
  }
  return 0.0;
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

// δ⁽ᴸ⁾ = ∂(1/B Σ_samples ℓ)/∂Z⁽ᴸ⁾. The 1/B is applied here and nowhere else.
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
  // General case: g = ∂ℓ/∂a per sample, times the 1/B; then dz = g ⊙ f′(z)
  // (softmax: its Jacobian).
  scratch.resize(a.rows(), a.cols());
  for (Eigen::Index c = 0; c < a.cols(); ++c) {
    for (Eigen::Index k = 0; k < a.rows(); ++k) {
      scratch(k, c) =
          loss_gradient_wrt_output(loss, a, t, static_cast<int>(k), static_cast<int>(c)) * inv_b;
    }
  }
  activation_backward(out, z, a, scratch, dz);
}

}  // namespace backstep
