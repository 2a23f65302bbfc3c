#include "app/shell/frame.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <span>
#include <string>
#include <utility>

#include "app/gpu/screenshot.hpp"
#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/panels.hpp"
#include "app/shell/session_menu.hpp"
#include "app/text/core_text.hpp"
#include "app/text/short_text.hpp"
#include "app/text/strings.hpp"

namespace backstep {

namespace {

// Panel rectangles from the display size. No docking in ImGui 1.86: the
// layout is computed, and recomputed on "Reset layout" or a window resize.
struct Layout {
  PanelRect controls, graph, loss, output, dataset, status;
};

Layout compute_layout(float width, float height, float menu_h, float status_h, float font) {
  Layout l;
  const float top = menu_h, bottom = height - status_h;
  const float body = std::max(bottom - top, 1.0f);
  // The controls column holds ~30 characters of labels plus widgets.
  const float cw = std::clamp(22.0f * font, 0.22f * width, 0.42f * width);
  const float rest = std::max(width - cw, 1.0f);
  const float gh = std::floor(body * 0.62f);
  // Right column: Data & output sized for a square plane plus toolbar and
  // legend (~6 lines), the dataset panel under it.
  // At large UI scales 20 characters can exceed 40 % of the rest: the cap wins
  // (std::clamp with lo > hi is undefined).
  const float ow_cap = 0.4f * rest;
  const float ow = std::floor(std::clamp(0.3f * width, std::min(20.0f * font, ow_cap), ow_cap));
  const float oh =
      std::floor(std::max(std::min(body - 12.0f * font, ow + 8.5f * font), body * 0.5f));
  const float mid = rest - ow;
  l.controls = {0, top, cw, body};
  l.graph = {cw, top, mid, gh};
  l.loss = {cw, top + gh, mid, body - gh};
  l.output = {cw + mid, top, ow, oh};
  l.dataset = {cw + mid, top + oh, ow, body - oh};
  l.status = {0, bottom, width, status_h};
  return l;
}

// Presenter mode: the chosen panels (in kPresenterOrder) share the window
// without overlapping. What the room looks at gets the room:
//  - the graph (or the first panel shown) on the left, as tall as it can be —
//    at 2.5× on 1080p every row of chrome is 65 px, and a node that is to be
//    twice its normal size needs the height;
//  - under it, one row for the other panels (the inspector's formula, the
//    loss curves, controls, dataset, health), as tall as the inspector's rows
//    need (about ten lines of text), two rows past three panels;
//  - on the right, a full-height column for Data & output: its plane is
//    square, and under it the toolbar and legend need about eight lines.
std::vector<PanelRect> presenter_layout(std::span<const PanelId> ids, float x, float y, float w,
                                        float h, float font) {
  const std::size_t n = ids.size();
  std::vector<PanelRect> r(n);
  if (n == 0) return r;
  if (n == 1) {
    r[0] = {x, y, w, h};
    return r;
  }
  const auto in_column = [](PanelId id) { return id == PanelId::output; };
  std::vector<std::size_t> column, below;
  for (std::size_t i = 1; i < n; ++i) (in_column(ids[i]) ? column : below).push_back(i);
  // Two panels: side by side when one belongs in the column, else stacked.
  float main_w = w;
  if (!column.empty() && (n >= 3 || below.empty())) {
    const float col_w = std::floor(std::min(0.3f * w, 0.62f * h));
    main_w = w - col_w;
    const float out_h = column.size() > 1 ? std::floor(0.62f * h) : h;
    for (std::size_t c = 0; c < column.size(); ++c) {
      const float cy = c == 0 ? y : y + out_h;
      r[column[c]] = {x + main_w, cy, col_w, c == 0 && column.size() > 1 ? out_h : y + h - cy};
    }
  } else {
    below.insert(below.end(), column.begin(), column.end());
  }
  if (below.empty()) {
    r[0] = {x, y, main_w, h};
    return r;
  }
  const int m = static_cast<int>(below.size()), rows = m <= 3 ? 1 : 2;
  // Narrower than ~30 characters (a lesson's column beside), the inspector's
  // step line wraps: one more line.
  const float lines = main_w < 30.0f * font ? 10.8f : 9.6f;
  const float row_h = std::floor(std::min(0.45f * h / rows, lines * font));
  const float top_h = h - rows * row_h;
  r[0] = {x, y, main_w, top_h};
  const int cols = (m + rows - 1) / rows;
  // Beside one other panel, the inspector takes 60 %: its formula is the
  // widest line on screen, while a loss curve still reads at 40 %.
  const auto weight = [&](int i) {
    return cols == 2 && ids[below[static_cast<std::size_t>(i)]] == PanelId::inspector ? 1.5f : 1.0f;
  };
  for (int row = 0; row < rows; ++row) {
    const int first = row * cols, last = std::min(m, first + cols);
    float total = 0;
    for (int i = first; i < last; ++i) total += weight(i);
    const float ry = y + top_h + row * row_h;
    float cx = x;
    for (int i = first; i < last; ++i) {
      const float cw = i + 1 == last ? x + main_w - cx : std::floor(main_w * weight(i) / total);
      r[below[static_cast<std::size_t>(i)]] = {cx, ry, cw, row + 1 == rows ? y + h - ry : row_h};
      cx += cw;
    }
  }
  return r;
}

// Places the next window when the layout is dirty; otherwise the user's
// moves and resizes stand.
void place(const PanelRect& r, bool force) {
  const ImGuiCond cond = force ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y), cond);
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h), cond);
}

