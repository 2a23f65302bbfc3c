// PNG screenshots of the current back buffer (call after rendering, before
// the swap): glReadPixels, rows flipped to top-down, stb_image_write.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"

namespace backstep {

// A rectangle of the framebuffer in pixels, origin top-left (as PNG rows run).
struct PixelRect {
  int x = 0, y = 0, w = 0, h = 0;
};

// The whole framebuffer (fb_w × fb_h), or only `crop`, clipped to it: a crop
// with nothing left inside the framebuffer is an error and writes nothing.
Status save_screenshot(const std::string& path, int fb_w, int fb_h,
                       const std::optional<PixelRect>& crop = std::nullopt);

// A rectangle in ImGui display coordinates (a panel's) in framebuffer pixels:
// each edge scaled by `scale` (io.DisplayFramebufferScale, 2 on a Retina
// display) and rounded on its own, so two panels that touch still touch.
PixelRect framebuffer_rect(float x, float y, float w, float h, float scale_x, float scale_y);

// "backstep-20240131-154502.png" in the working directory; with a panel name,
// "backstep-20240131-154502-graph.png".
std::string timestamped_screenshot_name(const std::string& panel = {});

}  // namespace backstep
