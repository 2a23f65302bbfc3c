// Real-window tests of the network graph with fixed models (tests/data/
// graph_fixture_*.json: weights of both signs and spread magnitudes): the
// pixels at edges have their weight's sign colour, edge widths order as |w|,
// nodes are filled with their activation's colour, the per-neuron maps show
// structure, the loss curve lies inside the loss plot, and the chain-rule
// highlight uses colours no weight uses. Positions come from --report-layout
// (node centres, edge endpoints, plot rectangles), never from guesses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"
#include "tests/support/png_image.hpp"
#include "tests/support/run_process.hpp"

namespace {

namespace fs = std::filesystem;
using backstep::test::ReportedLayout;
using backstep::test::Rgb8;
using backstep::test::RgbImage;

const fs::path kData = fs::path(BACKSTEP_SOURCE_DIR) / "tests" / "data";

// The fixture's weights, w⁽ˡ⁾_jk = kW[l-1][j-1][k-1], and its first sample's
// activations computed here by hand (tanh hidden, sigmoid output), so the
// expectations do not come from the code under test.
const double kW1[3][3] = {{3.0, -1.5, 0.4}, {-2.2, 0.9, -0.6}, {0.25, 2.0, -1.2}};
const double kB1[3] = {-1.0, 1.0, 1.0};
const double kW2[3] = {1.8, -0.5, 1.0};
const double kB2 = 0.3;
const double kX[3] = {1.0, -0.5, 0.25};

double weight(int layer, int j, int k) {
  return layer == 1 ? kW1[j - 1][k - 1] : kW2[k - 1];
}

std::vector<std::vector<double>> activations() {
  std::vector<double> h(3);
  for (int j = 0; j < 3; ++j) {
    double z = kB1[j];
    for (int k = 0; k < 3; ++k) z += kW1[j][k] * kX[k];
    h[j] = std::tanh(z);
  }
  double z = kB2;
  for (int k = 0; k < 3; ++k) z += kW2[k] * h[k];
  return {{kX[0], kX[1], kX[2]}, h, {1.0 / (1.0 + std::exp(-z))}};
}

using backstep::test::chroma;
using backstep::test::hue;
// The two sign colours as a viewer names them: blue (positive), orange (negative).
bool blue_like(Rgb8 c) {
  return chroma(c) >= 25 && hue(c) >= 190 && hue(c) <= 240;
}
bool orange_like(Rgb8 c) {
  return chroma(c) >= 25 && hue(c) >= 15 && hue(c) <= 50;
}

// CIE L*a*b* of an sRGB pixel, for colour differences as the eye sees them.
struct Lab {
  double l = 0, a = 0, b = 0;
};
Lab lab(Rgb8 c) {
  auto lin = [](int v) {
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  const double r = lin(c.r), g = lin(c.g), b = lin(c.b);
  const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.9505;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.089;
  auto f = [](double t) {
    return t > 216.0 / 24389.0 ? std::cbrt(t) : (841.0 / 108.0) * t + 4.0 / 29.0;
  };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}
double delta_e(Rgb8 p, Rgb8 q) {
  const Lab a = lab(p), b = lab(q);
  return std::hypot(a.l - b.l, a.a - b.a, a.b - b.b);
}
double distance(Rgb8 p, Rgb8 q) {
  return std::hypot(p.r - q.r, p.g - q.g, p.b - q.b);
}

Rgb8 pixel(const RgbImage& img, double x, double y) {
  const int ix = std::clamp(static_cast<int>(std::lround(x)), 0, img.w - 1);
  const int iy = std::clamp(static_cast<int>(std::lround(y)), 0, img.h - 1);
  return img.at(ix, iy);
}

double segment_distance(double px, double py, const ReportedLayout::Edge& e) {
  const double dx = e.x1 - e.x0, dy = e.y1 - e.y0, len2 = dx * dx + dy * dy;
  const double u =
      len2 > 0 ? std::clamp(((px - e.x0) * dx + (py - e.y0) * dy) / len2, 0.0, 1.0) : 0;
  return std::hypot(e.x0 + u * dx - px, e.y0 + u * dy - py);
}

// A point on edge `e` near its midpoint that no other edge and no node comes
// close to (edges cross between the columns); t in [0.25, 0.75], or −1.
double clear_point(const ReportedLayout& layout, const ReportedLayout::Edge& e, double clearance) {
  double best = -1;
  for (double t = 0.25; t <= 0.75 + 1e-9; t += 0.01) {
    const double x = e.x0 + t * (e.x1 - e.x0), y = e.y0 + t * (e.y1 - e.y0);
    bool clear = true;
    for (const auto& o : layout.edges)
      if (&o != &e && segment_distance(x, y, o) < clearance) clear = false;
    for (const auto& n : layout.nodes)
      if (std::hypot(x - n.x, y - n.y) < n.radius + clearance) clear = false;
    if (clear && (best < 0 || std::abs(t - 0.5) < std::abs(best - 0.5))) best = t;
  }
  return best;
}

struct Profile {
  Rgb8 core;         // the pixel on the line that differs most from the background
  double width = 0;  // pixels across the line at half of that difference
};

// Scans across edge `e` at parameter t, perpendicular to it.
Profile across(const RgbImage& img, const ReportedLayout::Edge& e, double t, double half) {
  const double dx = e.x1 - e.x0, dy = e.y1 - e.y0, len = std::hypot(dx, dy);
  const double nx = -dy / len, ny = dx / len;
  const double cx = e.x0 + t * dx, cy = e.y0 + t * dy;
  const Rgb8 bg = pixel(img, cx + nx * half, cy + ny * half);
  std::vector<double> diff;
  Profile p;
  double most = -1;
  constexpr double kStep = 0.25;
  for (double s = -half; s <= half; s += kStep) {
    const Rgb8 c = pixel(img, cx + nx * s, cy + ny * s);
    diff.push_back(distance(c, bg));
    if (diff.back() > most) {
      most = diff.back();
      p.core = c;
    }
  }
  for (double d : diff) p.width += d >= 0.5 * most ? kStep : 0.0;
  return p;
}

class GraphGui : public backstep::test::GuiFixture {
 protected:
  GraphGui() : GuiFixture("graph_gui") {}

  // The fixture in the window at 1600×900 after `script`; the screenshot and the layout.
  RgbImage shoot(const std::string& model, const std::string& data, const std::string& script,
                 ReportedLayout& layout, const std::string& flags = "") {
    const fs::path png = dir_ / "shot.png";
    const fs::path s = write("script.txt", script + "frames 3\nscreenshot " + png.string() + "\n");
    const auto r =
        run("--model " + (kData / model).string() + " --data " + (kData / data).string() +
            " --size 1600x900 --frames 3 --report-layout --script " + s.string() + " " + flags);
    EXPECT_EQ(r.code, 0) << r.err;
    layout = backstep::test::read_layout_report(r.out);
    return backstep::test::load_png(png);
  }
};

// The loss micro-step rings only the output node: no arrow over any edge.
constexpr const char* kNoArrows = "trace-jump loss\n";

TEST_F(GraphGui, EdgesHaveTheirSignColourAndWidthsOrderAsAbsW) {
  ReportedLayout layout;
  const RgbImage img =
      shoot("graph_fixture_model.json", "graph_fixture_data.json", kNoArrows, layout);
  ASSERT_FALSE(img.empty());
  ASSERT_EQ(layout.edges.size(), 12u) << "3×3 + 3×1 edges";
  struct Measured {
    double w, width;
  };
  std::vector<std::vector<Measured>> by_layer(3);
  int checked = 0;
  for (const auto& e : layout.edges) {
    const double w = weight(e.layer, e.j, e.k);
    const double t = clear_point(layout, e, 14.0);
    if (t < 0) continue;
    const Profile p = across(img, e, t, 12.0);
    ++checked;
    EXPECT_TRUE(w > 0 ? blue_like(p.core) : orange_like(p.core))
        << "edge " << e.layer << " " << e.j << " " << e.k << " w = " << w << ": pixel (" << p.core.r
        << ", " << p.core.g << ", " << p.core.b << ") is not " << (w > 0 ? "blue" : "orange");
    by_layer[e.layer].push_back({std::abs(w), p.width});
  }
  EXPECT_GE(checked, 9) << "too few edges had a clear stretch to measure";
  // Within a layer (each is scaled to its own largest |w|), a clearly larger
  // |w| draws a wider line.
  int pairs = 0;
  for (const auto& edges : by_layer)
    for (const Measured& a : edges)
      for (const Measured& b : edges)
        if (a.w >= 1.6 * b.w) {
          // Lines under two pixels wide read alike: strictly wider from 3× up.
          ++pairs;
          EXPECT_GE(a.width, b.width) << "|w| " << a.w << " drawn " << a.width << " px, |w| " << b.w
                                      << " drawn " << b.width << " px";
          if (a.w >= 3.0 * b.w) {
            EXPECT_GT(a.width, b.width + 0.5) << "|w| " << a.w << " drawn " << a.width
                                              << " px, |w| " << b.w << " drawn " << b.width;
          }
        }
  EXPECT_GE(pairs, 10);
}

TEST_F(GraphGui, NodesAreFilledWithTheirActivationColour) {
  ReportedLayout layout;
  const RgbImage img =
      shoot("graph_fixture_model.json", "graph_fixture_data.json", kNoArrows, layout);
  ASSERT_FALSE(img.empty());
  ASSERT_EQ(layout.nodes.size(), 7u);
  const auto a = activations();
  for (const auto& n : layout.nodes) {
    const double v = a[n.layer][n.neuron - 1];
    // Above and below the value written across the centre.
    std::vector<Rgb8> fill;
    for (double f : {0.6, 0.7}) {
      fill.push_back(pixel(img, n.x, n.y - f * n.radius));
      fill.push_back(pixel(img, n.x, n.y + f * n.radius));
    }
    for (const Rgb8& c : fill) {
      const std::string where = "node " + std::to_string(n.layer) + " " + std::to_string(n.neuron) +
                                " a = " + std::to_string(v) + ": (" + std::to_string(c.r) + ", " +
                                std::to_string(c.g) + ", " + std::to_string(c.b) + ")";
      if (v > 0.2) {
        EXPECT_TRUE(blue_like(c)) << where;
      } else if (v < -0.2) {
        EXPECT_TRUE(orange_like(c)) << where;
      } else if (std::abs(v) < 0.1) {
        EXPECT_LT(chroma(c), 30) << where << " should be near-neutral";
      }
    }
  }
  // A stronger activation is a darker fill (the map carries |a| in lightness).
  const auto* strong = layout.find_node(1, 1);  // a ≈ 0.99
  const auto* mild = layout.find_node(0, 3);    // a = 0.25
  ASSERT_TRUE(strong && mild);
  EXPECT_LT(lab(pixel(img, strong->x, strong->y - 0.65 * strong->radius)).l,
            lab(pixel(img, mild->x, mild->y - 0.65 * mild->radius)).l - 15);
}

TEST_F(GraphGui, PerNeuronMapsAreNotUniformAndDifferFromEachOther) {
  ReportedLayout layout;
  const RgbImage img = shoot("graph_fixture_plane_model.json", "xor_data.csv", kNoArrows, layout);
  ASSERT_FALSE(img.empty());
  // Colours, not lightness: the map's two arms are matched in lightness.
  std::vector<std::vector<Rgb8>> maps;
  for (const auto& n : layout.nodes) {
    if (n.layer == 0) continue;
    ASSERT_GE(n.radius, 10) << "nodes too small for a map";
    std::vector<Rgb8> px;
    for (double dy = -0.6; dy <= 0.6 + 1e-9; dy += 0.1)
      for (double dx = -0.6; dx <= 0.6 + 1e-9; dx += 0.1)
        px.push_back(pixel(img, n.x + dx * n.radius, n.y + dy * n.radius));
    // The spread: mean colour difference from the disc's first (top-left) pixel
    // and from its middle one; a flat disc has neither.
    double spread = 0;
    for (const Rgb8& c : px)
      spread += std::max(delta_e(c, px.front()), delta_e(c, px[px.size() / 2])) / px.size();
    EXPECT_GT(spread, 15.0) << "map of neuron " << n.layer << " " << n.neuron << " is flat";
    maps.push_back(px);
  }
  ASSERT_EQ(maps.size(), 4u);
  for (std::size_t i = 0; i < maps.size(); ++i)
    for (std::size_t j = i + 1; j < maps.size(); ++j) {
      double d = 0;
      for (std::size_t p = 0; p < maps[i].size(); ++p) d += delta_e(maps[i][p], maps[j][p]);
      EXPECT_GT(d / maps[i].size(), 15.0) << "maps " << i << " and " << j << " look the same";
    }
}

TEST_F(GraphGui, LossCurveIsDrawnInsideTheLossPlot) {
  // Coloured pixels of the loss panel inside and outside its plot.
  auto count = [](const RgbImage& img, const ReportedLayout& layout, int& inside, int& outside,
                  int& columns) {
    const auto* plot = layout.find_plot("loss-plot");
    const auto* panel = layout.find("loss");
    ASSERT_TRUE(plot && panel);
    std::vector<bool> col(plot->w + 1, false);
    inside = outside = 0;
    for (int y = panel->y + 40; y < panel->y + panel->h; ++y)
      for (int x = panel->x; x < panel->x + panel->w; ++x) {
        if (chroma(img.at(x, y)) < 60) continue;
        const bool in =
            x >= plot->x && x < plot->x + plot->w && y >= plot->y && y < plot->y + plot->h;
        (in ? inside : outside) += 1;
        if (in) col[x - plot->x] = true;
      }
    columns = static_cast<int>(std::count(col.begin(), col.end(), true));
  };
  ReportedLayout before, after;
  const RgbImage none = shoot("graph_fixture_plane_model.json", "xor_data.csv", "", before);
  const RgbImage trained =
      shoot("graph_fixture_plane_model.json", "xor_data.csv", "train 60\n", after);
  ASSERT_FALSE(none.empty() || trained.empty());
  const auto* plot = after.find_plot("loss-plot");
  ASSERT_NE(plot, nullptr) << "--report-layout gives no loss plot";
  const auto* panel = after.find("loss");
  ASSERT_NE(panel, nullptr);
  EXPECT_GE(plot->x, panel->x);
  EXPECT_LE(plot->x + plot->w, panel->x + panel->w);
  EXPECT_GT(plot->w, 100);
  EXPECT_GT(plot->h, 60);
  int in0 = 0, out0 = 0, cols0 = 0, in1 = 0, out1 = 0, cols1 = 0;
  count(none, before, in0, out0, cols0);
  count(trained, after, in1, out1, cols1);
  EXPECT_LT(in0, 20) << "a curve before any step";
  // The curve runs across the plot, from step 0 to now.
  EXPECT_GT(in1, plot->w / 2);
  EXPECT_GT(cols1, plot->w * 7 / 10);
}

// The current micro-step's arrows, for each direction of flow: their pixels
// are far from both sign colours (measured on the same screen) and from
// orange and blue as hues, and they stop at the node rims.
TEST_F(GraphGui, HighlightUsesNoWeightColourAndLeavesNodeValuesClear) {
  ReportedLayout plain;
  const RgbImage base =
      shoot("graph_fixture_model.json", "graph_fixture_data.json", kNoArrows, plain);
  ASSERT_FALSE(base.empty());
  // The sign colours as drawn: the cores of the strongest edge of each sign.
  const auto* pos = plain.find_edge(1, 1, 1);  // w = 3.0
  const auto* neg = plain.find_edge(1, 2, 1);  // w = −2.2
  ASSERT_TRUE(pos && neg);
  const Rgb8 blue = across(base, *pos, std::max(clear_point(plain, *pos, 14), 0.3), 12).core;
  const Rgb8 orange = across(base, *neg, std::max(clear_point(plain, *neg, 14), 0.3), 12).core;
  ASSERT_TRUE(blue_like(blue) && orange_like(orange));

  struct Phase {
    const char* script;
    int from_layer, to_layer, to_neuron;  // the arrows' edges
  };
  // forward z⁽¹⁾₁: inputs → (1,1); δ⁽¹⁾₂: (2,1) → (1,2); the update of w⁽²⁾₁ₖ.
  // (trace-jump counts neurons from 0, as the tracer does.)
  for (const Phase ph :
       {Phase{"trace-index 0\n", 0, 1, 1}, Phase{"trace-jump hidden-delta 1 1\n", 2, 1, 2},
        Phase{"trace-jump update 2 0\n", 2, 1, -1}}) {
    ReportedLayout layout;
    const RgbImage img =
        shoot("graph_fixture_model.json", "graph_fixture_data.json", ph.script, layout);
    ASSERT_FALSE(img.empty());
    int arrow_pixels = 0;
    for (const auto& e : layout.edges) {
      const bool lit = ph.from_layer < ph.to_layer
                           ? e.layer == ph.to_layer && e.j == ph.to_neuron
                           : e.layer == ph.from_layer && (ph.to_neuron < 0 || e.k == ph.to_neuron);
      if (!lit) continue;
      // The most changed pixel across the edge, against the plain screen.
      for (double t : {0.3, 0.7}) {
        const Profile p = across(img, e, t, 8.0);
        if (delta_e(p.core, pixel(base, e.x0 + t * (e.x1 - e.x0), e.y0 + t * (e.y1 - e.y0))) < 10)
          continue;
        ++arrow_pixels;
        EXPECT_GT(delta_e(p.core, blue), 35) << ph.script << "arrow pixel too close to positive";
        EXPECT_GT(delta_e(p.core, orange), 35) << ph.script << "arrow pixel too close to negative";
        EXPECT_FALSE(blue_like(p.core) || orange_like(p.core))
            << ph.script << " (" << p.core.r << ", " << p.core.g << ", " << p.core.b << ")";
      }
    }
    EXPECT_GE(arrow_pixels, 2) << ph.script << ": no highlight found on its edges";
    // Inside every node the picture is the plain one: no arrow crosses a value.
    for (const auto& n : layout.nodes) {
      int changed = 0;
      for (double dy = -0.7; dy <= 0.7 + 1e-9; dy += 0.1)
        for (double dx = -0.7; dx <= 0.7 + 1e-9; dx += 0.1) {
          const double x = n.x + dx * n.radius, y = n.y + dy * n.radius;
          changed += distance(pixel(img, x, y), pixel(base, x, y)) > 60;
        }
      EXPECT_EQ(changed, 0) << ph.script << "node " << n.layer << " " << n.neuron
                            << " is drawn over";
    }
  }
}

}  // namespace
