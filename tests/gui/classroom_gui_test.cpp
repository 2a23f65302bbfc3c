// Classroom features in the real window, under Xvfb: Chinese text drawn with
// real CJK glyphs (not ImGui's '?' fallback), the no-font fallback, presenter
// mode's layout at scale 2.5 on 1920×1080, the light theme, and remembered
// settings.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"
#include "tests/support/png_image.hpp"
#include "tests/support/run_process.hpp"

namespace {

namespace fs = std::filesystem;
using backstep::test::load_png;
using backstep::test::RgbImage;

// Sets an environment variable for the scope (the child inherits it).
using backstep::test::ScopedEnv;

class Classroom : public backstep::test::GuiFixture {
 protected:
  Classroom() : GuiFixture("classroom") {}

  // A screenshot of the default start at `size` with extra flags.
  RgbImage shot(const std::string& name, const std::string& flags,
                const std::string& size = "1280x720") {
    const fs::path png = dir_ / (name + ".png");
    const auto r = run("--frames 3 --size " + size + " --screenshot " + png.string() + " " + flags);
    EXPECT_EQ(r.code, 0) << name << ": " << r.err;
    RgbImage img = load_png(png);
    EXPECT_FALSE(img.empty()) << name;
    return img;
  }
};

int luminance(const backstep::test::Rgb8& c) {
  return (299 * c.r + 587 * c.g + 114 * c.b) / 1000;
}

// The first menu's label ("File" / "文件") lives in the top-left corner of
// the menu bar at scale 1: 16 px text in a 22 px bar.
struct Crop {
  int x0 = 0, y0 = 0, x1 = 110, y1 = 22;
};

// Pixels far (in luminance) from the crop's most common colour: the text's ink.
int ink(const RgbImage& img, Crop c) {
  std::map<int, int> histogram;
  for (int y = c.y0; y < c.y1; ++y)
    for (int x = c.x0; x < c.x1; ++x) ++histogram[luminance(img.at(x, y))];
  const int background = std::max_element(histogram.begin(), histogram.end(), [](auto& a, auto& b) {
                           return a.second < b.second;
                         })->first;
  int n = 0;
  for (int y = c.y0; y < c.y1; ++y)
    for (int x = c.x0; x < c.x1; ++x) n += std::abs(luminance(img.at(x, y)) - background) > 60;
  return n;
}

int differing_pixels(const RgbImage& a, const RgbImage& b, Crop c) {
  int n = 0;
  for (int y = c.y0; y < c.y1; ++y)
    for (int x = c.x0; x < c.x1; ++x)
      n += std::abs(luminance(a.at(x, y)) - luminance(b.at(x, y))) > 40;
  return n;
}

// The assets tree with menu.file's Chinese text replaced by two codepoints no
// font has (private use): ImGui draws its fallback glyph for them.
fs::path assets_with_missing_glyphs(const fs::path& dir) {
  const fs::path copy = dir / "assets";
  fs::copy(fs::path(BACKSTEP_SOURCE_DIR) / "assets", copy, fs::copy_options::recursive);
  const fs::path app = copy / "strings" / "app.json";
  std::string text = backstep::test::read_whole_file(app);
  const std::string from = R"("menu.file": {"en": "File", "zh": "文件"})";
  const std::size_t at = text.find(from);
  if (at == std::string::npos) return {};
  text.replace(at, from.size(), R"("menu.file": {"en": "File", "zh": "\uE000\uE000"})");
  std::ofstream(app, std::ios::binary) << text;
  return copy;
}

TEST_F(Classroom, ChineseMenuShowsCjkGlyphsNotTheFallback) {
  const RgbImage en = shot("en", "--lang en");
  const RgbImage zh = shot("zh", "--lang zh");
  const fs::path assets = assets_with_missing_glyphs(dir_);
  ASSERT_FALSE(assets.empty()) << "menu.file not found in assets/strings/app.json";
  RgbImage missing;
  {
    ScopedEnv env("BACKSTEP_ASSETS", assets.string());
    missing = shot("missing", "--lang zh");
  }
  ASSERT_FALSE(en.empty() || zh.empty() || missing.empty());
  const Crop c;
  EXPECT_GT(ink(zh, c), 40) << "no text where 文件 should be";
  EXPECT_GT(ink(missing, c), 10) << "the fallback glyphs should have ink too";
  // Real glyphs differ from both the '?' fallback and the English word.
  EXPECT_GT(differing_pixels(zh, missing, c), 40);
  EXPECT_GT(differing_pixels(zh, en, c), 40);
}

TEST_F(Classroom, WithoutACjkFontChineseFallsBackToEnglishWithANotice) {
  const RgbImage en = shot("en", "--lang en");
  RgbImage fallback;
  {
    ScopedEnv env("BACKSTEP_CJK_FONT", (dir_ / "no-such-font.ttc").string());
    const fs::path png = dir_ / "fallback.png";
    const auto r = run("--frames 3 --size 1280x720 --lang zh --screenshot " + png.string());
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("No Chinese font found"), std::string::npos) << r.err;
    fallback = load_png(png);
  }
  ASSERT_FALSE(en.empty() || fallback.empty());
  EXPECT_EQ(differing_pixels(en, fallback, Crop{}), 0) << "the menu should be in English";
}