// The current window's rectangle, for --report-layout (call inside Begin/End).
void record(UiState& ui, const char* name) {
  const ImVec2 p = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
  ui.panel_rects.emplace_back(name, PanelRect{p.x, p.y, sz.x, sz.y});
}

// Begin for a panel window (title from the string table, ID from the key so
// it keeps its place across languages), recording its rectangle.
bool begin_panel(UiState& ui, const PanelInfo& panel, bool* open, ImGuiWindowFlags flags) {
  const std::string name(panel.name);
  const bool visible = ImGui::Begin(tr_id(panel.title_key), open, flags);
  record(ui, name.c_str());
  // Shift+F12 shoots this panel; its child windows (the graph's canvas) count as it.
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows)) ui.hovered_panel = name;
  return visible;
}

// A PNG of the whole window (panel "") or of one panel, named by the time,
// written after `wait` more frames (gui.cpp saves it once the frame is rendered).
void request_screenshot(UiState& ui, const std::string& panel, int wait) {
  ui.screenshot_request = {timestamped_screenshot_name(panel), panel};
  ui.screenshot_wait = wait;
}

void language_menu(UiState& ui) {
  if (!ImGui::BeginMenu(tr_id("menu.language"))) return;
  if (ImGui::MenuItem(tr("language.en"), nullptr, ui.language == Language::en)) {
    ui.language = Language::en;
    ui.settings_dirty = true;
  }
  if (ImGui::MenuItem(tr("language.zh"), nullptr, ui.language == Language::zh, ui.cjk_font)) {
    ui.language = Language::zh;
    ui.settings_dirty = true;
  }
  if (!ui.cjk_font) ImGui::TextDisabled("%s", ui.cjk_notice.c_str());
  ImGui::EndMenu();
}

void theme_menu(UiState& ui) {
  if (!ImGui::BeginMenu(tr_id("menu.theme"))) return;
  if (ImGui::MenuItem(tr("theme.dark"), nullptr, !ui.light_theme)) {
    ui.light_theme = false;
    ui.settings_dirty = true;
  }
  if (ImGui::MenuItem(tr("theme.light"), nullptr, ui.light_theme)) {
    ui.light_theme = true;
    ui.settings_dirty = true;
  }
  ImGui::EndMenu();
}

