#include "app/look/widgets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "app/look/appearance.hpp"
#include "app/text/short_text.hpp"
#include "app/text/strings.hpp"
#include "app/text/text_wrap.hpp"

namespace backstep {

ImU32 to_imcolor(Rgb c, float alpha) {
  return ImGui::GetColorU32(ImVec4(c.r, c.g, c.b, alpha));
}

ImU32 diverging_color(double value, double scale, float alpha) {
  return to_imcolor(diverging(value, scale), alpha);
}

ImU32 sequential_color(double value, double scale, float alpha) {
  return to_imcolor(sequential(value, scale), alpha);
}

ImU32 text_color_on(Rgb fill) {
  // L* 60 is about where black and white text have equal contrast.
  return lightness(fill) > 60.0 ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
}

namespace {

// End labels of a legend: "−s" / "+s", or "0" / "s".
void legend_labels(LegendKind kind, double scale, char (&lo)[32], char (&hi)[32]) {
  if (kind == LegendKind::diverging) {
    std::snprintf(lo, sizeof lo, "%.3g", -scale);
    std::snprintf(hi, sizeof hi, "+%.3g", scale);
  } else {
    std::snprintf(lo, sizeof lo, "0");
    std::snprintf(hi, sizeof hi, "%.3g", scale);
  }
}

}  // namespace

float color_legend_width(const char* caption, LegendKind kind, double scale, float bar_width) {
  char lo[32], hi[32];
  legend_labels(kind, scale, lo, hi);
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  return ImGui::CalcTextSize(caption).x + ImGui::CalcTextSize(lo).x + bar_width +
         ImGui::CalcTextSize(hi).x + 3 * gap;
}

void same_line_if_fits(float next_width, float spacing) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + spacing + next_width <= right) ImGui::SameLine(0, spacing);
}

std::string fit_to_width(std::string_view text, float width) {
  ImFont* font = ImGui::GetFont();
  const float glyph_scale = ImGui::GetFontSize() / font->FontSize;
  return ellipsize(text, std::max(width, 0.0f), [&](unsigned c) {
    return font->GetCharAdvance(static_cast<ImWchar>(c)) * glyph_scale;
  });
}

void text_wrapped(std::string_view text) {
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  const auto advance = [&](unsigned c) {
    return font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
  };
  for (std::string_view line :
       wrap_lines(text, std::max(ImGui::GetContentRegionAvail().x, 1.0f), advance)) {
    ImGui::TextUnformatted(line.data(), line.data() + line.size());
  }
}

void color_legend(const char* caption, LegendKind kind, double scale, float bar_width) {
  const bool signed_map = kind == LegendKind::diverging;
  char lo[32], hi[32];
  legend_labels(kind, scale, lo, hi);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(caption);
  // The scale ("−1 ▬▬ +1") beside the caption, or under it in a narrow column.
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  same_line_if_fits(ImGui::CalcTextSize(lo).x + bar_width + ImGui::CalcTextSize(hi).x + 2 * spacing,
                    spacing);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(lo);
  ImGui::SameLine();

  // The bar: short segments, each a horizontal two-colour gradient, so the
  // legend shows exactly the interpolated map the graph uses.
  const float h = ImGui::GetFrameHeight();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(bar_width, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  constexpr int kSegments = 24;
  const float seg = bar_width / kSegments;
  const float y0 = p0.y + h * 0.15f, y1 = p0.y + h * 0.85f;
  for (int i = 0; i < kSegments; ++i) {
    const double u0 = static_cast<double>(i) / kSegments;
    const double u1 = static_cast<double>(i + 1) / kSegments;
    const double v0 = signed_map ? (2.0 * u0 - 1.0) * scale : u0 * scale;
    const double v1 = signed_map ? (2.0 * u1 - 1.0) * scale : u1 * scale;
    const ImU32 c0 = signed_map ? diverging_color(v0, scale) : sequential_color(v0, scale);
    const ImU32 c1 = signed_map ? diverging_color(v1, scale) : sequential_color(v1, scale);
    dl->AddRectFilledMultiColor(ImVec2(p0.x + seg * i, y0), ImVec2(p0.x + seg * (i + 1), y1), c0,
                                c1, c1, c0);
  }
  dl->AddRect(ImVec2(p0.x, y0), ImVec2(p0.x + bar_width, y1), IM_COL32(160, 160, 160, 255));
  if (signed_map) {
    // 0 sits on the light neutral middle: dark text reads there.
    const ImVec2 ts = ImGui::CalcTextSize("0");
    dl->AddText(ImVec2(p0.x + 0.5f * (bar_width - ts.x), p0.y + 0.5f * (h - ts.y)),
                IM_COL32(0, 0, 0, 255), "0");
  }
  ImGui::SameLine();
  ImGui::TextUnformatted(hi);
}

void value_label(const char* name, double value) {
  if (std::isfinite(value)) {
    ImGui::Text("%s = %.6g", name, value);
  } else {
    ImGui::TextColored(palette().warn_text, "%s = %s", name,
                       tr(std::isnan(value) ? "value.nan" : "value.infinite"));
  }
}

namespace {

// UTF-8 of the digit glyphs. Superscripts 1–3 live in Latin-1, the rest at U+207x.
constexpr const char* kSub[10] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
constexpr const char* kSup[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

char* script_digits(int n, char* out, std::size_t cap, const char* const (&glyphs)[10]) {
  if (cap == 0) return out;
  char digits[12];
  const int len = std::snprintf(digits, sizeof digits, "%d", n < 0 ? 0 : n);
  std::size_t used = 0;
  out[0] = '\0';
  for (int i = 0; i < len; ++i) {
    const char* g = glyphs[digits[i] - '0'];
    const std::size_t gl = std::strlen(g);
    if (used + gl + 1 > cap) break;
    std::memcpy(out + used, g, gl);
    used += gl;
    out[used] = '\0';
  }
  return out;
}

}  // namespace

char* subscript_digits(int n, char* out, std::size_t cap) {
  return script_digits(n, out, cap, kSub);
}

char* superscript_digits(int n, char* out, std::size_t cap) {
  return script_digits(n, out, cap, kSup);
}

}  // namespace backstep
