// What `backstep --report-layout` prints on exit, read back: "window W H",
// one "panel NAME x y w h" line per panel shown, "overlay NAME x y w h" for
// the windows over them (help, divergence) and their parts, and "fit NAME
// need room" for text that must fit its space (whole pixels).
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
  std::vector<PanelBox> overlays;
  struct Fit {
    std::string name;
    int need = 0, room = 0;
  };
  std::vector<Fit> fits;

  // The panel called `name`, or nullptr when it was not shown.
  const PanelBox* find(const std::string& name) const {
    const auto it = std::find_if(panels.begin(), panels.end(),
                                 [&](const PanelBox& p) { return p.name == name; });
    return it == panels.end() ? nullptr : &*it;
  }
  const PanelBox* find_overlay(const std::string& name) const {
    const auto it = std::find_if(overlays.begin(), overlays.end(),
                                 [&](const PanelBox& p) { return p.name == name; });
    return it == overlays.end() ? nullptr : &*it;
  }
  const Fit* find_fit(const std::string& name) const {
    const auto it =
        std::find_if(fits.begin(), fits.end(), [&](const Fit& f) { return f.name == name; });
    return it == fits.end() ? nullptr : &*it;
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
    } else if (kind == "panel" || kind == "overlay") {
      PanelBox p;
      if (words >> p.name >> p.x >> p.y >> p.w >> p.h)
        (kind == "panel" ? layout.panels : layout.overlays).push_back(p);
    } else if (kind == "fit") {
      ReportedLayout::Fit f;
      if (words >> f.name >> f.need >> f.room) layout.fits.push_back(f);
    }
  }
  return layout;
}

}  // namespace backstep::test
