// What a screenshot request asks for: the PNG's path and whether it shows the
// whole window or one panel. Scripts (`screenshot out.png [PANEL]`), the
// command line (--screenshot-panel) and the UI (F12, Shift+F12, File menu)
// all make one; the frame loop writes it after rendering. No GL here: the
// script parser and the flag parser check its panel name against the panel
// table (app/panels/panel_list.hpp) before any window opens.
#pragma once

#include <string>

namespace backstep {

struct ShotRequest {
  std::string path;
  std::string panel;  // a PanelInfo::name (the lesson panel exists only while a lesson is
                      // open); empty: the whole window
};

}  // namespace backstep