void toggle_presenter(UiState& ui) {
  set_presenter(ui, !ui.presenter);
  ui.settings_dirty = true;
}

void draw_menu_bar(const Session& s, UiState& ui, CommandQueue& q) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu(tr_id("menu.file"))) {
    draw_session_menu_items(s, ui, q);  // open/save session, undo/redo, exports
    if (ImGui::MenuItem(tr_id("menu.screenshot"), "F12")) request_screenshot(ui, {}, 1);
    // The panels drawn last frame (this frame's list is rebuilt below the menu bar).
    if (ImGui::BeginMenu(tr_id("menu.screenshot_panel"), !ui.panel_rects.empty())) {
      for (const auto& [name, rect] : ui.panel_rects)
        if (const PanelInfo* p = find_panel(name); p && ImGui::MenuItem(tr(p->title_key)))
          request_screenshot(ui, name, 1);
      ImGui::EndMenu();
    }
    ImGui::Separator();
    if (ImGui::MenuItem(tr_id("menu.quit"))) ui.quit_requested = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr_id("menu.train"))) {
    if (ImGui::MenuItem(tr_id(s.playing ? "menu.pause" : "menu.play"), "Space"))
      q.push(SetPlaying{!s.playing});
    if (ImGui::MenuItem(tr_id("menu.one_step"), "→")) q.push(TrainSteps{1});
    if (ImGui::MenuItem(tr_id("menu.one_epoch"))) q.push(TrainEpochs{1});
    if (ImGui::MenuItem(tr_id("menu.reset_same"), "R")) q.push(Reset{false});
    if (ImGui::MenuItem(tr_id("menu.reset_new"))) q.push(Reset{true});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr_id("menu.view"))) {
    // A panel shown or hidden re-flows the layout (presenter mode fills the window).
    bool changed = false;
    for (const PanelInfo& p : kPanels)
      if (p.view_flag) changed |= ImGui::MenuItem(tr_id(p.title_key), nullptr, &shown(ui, p.id));
    if (changed) ui.layout_dirty = true;
    ImGui::Separator();
    if (ImGui::MenuItem(tr_id("menu.reset_layout"))) {
      for (const PanelInfo& p : kPanels)
        if (p.on_reset_layout) shown(ui, p.id) = true;
      ui.layout_dirty = true;
    }
    ImGui::Separator();
    if (ImGui::MenuItem(tr_id("menu.presenter"), "F5", ui.presenter)) toggle_presenter(ui);
    ImGui::TextUnformatted(tr(ui.presenter ? "menu.scale_presenter" : "menu.scale"));
    static const float kScales[] = {1.0f, 1.25f, 1.5f, 1.75f, 2.0f, 2.5f, 3.0f};
    float& scale = ui.presenter ? ui.presenter_scale : ui.ui_scale;
    for (float sc : kScales) {
      char label[16];
      std::snprintf(label, sizeof label, "%d%%", static_cast<int>(std::lround(sc * 100)));
      if (ImGui::MenuItem(label, nullptr, std::abs(scale - sc) < 1e-3f)) {
        scale = sc;
        ui.layout_dirty = true;
        ui.settings_dirty = true;
      }
    }
    ImGui::EndMenu();
  }
  draw_lessons_menu(ui);
  language_menu(ui);
  theme_menu(ui);
  if (ImGui::BeginMenu(tr_id("menu.help"))) {
    if (ImGui::MenuItem(tr_id("menu.shortcuts"), "F1")) ui.show_help = !ui.show_help;
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

void draw_status_line(const Session& s, UiState& ui, const PanelRect& r) {
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
  const ImVec2 pad = ImGui::GetStyle().WindowPadding;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                      ui.presenter ? ImVec2(pad.x, ImGui::GetStyle().FramePadding.y) : pad);
  const bool error = s.message_is_error || ui.status_note_is_error;
  if (error) {  // dark red in both themes, so white text
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(150, 30, 30, 255));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
    ImGui::PushStyleColor(ImGuiCol_TextDisabled, IM_COL32(230, 200, 200, 255));
  }
  ImGui::Begin("##status", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
  ImGui::PopStyleVar();
  char perf[64];
  std::snprintf(perf, sizeof perf, tr("status.ms_per_frame"), ui.frame_ms);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float perf_w = ImGui::CalcTextSize(perf).x;
  const float perf_x = std::max(style.WindowPadding.x, r.w - perf_w - style.WindowPadding.x);
  // The hint, the message and the note on one line, cut with "…" before the
  // readout (a diverged run's message is longer than the window).
  std::string line = tr("status.hint");
  if (!s.message.empty()) {
    line += "  ·  ";
    if (s.message_is_error) line += tr("status.error");
    line += localize_core_text(s.message);
  }
  if (!ui.status_note.empty()) line += "  ·  " + localize_core_text(ui.status_note);
  const float room = perf_x - style.ItemSpacing.x - ImGui::GetCursorPosX();
  line = fit_to_width(line, room);
  ImGui::TextUnformatted(line.c_str());
  ui.fits.push_back({"status-message", ImGui::GetItemRectSize().x, room});
  ImGui::SameLine(perf_x);
  ImGui::TextDisabled("%s", perf);
  ImGui::End();
  if (error) ImGui::PopStyleColor(3);
}

