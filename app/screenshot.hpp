// PNG screenshots of the current back buffer (call after rendering, before
// the swap): glReadPixels, rows flipped to top-down, stb_image_write.
#pragma once

#include <string>

#include "core/result.hpp"

namespace backstep {

Status save_screenshot(const std::string& path, int width, int height);

// "backstep-20240131-154502.png" in the working directory.
std::string timestamped_screenshot_name();

}  // namespace backstep
