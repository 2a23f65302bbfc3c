#include "app/screenshot.hpp"

#include <glad/gl.h>
// Debian's libstb ships the implementation (stbi_write_png in libstb.so):
// only the declarations are needed here.
#include <stb/stb_image_write.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

namespace backstep {

Status save_screenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return Error{path + ": the window has no pixels to save"};
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  std::vector<unsigned char> pixels(row * static_cast<std::size_t>(height));
  std::vector<unsigned char> flipped(pixels.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL's origin is bottom-left; PNG rows run top to bottom.
  for (int y = 0; y < height; ++y) {
    std::memcpy(flipped.data() + row * static_cast<std::size_t>(y),
                pixels.data() + row * static_cast<std::size_t>(height - 1 - y), row);
  }
  // Write next to the target, then rename: the file is either old or complete.
  const std::string tmp = path + ".tmp";
  if (stbi_write_png(tmp.c_str(), width, height, 3, flipped.data(), static_cast<int>(row)) == 0)
    return Error{path + ": cannot write the PNG"};
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return Error{path + ": " + why};
  }
  return Ok{};
}

std::string timestamped_screenshot_name() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[64];
  std::strftime(buf, sizeof buf, "backstep-%Y%m%d-%H%M%S.png", &local);
  return buf;
}

}  // namespace backstep