using backstep::test::PanelBox;
using backstep::test::read_layout_report;
using backstep::test::ReportedLayout;

void expect_tiled(const std::vector<PanelBox>& rects, double width, double height, double min_w,
                  double min_h) {
  for (const PanelBox& r : rects) {
    EXPECT_GE(r.x, 0) << r.name;
    EXPECT_GE(r.y, 0) << r.name;
    EXPECT_LE(r.x + r.w, width + 0.5) << r.name;
    EXPECT_LE(r.y + r.h, height + 0.5) << r.name;
    EXPECT_GE(r.w, min_w) << r.name << " is too narrow for its controls";
    EXPECT_GE(r.h, min_h) << r.name << " is too short for its controls";
  }
  for (std::size_t i = 0; i < rects.size(); ++i) {
    for (std::size_t j = i + 1; j < rects.size(); ++j) {
      const PanelBox &a = rects[i], &b = rects[j];
      const double ox = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
      const double oy = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
      EXPECT_FALSE(ox > 0.5 && oy > 0.5) << a.name << " overlaps " << b.name;
    }
  }
}

TEST_F(Classroom, PresenterAtScale25FillsTheWindowWithoutOverlap) {
  for (const std::string extra : {"", "--show-health", "--lang zh"}) {
    const fs::path png = dir_ / "presenter.png";
    const auto r = run("--presenter --scale 2.5 --size 1920x1080 --frames 5 --report-layout " +
                       extra + " --screenshot " + png.string());
    ASSERT_EQ(r.code, 0) << r.err;
    const ReportedLayout layout = read_layout_report(r.out);
    const std::vector<PanelBox>& rects = layout.panels;
    const double w = layout.width, h = layout.height;
    EXPECT_EQ(w, 1920);
    EXPECT_EQ(h, 1080);
    // Presenter mode's own set: graph, inspector, output; Gradient health added.
    ASSERT_EQ(rects.size(), extra == "--show-health" ? 4u : 3u) << r.out;
    const PanelBox* graph = layout.find("graph");
    ASSERT_NE(graph, nullptr);
    // The graph on top, across most of the width, over half the height the
    // panels share (the window less the menu bar and status line). The rest
    // is the inspector's: its formula needs about four 40 px lines.
    double body_top = h, body_bottom = 0;
    for (const PanelBox& rect : rects) {
      EXPECT_GE(rect.y, graph->y) << rect.name << " above the graph";
      body_top = std::min<double>(body_top, rect.y);
      body_bottom = std::max<double>(body_bottom, rect.y + rect.h);
    }
    EXPECT_GE(graph->w, 0.55 * w);
    EXPECT_GE(graph->h, 0.55 * (body_bottom - body_top));
    EXPECT_LT(graph->h, 0.7 * (body_bottom - body_top));
    // At 40 px text: at least ~11 characters wide and 9 lines tall each.
    expect_tiled(rects, w, h, 450, 360);
    // Together they cover most of the window (menu bar and status line aside).
    double area = 0;
    for (const PanelBox& rect : rects) area += static_cast<double>(rect.w) * rect.h;
    EXPECT_GT(area, 0.85 * w * h) << extra;
  }
}

