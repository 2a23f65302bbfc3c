#include "app/text/short_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace backstep {

namespace {

// "inf", "-inf" or "NaN" into out; false for a finite v.
bool non_finite(double v, char* out, std::size_t cap) {
  if (std::isfinite(v)) return false;
  std::snprintf(out, cap, "%s", std::isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf");
  return true;
}

// Scientific with three significant digits: "-1.28e+154" is the widest (10).
void scientific(double v, char* out, std::size_t cap) {
  std::snprintf(out, cap, "%.3g", v);
}

// The UTF-8 code point at text[i] and its byte length (1 for a stray byte).
unsigned code_point(std::string_view text, std::size_t i, std::size_t& len) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned c = byte(i);
  len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  if (len == 1 || i + len > text.size()) {
    len = 1;
    return c;
  }
  unsigned cp = c & (len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u);
  for (std::size_t k = 1; k < len; ++k) cp = cp << 6 | (byte(i + k) & 0x3Fu);
  return cp;
}

}  // namespace

char* format_fixed(double v, int decimals, char* out, std::size_t cap) {
  if (non_finite(v, out, cap)) return out;
  // 9999.995 rounds to "10000.00": still 8 characters with its sign.
  if (std::abs(v) < 1e4) {
    std::snprintf(out, cap, "%.*f", std::clamp(decimals, 0, 3), v);
  } else {
    scientific(v, out, cap);
  }
  return out;
}

char* format_general(double v, int digits, char* out, std::size_t cap) {
  if (non_finite(v, out, cap)) return out;
  const double a = std::abs(v);
  if (v == 0 || (a >= 1e-3 && a < 1e4)) {
    // Five digits from 1e-3 up: "-0.0012346" (10), "-9999.9" (7).
    std::snprintf(out, cap, "%.*g", std::clamp(digits, 1, 5), v);
  } else {
    scientific(v, out, cap);
  }
  return out;
}

std::string ellipsize(std::string_view text, float width,
                      const std::function<float(unsigned)>& advance) {
  static constexpr std::string_view kEllipsis = "…";
  float total = 0;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len)
    total += advance(code_point(text, i, len));
  if (total <= width) return std::string(text);
  const float room = width - advance(0x2026);
  float used = 0;
  std::size_t end = 0;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    const float w = advance(code_point(text, i, len));
    if (used + w > room) break;
    used += w;
    end = i + len;
  }
  // No space before the ellipsis: "loss became…", not "loss became …".
  while (end > 0 && text[end - 1] == ' ') --end;
  std::string out(text.substr(0, end));
  out += kEllipsis;
  return out;
}

}  // namespace backstep
