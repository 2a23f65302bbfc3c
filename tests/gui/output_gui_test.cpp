// Real-window tests of the Data & output view: the decision boundary after
// training, the 3-class view, and data import through a script. They run the
// `backstep` binary under Xvfb (DISPLAY must be set) and read its screenshots.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"
#include "tests/support/png_image.hpp"
#include "tests/support/run_process.hpp"

namespace {

namespace fs = std::filesystem;

using backstep::test::Rgb8;
using Png = backstep::test::RgbImage;
Png load(const fs::path& p) {
  return backstep::test::load_png(p);
}

using backstep::test::chroma;
using backstep::test::hue;

bool in_band(Rgb8 c, double lo, double hi, int min_chroma) {
  const double h = hue(c);
  return chroma(c) >= min_chroma && h >= lo && h <= hi;
}
bool orange_like(Rgb8 c) {
  return in_band(c, 15, 50, 40);
}
bool blue_like(Rgb8 c) {
  return in_band(c, 190, 240, 40);
}
bool green_like(Rgb8 c) {
  return in_band(c, 140, 180, 40);
}
bool coloured(Rgb8 c) {
  return chroma(c) >= 40;
}

struct Rect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // half-open
  int w() const { return x1 - x0; }
  int h() const { return y1 - y0; }
};

// The heatmap of the output view: the Data & output panel sits in the right
// column of the default layout, upper part. Its plane is the block whose rows
// are almost entirely coloured (the legend bar under it is much narrower).
// Searches the Data & output panel's rectangle (from --report-layout), so
// coloured text or edges in a neighbouring panel cannot be taken for it.
Rect find_plane(const Png& img, const backstep::test::PanelBox& output) {
  const Rect search{std::max(output.x, 0), std::max(output.y, 0),
                    std::min(output.x + output.w, img.w), std::min(output.y + output.h, img.h)};
  std::vector<int> row_count(img.h, 0);
  int best = 0;
  for (int y = search.y0; y < search.y1; ++y) {
    for (int x = search.x0; x < search.x1; ++x) row_count[y] += coloured(img.at(x, y));
    best = std::max(best, row_count[y]);
  }
  Rect r{img.w, img.h, 0, 0};
  for (int y = search.y0; y < search.y1; ++y) {
    if (row_count[y] < best * 8 / 10) continue;
    r.y0 = std::min(r.y0, y);
    r.y1 = std::max(r.y1, y + 1);
  }
  // Columns the same way, over the plane's rows only: the graph panel's
  // coloured edges to the left cover few of them.
  std::vector<int> col_count(img.w, 0);
  int best_col = 0;
  for (int x = search.x0; x < search.x1; ++x) {
    for (int y = r.y0; y < r.y1; ++y) col_count[x] += coloured(img.at(x, y));
    best_col = std::max(best_col, col_count[x]);
  }
  for (int x = search.x0; x < search.x1; ++x) {
    if (col_count[x] < best_col * 8 / 10) continue;
    r.x0 = std::min(r.x0, x);
    r.x1 = std::max(r.x1, x + 1);
  }
  return r;
}

class OutputGui : public backstep::test::GuiFixture {
 protected:
  OutputGui() : GuiFixture("output_gui") {}

  // Runs the window on a script; returns the exit code, stderr in err_.
  int run_script(const std::string& script) {
    const fs::path s = write("script.txt", script);
    const backstep::test::ProcessOutcome r = backstep::test::run_backstep(
        "--size 1600x900 --frames 4 --report-layout --script " + s.string(), dir_ / "process");
    err_ = r.err;
    layout_ = backstep::test::read_layout_report(r.out);
    return r.started ? r.code : -1;
  }

  // The plane inside the output panel of the last run.
  Rect plane_of(const Png& img) {
    const backstep::test::PanelBox* output = layout_.find("output");
    EXPECT_NE(output, nullptr) << "no output panel reported";
    return output ? find_plane(img, *output) : Rect{0, 0, 0, 0};
  }

