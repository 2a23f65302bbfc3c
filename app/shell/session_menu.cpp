#include "app/shell/session_menu.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "app/files/session_actions.hpp"
#include "app/files/settings.hpp"
#include "app/text/strings.hpp"
#include "formats/csv_export.hpp"
#include "formats/file_io.hpp"
#include "formats/pytorch_export.hpp"

namespace backstep {
namespace {

using json_util::Json;

enum FileAction {
  kNone = 0,
  kSaveSession,
  kOpenSession,
  kExportHistory,
  kExportWeights,
  kExportPytorch,
};

constexpr double kAutosaveSeconds = 180.0;
// Popup titles come from the string table; "###key" keeps their IDs stable.
constexpr const char* kPathPopup = "popup.path";
constexpr const char* kResumePopup = "popup.resume";

const char* title_of(int action) {
  switch (action) {
    case kSaveSession:
      return tr("file.save_to");
    case kOpenSession:
      return tr("file.open_from");
    case kExportHistory:
      return tr("file.export_history_to");
    case kExportWeights:
      return tr("file.export_weights_to");
    case kExportPytorch:
      return tr("file.export_pytorch_to");
  }
  return "";
}

std::string default_path(int action) {
  const std::string dir = config_dir();
  const std::string base = dir.empty() ? std::string(".") : dir;
  switch (action) {
    case kSaveSession:
    case kOpenSession:
      return base + "/session.json";
    case kExportHistory:
      return "backstep-history.csv";
    case kExportWeights:
      return "backstep-weights.csv";
    case kExportPytorch:
      return "backstep-model.py";
  }
  return "";
}

void note(UiState& ui, std::string text, bool error) {
  ui.status_note = std::move(text);
  ui.status_note_is_error = error;
}

// Asks for a path; the popup is opened at top level by draw_session_popups.
void request(UiState& ui, int action) {
  ui.file_action = action;
  ui.file_popup_request = true;
  const std::string path = default_path(action);
  std::snprintf(ui.file_path, sizeof ui.file_path, "%s", path.c_str());
}

void run_action(const Session& s, UiState& ui, CommandQueue& q, int action,
                const std::string& path) {
  Status done = Ok{};
  switch (action) {
    case kSaveSession:
      done = save_session_file(path, s, view_of(ui));
      break;
    case kOpenSession: {
      Json view;
      Result<Command> c = load_session_command(path, &view);
      if (!c) {
        done = c.error();
        break;
      }
      q.push(std::move(c.value()));
      apply_view(view, ui);
      break;
    }
    case kExportHistory:
      done = write_history_csv(path, s.history);
      break;
    case kExportWeights:
      done = write_weights_csv(path, s.net);
      break;
    case kExportPytorch:
      done = write_file_atomic(path, pytorch_script(s.net, s.name));
      break;
  }
  if (done) {
    note(ui, tr(action == kOpenSession ? "file.opened" : "file.saved") + path, false);
  } else {
    note(ui, done.error().message, true);
  }
}

void draw_path_popup(const Session& s, UiState& ui, CommandQueue& q) {
  if (ui.file_popup_request) {
    ImGui::OpenPopup(tr_id(kPathPopup));
    ui.file_popup_request = false;
  }
  if (!ImGui::BeginPopupModal(tr_id(kPathPopup), nullptr, ImGuiWindowFlags_AlwaysAutoResize))
    return;
  ImGui::TextUnformatted(title_of(ui.file_action));
  ImGui::SetNextItemWidth(36.0f * ImGui::GetFontSize());
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool enter = ImGui::InputText("##path", ui.file_path, sizeof ui.file_path,
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::Button(tr_id("button.ok")) || enter) {
    run_action(s, ui, q, ui.file_action, ui.file_path);
    ui.file_action = kNone;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr_id("button.cancel")) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
    ui.file_action = kNone;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_resume_popup(UiState& ui, CommandQueue& q) {
  if (!ui.offer_resume) return;
  if (!ImGui::IsPopupOpen(tr_id(kResumePopup))) ImGui::OpenPopup(tr_id(kResumePopup));
  if (!ImGui::BeginPopupModal(tr_id(kResumePopup), nullptr, ImGuiWindowFlags_AlwaysAutoResize))
    return;
  ImGui::Text(tr("file.resume_text"), ui.resume_path.c_str());
  if (ImGui::Button(tr_id("file.resume"))) {
    Json view;
    Result<Command> c = load_session_command(ui.resume_path, &view);
    if (c) {
      q.push(std::move(c.value()));
      apply_view(view, ui);
    } else {
      note(ui, c.error().message, true);  // a damaged autosave: start fresh, say why
    }
    ui.offer_resume = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr_id("file.start_fresh"))) {
    ui.offer_resume = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void draw_session_menu_items(const Session& s, UiState& ui, CommandQueue& q) {
  if (ImGui::MenuItem(tr_id("menu.open_session"), "Ctrl+O")) request(ui, kOpenSession);
  if (ImGui::MenuItem(tr_id("menu.save_session"), "Ctrl+S")) request(ui, kSaveSession);
  if (ImGui::MenuItem(tr_id("menu.undo"), "Ctrl+Z", false, !s.rewind.undo.empty())) q.push(Undo{});
  if (ImGui::MenuItem(tr_id("menu.redo"), "Ctrl+Y", false, !s.rewind.redo.empty())) q.push(Redo{});
  if (ImGui::BeginMenu(tr_id("menu.export"))) {
    if (ImGui::MenuItem(tr_id("menu.export_history"))) request(ui, kExportHistory);
    if (ImGui::MenuItem(tr_id("menu.export_weights"))) request(ui, kExportWeights);
    if (ImGui::MenuItem(tr_id("menu.export_pytorch"))) request(ui, kExportPytorch);
    ImGui::EndMenu();
  }
  ImGui::Separator();
}

void handle_session_shortcuts(const Session& s, UiState& ui, CommandQueue& q) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || !io.KeyCtrl) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) request(ui, kSaveSession);
  if (ImGui::IsKeyPressed(GLFW_KEY_O, false)) request(ui, kOpenSession);
  const bool redo = ImGui::IsKeyPressed(GLFW_KEY_Y, true) ||
                    (io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_Z, true));
  if (redo && !s.rewind.redo.empty()) {
    q.push(Redo{});
  } else if (!io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_Z, true) && !s.rewind.undo.empty()) {
    q.push(Undo{});
  }
}

