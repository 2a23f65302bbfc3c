// The lesson panel: the open lesson's page — title, progress, the text, the
// task and whether it is done — with Back / Next, "Show me" (replays the
// task's answer) and "Restart page" (re-applies its setup). The panel never
// changes the session: it changes ui.lesson, and the frame loop's
// advance_lesson (app/automation/lesson.hpp) replays the page's lines as commands.
#include <GLFW/glfw3.h>  // key codes: ImGui 1.86 indexes keys by the backend's codes
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/look/widgets.hpp"
#include "app/panels/panels.hpp"
#include "app/text/strings.hpp"

namespace backstep {

namespace {

// Text wrapped to the panel, in the body colour or a muted one.
void paragraph(const std::string& text) {
  text_wrapped(text);
}

// The page's panel list becomes the View flags: a lesson shows what it talks about.
void apply_panels(const std::vector<std::string>& panels, UiState& ui) {
  if (panels.empty()) return;
  for (const PanelInfo& p : kPanels)
    if (p.view_flag)
      shown(ui, p.id) = std::find(panels.begin(), panels.end(), p.name) != panels.end();
  ui.layout_dirty = true;
}

void task_block(const LessonState& st, const LessonTask& task, float font) {
  ImGui::Spacing();
  const ImVec4 done(0.35f, 0.85f, 0.45f, 1.0f), waiting(1.0f, 0.75f, 0.25f, 1.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, st.task_done ? done : waiting);
  ImGui::TextUnformatted(st.task_done ? tr("lesson.task_done") : tr("lesson.task_waiting"));
  ImGui::PopStyleColor();
  ImGui::Indent(0.5f * font);
  paragraph(local(task.text));
  ImGui::Unindent(0.5f * font);
}

}  // namespace

void draw_lesson_panel(const Session& s, UiState& ui, CommandQueue& q) {
  (void)s;
  (void)q;  // the lesson's commands run in advance_lesson, between frames
  LessonState& st = ui.lesson;
  const LessonPage* page = current_page(st);
  if (page == nullptr) return;
  if (st.panels_pending) {
    st.panels_pending = false;
    apply_panels(effective_panels(*st.lesson, st.page), ui);
  }
  const float font = ImGui::GetFontSize();
  const int pages = static_cast<int>(st.lesson->pages.size());

  // Header: lesson title, then "Page k of n" with a bar.
  ImGui::TextDisabled("%s", local(st.lesson->title).c_str());
  char progress[96];
  std::snprintf(progress, sizeof progress, tr("lesson.page_of"), st.page + 1, pages);
  ImGui::ProgressBar(static_cast<float>(st.page + 1) / static_cast<float>(pages),
                     ImVec2(-1.0f, 0.0f), progress);

  // Buttons stay at the bottom; the text scrolls above them.
  // In a narrow column (presenter mode, Chinese labels) they take two rows.
  const ImGuiStyle& style = ImGui::GetStyle();
  const auto button_w = [&](const char* key) {
    return ImGui::CalcTextSize(tr(key)).x + 2 * style.FramePadding.x;
  };
  const float row_w = button_w("lesson.back") + button_w("lesson.next") +
                      button_w("lesson.show_me") + button_w("lesson.restart_page") +
                      3 * style.ItemSpacing.x;
  const int button_rows = row_w > ImGui::GetContentRegionAvail().x ? 2 : 1;
  const float buttons_h =
      static_cast<float>(button_rows) * ImGui::GetFrameHeightWithSpacing() + style.ItemSpacing.y;
  ImGui::BeginChild("##lesson_text", ImVec2(0, -buttons_h), false);
  // The page title a size up (the font atlas has one size; scaling it is enough here).
  ImGui::SetWindowFontScale(1.2f);
  text_wrapped(local(page->title));
  ImGui::SetWindowFontScale(1.0f);
  ImGui::Separator();
  paragraph(local(page->text));
  if (page->task) task_block(st, *page->task, font);
  if (st.runner) ImGui::TextDisabled("%s", tr("lesson.running"));
  ImGui::EndChild();

  ImGui::Separator();
  // Page Up / Page Down turn the pages too: what a presentation remote sends.
  const bool keys = !ImGui::GetIO().WantTextInput;
  const bool key_back = keys && ImGui::IsKeyPressed(GLFW_KEY_PAGE_UP, false);
  const bool key_next = keys && ImGui::IsKeyPressed(GLFW_KEY_PAGE_DOWN, false);
  ImGui::BeginDisabled(st.page == 0);
  if ((ImGui::Button(tr_id("lesson.back")) || key_back) && st.page > 0) go_to_page(st, st.page - 1);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", tr("lesson.keys"));
  ImGui::SameLine();
  // Next is always allowed: a student may skip a task; its state shows anyway.
  if (st.page + 1 < pages) {
    if (ImGui::Button(tr_id("lesson.next")) || key_next) go_to_page(st, st.page + 1);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("lesson.keys"));
  } else if (ImGui::Button(tr_id("lesson.finish"))) {
    close_lesson(st);
    ui.layout_dirty = true;
    return;
  }
  if (page->task) {
    same_line_if_fits(button_w("lesson.show_me"), style.ItemSpacing.x);
    ImGui::BeginDisabled(st.task_done || st.runner.has_value());
    if (ImGui::Button(tr_id("lesson.show_me"))) show_answer(st);
    ImGui::EndDisabled();
  }
  same_line_if_fits(button_w("lesson.restart_page"), style.ItemSpacing.x);
  if (ImGui::Button(tr_id("lesson.restart_page"))) go_to_page(st, st.page);
}

void draw_lessons_menu(UiState& ui) {
  if (!ImGui::BeginMenu(tr_id("lesson.menu"))) return;
  if (ui.lesson_names.empty()) ImGui::TextDisabled("%s", tr("lesson.none"));
  for (std::size_t i = 0; i < ui.lesson_names.size(); ++i) {
    const std::string& name = ui.lesson_names[i];
    const bool open = ui.lesson.lesson && ui.lesson.lesson->name == name;
    const std::string label =
        i < ui.lesson_titles.size() ? local(ui.lesson_titles[i]) + "###" + name : name;
    if (ImGui::MenuItem(label.c_str(), nullptr, open)) {
      Result<Lesson> l = load_lesson(ui.lessons_dir, name, ui.presets_dir);
      if (l) {
        open_lesson(ui.lesson, std::move(l).value());
        ui.layout_dirty = true;
      } else {
        ui.status_note = l.error().message;
        ui.status_note_is_error = true;
      }
    }
  }
  if (ui.lesson.lesson) {
    ImGui::Separator();
    if (ImGui::MenuItem(tr_id("lesson.close"))) {
      close_lesson(ui.lesson);
      ui.layout_dirty = true;
    }
  }
  ImGui::EndMenu();
}

}  // namespace backstep
