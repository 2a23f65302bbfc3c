// Colour maps for signed values and for magnitudes, free of GL and ImGui so
// tests can check them. Both are colour-blind safe: they run blue ↔ orange
// (never red ↔ green) and carry the value in lightness as well as hue.
#pragma once

#include <cstddef>
#include <vector>

namespace backstep {

// sRGB components in [0, 1].
struct Rgb {
  float r = 0, g = 0, b = 0;
};

// Signed values: −scale → dark orange, 0 → light neutral grey, +scale → dark
// blue. value/scale is clamped to [−1, 1]. A non-finite value gives
// kInvalidColour so a diverged network is visible as such, not as 0.
// scale ≤ 0 (or non-finite) shows only the sign.
Rgb diverging(double value, double scale);

// Magnitudes: 0 → dark blue, scale → bright yellow, monotone in lightness.
// |value|/scale is clamped to [0, 1]; non-finite → kInvalidColour.
Rgb sequential(double value, double scale);

// Mid-grey with a purple cast: outside both maps, so NaN/∞ never pass for data.
inline constexpr Rgb kInvalidColour{0.55f, 0.25f, 0.55f};

// CIE L* (0 = black, 100 = white) of an sRGB colour: used by the tests to
// check monotonicity and by the UI to pick black or white text on a fill.
double lightness(Rgb c);

// --- scales for legends and axes ---------------------------------------------

// The smallest "nice" number 1, 2 or 5 × 10ᵏ that is ≥ v (v > 0; else 1).
// Legend scales snap to these so they do not flicker while training.
double nice_ceil(double v);

// A symmetric colour scale ±s for n signed values: s = nice_ceil of the
// `share` quantile of |v| over the finite values (1 when there are none, or
// all are 0). A layer's largest weights are a few outliers: scaled to them,
// Fashion-MNIST's 78 400 first-layer weights (|w| mostly < 0.05 against a
// largest of ~0.3) all drew as the neutral grey. Values beyond ±s show at
// full colour. `scratch` is reused between calls.
double quantile_scale(const double* v, std::size_t n, double share, std::vector<double>& scratch);

// A tick spacing of 1, 2 or 5 × 10ᵏ giving about `target` ticks over `range`.
double nice_step(double range, int target);

}  // namespace backstep