struct HelpRow {
  const char* key;
  const char* what;
};

// One table of the help: the keys (or colour names) in a column as wide as
// the widest of them, up to 40 % of the table, the descriptions stretching
// over the rest; both wrap. The sizes are explicit: in an auto-resizing
// window ImGui 1.86 sizes columns to fit their content, and wrapped text fits
// any width, so the descriptions had shrunk to one character.
void help_table(UiState& ui, const char* id, std::span<const HelpRow> rows) {
  const float avail = ImGui::GetContentRegionAvail().x;
  float key_w = 0;
  for (const HelpRow& r : rows) key_w = std::max(key_w, ImGui::CalcTextSize(r.key).x);
  key_w = std::min(key_w, 0.4f * avail);
  if (!ImGui::BeginTable(
          id, 2,
          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit,
          ImVec2(avail, 0)))
    return;
  ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, key_w);
  ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
  for (const HelpRow& r : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    text_wrapped(r.key);
    ImGui::TableNextColumn();
    if (&r == rows.data()) {  // the description column, for --report-layout
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ui.overlay_rects.emplace_back(std::string("help-description"),
                                    PanelRect{p.x, p.y, ImGui::GetContentRegionAvail().x, 0});
    }
    text_wrapped(r.what);
  }
  ImGui::EndTable();
}

