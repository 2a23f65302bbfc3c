// Numbers and lines cut to fit: every number the graph's nodes, the
// divergence banner, the controls and the status line print stays short
// (at most about 10 characters, 1e154 included), and a status message too long
// for its line ends in "…" instead of running under the ms/frame readout. No GL.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace backstep {

// The longest text format_fixed / format_general write (without the NUL).
inline constexpr std::size_t kShortNumberChars = 10;

// "%.2f"-style with `decimals` (0–3) while |v| < 1e4, else "%.3g" (1.28e+154);
// "inf", "-inf", "NaN" for non-finite values. Returns out.
char* format_fixed(double v, int decimals, char* out, std::size_t cap);
// "%.Ng" with `digits` (1–5) significant digits for 1e-3 ≤ |v| < 1e4 and 0,
// "%.3g" outside (1.28e+154, 1.5e-07); "inf", "-inf", "NaN". Returns out.
char* format_general(double v, int digits, char* out, std::size_t cap);

// `text` cut at a code point so it is no wider than `width` (advance(code
// point) is a glyph's width), ending in "…" when cut. Whole when it fits.
std::string ellipsize(std::string_view text, float width,
                      const std::function<float(unsigned)>& advance);

}  // namespace backstep
