#include "tests/support/png_image.hpp"

#include <stb/stb_image.h>

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

}  // namespace backstep::test
