// Screenshots of one panel, in the real window under Xvfb: a panel's PNG is
// exactly the rectangle --report-layout gives for it, and its pixels are that
// crop of a whole-window screenshot taken one frame earlier. Bad panel names
// fail before any window (exit 2); a panel that is not shown writes nothing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"
#include "tests/support/png_image.hpp"
#include "tests/support/run_process.hpp"

namespace {

namespace fs = std::filesystem;
using backstep::test::load_png;
using backstep::test::RgbImage;

using backstep::test::PanelBox;
using backstep::test::read_layout_report;

class PanelScreenshot : public backstep::test::GuiFixture {
 protected:
  PanelScreenshot() : GuiFixture("panelshot") {}
};

TEST_F(PanelScreenshot, GraphPanelIsItsReportedRectangleOfTheWholeWindow) {
  const fs::path full = dir_ / "full.png", graph = dir_ / "graph.png";
  // Paused (the default), so consecutive frames differ only in the status
  // line, which lies outside the graph panel.
  const fs::path script = write("shots.txt", "frames 3\nscreenshot " + full.string() +
                                                 "\nscreenshot " + graph.string() + " graph\n");
  const auto r = run("--size 1280x720 --frames 3 --report-layout --script " + script.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const PanelBox* graph_box = read_layout_report(r.out).find("graph");
  ASSERT_NE(graph_box, nullptr) << r.out;
  const PanelBox g = *graph_box;
  ASSERT_GT(g.w, 100);
  ASSERT_GT(g.h, 100);

  const RgbImage whole = load_png(full), panel = load_png(graph);
  ASSERT_FALSE(whole.empty()) << "no whole-window screenshot";
  ASSERT_FALSE(panel.empty()) << "no panel screenshot";
  ASSERT_EQ(whole.w, 1280);  // Xvfb: framebuffer scale 1
  ASSERT_EQ(whole.h, 720);
  EXPECT_EQ(panel.w, g.w);
  EXPECT_EQ(panel.h, g.h);
  ASSERT_LE(g.x + panel.w, whole.w);
  ASSERT_LE(g.y + panel.h, whole.h);

  long same = 0;
  for (int y = 0; y < panel.h; ++y) {
    for (int x = 0; x < panel.w; ++x) {
      const auto a = panel.at(x, y), b = whole.at(g.x + x, g.y + y);
      same += a.r == b.r && a.g == b.g && a.b == b.b;
    }
  }
  const long total = static_cast<long>(panel.w) * panel.h;
  EXPECT_GE(same, total * 99 / 100) << same << " of " << total << " pixels match";

  // The same crop one row lower must not match as well: the comparison above
  // can tell an off-by-one (or a flipped) crop from the right one.
  long shifted = 0;
  for (int y = 0; y + 1 < panel.h; ++y) {
    for (int x = 0; x < panel.w; ++x) {
      const auto a = panel.at(x, y), b = whole.at(g.x + x, g.y + y + 1);
      shifted += a.r == b.r && a.g == b.g && a.b == b.b;
    }
  }
  EXPECT_LT(shifted, same);
}

TEST_F(PanelScreenshot, CommandLineFlagShootsThePanel) {
  const fs::path png = dir_ / "output.png";
  const auto r = run("--size 1280x720 --frames 3 --report-layout --screenshot " + png.string() +
                     " --screenshot-panel output");
  ASSERT_EQ(r.code, 0) << r.err;
  const PanelBox* output = read_layout_report(r.out).find("output");
  ASSERT_NE(output, nullptr) << r.out;
  const RgbImage img = load_png(png);
  ASSERT_FALSE(img.empty());
  EXPECT_EQ(img.w, output->w);
  EXPECT_EQ(img.h, output->h);
}

TEST_F(PanelScreenshot, UnknownPanelInAScriptIsAParseError) {
  const fs::path png = dir_ / "x.png";
  const fs::path script = write("bad.txt", "frames 2\nscreenshot " + png.string() + " graf\n");
  const auto r = run("--frames 3 --script " + script.string());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("bad.txt:2: unknown panel 'graf'"), std::string::npos) << r.err;
  for (const char* name :
       {"controls", "graph", "inspector", "loss", "output", "dataset", "health", "lesson"})
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err << " does not name " << name;
  EXPECT_FALSE(fs::exists(png));
}

TEST_F(PanelScreenshot, UnknownPanelFlagExitsWithUsageError) {
  const fs::path png = dir_ / "x.png";
  const auto r = run("--frames 3 --screenshot " + png.string() + " --screenshot-panel nope");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("--screenshot-panel: unknown panel 'nope'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("graph"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(png));
}

// Gradient health is hidden by default: asking for it names it and writes nothing.
TEST_F(PanelScreenshot, PanelNotShownWritesNothing) {
  const fs::path png = dir_ / "health.png";
  const fs::path script = write("hidden.txt", "screenshot " + png.string() + " health\n");
  const auto r = run("--size 1280x720 --frames 3 --script " + script.string());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("'health' is not shown"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(png));
  EXPECT_FALSE(fs::exists(png.string() + ".tmp"));
}

}  // namespace
