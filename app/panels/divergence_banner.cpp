// The divergence banner: when a step produced NaN/Inf the session has paused
// with the last good parameters (core/session_health.hpp). This says what
// happened — which layer overflowed first, at which learning rate — and offers
// the three ways on. Drawn on top of the panels by the frame loop.
#include <imgui.h>

#include <algorithm>

#include "app/panels/panels.hpp"

namespace backstep {

void draw_divergence_banner(const Session& s, UiState& ui, CommandQueue& q) {
  (void)ui;
  const Divergence& d = s.divergence;
  if (!d.active) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  const float width = std::min(vp->WorkSize.x - 2 * font, font * 46);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 0.5f * vp->WorkSize.x, vp->WorkPos.y + font),
                          ImGuiCond_Always, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(120, 50, 10, 245));
  ImGui::PushStyleColor(ImGuiCol_Border, IM_COL32(255, 170, 60, 255));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_AlwaysAutoResize;
  if (ImGui::Begin("##divergence", nullptr, kFlags)) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(d.summary().c_str());
    if (d.inspecting) {
      ImGui::TextUnformatted(
          "You are looking at the diverged network (NaN/Inf values show in purple). Any edit or "
          "training puts the last good parameters back first.");
    } else {
      ImGui::TextUnformatted(
          "Training is paused and nothing was lost: the network shown is the last good one, "
          "from before that step.");
    }
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Restore last good")) q.push(RestoreLastGood{});
    ImGui::SameLine();
    if (ImGui::Button("Learning rate ×0.1 and continue")) q.push(LowerLearningRate{});
    ImGui::SameLine();
    if (d.inspecting) {
      ImGui::BeginDisabled();
      ImGui::Button("Inspecting the diverged network");
      ImGui::EndDisabled();
    } else if (ImGui::Button("Inspect the diverged network")) {
      q.push(InspectDiverged{});
    }
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(2);
}

}  // namespace backstep