// The largest node radius the graph drew, from --report-layout's node lines.
double node_radius(const ReportedLayout& layout) {
  double r = 0;
  for (const auto& n : layout.nodes) r = std::max(r, n.radius);
  return r;
}

// Everything drawn inside the panel it belongs to, and the rows that must fit
// their room (the graph's side column, the inspector's current step) fit it.
void expect_contained(const ReportedLayout& layout, const std::string& what) {
  const PanelBox* graph = layout.find("graph");
  ASSERT_NE(graph, nullptr) << what;
  for (const auto& n : layout.nodes) {
    EXPECT_GE(n.x - n.radius, graph->x) << what << " node " << n.layer << " " << n.neuron;
    EXPECT_LE(n.x + n.radius, graph->x + graph->w) << what;
    EXPECT_GE(n.y - n.radius, graph->y) << what;
    EXPECT_LE(n.y + n.radius, graph->y + graph->h) << what;
  }
  for (const PanelBox& plot : layout.plots) {
    const PanelBox* owner = layout.find(plot.name == "loss-plot" ? "loss" : "output");
    ASSERT_NE(owner, nullptr) << what << " " << plot.name;
    EXPECT_GE(plot.x, owner->x) << what << " " << plot.name;
    EXPECT_GE(plot.y, owner->y) << what << " " << plot.name;
    EXPECT_LE(plot.x + plot.w, owner->x + owner->w) << what << " " << plot.name;
    EXPECT_LE(plot.y + plot.h, owner->y + owner->h) << what << " " << plot.name;
    if (plot.name != "axis-label") {
      EXPECT_GT(plot.w, 150) << what << " " << plot.name << " is too small to read";
    }
  }
  for (const char* name :
       {"graph-side", "inspector-body", "graph-node-value", "inspector-phase-tabs"}) {
    if (const auto* f = layout.find_fit(name)) {
      EXPECT_LE(f->need, f->room) << what << " " << name;
    }
  }
}

// Presenter mode is for the back of the room: at 2.5× on 1080p XOR's nodes
// are at least twice their normal-mode diameter, spiral's no smaller than
// normal (its seven columns and eight rows are short of both width and
// height beside the inspector and the plane), and nothing is cut off, with
// or without a lesson's column.
TEST_F(Classroom, PresenterNodesAreLargeAndNothingIsCutOff) {
  for (const std::string preset : {"xor", "spiral"}) {
    const auto normal = run("--preset " + preset + " --size 1920x1080 --frames 5 --report-layout");
    const auto big = run("--preset " + preset +
                         " --presenter --scale 2.5 --size 1920x1080 --frames 5 --report-layout");
    ASSERT_EQ(normal.code, 0) << normal.err;
    ASSERT_EQ(big.code, 0) << big.err;
    const ReportedLayout n = read_layout_report(normal.out), p = read_layout_report(big.out);
    const double rn = node_radius(n), rp = node_radius(p);
    ASSERT_GT(rn, 0) << preset;
    EXPECT_GE(rp, (preset == "xor" ? 2.0 : 1.0) * rn)
        << preset << ": presenter diameter " << 2 * rp << " px, normal " << 2 * rn << " px";
    expect_contained(n, preset + " normal");
    expect_contained(p, preset + " presenter");
    expect_tiled(p.panels, p.width, p.height, 400, 300);
  }
  const auto lesson =
      run("--lesson 02-xor --lesson-page 3 --presenter --scale 2.5 --size 1920x1080 --frames 5 "
          "--report-layout");
  ASSERT_EQ(lesson.code, 0) << lesson.err;
  const ReportedLayout l = read_layout_report(lesson.out);
  ASSERT_NE(l.find("lesson"), nullptr);
  expect_contained(l, "lesson");
  expect_tiled(l.panels, l.width, l.height, 350, 300);
}

