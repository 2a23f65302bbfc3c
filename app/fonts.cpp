#include "app/fonts.hpp"

#include <filesystem>

namespace backstep {

namespace {

ImFont* g_mono = nullptr;

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

bool build_fonts(float pixel_size) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  ImFont* sans = add_font(kSans, 1, pixel_size);
  if (sans == nullptr) {
    ImFontConfig cfg;
    cfg.SizePixels = pixel_size;
    sans = atlas->AddFontDefault(&cfg);
  }
  g_mono = add_font(kMono, 1, pixel_size);
  if (g_mono == nullptr) g_mono = sans;
  ImGui::GetIO().FontDefault = sans;
  atlas->Build();
  return sans != nullptr && g_mono != sans;
}

ImFont* mono_font() {
  return g_mono;
}

}  // namespace backstep
