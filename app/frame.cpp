#include "app/frame.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/panels/panels.hpp"
#include "app/screenshot.hpp"
#include "app/session_menu.hpp"

namespace backstep {

namespace {

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoCollapse;

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
  const float ow = std::floor(std::clamp(0.3f * width, 20.0f * font, 0.4f * rest));
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

// Places the next window when the layout is dirty; otherwise the user's
// moves and resizes stand.
void place(const PanelRect& r, bool force) {
  const ImGuiCond cond = force ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y), cond);
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h), cond);
}

void draw_menu_bar(const Session& s, UiState& ui, CommandQueue& q) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    draw_session_menu_items(s, ui, q);  // open/save session, undo/redo, exports
    if (ImGui::MenuItem("Screenshot", "F12")) ui.screenshot_request = timestamped_screenshot_name();
    ImGui::Separator();
    if (ImGui::MenuItem("Quit")) ui.quit_requested = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Train")) {
    if (ImGui::MenuItem(s.playing ? "Pause" : "Play", "Space")) q.push(SetPlaying{!s.playing});
    if (ImGui::MenuItem("One step", "→")) q.push(TrainSteps{1});
    if (ImGui::MenuItem("One epoch")) q.push(TrainEpochs{1});
    if (ImGui::MenuItem("Reset (same seed)", "R")) q.push(Reset{false});
    if (ImGui::MenuItem("Reset (new seed)")) q.push(Reset{true});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Model & controls", nullptr, &ui.show_controls);
    ImGui::MenuItem("Network graph", nullptr, &ui.show_graph);
    if (ImGui::MenuItem("Chain-rule inspector", nullptr, &ui.show_inspector)) ui.layout_dirty = true;
    ImGui::MenuItem("Loss curves", nullptr, &ui.show_loss);
    ImGui::MenuItem("Data & output", nullptr, &ui.show_output);
    ImGui::MenuItem("Dataset", nullptr, &ui.show_dataset);
    if (ImGui::MenuItem("Gradient health", nullptr, &ui.show_health)) ui.layout_dirty = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Reset layout")) {
      ui.show_controls = ui.show_graph = ui.show_loss = true;
      ui.show_output = ui.show_dataset = true;
      ui.layout_dirty = true;
    }
    ImGui::Separator();
    ImGui::TextUnformatted("UI scale (projectors)");
    static const float kScales[] = {0.75f, 1.0f, 1.25f, 1.5f, 2.0f, 2.5f};
    for (float sc : kScales) {
      char label[16];
      std::snprintf(label, sizeof label, "%d%%", static_cast<int>(std::lround(sc * 100)));
      if (ImGui::MenuItem(label, nullptr, std::abs(ui.ui_scale - sc) < 1e-3f)) {
        ui.ui_scale = sc;
        ui.layout_dirty = true;
      }
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    if (ImGui::MenuItem("Shortcuts and colours", "F1")) ui.show_help = !ui.show_help;
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

void draw_status_line(const Session& s, UiState& ui, const PanelRect& r) {
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
  const bool error = s.message_is_error || ui.status_note_is_error;
  if (error) ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(150, 30, 30, 255));
  ImGui::Begin("##status", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
  ImGui::TextUnformatted(kHint);
  if (!s.message.empty()) {
    ImGui::SameLine();
    ImGui::TextUnformatted(s.message_is_error ? "  ·  error: " : "  ·  ");
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted(s.message.c_str());
  }
  if (!ui.status_note.empty()) {
    ImGui::SameLine();
    ImGui::TextUnformatted("  ·  ");
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted(ui.status_note.c_str());
  }
  char perf[64];
  std::snprintf(perf, sizeof perf, "%.1f ms/frame", ui.frame_ms);
  const float w = ImGui::CalcTextSize(perf).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), r.w - w - ImGui::GetStyle().WindowPadding.x));
  ImGui::TextDisabled("%s", perf);
  ImGui::End();
  if (error) ImGui::PopStyleColor();
}

void help_row(const char* key, const char* what) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(key);
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", what);
}

