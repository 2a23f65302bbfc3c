#include "app/look/fonts.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace backstep {

namespace {

ImFont* g_mono = nullptr;
ImFont* g_hover = nullptr;

// Glyphs the UI and the formulas use: Latin, Greek (σ δ η λ), modifier letters
// (ˡ ᵀ ᴸ), general punctuation (′ · … −), super/subscripts (⁽ˡ⁾ ₀–₉), ℝ, arrows,
// math operators (∂ Σ ⊙ √ ≤ ≥), box and geometric shapes (▮ ▶ ■ ●).
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1
    0x0100, 0x017F,  // Latin Extended-A
    0x02B0, 0x02FF,  // spacing modifier letters: ˡ
    0x0300, 0x036F,  // combining marks: the hats of m̂ v̂
    0x0370, 0x03FF,  // Greek
    0x1D00, 0x1DBF,  // phonetic extensions: ᵀ ᴸ
    0x2000, 0x206F,  // general punctuation
    0x2070, 0x209F,  // superscripts and subscripts
    0x2100, 0x214F,  // letterlike symbols: ℝ
    0x2190, 0x21FF,  // arrows
    0x2200, 0x22FF,  // mathematical operators
    0x2300, 0x23FF,  // misc technical: ⏸
    0x2500, 0x25FF,  // box drawing, block elements, geometric shapes
    0,
};

const char* const kSans[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
const char* const kMono[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"};

// Debian's CJK fonts, smallest first. Noto's collection lists JP, KR, SC, TC:
// face 2 has the Simplified Chinese glyph shapes.
struct KnownCjk {
  const char* file;
  int face;
};
const KnownCjk kCjk[] = {
    {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0},
    {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},
    {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0},
};

// Every codepoint a UTF-8 text uses; malformed bytes are skipped.
void add_codepoints(const std::string& s, ImFontGlyphRangesBuilder& out, int& count) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 1;
    unsigned cp = len == 1 ? c : len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
    for (int k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    i += len;
    // CJK radicals, punctuation, kana, ideographs, fullwidth forms; ImWchar is
    // 16 bits in Debian's build, so nothing beyond the BMP.
    if (cp >= 0x2E80 && cp <= 0xFFFF && !out.GetBit(cp)) {
      out.AddChar(static_cast<ImWchar>(cp));
      ++count;
    }
  }
}

// `fc-list :lang=zh` lists only fonts that cover Chinese (fc-match would
// always answer, with a Latin font when there is no CJK one).
std::string fc_list_cjk() {
  FILE* p = popen("fc-list :lang=zh file 2>/dev/null", "r");
  if (p == nullptr) return "";
  char line[1024];
  std::string found;
  while (found.empty() && std::fgets(line, sizeof line, p) != nullptr) {
    std::string s = line;
    const std::size_t colon = s.find(':');  // "path: "
    if (colon != std::string::npos) found = s.substr(0, colon);
  }
  pclose(p);
  return found;
}

ImFont* add_font(const char* const* candidates, int n, float pixel_size) {
  std::error_code ec;
  for (int i = 0; i < n; ++i) {
    if (!std::filesystem::exists(candidates[i], ec)) continue;
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    if (ImFont* f =
            ImGui::GetIO().Fonts->AddFontFromFileTTF(candidates[i], pixel_size, &cfg, kGlyphRanges))
      return f;
  }
  return nullptr;
}

}  // namespace

CjkFont find_cjk_font(const std::vector<std::filesystem::path>& text_files) {
  CjkFont f;
  std::error_code ec;
  if (const char* env = std::getenv("BACKSTEP_CJK_FONT"); env != nullptr) {
    // Set (even to a missing file): tests use it to check the fallback.
    if (std::filesystem::exists(env, ec)) f.file = env;
  } else {
    for (const KnownCjk& k : kCjk) {
      if (std::filesystem::exists(k.file, ec)) {
        f.file = k.file;
        f.face = k.face;
        break;
      }
    }
    if (f.file.empty()) f.file = fc_list_cjk();
  }
  if (f.file.empty()) return f;
  ImFontGlyphRangesBuilder builder;
  for (const auto& path : text_files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    add_codepoints(text.str(), builder, f.glyph_count);
  }
  builder.BuildRanges(&f.ranges);
  return f;
}

namespace {

// DejaVu Sans at `pixel_size` (ImGui's default font without it), with the
// CJK glyphs merged in when given.
ImFont* add_sans(float pixel_size, const CjkFont* cjk) {
  ImFont* sans = add_font(kSans, 1, pixel_size);
  if (sans == nullptr) {
    ImFontConfig cfg;
    cfg.SizePixels = pixel_size;
    sans = ImGui::GetIO().Fonts->AddFontDefault(&cfg);
  }
  if (cjk != nullptr && !cjk->file.empty() && cjk->ranges.Size > 1) {
    // Merged into the sans face: DejaVu keeps the Latin letters and the math
    // (δ ∂ σ′ Σ ⁽¹⁾ ₂), which come first; the CJK face adds only what is missing.
    ImFontConfig cfg;
    cfg.MergeMode = true;
    cfg.FontNo = cjk->face;
    cfg.OversampleH = 1;  // ideographs are dense: no horizontal oversampling keeps the atlas small
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    ImGui::GetIO().Fonts->AddFontFromFileTTF(cjk->file.c_str(), pixel_size, &cfg, cjk->ranges.Data);
  }
  return sans;
}

}  // namespace

bool build_fonts(float pixel_size, const CjkFont* cjk, float hover_scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  ImFont* sans = add_sans(pixel_size, cjk);  // the first font added: the default
  g_mono = add_font(kMono, 1, pixel_size);
  const bool dejavu = g_mono != nullptr;
  if (g_mono == nullptr) g_mono = sans;
  g_hover = hover_scale > 1.0f ? add_sans(std::round(pixel_size * hover_scale), cjk) : sans;
  ImGui::GetIO().FontDefault = sans;
  atlas->Build();
  return dejavu;
}

ImFont* mono_font() {
  return g_mono;
}

ImFont* hover_font() {
  return g_hover;
}

}  // namespace backstep