TEST_F(Classroom, NormalLayoutAtEveryScaleHasNoOverlap) {
  for (const char* scale : {"1", "1.5", "2", "2.5", "3"}) {
    const auto r =
        run(std::string("--scale ") + scale + " --size 1920x1080 --frames 3 --report-layout");
    ASSERT_EQ(r.code, 0) << r.err;
    const ReportedLayout layout = read_layout_report(r.out);
    ASSERT_EQ(layout.panels.size(), 6u) << scale;
    expect_tiled(layout.panels, layout.width, layout.height, 100, 100);
  }
}

double mean_luminance(const RgbImage& img) {
  double sum = 0;
  for (int y = 0; y < img.h; ++y)
    for (int x = 0; x < img.w; ++x) sum += luminance(img.at(x, y));
  return sum / (static_cast<double>(img.w) * img.h);
}

TEST_F(Classroom, LightThemeIsLightAndDarkIsDark) {
  const RgbImage light = shot("light", "--theme light");
  const RgbImage dark = shot("dark", "--theme dark");
  ASSERT_FALSE(light.empty() || dark.empty());
  EXPECT_GT(mean_luminance(light), 170.0);
  EXPECT_LT(mean_luminance(dark), 90.0);
  // Text still shows on the light background: the menu bar has dark ink.
  EXPECT_GT(ink(light, Crop{}), 20);
}

TEST_F(Classroom, SettingsAreRememberedAndAutomatedRunsDoNotOverwriteThem) {
  const fs::path settings = dir_ / "config" / "backstep" / "settings.json";
  fs::create_directories(settings.parent_path());
  const std::string text =
      R"({"format": "backstep-settings/1", "language": "zh", "theme": "light",)"
      R"( "presenter": false, "ui_scale": 1.0, "presenter_scale": 2.0})";
  std::ofstream(settings, std::ios::binary) << text;
  const RgbImage remembered = shot("remembered", "");
  const RgbImage zh = shot("zh", "--lang zh --theme light");
  ASSERT_FALSE(remembered.empty() || zh.empty());
  EXPECT_GT(mean_luminance(remembered), 170.0) << "the remembered light theme";
  EXPECT_EQ(differing_pixels(remembered, zh, Crop{}), 0) << "the remembered Chinese menu";
  // A flag overrides the setting for the run, and an automated run leaves the file alone.
  const RgbImage en = shot("en", "--lang en --theme dark");
  EXPECT_LT(mean_luminance(en), 90.0);
  EXPECT_EQ(backstep::test::read_whole_file(settings), text);
}

TEST_F(Classroom, BadStringTableExitsTwoNamingFileAndKey) {
  const fs::path copy = dir_ / "assets";
  fs::copy(fs::path(BACKSTEP_SOURCE_DIR) / "assets", copy, fs::copy_options::recursive);
  std::ofstream(copy / "strings" / "zz_bad.json", std::ios::binary)
      << R"({"format": "backstep-strings/1", "strings": {"panel.oops": {"en": "Oops"}}})";
  ScopedEnv env("BACKSTEP_ASSETS", copy.string());
  const auto r = run("--frames 1");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("zz_bad.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("panel.oops"), std::string::npos) << r.err;
}

}  // namespace
