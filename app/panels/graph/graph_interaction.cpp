// The network graph's hover cards (exact z, a, δ, w, ∂L/∂w, last Δw) and
// its weight editing (drag an edge, or click it and type a value).
#include <imgui.h>

#include <cstdio>
#include <string_view>
#include <vector>

#include "app/gpu/heatmap_renderer.hpp"
#include "app/look/fonts.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/graph/graph_parts.hpp"
#include "app/panels/graph/weight_images.hpp"
#include "app/text/graph_card.hpp"
#include "app/text/strings.hpp"

namespace backstep::graph {

bool edge_valid(const Mlp& net, int l, int j, int k) {
  return l >= 1 && l <= net.depth() && j >= 0 && j < net.size(l) && k >= 0 && k < net.size(l - 1);
}

// "x₁₂", "ŷ₃": a symbol with a 1-based subscript.
void indexed_name(const char* symbol, int index0, char* out, std::size_t cap) {
  char sub[48];
  std::snprintf(out, cap, "%s%s", symbol, subscript_digits(index0 + 1, sub, sizeof sub));
}

// "w⁽²⁾₁₃" (1-based j, k; a comma once an index has two digits).
void weight_name(int layer, int j, int k, char* out, std::size_t cap) {
  char sup[32], sj[48], sk[48];
  superscript_digits(layer, sup, sizeof sup);
  subscript_digits(j + 1, sj, sizeof sj);
  subscript_digits(k + 1, sk, sizeof sk);
  const bool comma = j >= 9 || k >= 9;
  std::snprintf(out, cap, "w⁽%s⁾%s%s%s", sup, sj, comma ? "," : "", sk);
}

// Up to four entries of column `col`, then "… (n values)".
void format_column(const Matrix& m, int col, char* out, std::size_t cap) {
  std::size_t used = std::snprintf(out, cap, "(");
  const int n = static_cast<int>(m.rows());
  for (int i = 0; i < std::min(n, 4) && used < cap; ++i) {
    used += std::snprintf(out + used, cap - used, i ? ", %.3g" : "%.3g", m(i, col));
  }
  if (used < cap) std::snprintf(out + used, cap - used, n > 4 ? ", … of %d)" : ")", n);
}

namespace {

// A card from app/graph_card: the same lines `describe node|edge` prints.
void draw_card(const std::vector<CardLine>& lines) {
  for (const CardLine& line : lines) {
    switch (line.kind) {
      case CardLine::Kind::title:
        ImGui::TextUnformatted(line.text.c_str());
        ImGui::Separator();
        break;
      case CardLine::Kind::text:
        ImGui::TextUnformatted(line.text.c_str());
        break;
      case CardLine::Kind::value:
        value_label(line.text.c_str(), line.value);
        break;
      case CardLine::Kind::note:
        ImGui::TextDisabled("%s", line.text.c_str());
        break;
    }
  }
}

}  // namespace

void node_tooltip(const Session& s, UiState& ui, int l, int j) {
  ImGui::BeginTooltip();
  ImGui::PushFont(hover_font());  // larger in presenter mode
  draw_card(node_card(s, l, j));
  if (l == 0 && image_inputs(s)) {
    const int w = s.data.image.width;
    ImGui::TextDisabled(tr("graph.pixel_of"), j / w + 1, j % w + 1);
  }
  if (l == 1 && image_inputs(s)) {
    ImGui::Separator();
    weight_image_card(s, ui, j, std::max(8.0f * ImGui::GetFontSize(), 4.0f * s.data.image.width));
  }
  if (l > 0) {
    neuron_map_preview(*ui.views.heatmaps, s, l, j, 10.0f * ImGui::GetFontSize());
    ImGui::TextDisabled("%s", tr("graph.click_pin"));
  }
  ImGui::PopFont();
  ImGui::EndTooltip();
}

void edge_tooltip(const Session& s, UiState&, int l, int j, int k) {
  ImGui::BeginTooltip();
  ImGui::PushFont(hover_font());  // larger in presenter mode
  draw_card(edge_card(s, l, j, k));
  ImGui::TextDisabled("%s", tr("graph.drag_hint"));
  ImGui::PopFont();
  ImGui::EndTooltip();
}

// Press on an edge arms it; a vertical drag sets w = w₀ − Δy · step (up =
// larger); a release without dragging opens the type-a-value popup.
void handle_edit_input(const Session& s, UiState& ui, CommandQueue& q, Hit hover) {
  const Mlp& net = s.net;
  if (ImGui::IsItemActivated()) {
    ui.edit_dragging = false;
    ui.edit_layer = -1;
    if (hover.k >= 0) {
      ui.edit_layer = hover.layer;
      ui.edit_j = hover.j;
      ui.edit_k = hover.k;
      ui.edit_start = net.layer(hover.layer).W(hover.j, hover.k);
    } else if (hover.layer >= 0) {
      const bool same = ui.pinned_layer == hover.layer && ui.pinned_neuron == hover.j;
      ui.pinned_layer = same ? -1 : hover.layer;
      ui.pinned_neuron = same ? -1 : hover.j;
    }
  }
  const bool armed = edge_valid(net, ui.edit_layer, ui.edit_j, ui.edit_k);
  if (ImGui::IsItemActive() && armed && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    ui.edit_dragging = true;
    const double step = ImGui::GetIO().KeyShift ? 0.001 : 0.01;
    const double value = ui.edit_start - ImGui::GetMouseDragDelta(ImGuiMouseButton_Left).y * step;
    if (value != net.layer(ui.edit_layer).W(ui.edit_j, ui.edit_k)) {
      q.push(SetWeight{ui.edit_layer, ui.edit_j, ui.edit_k, value});
    }
  }
  if (ImGui::IsItemDeactivated() && armed) {
    if (!ui.edit_dragging) {
      ui.edit_value = net.layer(ui.edit_layer).W(ui.edit_j, ui.edit_k);
      ImGui::OpenPopup("edit_weight");
      // A click on an edge also takes the chain-rule inspector to that
      // weight's gradient ∂L/∂w⁽ˡ⁾_jk, as a click on a node takes it to the neuron.
      if (shown(ui, PanelId::inspector) && !s.playing)
        q.push(JumpTrace{TracePhase::weight_gradient, ui.edit_layer, ui.edit_j, ui.edit_k});
    }
    ui.edit_dragging = false;
  }
}

void edit_popup(const Session& s, UiState& ui, CommandQueue& q) {
  if (!ImGui::BeginPopup("edit_weight")) return;
  if (!edge_valid(s.net, ui.edit_layer, ui.edit_j, ui.edit_k)) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  char name[160];
  weight_name(ui.edit_layer, ui.edit_j, ui.edit_k, name, sizeof name);
  ImGui::Text(tr("graph.set_w"), name);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  const bool enter = ImGui::InputDouble("##w", &ui.edit_value, 0.01, 0.1, "%.6g",
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  if (enter || ImGui::Button(tr_id("graph.set"))) {
    q.push(SetWeight{ui.edit_layer, ui.edit_j, ui.edit_k, ui.edit_value});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr_id("button.cancel"))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace backstep::graph
