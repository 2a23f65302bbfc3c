// The classroom walkthrough of issue 14 in the real window, under Xvfb: the
// help (F1) readable at every size, scale and language, and opaque; a
// diverged run's huge numbers kept inside the nodes, an opaque banner and a
// status line that stops before the ms/frame readout.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"
#include "tests/support/png_image.hpp"

namespace {

namespace fs = std::filesystem;
using backstep::test::load_png;
using backstep::test::PanelBox;
using backstep::test::read_layout_report;
using backstep::test::ReportedLayout;
using backstep::test::RgbImage;

class Walkthrough : public backstep::test::GuiFixture {
 protected:
  Walkthrough() : GuiFixture("walkthrough") {}

  // A run with `flags` that writes `name`.png and reports its layout.
  ReportedLayout layout(const std::string& name, const std::string& flags, RgbImage* img) {
    const fs::path png = dir_ / (name + ".png");
    const auto r = run("--frames 5 --report-layout --screenshot " + png.string() + " " + flags);
    EXPECT_EQ(r.code, 0) << name << ": " << r.err;
    if (img) *img = load_png(png);
    if (const char* keep = std::getenv("BACKSTEP_KEEP_SHOTS"); keep && fs::exists(png))
      fs::copy_file(png, fs::path(keep) / (name + ".png"), fs::copy_options::overwrite_existing);
    return read_layout_report(r.out);
  }
};

// Pixels that differ between a and b inside box, shrunk by `inset`.
int differing(const RgbImage& a, const RgbImage& b, const PanelBox& box, int inset) {
  int n = 0;
  for (int y = box.y + inset; y < box.y + box.h - inset; ++y)
    for (int x = box.x + inset; x < box.x + box.w - inset; ++x) {
      const auto p = a.at(x, y), q = b.at(x, y);
      n += p.r != q.r || p.g != q.g || p.b != q.b;
    }
  return n;
}

TEST_F(Walkthrough, HelpDescriptionsHaveRoomAtEverySizeScaleAndLanguage) {
  struct Case {
    const char* name;
    const char* flags;
  };
  for (const Case c :
       {Case{"en-1600", "--size 1600x900 --lang en"}, Case{"en-1920", "--size 1920x1080 --lang en"},
        Case{"zh-1600", "--size 1600x900 --lang zh"},
        Case{"presenter-25", "--size 1920x1080 --presenter --scale 2.5"},
        Case{"presenter-25-zh", "--size 1920x1080 --presenter --scale 2.5 --lang zh"},
        Case{"scale-3-small", "--size 1024x700 --scale 3"}, Case{"small", "--size 640x480"}}) {
    const ReportedLayout l = layout(c.name, std::string("--show-help ") + c.flags, nullptr);
    const PanelBox* help = l.find_overlay("help");
    const PanelBox* column = l.find_overlay("help-description");
    ASSERT_NE(help, nullptr) << c.name;
    ASSERT_NE(column, nullptr) << c.name;
    // Inside the window, and the descriptions at least 40 % of it (they were one character).
    EXPECT_GE(help->x, 0) << c.name;
    EXPECT_GE(help->y, 0) << c.name;
    EXPECT_LE(help->x + help->w, l.width) << c.name;
    EXPECT_LE(help->y + help->h, l.height) << c.name;
    EXPECT_GE(column->w, 0.4 * help->w) << c.name << ": the description column is too narrow";
    EXPECT_GE(column->x, help->x) << c.name;
    EXPECT_LE(column->x + column->w, help->x + help->w) << c.name;
  }
}

TEST_F(Walkthrough, HelpHidesThePanelsBehindIt) {
  // Two sessions whose graphs differ: behind an opaque help window, its pixels are the same.
  for (const char* flags : {"--size 1600x900", "--size 1920x1080 --presenter --scale 2.5",
                            "--size 1600x900 --theme light"}) {
    RgbImage xor_img, spiral_img, xor_bare, spiral_bare;
    const std::string f = flags;
    const ReportedLayout l = layout("help-xor", "--show-help --preset xor " + f, &xor_img);
    layout("help-spiral", "--show-help --preset spiral " + f, &spiral_img);
    layout("bare-xor", "--preset xor " + f, &xor_bare);
    layout("bare-spiral", "--preset spiral " + f, &spiral_bare);
    ASSERT_FALSE(xor_img.empty() || spiral_img.empty() || xor_bare.empty() || spiral_bare.empty());
    const PanelBox* help = l.find_overlay("help");
    ASSERT_NE(help, nullptr);
    // The test can tell: without the help, that rectangle differs a lot.
    EXPECT_GT(differing(xor_bare, spiral_bare, *help, 3), 1000) << flags;
    EXPECT_EQ(differing(xor_img, spiral_img, *help, 3), 0)
        << flags << ": the panels show through the help window";
  }
}

// The sine preset (1-D input: every node shows its value, no maps) with
// three neurons a layer (room for values in the nodes), huge weights and
// linear hidden units: activations near 1e154 and one infinite, so the step
// diverges (played, so the window pauses it as for a student).
constexpr const char* kHuge =
    "preset sine\nset neurons 1 3\nset neurons 2 3\n"
    "set activation 1 linear\nset activation 2 linear\nselect 3\n"
    "set weight 1 0 0 1e154\nset weight 1 1 0 -1e154\nset weight 1 2 0 1.28e154\n"
    "set weight 2 0 0 1e154\n"
    "frames 2\nplay\nframes 5\n";

TEST_F(Walkthrough, HugeValuesStayInsideNodesAndTheStatusLineStopsBeforeTheReadout) {
  const fs::path script = write("huge.txt", kHuge);
  int run = 0;
  for (const char* flags : {"--size 1600x900", "--size 1280x720 --lang zh",
                            "--size 1920x1080 --presenter --scale 2.5"}) {
    RgbImage img;
    const ReportedLayout l =
        layout("huge-" + std::to_string(++run), "--script " + script.string() + " " + flags, &img);
    const auto* node = l.find_fit("graph-node-value");
    ASSERT_NE(node, nullptr) << flags;
    // Presenter mode's graph is short: its nodes are too small for any value.
    if (run < 3) {
      EXPECT_GT(node->need, 0) << flags << ": no values drawn in the nodes";
    }
    EXPECT_LE(node->need, node->room) << flags << ": a node's value runs out of the node";
    const auto* status = l.find_fit("status-message");
    ASSERT_NE(status, nullptr) << flags;
    EXPECT_LE(status->need, status->room + 1) << flags << ": the message runs under ms/frame";
    // The banner is up and opaque: its padding is its own brown, not blended.
    const PanelBox* banner = l.find_overlay("divergence");
    ASSERT_NE(banner, nullptr) << flags << ": the run did not diverge";
    ASSERT_FALSE(img.empty());
    for (int y = banner->y + banner->h / 4; y < banner->y + 3 * banner->h / 4; ++y) {
      const auto p = img.at(banner->x + 4, y);
      EXPECT_EQ(p.r, 120) << flags << " y " << y;
      EXPECT_EQ(p.g, 50) << flags << " y " << y;
      EXPECT_EQ(p.b, 10) << flags << " y " << y;
      if (p.r != 120) break;
    }
  }
}

}  // namespace
