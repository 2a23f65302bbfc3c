// What a screenshot request asks for: the PNG's path and whether it shows the
// whole window or one panel. Scripts (`screenshot out.png [PANEL]`), the
// command line (--screenshot-panel) and the UI (F12, Shift+F12, File menu)
// all make one; the frame loop writes it after rendering. No GL here, so the
// script parser and the flag parser can check panel names before any window.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace backstep {

struct ShotRequest {
  std::string path;
  std::string panel;  // a kPanelNames entry; empty: the whole window
};

// The panel windows by the names --report-layout prints (app/shell/frame.cpp
// begin_panel); "lesson" exists only while a lesson is open.
inline constexpr std::array<std::string_view, 8> kPanelNames = {
    "controls", "graph", "inspector", "loss", "output", "dataset", "health", "lesson"};

inline bool is_panel_name(std::string_view name) {
  return std::find(kPanelNames.begin(), kPanelNames.end(), name) != kPanelNames.end();
}

// "controls, graph, …, lesson": for messages that name the valid choices.
inline std::string panel_name_list() {
  std::string s;
  for (std::string_view n : kPanelNames) {
    if (!s.empty()) s += ", ";
    s += n;
  }
  return s;
}

}  // namespace backstep
