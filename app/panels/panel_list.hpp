// The panels, listed once. The View menu, "Reset layout", presenter mode, the
// frame's layout and draw loop, lesson pages' "panels", screenshots of one
// panel (--screenshot-panel, `screenshot out.png PANEL`, Shift+F12, the File
// menu) and --report-layout all iterate this table. No GL, no ImGui: scripts
// and flags check panel names with it before any window opens. The shell
// draws panel `id` with draw_panel (app/panels/panels.hpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace backstep {

enum class PanelId { controls, graph, inspector, loss, output, dataset, health, lesson };

struct PanelInfo {
  PanelId id;
  std::string_view name;  // what --report-layout prints, scripts, flags and lessons name
  const char* title_key;  // the window's title in the string tables
  bool view_flag;         // shown or hidden by the View menu and lessons (the lesson panel
                          // instead shows while a lesson is open)
  bool at_start;          // shown when the window opens (outside presenter mode)
  bool on_reset_layout;   // "Reset layout" shows it again
  bool in_presenter;      // presenter mode's panels until a lesson or the View menu changes them
};

inline constexpr std::size_t kPanelCount = 8;

// clang-format off
inline constexpr std::array<PanelInfo, kPanelCount> kPanels = {{
    // id                name         title key          view   start  reset  presenter
    {PanelId::controls,  "controls",  "panel.controls",  true,  true,  true,  false},
    {PanelId::graph,     "graph",     "panel.graph",     true,  true,  true,  true},
    {PanelId::inspector, "inspector", "panel.inspector", true,  true,  false, true},
    {PanelId::loss,      "loss",      "panel.loss",      true,  true,  true,  false},
    {PanelId::output,    "output",    "panel.output",    true,  true,  true,  true},
    {PanelId::dataset,   "dataset",   "panel.dataset",   true,  true,  true,  false},
    {PanelId::health,    "health",    "panel.health",    true,  false, false, false},
    {PanelId::lesson,    "lesson",    "panel.lesson",    false, false, false, false},
}};
// clang-format on

constexpr std::size_t index_of(PanelId id) {
  return static_cast<std::size_t>(id);
}

constexpr const PanelInfo& panel_info(PanelId id) {
  return kPanels[index_of(id)];
}

// The order the frame draws the panel windows in (and so --report-layout's
// order and the File menu's list of panels to shoot).
inline constexpr std::array<PanelId, kPanelCount> kDrawOrder = {
    PanelId::controls, PanelId::graph,  PanelId::loss,      PanelId::output,
    PanelId::dataset,  PanelId::health, PanelId::inspector, PanelId::lesson};

// Presenter mode's grid, first to last: the first shown spans the top (the
// back rows see it best). The lesson keeps its own column on the right.
inline constexpr std::array<PanelId, kPanelCount - 1> kPresenterOrder = {
    PanelId::graph,    PanelId::inspector, PanelId::output, PanelId::loss,
    PanelId::controls, PanelId::dataset,   PanelId::health};

// A column of the table as flags indexed by PanelId.
template <typename Column>
constexpr std::array<bool, kPanelCount> panel_flags(Column column) {
  std::array<bool, kPanelCount> flags{};
  for (const PanelInfo& p : kPanels) flags[index_of(p.id)] = column(p);
  return flags;
}

// Null when no panel has that name.
constexpr const PanelInfo* find_panel(std::string_view name) {
  for (const PanelInfo& p : kPanels)
    if (p.name == name) return &p;
  return nullptr;
}

inline bool is_panel_name(std::string_view name) {
  return find_panel(name) != nullptr;
}

// "controls, graph, …, lesson": for messages that name the valid choices.
// view_flag_only: the panels a lesson page may name (all but the lesson).
inline std::string panel_name_list(bool view_flag_only = false) {
  std::string s;
  for (const PanelInfo& p : kPanels) {
    if (view_flag_only && !p.view_flag) continue;
    if (!s.empty()) s += ", ";
    s += p.name;
  }
  return s;
}

namespace panel_list_check {
constexpr bool ids_in_order() {
  for (std::size_t i = 0; i < kPanels.size(); ++i)
    if (index_of(kPanels[i].id) != i) return false;
  return true;
}
template <std::size_t N>
constexpr bool each_once(const std::array<PanelId, N>& order, bool view_flag_only) {
  for (const PanelInfo& p : kPanels) {
    const auto n = std::count(order.begin(), order.end(), p.id);
    if (n != (view_flag_only && !p.view_flag ? 0 : 1)) return false;
  }
  return true;
}
static_assert(ids_in_order(), "kPanels lists the panels in PanelId order");
static_assert(each_once(kDrawOrder, false), "kDrawOrder names every panel once");
static_assert(each_once(kPresenterOrder, true), "kPresenterOrder names every View panel once");
}  // namespace panel_list_check

}  // namespace backstep
