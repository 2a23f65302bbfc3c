// The divergence banner: when a step produced NaN/Inf the session has paused
// with the last good parameters, or, earlier, when the loss grew a
// thousandfold over its best or a parameter left ±10⁶ (core/session_health.hpp). This says what
// happened — which layer overflowed first, at which learning rate — and offers
// the three ways on. Drawn on top of the panels by the frame loop.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/panels.hpp"
#include "app/text/core_text.hpp"
#include "app/text/strings.hpp"

namespace backstep {

void draw_divergence_banner(const Session& s, UiState& ui, CommandQueue& q) {
  const Divergence& d = s.divergence;
  if (!d.active) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  const float width = std::min(vp->WorkSize.x - 2 * font, font * 46);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 0.5f * vp->WorkSize.x, vp->WorkPos.y + font),
                          ImGuiCond_Always, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  // Opaque: the graph's node values showed through the banner's text.
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(120, 50, 10, 255));
  ImGui::PushStyleColor(ImGuiCol_Border, IM_COL32(255, 170, 60, 255));
  // The banner is dark brown in both themes: its text and buttons are set
  // here, not taken from the theme (black text on brown is unreadable).
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(160, 80, 20, 255));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(195, 105, 30, 255));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(220, 125, 40, 255));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_AlwaysAutoResize;
  if (ImGui::Begin("##divergence", nullptr, kFlags)) {
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    ui.overlay_rects.emplace_back(std::string("divergence"),
                                  PanelRect{pos.x, pos.y, size.x, size.y});
    // Our wrapping, not ImGui's, which breaks after '.' and split "1." from "28e+154".
    text_wrapped(localize_core_text(d.summary()));
    // An early warning (nothing overflowed) shows the diverging network
    // itself, and "restore" goes back to the run's lowest loss.
    const bool early = d.early;
    if (early) {
      text_wrapped(tr(d.inspecting ? "diverge.inspecting_early" : "diverge.paused_early"));
    } else {
      text_wrapped(tr(d.inspecting ? "diverge.inspecting" : "diverge.paused"));
    }
    if (ImGui::Button(tr_id(early ? "diverge.restore_early" : "diverge.restore")))
      q.push(RestoreLastGood{});
    ImGui::SameLine();
    if (ImGui::Button(tr_id("diverge.lower_lr"))) q.push(LowerLearningRate{});
    ImGui::SameLine();
    if (d.inspecting) {
      ImGui::BeginDisabled();
      ImGui::Button(tr_id("diverge.inspecting_button"));
      ImGui::EndDisabled();
    } else if (ImGui::Button(tr_id(early ? "diverge.inspect_early" : "diverge.inspect"))) {
      q.push(InspectDiverged{});
    }
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(6);
}

}  // namespace backstep
