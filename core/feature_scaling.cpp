#include "core/feature_scaling.hpp"

#include <cmath>

namespace backstep {

std::string_view scaling_name(ScalingMode mode) {
  switch (mode) {
    case ScalingMode::none:
      return "none";
    case ScalingMode::standardize:
      return "standardize";
    case ScalingMode::minmax:
      return "minmax";
  }
  return "none";
}

std::optional<ScalingMode> parse_scaling(std::string_view name) {
  for (ScalingMode m : {ScalingMode::none, ScalingMode::standardize, ScalingMode::minmax}) {
    if (scaling_name(m) == name) return m;
  }
  return std::nullopt;
}

FeatureScaling fit_scaling(const Matrix& x, ScalingMode mode) {
  FeatureScaling s;
  s.mode = mode;
  if (mode == ScalingMode::none) return s;
  const Eigen::Index n_in = x.rows(), n = x.cols();
  s.shift = Vector::Zero(n_in);
  s.scale = Vector::Ones(n_in);
  if (n == 0) return s;
  for (Eigen::Index i = 0; i < n_in; ++i) {
    const auto row = x.row(i);
    double spread = 0.0;
    if (mode == ScalingMode::standardize) {
      // Two passes (mean, then squared deviations) rather than E[x²] − E[x]²,
      // which cancels catastrophically when the mean is large against the s.d.
      const double mean = row.mean();
      const double var = (row.array() - mean).square().sum() / static_cast<double>(n);
      s.shift(i) = mean;
      spread = std::sqrt(var);
    } else {
      s.shift(i) = row.minCoeff();
      spread = row.maxCoeff() - s.shift(i);
    }
    s.scale(i) = spread > 0.0 && std::isfinite(spread) ? spread : 1.0;
  }
  return s;
}

void apply_scaling(const FeatureScaling& s, Matrix& x) {
  if (!s.active()) return;
  x.colwise() -= s.shift;
  x.array().colwise() /= s.scale.array();
}

Vector unscale(const FeatureScaling& s, const Vector& x) {
  if (!s.active()) return x;
  return (x.array() * s.scale.array()).matrix() + s.shift;
}

}  // namespace backstep