void draw_help(UiState& ui) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  // Width fixed, height to fit the rows but never past the window (it then
  // scrolls): at presenter scales the table is taller than the screen.
  const float help_w = std::min(display.x * 0.8f, 56.0f * ImGui::GetFontSize());
  ImGui::SetNextWindowSizeConstraints(ImVec2(help_w, 0), ImVec2(help_w, display.y * 0.92f));
  ImGui::SetNextWindowFocus();
  // Opaque in both themes: the dark theme's window background is 94 % alpha,
  // and the panels' text showed through the help.
  ImGui::SetNextWindowBgAlpha(1.0f);
  if (!ImGui::Begin(tr_id("help.title"), &ui.show_help,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                        ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  ui.overlay_rects.emplace_back(std::string("help"), PanelRect{pos.x, pos.y, size.x, size.y});
  ImGui::TextUnformatted(tr("help.keyboard"));
  static const char* const kKeys[][2] = {
      {"Space", "help.key.space"},
      {"→", "help.key.right"},
      {"Shift+→ / Shift+←", "help.key.shift_arrows"},
      {"R", "help.key.r"},
      {"Ctrl+S / Ctrl+O", "help.key.save_open"},
      {"Ctrl+Z / Ctrl+Y", "help.key.undo_redo"},
      {"Page Up / Page Down", "help.key.pages"},
      {"F1", "help.key.f1"},
      {"F12", "help.key.f12"},
      {"Shift+F12", "help.key.shift_f12"},
      {"F5", "help.key.f5"},
      {"Esc", "help.key.esc"},
  };
  std::array<HelpRow, std::size(kKeys)> keys;
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = {kKeys[i][0], tr(kKeys[i][1])};
  help_table(ui, "keys", keys);
  ImGui::Spacing();
  ImGui::TextUnformatted(tr("help.colours"));
  static const char* const kColours[][2] = {
      {"help.colour.node_fill", "help.colour.node_fill.what"},
      {"help.colour.edge_weights", "help.colour.edge_weights.what"},
      {"help.colour.edge_gradients", "help.colour.edge_gradients.what"},
      {"help.colour.trace_phases", "help.colour.trace_phases.what"},
      {"help.colour.rings", "help.colour.rings.what"},
      {"help.colour.plane", "help.colour.plane.what"},
      {"help.colour.health_lines", "help.colour.health_lines.what"},
      {"help.colour.purple_grey", "help.colour.purple_grey.what"},
      {"help.colour.loss_curves", "help.colour.loss_curves.what"},
      {"help.colour.red_status", "help.colour.red_status.what"},
  };
  std::array<HelpRow, std::size(kColours)> colours;
  for (std::size_t i = 0; i < colours.size(); ++i)
    colours[i] = {tr(kColours[i][0]), tr(kColours[i][1])};
  help_table(ui, "colours", colours);
  ImGui::End();
}

}  // namespace

void set_presenter(UiState& ui, bool on) {
  if (ui.presenter == on) return;
  // Each mode keeps its own choice of panels: swap the other mode's in.
  for (const PanelInfo& p : kPanels)
    if (p.view_flag) std::swap(shown(ui, p.id), ui.other_panels[index_of(p.id)]);
  ui.presenter = on;
  ui.layout_dirty = true;
}

void handle_shortcuts(const Session& s, UiState& ui, CommandQueue& q) {
  const ImGuiIO& io = ImGui::GetIO();
  // Set again by begin_panel while this frame draws.
  const std::string hovered = std::exchange(ui.hovered_panel, std::string());
  if (io.WantTextInput) return;  // typing a number into a field: keys are text
  // ImGui 1.86 indexes keys by the backend's codes: GLFW key codes.
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) q.push(SetPlaying{!s.playing});
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT, true) && !io.KeyShift) q.push(TrainSteps{1});
  // Shift+→ / Shift+←: one micro-step of the chain-rule trace.
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT, true) && io.KeyShift) q.push(MicroStep{1});
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT, true) && io.KeyShift) q.push(MicroStep{-1});
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false) && !io.KeyCtrl) q.push(Reset{false});
  if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) ui.show_help = !ui.show_help;
  if (ImGui::IsKeyPressed(GLFW_KEY_F5, false)) toggle_presenter(ui);
  if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) ui.show_help = false;
  // F12: the whole window; Shift+F12: the panel under the mouse (the whole
  // window over the menu bar, the status line or the background).
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false))
    request_screenshot(ui, io.KeyShift ? hovered : std::string(), 0);
  handle_session_shortcuts(s, ui, q);  // Ctrl+S/O/Z/Y
}

