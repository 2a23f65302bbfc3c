#include "app/colormap/image_pixels.hpp"

#include <algorithm>
#include <cmath>

#include "app/colormap/colormap.hpp"

namespace backstep {

namespace {

std::uint8_t byte_of(float c) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(c, 0.0f, 1.0f) * 255.0f));
}

}  // namespace

void picture_range(const double* values, int count, int stride, double& lo, double& hi) {
  lo = 0.0;
  hi = 1.0;
  for (int i = 0; i < count; ++i) {
    const double v = values[static_cast<long>(i) * stride];
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
}

std::uint8_t grey_level(double value, double lo, double hi) {
  if (!std::isfinite(value) || !(hi > lo)) return 0;
  const double u = std::clamp((value - lo) / (hi - lo), 0.0, 1.0);
  return static_cast<std::uint8_t>(std::lround(u * 255.0));
}

void grey_pixels(const double* values, int count, int stride, std::uint8_t* rgba) {
  double lo = 0.0, hi = 1.0;
  picture_range(values, count, stride, lo, hi);
  for (int i = 0; i < count; ++i) {
    const std::uint8_t g = grey_level(values[static_cast<long>(i) * stride], lo, hi);
    std::uint8_t* px = rgba + 4 * i;
    px[0] = px[1] = px[2] = g;
    px[3] = 255;
  }
}

void diverging_pixels(const double* values, int count, int stride, double scale,
                      std::uint8_t* rgba) {
  for (int i = 0; i < count; ++i) {
    const Rgb c = diverging(values[static_cast<long>(i) * stride], scale);
    std::uint8_t* px = rgba + 4 * i;
    px[0] = byte_of(c.r);
    px[1] = byte_of(c.g);
    px[2] = byte_of(c.b);
    px[3] = 255;
  }
}

}  // namespace backstep
