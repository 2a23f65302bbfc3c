#include "app/gpu/screenshot.hpp"

#include <glad/gl.h>
// Debian's libstb ships the implementation (stbi_write_png in libstb.so):
// only the declarations are needed here.
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

#include "app/text/strings.hpp"

namespace backstep {

Status save_screenshot(const std::string& path, int fb_w, int fb_h,
                       const std::optional<PixelRect>& crop) {
  if (fb_w <= 0 || fb_h <= 0) return Error{path + ": the window has no pixels to save"};
  PixelRect r{0, 0, fb_w, fb_h};
  if (crop) {
    // A panel dragged partly off-screen keeps only its visible part.
    const int x0 = std::clamp(crop->x, 0, fb_w), y0 = std::clamp(crop->y, 0, fb_h);
    const int x1 = std::clamp(crop->x + std::max(crop->w, 0), 0, fb_w);
    const int y1 = std::clamp(crop->y + std::max(crop->h, 0), 0, fb_h);
    if (x1 <= x0 || y1 <= y0) return Error{path + ": " + tr("status.screenshot_empty_area")};
    r = {x0, y0, x1 - x0, y1 - y0};
  }
  const int width = r.w, height = r.h;
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  std::vector<unsigned char> pixels(row * static_cast<std::size_t>(height));
  std::vector<unsigned char> flipped(pixels.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  // GL counts rows from the bottom: the crop's bottom row is fb_h − (y + h).
  glReadPixels(r.x, fb_h - (r.y + height), width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
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

PixelRect framebuffer_rect(float x, float y, float w, float h, float scale_x, float scale_y) {
  const int x0 = static_cast<int>(std::lround(x * scale_x));
  const int y0 = static_cast<int>(std::lround(y * scale_y));
  const int x1 = static_cast<int>(std::lround((x + w) * scale_x));
  const int y1 = static_cast<int>(std::lround((y + h) * scale_y));
  return {x0, y0, x1 - x0, y1 - y0};
}

std::string timestamped_screenshot_name(const std::string& panel) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[64];
  std::strftime(buf, sizeof buf, "backstep-%Y%m%d-%H%M%S", &local);
  return std::string(buf) + (panel.empty() ? "" : "-" + panel) + ".png";
}

}  // namespace backstep
