#include "tests/support/png_image.hpp"

#include <stb/stb_image.h>

#include <algorithm>
#include <cmath>

namespace backstep::test {

RgbImage load_png(const std::filesystem::path& p) {
  RgbImage img;
  int channels = 0;
  unsigned char* data = stbi_load(p.string().c_str(), &img.w, &img.h, &channels, 3);
  if (data == nullptr) return img;
  img.rgb.assign(data, data + static_cast<std::size_t>(img.w) * img.h * 3);
  stbi_image_free(data);
  return img;
}

double hue(Rgb8 c) {
  const int mx = std::max({c.r, c.g, c.b}), mn = std::min({c.r, c.g, c.b});
  const double d = mx - mn;
  if (d < 1) return -1;
  double h = mx == c.r   ? std::fmod((c.g - c.b) / d, 6.0)
             : mx == c.g ? (c.b - c.r) / d + 2.0
                         : (c.r - c.g) / d + 4.0;
  h *= 60.0;
  return h < 0 ? h + 360 : h;
}

int chroma(Rgb8 c) {
  return std::max({c.r, c.g, c.b}) - std::min({c.r, c.g, c.b});
}

}  // namespace backstep::test
