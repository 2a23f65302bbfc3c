#include "app/look/appearance.hpp"

namespace backstep {

namespace {

Palette g_palette = {};

Palette dark_palette() {
  Palette p;
  p.light = false;
  p.canvas_bg = IM_COL32(20, 22, 28, 255);
  p.grid = IM_COL32(255, 255, 255, 34);
  p.grid_minor = IM_COL32(255, 255, 255, 16);
  p.axis = IM_COL32(150, 150, 150, 255);
  p.cursor = IM_COL32(255, 255, 255, 160);
  p.ring = IM_COL32(255, 255, 255, 255);
  p.halo = IM_COL32(0, 0, 0, 160);
  p.node_outline = IM_COL32(120, 120, 120, 255);
  p.graph_label = IM_COL32(230, 230, 230, 255);
  p.warn_text = ImVec4(1.0f, 0.55f, 0.2f, 1.0f);
  p.error_text = ImVec4(1.0f, 0.45f, 0.4f, 1.0f);
  p.good_text = ImVec4(0.45f, 0.75f, 1.0f, 1.0f);
  p.note_text = ImVec4(0.75f, 0.75f, 0.6f, 1.0f);
  p.clear[0] = 0.10f, p.clear[1] = 0.10f, p.clear[2] = 0.11f;
  p.line_scale = 1.0f;
  return p;
}

// The same meanings, darker inks on white: orange stays orange, blue blue.
Palette light_palette() {
  Palette p;
  p.light = true;
  p.canvas_bg = IM_COL32(252, 252, 252, 255);
  p.grid = IM_COL32(0, 0, 0, 40);
  p.grid_minor = IM_COL32(0, 0, 0, 18);
  p.axis = IM_COL32(90, 90, 90, 255);
  p.cursor = IM_COL32(0, 0, 0, 170);
  p.ring = IM_COL32(0, 0, 0, 255);
  p.halo = IM_COL32(255, 255, 255, 200);
  p.node_outline = IM_COL32(70, 70, 70, 255);
  p.graph_label = IM_COL32(20, 20, 20, 255);
  p.warn_text = ImVec4(0.75f, 0.30f, 0.0f, 1.0f);
  p.error_text = ImVec4(0.75f, 0.05f, 0.05f, 1.0f);
  p.good_text = ImVec4(0.0f, 0.35f, 0.75f, 1.0f);
  p.note_text = ImVec4(0.40f, 0.38f, 0.20f, 1.0f);
  p.clear[0] = 0.86f, p.clear[1] = 0.86f, p.clear[2] = 0.86f;
  p.line_scale = 1.0f;
  return p;
}

void light_style(ImGuiStyle& style) {
  ImGui::StyleColorsLight(&style);
  ImVec4* c = style.Colors;
  // StyleColorsLight's greys are soft; darken text and borders for a projector.
  c[ImGuiCol_Text] = ImVec4(0.05f, 0.05f, 0.05f, 1.0f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.35f, 0.35f, 0.35f, 1.0f);
  c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.97f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.55f, 0.55f, 0.55f, 0.8f);
  c[ImGuiCol_FrameBg] = ImVec4(0.88f, 0.88f, 0.90f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.80f, 0.82f, 0.86f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.70f, 0.78f, 0.90f, 1.0f);
  c[ImGuiCol_MenuBarBg] = ImVec4(0.90f, 0.90f, 0.90f, 1.0f);
}

// Presenter: maximal contrast, visible frames around every widget.
void high_contrast(ImGuiStyle& style, bool light) {
  ImVec4* c = style.Colors;
  const ImVec4 ink = light ? ImVec4(0, 0, 0, 1) : ImVec4(1, 1, 1, 1);
  const ImVec4 paper = light ? ImVec4(1, 1, 1, 1) : ImVec4(0, 0, 0, 1);
  c[ImGuiCol_Text] = ink;
  c[ImGuiCol_TextDisabled] =
      light ? ImVec4(0.25f, 0.25f, 0.25f, 1) : ImVec4(0.75f, 0.75f, 0.75f, 1);
  c[ImGuiCol_WindowBg] = paper;
  c[ImGuiCol_ChildBg] = paper;
  c[ImGuiCol_PopupBg] = paper;
  c[ImGuiCol_Border] = ink;
  c[ImGuiCol_MenuBarBg] = light ? ImVec4(0.9f, 0.9f, 0.9f, 1) : ImVec4(0.12f, 0.12f, 0.12f, 1);
  style.WindowBorderSize = 2.0f;
  style.FrameBorderSize = 1.0f;
  style.PopupBorderSize = 2.0f;
}

}  // namespace

void apply_style(bool light, bool presenter, float scale) {
  ImGuiStyle style;
  if (light) {
    light_style(style);
  } else {
    ImGui::StyleColorsDark(&style);
  }
  if (presenter) high_contrast(style, light);
  style.WindowRounding = 0.0f;
  style.FrameRounding = 2.0f;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;

  g_palette = light ? light_palette() : dark_palette();
  if (presenter) {
    g_palette.canvas_bg = light ? IM_COL32(255, 255, 255, 255) : IM_COL32(0, 0, 0, 255);
    g_palette.clear[0] = g_palette.clear[1] = g_palette.clear[2] = light ? 1.0f : 0.0f;
    g_palette.grid = light ? IM_COL32(0, 0, 0, 70) : IM_COL32(255, 255, 255, 60);
  }
  // Lines thicken with the UI scale, and once more for the back of the room.
  g_palette.thicker = presenter ? 1.5f : 1.0f;
  g_palette.line_scale = scale * g_palette.thicker;
}

const Palette& palette() {
  return g_palette;
}

}  // namespace backstep
