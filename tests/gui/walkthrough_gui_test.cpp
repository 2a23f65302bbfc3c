// The classroom walkthrough of issue 14 in the real window, under Xvfb: the
// help (F1) readable at every size, scale and language, and opaque.
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
    const PanelBox* column = l.find_overlay("help.description");
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

}  // namespace