void draw_session_popups(const Session& s, UiState& ui, CommandQueue& q) {
  draw_path_popup(s, ui, q);
  draw_resume_popup(ui, q);
}

void offer_resume_if_any(UiState& ui) {
  const std::string path = autosave_path();
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) return;
  ui.offer_resume = true;
  ui.resume_path = path;
}

void autosave(const Session& s, UiState& ui, double now, bool force) {
  // Unanswered "resume?": the old autosave must survive until the user decides.
  if (!ui.autosave_enabled || ui.offer_resume) return;
  if (!force && now - ui.last_autosave < kAutosaveSeconds) return;
  ui.last_autosave = now;
  const std::string path = autosave_path();
  if (path.empty()) return;
  if (Status st = save_session_file(path, s, view_of(ui)); !st) note(ui, st.error().message, true);
}

double seconds_to_autosave(const UiState& ui, double now) {
  constexpr double kNever = 3600.0;
  if (!ui.autosave_enabled || ui.offer_resume) return kNever;
  return std::clamp(ui.last_autosave + kAutosaveSeconds - now, 0.0, kNever);
}

Json view_of(const UiState& ui) {
  return {{"ui_scale", ui.ui_scale},
          {"show_controls", shown(ui, PanelId::controls)},
          {"show_graph", shown(ui, PanelId::graph)},
          {"show_loss", shown(ui, PanelId::loss)},
          {"graph_show_gradients", ui.graph_show_gradients},
          {"loss_log_scale", ui.loss_log_scale},
          {"steps_per_frame", ui.steps_per_frame}};
}

void apply_view(const Json& view, UiState& ui) {
  if (!view.is_object()) return;
  // Each setting is optional and type-checked: a hand-edited view never fails a load.
  auto flag = [&](const char* key, bool& out) {
    if (const auto it = view.find(key); it != view.end() && it->is_boolean()) out = it->get<bool>();
  };
  flag("show_controls", shown(ui, PanelId::controls));
  flag("show_graph", shown(ui, PanelId::graph));
  flag("show_loss", shown(ui, PanelId::loss));
  flag("graph_show_gradients", ui.graph_show_gradients);
  flag("loss_log_scale", ui.loss_log_scale);
  if (const auto it = view.find("ui_scale"); it != view.end() && it->is_number()) {
    const double scale = it->get<double>();
    if (scale >= kMinUiScale && scale <= kMaxUiScale) ui.ui_scale = static_cast<float>(scale);
  }
  if (const auto it = view.find("steps_per_frame"); it != view.end() && it->is_number_integer()) {
    const int n = it->get<int>();
    if (n >= 0 && n <= 1000000) ui.steps_per_frame = n;
  }
  ui.layout_dirty = true;
}

}  // namespace backstep