  std::string err_;
  backstep::test::ReportedLayout layout_;
};

TEST_F(OutputGui, TrainedCircleShowsBothClassesAndTheInsideClassAtTheCentre) {
  const fs::path shot = dir_ / "circle.png";
  ASSERT_EQ(run_script("preset circle\ntrain 2000\nexpect accuracy >= 0.9\nframes 3\n"
                       "screenshot " +
                       shot.string() + "\n"),
            0)
      << err_;
  const Png img = load(shot);
  ASSERT_GT(img.w, 0) << "no screenshot";
  const Rect plane = plane_of(img);
  ASSERT_GT(plane.w(), 100) << "no heatmap found in the output panel";
  ASSERT_GT(plane.h(), 100);
  int blue = 0, orange = 0;
  for (int y = plane.y0; y < plane.y1; ++y) {
    for (int x = plane.x0; x < plane.x1; ++x) {
      blue += blue_like(img.at(x, y));
      orange += orange_like(img.at(x, y));
    }
  }
  const int area = plane.w() * plane.h();
  EXPECT_GT(blue, area / 10) << "the inside class (blue) is missing";
  EXPECT_GT(orange, area / 10) << "the outside class (orange) is missing";
  // The circle data are centred on the origin and the view spans the data
  // symmetrically, so the plane's centre is (0, 0): inside the disc, class 1,
  // blue. A few pixels around it, in case a data point sits exactly there.
  int inside_blue = 0, probes = 0;
  for (int dy = -6; dy <= 6; dy += 3) {
    for (int dx = -6; dx <= 6; dx += 3) {
      ++probes;
      inside_blue +=
          blue_like(img.at((plane.x0 + plane.x1) / 2 + dx, (plane.y0 + plane.y1) / 2 + dy));
    }
  }
  EXPECT_GT(inside_blue, probes / 2) << "centre is not the inside class colour";
  // And a corner of the plane is far outside the ring: orange.
  EXPECT_TRUE(orange_like(img.at(plane.x0 + 4, plane.y0 + 4)));
}

TEST_F(OutputGui, ThreeClassSoftmaxShowsThreePaletteColours) {
  const fs::path shot = dir_ / "blobs3.png";
  ASSERT_EQ(run_script("preset blobs3\ntrain 1500\nframes 3\nscreenshot " + shot.string() + "\n"),
            0)
      << err_;
  const Png img = load(shot);
  ASSERT_GT(img.w, 0);
  const Rect plane = plane_of(img);
  ASSERT_GT(plane.w(), 100);
  int blue = 0, orange = 0, green = 0;
  for (int y = plane.y0; y < plane.y1; ++y) {
    for (int x = plane.x0; x < plane.x1; ++x) {
      blue += blue_like(img.at(x, y));
      orange += orange_like(img.at(x, y));
      green += green_like(img.at(x, y));
    }
  }
  const int area = plane.w() * plane.h();
  EXPECT_GT(orange, area / 20);
  EXPECT_GT(blue, area / 20);
  EXPECT_GT(green, area / 20);
}

TEST_F(OutputGui, ImportWithABadCellNamesTheLineAndStops) {
  const fs::path csv = write("bad.csv",
                             "x1,x2,t\n0.1,0.2,1\n0.3,0.4,0\n0.5,0.6,1\n0.7,0.8,0\n0.9,1.0,1\n"
                             "1.1,zz,0\n");
  EXPECT_EQ(run_script("preset circle\ndata " + csv.string() + "\n"), 1);
  EXPECT_NE(err_.find("bad.csv:7"), std::string::npos) << err_;
}

