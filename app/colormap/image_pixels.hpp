// Pixels of the views made for images (a sample as a grey picture, a weight
// row as a W × H image on the diverging map), as RGBA8 bytes for a texture:
// plain math, no GL, so the pixels a test reads back can be reasoned about.
#pragma once

#include <cstdint>

namespace backstep {

// The grey range of a picture: [0, 1] for pixels in [0, 1] (as IDX images
// are scaled), widened to the values' own minimum and maximum when they leave
// it (a CSV of 0 … 16 digits, or standardized inputs).
void picture_range(const double* values, int count, int stride, double& lo, double& hi);

// lo → black (0), hi → white (255), linear in between, rounded; clamped; a
// non-finite value → 0.
std::uint8_t grey_level(double value, double lo, double hi);

// `count` values (every `stride`-th from `values`) as opaque grey RGBA pixels
// over picture_range.
void grey_pixels(const double* values, int count, int stride, std::uint8_t* rgba);

// The same on the diverging weight map (app/colormap/colormap.hpp):
// −scale → dark orange, 0 → light grey, +scale → dark blue.
void diverging_pixels(const double* values, int count, int stride, double scale,
                      std::uint8_t* rgba);

}  // namespace backstep
