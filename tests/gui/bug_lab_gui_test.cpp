// The Bug lab in a real window: with a mistake on, the loss plot draws the
// ghost (the correct engine's run, dashed in the text colour) beside the
// buggy run's blue curve, and the two part; without one there is no ghost.
// Read from screenshot pixels inside the plot --report-layout gives.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"
#include "tests/support/png_image.hpp"

namespace {

namespace fs = std::filesystem;
using backstep::test::chroma;
using backstep::test::hue;
using backstep::test::load_png;
using backstep::test::read_layout_report;
using backstep::test::ReportedLayout;
using backstep::test::Rgb8;
using backstep::test::RgbImage;

class BugLabGui : public backstep::test::GuiFixture {
 protected:
  BugLabGui() : GuiFixture("buglab") {}

  RgbImage shoot(const std::string& script, ReportedLayout& layout) {
    const fs::path png = dir_ / "shot.png";
    const fs::path s = write("script.txt", script + "frames 3\nscreenshot " + png.string() + "\n");
    const auto r =
        run("--preset xor --size 1600x900 --frames 3 --report-layout --script " + s.string());
    EXPECT_EQ(r.code, 0) << r.err;
    layout = read_layout_report(r.out);
    return load_png(png);
  }
};

// The ghost's pixels: bright and grey (the dark theme's text colour), which
// neither curve colour, the grid nor the marker lines are.
bool ghost_like(Rgb8 c) {
  return chroma(c) < 30 && std::min({c.r, c.g, c.b}) > 170;
}
bool blue_like(Rgb8 c) {
  return chroma(c) >= 25 && hue(c) >= 190 && hue(c) <= 240;
}

struct Rows {
  int ghost_pixels = 0;
  int ghost_y = -1, blue_y = -1;  // lowest row of each, in the plot's right tenth
};

// Inside the plot, below the one marker label's row at its top (the bug
// switched on at step 0).
Rows measure(const RgbImage& img, const backstep::test::PanelBox& plot) {
  Rows out;
  for (int y = plot.y + 24; y < plot.y + plot.h - 2; ++y) {
    for (int x = plot.x + 2; x < plot.x + plot.w - 2; ++x) {
      const Rgb8 c = img.at(x, y);
      const bool right = x >= plot.x + plot.w * 9 / 10;
      if (ghost_like(c)) {
        ++out.ghost_pixels;
        if (right) out.ghost_y = std::max(out.ghost_y, y);
      } else if (right && blue_like(c)) {
        out.blue_y = std::max(out.blue_y, y);
      }
    }
  }
  return out;
}

TEST_F(BugLabGui, TheGhostCurvePartsFromTheBuggyRun) {
  ReportedLayout plain_layout, bug_layout;
  const RgbImage plain = shoot("train 150\n", plain_layout);
  // Without f′ in the hidden δ, xor stays near loss 0.5 while the correct
  // engine falls below 0.1 in the same 150 steps.
  const RgbImage bug = shoot("set bug no-activation-derivative\ntrain 150\n", bug_layout);
  ASSERT_FALSE(plain.empty() || bug.empty());
  const auto* plot0 = plain_layout.find_plot("loss-plot");
  const auto* plot1 = bug_layout.find_plot("loss-plot");
  ASSERT_TRUE(plot0 && plot1);
  const Rows without = measure(plain, *plot0);
  const Rows with = measure(bug, *plot1);
  EXPECT_LT(without.ghost_pixels, 10) << "a ghost without a bug";
  EXPECT_GT(with.ghost_pixels, plot1->w / 4) << "no dashed ghost curve";
  ASSERT_GE(with.ghost_y, 0);
  ASSERT_GE(with.blue_y, 0);
  // log scale: 0.5 and < 0.1 are more than half a decade apart, tens of pixels.
  EXPECT_GT(with.ghost_y - with.blue_y, 30)
      << "the ghost (correct engine) ends at row " << with.ghost_y
      << ", the buggy run's curve at row " << with.blue_y;
}

}  // namespace
