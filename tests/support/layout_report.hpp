// What `backstep --report-layout` prints on exit, read back: "window W H" and
// one "panel NAME x y w h" line per panel shown (whole pixels).
#pragma once

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace backstep::test {

struct PanelBox {
  std::string name;
  int x = 0, y = 0, w = 0, h = 0;
};

struct ReportedLayout {
  int width = 0, height = 0;     // the window
  std::vector<PanelBox> panels;  // in drawing order

  // The panel called `name`, or nullptr when it was not shown.
  const PanelBox* find(const std::string& name) const {
    const auto it = std::find_if(panels.begin(), panels.end(),
                                 [&](const PanelBox& p) { return p.name == name; });
    return it == panels.end() ? nullptr : &*it;
  }
};

inline ReportedLayout read_layout_report(const std::string& out) {
  ReportedLayout layout;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string kind;
    words >> kind;
    if (kind == "window") {
      words >> layout.width >> layout.height;
    } else if (kind == "panel") {
      PanelBox p;
      if (words >> p.name >> p.x >> p.y >> p.w >> p.h) layout.panels.push_back(p);
    }
  }
  return layout;
}

}  // namespace backstep::test