TEST_F(OutputGui, DatasetLinesReshapeTheNetworkAndImportWorks) {
  const fs::path csv = write("three.csv", "a,b,c,t\n0,0,1,0\n0,1,0,1\n1,0,0,1\n1,1,1,0\n");
  const fs::path shot = dir_ / "sine.png";
  // (A CSV import takes as many target columns as the network has outputs:
  // one here, after the 1-output sine set.)
  ASSERT_EQ(run_script("preset circle\ndataset sine 100 0.1 0.2\nexpect neurons 0 == 1\n"
                       "train 50\nframes 2\nscreenshot " +
                       shot.string() + "\ndata " + csv.string() +
                       "\nexpect neurons 0 == 3\ntrain 5\nframes 2\n"
                       "dataset blobs3 150\nexpect neurons 2 == 3\nexpect neurons 0 == 2\n"
                       "train 20\nframes 2\n"),
            0)
      << err_;
  const Png img = load(shot);
  EXPECT_GT(img.w, 0);
}

}  // namespace

namespace {

// Every axis label (the plane's and the 1-D curve's extents and axis names)
// sits outside the plot, where no data point is drawn, and inside the Data &
// output panel; and it is drawn: its rectangle holds text pixels that differ
// from the panel's background.
void expect_labels_outside_plot(const backstep::test::ReportedLayout& layout, const Png& img,
                                const std::string& plot_name, const std::string& what) {
  const backstep::test::PanelBox* output = layout.find("output");
  const backstep::test::PanelBox* plot = layout.find_plot(plot_name);
  ASSERT_NE(output, nullptr) << what;
  ASSERT_NE(plot, nullptr) << what << ": no " << plot_name;
  int labels = 0;
  for (const backstep::test::PanelBox& b : layout.plots) {
    if (b.name != "axis-label") continue;
    ++labels;
    const bool apart = b.x + b.w <= plot->x || b.x >= plot->x + plot->w || b.y + b.h <= plot->y ||
                       b.y >= plot->y + plot->h;
    EXPECT_TRUE(apart) << what << ": a label at (" << b.x << ", " << b.y << ") " << b.w << "×"
                       << b.h << " overlaps the plot";
    EXPECT_GE(b.x, output->x) << what;
    EXPECT_GE(b.y, output->y) << what;
    EXPECT_LE(b.x + b.w, output->x + output->w) << what;
    EXPECT_LE(b.y + b.h, output->y + output->h) << what;
    // Text: some pixel in the box is far from the box's corner (background).
    const Rgb8 bg = img.at(b.x, b.y);
    int ink = 0;
    for (int y = b.y; y < b.y + b.h && y < img.h; ++y) {
      for (int x = b.x; x < b.x + b.w && x < img.w; ++x) {
        const Rgb8 c = img.at(x, y);
        ink += std::abs(c.r - bg.r) + std::abs(c.g - bg.g) + std::abs(c.b - bg.b) > 150;
      }
    }
    EXPECT_GT(ink, 3) << what << ": nothing drawn in the label at (" << b.x << ", " << b.y << ")";
  }
  EXPECT_EQ(labels, 6) << what << ": min, max and name of each axis";
}

}  // namespace

TEST_F(OutputGui, AxisLabelsSitOutsideThePlotAtOneTimesAndInPresenterMode) {
  for (const std::string& extra : {std::string(), std::string("--presenter --scale 2.5 ")}) {
    for (const std::string& preset : {std::string("spiral"), std::string("sine")}) {
      const fs::path shot = dir_ / ("axes_" + preset + ".png");
      const backstep::test::ProcessOutcome r = backstep::test::run_backstep(
          extra + "--size 1920x1080 --frames 4 --report-layout --preset " + preset +
              " --screenshot " + shot.string(),
          dir_ / "process");
      ASSERT_TRUE(r.started && r.code == 0) << r.err;
      const Png img = load(shot);
      ASSERT_FALSE(img.empty());
      expect_labels_outside_plot(backstep::test::read_layout_report(r.out), img,
                                 preset == "sine" ? "output-curve" : "output-plane",
                                 preset + " " + extra);
    }
  }
}
