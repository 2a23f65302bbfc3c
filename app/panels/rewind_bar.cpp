// The rewind bar, one line above the loss curves: scrub to any earlier step
// (the network shown as it was), then resume from there — after a
// confirmation, since the later steps are discarded — or return to the present.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/look/appearance.hpp"
#include "app/panels/panels.hpp"
#include "app/text/strings.hpp"

namespace backstep {
namespace {

constexpr const char* kConfirm = "rewind.confirm";  // a key: the popup's title and stable ID

void draw_confirm(const Session& s, UiState& ui, CommandQueue& q) {
  if (ui.confirm_discard_future) {
    ImGui::OpenPopup(tr_id(kConfirm));
    ui.confirm_discard_future = false;
  }
  if (!ImGui::BeginPopupModal(tr_id(kConfirm), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const long now = s.rewind.present ? s.rewind.present->step : s.trainer.steps();
  ImGui::Text(tr("rewind.continues_from"), s.rewind.viewing_step);
  ImGui::Text(tr("rewind.discarded"), now - s.rewind.viewing_step);
  if (ImGui::Button(tr_id("rewind.discard_resume"))) {
    q.push(ResumeFromRewind{});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr_id("button.cancel"))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void draw_rewind_bar(const Session& s, UiState& ui, CommandQueue& q) {
  const RewindState& r = s.rewind;
  const long now = r.present ? r.present->step : s.trainer.steps();
  ImGui::BeginDisabled(r.undo.empty() || r.viewing_past());
  if (ImGui::SmallButton(tr_id("menu.undo"))) q.push(Undo{});
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(r.redo.empty() || r.viewing_past());
  if (ImGui::SmallButton(tr_id("menu.redo"))) q.push(Redo{});
  ImGui::EndDisabled();
  ImGui::SameLine();

  // The slider spans step 0 … the present; releasing it shows the nearest
  // snapshot at or before the chosen step.
  long long step = r.viewing_past() ? r.viewing_step : now;
  const long long lo = 0, hi = std::max<long long>(now, 1);
  const float buttons = r.viewing_past() ? 18.0f * ImGui::GetFontSize() : 0.0f;
  ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - buttons, 80.0f));
  ImGui::BeginDisabled(now == 0 || r.history.snapshots().empty());
  char label[48];
  std::snprintf(label, sizeof label, "%s",
                tr(r.viewing_past() ? "rewind.step_past" : "rewind.step"));
  if (ImGui::SliderScalar("##rewind", ImGuiDataType_S64, &step, &lo, &hi, label)) {
    if (step < now) {
      q.push(Rewind{static_cast<long>(step)});
    } else if (r.viewing_past()) {
      q.push(ReturnToPresent{});
    }
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(tr("rewind.tip"), r.history.snapshots().size(),
                      static_cast<double>(r.history.bytes()) / (1 << 20));
  ImGui::EndDisabled();
  if (r.viewing_past()) {
    ImGui::SameLine();
    if (ImGui::SmallButton(tr_id("rewind.resume_here"))) ui.confirm_discard_future = true;
    ImGui::SameLine();
    if (ImGui::SmallButton(tr_id("rewind.present"))) q.push(ReturnToPresent{});
  }
  draw_confirm(s, ui, q);
}

}  // namespace backstep