void draw_frame(const Session& s, UiState& ui, CommandQueue& q) {
  // A file dropped on the window is imported by the Dataset panel, which
  // shows the result (or the error): open it if it was closed.
  if (!ui.dropped_path.empty() && !shown(ui, PanelId::dataset)) {
    shown(ui, PanelId::dataset) = true;
    ui.layout_dirty = true;
  }
  draw_menu_bar(s, ui, q);
  const ImGuiIO& io = ImGui::GetIO();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float font = ImGui::GetFontSize();
  const float menu_h = font + 2.0f * style.FramePadding.y;
  // Presenter mode: a thinner status line (frame padding, not window padding)
  // gives its 25 px to the panels.
  const float status_pad = ui.presenter ? style.FramePadding.y : style.WindowPadding.y;
  const float status_h = font + 2.0f * status_pad;
  Layout l = compute_layout(io.DisplaySize.x, io.DisplaySize.y, menu_h, status_h, font);
  // With Gradient health shown the graph gives up some height and the bottom
  // of the middle column splits: loss curves 2/5, health 3/5.
  PanelRect health = l.loss;
  if (shown(ui, PanelId::health)) {
    const float bottom = l.loss.y + l.loss.h;
    l.graph.h = std::floor((bottom - l.graph.y) * 0.5f);
    l.loss.y = health.y = l.graph.y + l.graph.h;
    l.loss.h = health.h = bottom - l.loss.y;
    l.loss.w = std::floor(health.w * 0.4f);
    health.x += l.loss.w;
    health.w -= l.loss.w;
  }
  // With the chain-rule inspector shown it takes the right 60 % of the bottom
  // of the middle column (the top part of it when Gradient health shares it).
  PanelRect inspector = health;
  if (shown(ui, PanelId::inspector)) {
    if (!shown(ui, PanelId::health)) {
      const float bottom = l.loss.y + l.loss.h;
      l.graph.h = std::floor((bottom - l.graph.y) * 0.5f);
      l.loss.y = inspector.y = l.graph.y + l.graph.h;
      l.loss.h = inspector.h = bottom - l.loss.y;
      l.loss.w = std::floor(inspector.w * 0.4f);
      inspector.x += l.loss.w;
      inspector.w -= l.loss.w;
      health = inspector;
    } else {
      // Both: the graph gives up a little more height so that the two panels
      // stacked under it each keep room for their content.
      const float bottom = health.y + health.h;
      const float graph_h = std::floor((bottom - l.graph.y) * 0.4f);
      const float moved = l.graph.h - graph_h;
      l.graph.h = graph_h;
      l.loss.y -= moved;
      l.loss.h += moved;
      health.y -= moved;
      health.h += moved;
      inspector = health;
      inspector.h = std::floor(health.h * 0.55f);
      health.y += inspector.h;
      health.h -= inspector.h;
    }
  }
  // Loss curves hidden: the inspector takes the whole bottom of the middle column.
  if (!shown(ui, PanelId::loss) && shown(ui, PanelId::inspector) && !shown(ui, PanelId::health) &&
      !ui.presenter) {
    inspector.w += inspector.x - l.loss.x;
    inspector.x = l.loss.x;
  }
  // Model & controls hidden (a lesson page about the graph): the middle column
  // widens over its place instead of leaving a hole.
  if (!shown(ui, PanelId::controls) && !ui.presenter) {
    const float left = l.controls.x + l.controls.w, right = l.output.x;
    const float k = (right - l.controls.x) / std::max(right - left, 1.0f);
    for (PanelRect* r : {&l.graph, &l.loss, &inspector, &health}) {
      r->x = std::floor(l.controls.x + (r->x - left) * k);
      r->w = std::floor(r->w * k);
    }
  }
  // A lesson open: its panel takes the top of the right column (all of it when
  // Data & output is hidden), pushing Data & output and Dataset down.
  const bool lesson_open = ui.lesson.lesson.has_value();
  PanelRect lesson = l.output;
  if (lesson_open) {
    const float col_top = l.output.y, col_bottom = l.dataset.y + l.dataset.h;
    const float col_h = col_bottom - col_top;
    lesson.h = std::floor(col_h * (shown(ui, PanelId::output)    ? 0.55f
                                   : shown(ui, PanelId::dataset) ? 0.6f
                                                                 : 1.0f));
    const float rest_y = col_top + lesson.h, rest_h = col_bottom - rest_y;
    l.output.y = rest_y;
    l.output.h = shown(ui, PanelId::dataset) ? std::floor(rest_h * 0.6f) : rest_h;
    l.dataset.y = shown(ui, PanelId::output) ? rest_y + l.output.h : rest_y;
    l.dataset.h = col_bottom - l.dataset.y;
  }
  // Each panel's place, by PanelId.
  std::array<PanelRect*, kPanelCount> rects{};
  rects[index_of(PanelId::controls)] = &l.controls;
  rects[index_of(PanelId::graph)] = &l.graph;
  rects[index_of(PanelId::inspector)] = &inspector;
  rects[index_of(PanelId::loss)] = &l.loss;
  rects[index_of(PanelId::output)] = &l.output;
  rects[index_of(PanelId::dataset)] = &l.dataset;
  rects[index_of(PanelId::health)] = &health;
  rects[index_of(PanelId::lesson)] = &lesson;
  // Presenter mode: only the panels shown (by a lesson or the View menu),
  // in a grid that fills the body, pinned in place every frame.
  if (ui.presenter) {
    const float top = menu_h, bottom = io.DisplaySize.y - status_h;
    // The lesson keeps a column on the right; the grid fills the rest.
    const float lesson_w = std::floor(io.DisplaySize.x * 0.3f);
    lesson = {io.DisplaySize.x - lesson_w, top, lesson_w, std::max(bottom - top, 1.0f)};
    std::array<PanelId, kPresenterOrder.size()> ids{};
    std::size_t n = 0;
    for (PanelId id : kPresenterOrder)
      if (shown(ui, id)) ids[n++] = id;
    const std::vector<PanelRect> grid = presenter_layout(
        std::span<const PanelId>(ids.data(), n), 0, top,
        io.DisplaySize.x - (lesson_open ? lesson_w : 0.0f), std::max(bottom - top, 1.0f), font);
    for (std::size_t k = 0; k < n; ++k) *rects[index_of(ids[k])] = grid[k];
  }
  const bool force = ui.layout_dirty || ui.presenter;
  ui.layout_dirty = false;
  ui.panel_rects.clear();
  ui.overlay_rects.clear();
  ui.fits.clear();
  ui.graph_nodes.clear();
  ui.graph_edges.clear();
  ui.plot_rects.clear();
  const ImGuiWindowFlags kPanelFlags =
      ImGuiWindowFlags_NoCollapse |
      (ui.presenter ? ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize : 0);

  ui.panel_ms.fill(0.0);
  for (PanelId id : kDrawOrder) {
    const bool is_lesson = id == PanelId::lesson;
    if (is_lesson ? !lesson_open : !shown(ui, id)) continue;
    const auto t0 = std::chrono::steady_clock::now();
    place(*rects[index_of(id)], force);
    bool keep = true;  // the lesson window's close button closes the lesson
    // Presenter mode: less padding above and below (20 px at 2.5×), for the content.
    const ImVec2 pad = style.WindowPadding;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                        ui.presenter ? ImVec2(pad.x, std::floor(0.4f * pad.y)) : pad);
    const bool visible =
        begin_panel(ui, panel_info(id), is_lesson ? &keep : &shown(ui, id), kPanelFlags);
    ImGui::PopStyleVar();
    if (visible) draw_panel(id, s, ui, q);
    ImGui::End();
    ui.panel_ms[index_of(id)] =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!keep) {
      close_lesson(ui.lesson);
      ui.layout_dirty = true;
    }
  }
  draw_divergence_banner(s, ui, q);
  draw_status_line(s, ui, l.status);
  if (ui.show_help) draw_help(ui);
  draw_session_popups(s, ui, q);  // path popup, "resume the last session?"
}

}  // namespace backstep
