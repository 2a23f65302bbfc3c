// Screenshots read back for the real-window tests: 8-bit RGB, rows top to
// bottom, decoded by Debian's stb_image.
#pragma once

#include <filesystem>
#include <vector>

namespace backstep::test {

struct Rgb8 {
  int r = 0, g = 0, b = 0;
};

struct RgbImage {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;  // w·h·3 bytes; empty when the file could not be read

  bool empty() const { return rgb.empty(); }
  Rgb8 at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * w + x) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};

RgbImage load_png(const std::filesystem::path& p);

// Hue in degrees (0 … 360; −1 for greys) and chroma (0 … 255) of a pixel, from
// the standard max/min formulas: enough to tell a sign colour from another.
double hue(Rgb8 c);
int chroma(Rgb8 c);

}  // namespace backstep::test
