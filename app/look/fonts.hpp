// Fonts: DejaVu Sans (fonts-dejavu-core) at a pixel size, rebuilt when the UI
// scale changes so text stays crisp on projectors; ImGui's default font if
// DejaVu is absent. For Chinese, a CJK face (fonts-wqy-microhei or
// fonts-noto-cjk) is merged in with only the glyphs the string tables and
// lessons use: the whole CJK block would make every rebuild slow.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <string>
#include <vector>

namespace backstep {

struct CjkFont {
  std::string file;  // "" when no CJK font was found
  int face = 0;      // index inside a .ttc collection
  ImVector<ImWchar> ranges;
  int glyph_count = 0;
};

// The CJK font ($BACKSTEP_CJK_FONT if set, else known Debian paths, else
// `fc-list :lang=zh`) and the ranges of the CJK codepoints (U+2E80 and up)
// that occur in `text_files` (UTF-8).
CjkFont find_cjk_font(const std::vector<std::filesystem::path>& text_files);

// Clears and rebuilds the font atlas at `pixel_size` (the caller re-uploads the
// texture), merging `cjk` when given. With `hover_scale` > 1 (presenter mode)
// a second, larger copy of the UI font is rasterized for hover cards, so they
// grow without blurring. Returns false when DejaVu was not found and the
// fallback is used.
bool build_fonts(float pixel_size, const CjkFont* cjk = nullptr, float hover_scale = 1.0f);

// The font for the cursor's hover cards: the UI font, or its larger copy.
ImFont* hover_font();

// DejaVu Sans Mono at the same size, for numbers that should line up; the
// default font when the mono face is absent. Valid after build_fonts().
ImFont* mono_font();

}  // namespace backstep
