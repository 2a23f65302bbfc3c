#include "app/text/text_wrap.hpp"

namespace backstep {

namespace {

// The UTF-8 code point at text[i]; its byte length in `len` (1 for a stray
// or truncated byte, which then counts as one glyph).
unsigned decode_utf8(std::string_view text, std::size_t i, std::size_t& len) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned c = byte(i);
  const std::size_t want = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  if (want == 1 || i + want > text.size()) {
    len = 1;
    return c;
  }
  unsigned cp = c & (want == 2 ? 0x1Fu : want == 3 ? 0x0Fu : 0x07u);
  for (std::size_t k = 1; k < want; ++k) cp = cp << 6 | (byte(i + k) & 0x3Fu);
  len = want;
  return cp;
}

// Ideographs, kana, hangul and full-width forms: a line may break on either side.
bool is_cjk(unsigned c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

// Closing punctuation stays with the character before it: 、。」』！），：；？
bool is_closing_punctuation(unsigned c) {
  switch (c) {
    case 0x3001:
    case 0x3002:
    case 0x300D:
    case 0x300F:
    case 0xFF01:
    case 0xFF09:
    case 0xFF0C:
    case 0xFF1A:
    case 0xFF1B:
    case 0xFF1F:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<std::string_view> wrap_lines(std::string_view text, float width,
                                         const std::function<float(unsigned)>& advance) {
  constexpr std::size_t none = std::string_view::npos;
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    // Walk the line, remembering the last place it may end (`cut`) and where
    // the next line then starts (`resume`); stop at the first glyph that
    // would cross the width when there is somewhere to cut.
    std::size_t i = start, cut = none, resume = none;
    float x = 0.0f;
    bool full = false, after_cjk = false;
    while (i < text.size() && text[i] != '\n') {
      std::size_t len = 1;
      const unsigned c = decode_utf8(text, i, len);
      if (c == ' ') {  // trailing spaces never overflow: they are dropped
        cut = i;
        resume = i + 1;
        x += advance(c);
        i += len;
        after_cjk = false;
        continue;
      }
      const bool cjk = is_cjk(c);
      if (i > start && (cjk || after_cjk) && !is_closing_punctuation(c)) cut = resume = i;
      const float w = advance(c);
      if (x + w > width && cut != none && cut > start) {
        full = true;
        break;
      }
      x += w;
      i += len;
      after_cjk = cjk;
    }
    if (!full) {
      lines.push_back(text.substr(start, i - start));
      start = i + 1;  // past the '\n', or past the end
      continue;
    }
    std::size_t end = cut;
    while (end > start && text[end - 1] == ' ') --end;
    lines.push_back(text.substr(start, end - start));
    start = resume;
    while (start < text.size() && text[start] == ' ') ++start;
  }
  return lines;
}

}  // namespace backstep
