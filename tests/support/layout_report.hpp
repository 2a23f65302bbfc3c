// What `backstep --report-layout` prints on exit, read back: "window W H",
// one "panel NAME x y w h" line per panel shown, "overlay NAME x y w h" for
// the windows over them (help, divergence) and their parts, "fit NAME
// need room" for text that must fit its space (whole pixels), the graph's
// "node LAYER NEURON x y radius" and "edge LAYER J K x0 y0 x1 y1" (neurons
// 1-based, centre to centre) and "plot NAME x y w h" (loss-plot, output-plane, output-curve,
// axis-label).
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
  struct Node {
    int layer = 0, neuron = 0;  // neuron 1-based
    double x = 0, y = 0, radius = 0;
  };
  std::vector<Node> nodes;
  struct Edge {
    int layer = 0, j = 0, k = 0;  // w⁽ˡᵃʸᵉʳ⁾_jk, 1-based
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  };
  std::vector<Edge> edges;
  std::vector<PanelBox> plots;

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
  const PanelBox* find_plot(const std::string& name) const {
    const auto it =
        std::find_if(plots.begin(), plots.end(), [&](const PanelBox& p) { return p.name == name; });
    return it == plots.end() ? nullptr : &*it;
  }
  const Node* find_node(int layer, int neuron) const {
    const auto it = std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) {
      return n.layer == layer && n.neuron == neuron;
    });
    return it == nodes.end() ? nullptr : &*it;
  }
  const Edge* find_edge(int layer, int j, int k) const {
    const auto it = std::find_if(edges.begin(), edges.end(), [&](const Edge& e) {
      return e.layer == layer && e.j == j && e.k == k;
    });
    return it == edges.end() ? nullptr : &*it;
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
    } else if (kind == "panel" || kind == "overlay" || kind == "plot") {
      PanelBox p;
      if (words >> p.name >> p.x >> p.y >> p.w >> p.h)
        (kind == "panel"  ? layout.panels
         : kind == "plot" ? layout.plots
                          : layout.overlays)
            .push_back(p);
    } else if (kind == "node") {
      ReportedLayout::Node n;
      if (words >> n.layer >> n.neuron >> n.x >> n.y >> n.radius) layout.nodes.push_back(n);
    } else if (kind == "edge") {
      ReportedLayout::Edge e;
      if (words >> e.layer >> e.j >> e.k >> e.x0 >> e.y0 >> e.x1 >> e.y1) layout.edges.push_back(e);
    } else if (kind == "fit") {
      ReportedLayout::Fit f;
      if (words >> f.name >> f.need >> f.room) layout.fits.push_back(f);
    }
  }
  return layout;
}

}  // namespace backstep::test