void draw_help(UiState& ui) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.7f, 52.0f * ImGui::GetFontSize()), 0));
  ImGui::SetNextWindowFocus();
  if (!ImGui::Begin("Help — shortcuts and colours (F1 or Esc closes)", &ui.show_help,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                        ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  ImGui::TextUnformatted("Keyboard (ignored while typing in a field)");
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, 7.0f * ImGui::GetFontSize());
    help_row("Space", "Play / pause training");
    help_row("→", "One optimizer step (one mini-batch)");
    help_row("Shift+→ / Shift+←", "One micro-step forward / back in the chain-rule inspector");
    help_row("R", "Reset the weights (same seed)");
    help_row("F1", "Show / hide this help");
    help_row("F12", "Screenshot: ./backstep-<date>-<time>.png (path shown in the status line)");
    help_row("Esc", "Close this help");
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextUnformatted("Colours");
  if (ImGui::BeginTable("colours", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, 7.0f * ImGui::GetFontSize());
    help_row("Node fill",
             "The neuron's activation a for the selected sample: orange = negative, light grey = "
             "0, blue = positive (legend under the graph).");
    help_row("Edge (weights)", "Colour = sign of w (blue +, orange −), width = |w|.");
    help_row("Edge (gradients)",
             "With the gradient toggle: colour = |∂L/∂w| from dark blue (0) to yellow (large).");
    help_row("Purple-grey", "NaN or ∞: the value is not a number (training diverged).");
    help_row("Loss curves", "Train and test loss against steps; log or linear scale.");
    help_row("Red status line", "The last command failed; the message says why. Nothing changed.");
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace

void handle_shortcuts(const Session& s, UiState& ui, CommandQueue& q) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing a number into a field: keys are text
  // ImGui 1.86 indexes keys by the backend's codes: GLFW key codes.
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) q.push(SetPlaying{!s.playing});
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT, true) && !io.KeyShift) q.push(TrainSteps{1});
  // Shift+→ / Shift+←: one micro-step of the chain-rule trace.
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT, true) && io.KeyShift) q.push(MicroStep{1});
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT, true) && io.KeyShift) q.push(MicroStep{-1});
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false) && !io.KeyCtrl) q.push(Reset{false});
  if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) ui.show_help = !ui.show_help;
  if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) ui.show_help = false;
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false))
    ui.screenshot_request = timestamped_screenshot_name();
  handle_session_shortcuts(s, ui, q);  // Ctrl+S/O/Z/Y
}

void draw_frame(const Session& s, UiState& ui, CommandQueue& q) {
  draw_menu_bar(s, ui, q);
  const ImGuiIO& io = ImGui::GetIO();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float font = ImGui::GetFontSize();
  const float menu_h = font + 2.0f * style.FramePadding.y;
  const float status_h = font + 2.0f * style.WindowPadding.y;
  Layout l = compute_layout(io.DisplaySize.x, io.DisplaySize.y, menu_h, status_h, font);
  // With Gradient health shown the graph gives up some height and the bottom
  // of the middle column splits: loss curves 2/5, health 3/5.
  PanelRect health = l.loss;
  if (ui.show_health) {
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
  if (ui.show_inspector) {
    if (!ui.show_health) {
      const float bottom = l.loss.y + l.loss.h;
      l.graph.h = std::floor((bottom - l.graph.y) * 0.5f);
      l.loss.y = inspector.y = l.graph.y + l.graph.h;
      l.loss.h = inspector.h = bottom - l.loss.y;
      l.loss.w = std::floor(inspector.w * 0.4f);
      inspector.x += l.loss.w;
      inspector.w -= l.loss.w;
      health = inspector;
    } else {
      inspector = health;
      inspector.h = std::floor(health.h * 0.6f);
      health.y += inspector.h;
      health.h -= inspector.h;
    }
  }
  const bool force = ui.layout_dirty;
  ui.layout_dirty = false;

  if (ui.show_controls) {
    place(l.controls, force);
    if (ImGui::Begin("Model & controls", &ui.show_controls, kPanelFlags))
      draw_controls_panel(s, ui, q);
    ImGui::End();
  }
  if (ui.show_graph) {
    place(l.graph, force);
    if (ImGui::Begin("Network graph", &ui.show_graph, kPanelFlags)) draw_graph_panel(s, ui, q);
    ImGui::End();
  }
  if (ui.show_loss) {
    place(l.loss, force);
    if (ImGui::Begin("Loss curves", &ui.show_loss, kPanelFlags)) {
      draw_rewind_bar(s, ui, q);  // scrub back, resume, undo/redo
      draw_loss_panel(s, ui, q);
    }
    ImGui::End();
  }
  if (ui.show_output) {
    place(l.output, force);
    if (ImGui::Begin("Data & output", &ui.show_output, kPanelFlags)) draw_output_panel(s, ui, q);
    ImGui::End();
  }
  if (ui.show_dataset) {
    place(l.dataset, force);
    if (ImGui::Begin("Dataset", &ui.show_dataset, kPanelFlags)) draw_dataset_panel(s, ui, q);
    ImGui::End();
  }
  if (ui.show_health) {
    place(health, force);
    if (ImGui::Begin("Gradient health", &ui.show_health, kPanelFlags)) draw_health_panel(s, ui, q);
    ImGui::End();
  }
  if (ui.show_inspector) {
    place(inspector, force);
    if (ImGui::Begin("Chain-rule inspector", &ui.show_inspector, kPanelFlags))
      draw_inspector_panel(s, ui, q);
    ImGui::End();
  }
  draw_divergence_banner(s, ui, q);
  draw_status_line(s, ui, l.status);
  if (ui.show_help) draw_help(ui);
  draw_session_popups(s, ui, q);  // path popup, "resume the last session?"
}

}  // namespace backstep
