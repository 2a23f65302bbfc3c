#include "app/colormap/colormap.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace backstep {
namespace {

struct Stop {
  double t;
  Rgb c;
};

// Piecewise-linear interpolation between stops sorted by t; t is clamped to
// the first and last stop.
template <std::size_t N>
Rgb interpolate(const std::array<Stop, N>& stops, double t) {
  if (t <= stops.front().t) return stops.front().c;
  for (std::size_t i = 1; i < N; ++i) {
    if (t <= stops[i].t) {
      const Stop& lo = stops[i - 1];
      const Stop& hi = stops[i];
      const float u = static_cast<float>((t - lo.t) / (hi.t - lo.t));
      return {lo.c.r + u * (hi.c.r - lo.c.r), lo.c.g + u * (hi.c.g - lo.c.g),
              lo.c.b + u * (hi.c.b - lo.c.b)};
    }
  }
  return stops.back().c;
}

// Orange for negative, blue for positive; the two arms are matched in
// lightness so neither sign looks "stronger" than the other.
constexpr std::array<Stop, 5> kDiverging{{
    {-1.0, {0.64f, 0.30f, 0.02f}},
    {-0.5, {0.96f, 0.60f, 0.26f}},
    {0.0, {0.92f, 0.92f, 0.90f}},
    {0.5, {0.47f, 0.68f, 0.90f}},
    {1.0, {0.13f, 0.38f, 0.72f}},
}};

// Dark blue → grey → yellow (in the spirit of cividis): lightness rises at
// every stop, so "more" always reads as "brighter", also in greyscale.
constexpr std::array<Stop, 5> kSequential{{
    {0.0, {0.05f, 0.13f, 0.32f}},
    {0.25, {0.24f, 0.30f, 0.45f}},
    {0.5, {0.49f, 0.48f, 0.47f}},
    {0.75, {0.76f, 0.68f, 0.42f}},
    {1.0, {1.00f, 0.91f, 0.30f}},
}};

}  // namespace

Rgb diverging(double value, double scale) {
  if (!std::isfinite(value)) return kInvalidColour;
  double t = 0.0;
  if (scale > 0.0 && std::isfinite(scale)) {
    t = std::clamp(value / scale, -1.0, 1.0);
  } else {
    t = value > 0.0 ? 1.0 : (value < 0.0 ? -1.0 : 0.0);
  }
  return interpolate(kDiverging, t);
}

Rgb sequential(double value, double scale) {
  if (!std::isfinite(value)) return kInvalidColour;
  const double m = std::abs(value);
  double t = 0.0;
  if (scale > 0.0 && std::isfinite(scale)) {
    t = std::clamp(m / scale, 0.0, 1.0);
  } else {
    t = m > 0.0 ? 1.0 : 0.0;
  }
  return interpolate(kSequential, t);
}

double lightness(Rgb c) {
  // sRGB → linear → relative luminance Y → L* (CIE 1976).
  auto linear = [](double v) {
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  const double y = 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
  const double f = y > 216.0 / 24389.0 ? std::cbrt(y) : (24389.0 / 27.0 * y + 16.0) / 116.0;
  return 116.0 * f - 16.0;
}

double nice_ceil(double v) {
  if (!(v > 0.0) || !std::isfinite(v)) return 1.0;
  const double decade = std::pow(10.0, std::floor(std::log10(v)));
  // Guard the rounding of pow/log10: v = 1e-3 must give 1e-3, not 2e-3.
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * decade >= v * (1.0 - 1e-12)) return m * decade;
  }
  return 10.0 * decade;
}

double quantile_scale(const double* v, std::size_t n, double share, std::vector<double>& scratch) {
  scratch.clear();
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(v[i])) scratch.push_back(std::fabs(v[i]));
  if (scratch.empty()) return 1.0;
  // The element at rank ⌈share·m⌉ (1-based) of the m sorted magnitudes.
  const std::size_t m = scratch.size();
  const double rank = std::ceil(std::clamp(share, 0.0, 1.0) * static_cast<double>(m));
  const std::size_t k = std::min(m - 1, static_cast<std::size_t>(std::max(rank, 1.0)) - 1);
  std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(k),
                   scratch.end());
  return nice_ceil(scratch[k]);
}

double nice_step(double range, int target) {
  if (!(range > 0.0) || !std::isfinite(range) || target < 1) return 1.0;
  return nice_ceil(range / target);
}

}  // namespace backstep
