#include "core/vector_math.hpp"

#include <array>
#include <cmath>

namespace backstep {

namespace {

// Maclaurin coefficients of tanh z = Σ c_n z^{2n+1}, derived from the ODE
// tanh′ = 1 − tanh²: matching the z^{2n} terms of both sides gives
//   c_0 = 1,   (2n + 1) c_n = −Σ_{i+j=n−1} c_i c_j   (n ≥ 1),
// i.e. 1, −1/3, 2/15, −17/315, … The series converges for |z| < π/2; at
// |z| ≤ ¼ successive terms shrink by (½/π)² ≈ 1/40, so 12 terms leave a
// truncation error below 1e-19 relative.
constexpr int kTerms = 12;
constexpr double kSeriesLimit = 0.25;

constexpr std::array<double, kTerms> tanh_series() {
  std::array<double, kTerms> c{};
  c[0] = 1.0;
  for (int n = 1; n < kTerms; ++n) {
    double sum = 0.0;
    for (int i = 0; i < n; ++i) sum += c[i] * c[n - 1 - i];
    c[n] = -sum / (2 * n + 1);
  }
  return c;
}

constexpr std::array<double, kTerms> kSeries = tanh_series();

}  // namespace

// For u = |z| ≥ ¼: tanh u = (1 − e^{−2u}) / (1 + e^{−2u}); e^{−2u} ≤ e^{−½}
// keeps 1 − e away from cancellation (error ≤ ~2 ulp) and never overflows.
// For u < ¼ the series above is exact where that formula would cancel.
// tanh is odd, so the sign of z is copied back last (also −0 → −0).
void tanh_array(const Eigen::MatrixXd& z, Eigen::MatrixXd& a) {
  a.resize(z.rows(), z.cols());
  a.array() = (-2.0 * z.array().abs()).exp();  // Eigen's vectorized exp
  const double* zp = z.data();
  double* ap = a.data();
  const Eigen::Index n = z.size();
  for (Eigen::Index i = 0; i < n; ++i) {
    const double u = std::fabs(zp[i]);
    const double e = ap[i];
    const double far = (1.0 - e) / (1.0 + e);
    const double s = u * u;
    double p = kSeries[kTerms - 1];
    for (int k = kTerms - 2; k >= 0; --k) p = p * s + kSeries[k];
    const double t = u < kSeriesLimit ? u * p : far;
    ap[i] = std::copysign(t, zp[i]);
  }
}

}  // namespace backstep
