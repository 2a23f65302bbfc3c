// Real-window tests of the views made for image inputs (--image WxH): the
// Data & output panel's picture of the selected sample shows its inputs as
// grey levels, and the graph's weight images put each first-layer weight at
// its pixel in the weight colour. The expected values are worked out here from
// the files the tests write, never read from the program; positions come from
// --report-layout ("plot sample-picture …", "plot weight-image-J …").
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"
#include "tests/support/png_image.hpp"

namespace {

namespace fs = std::filesystem;
using backstep::test::chroma;
using backstep::test::hue;
using backstep::test::Rgb8;

constexpr int kSide = 8;  // 8 × 8 pictures, 64 inputs

class ImageGui : public backstep::test::GuiFixture {
 protected:
  ImageGui() : GuiFixture("image") {}
};

// Pixel (r, c) of sample i: a different pattern per sample, in [0, 1].
double pixel(int i, int r, int c) {
  return static_cast<double>((r * kSide + c) * 37 % 64 + i) / 70.0;
}

// A CSV of 12 samples, 64 pixel columns and a class-name column.
std::string pixels_csv() {
  std::ostringstream out;
  for (int k = 0; k < kSide * kSide; ++k) out << "p" << k << ",";
  out << "label\n";
  const char* names[] = {"ring", "bar", "dot"};
  for (int i = 0; i < 12; ++i) {
    for (int k = 0; k < kSide * kSide; ++k) out << pixel(i, k / kSide, k % kSide) << ",";
    out << names[i % 3] << "\n";
  }
  return out.str();
}

// The centre of image pixel (r, c) of a reported W×H picture rectangle.
Rgb8 at_pixel(const backstep::test::RgbImage& img, const backstep::test::PanelBox& box, int r,
              int c) {
  const int x = static_cast<int>(box.x + (c + 0.5) * box.w / kSide);
  const int y = static_cast<int>(box.y + (r + 0.5) * box.h / kSide);
  return img.at(x, y);
}

TEST_F(ImageGui, SamplePictureShowsTheInputsAsGreyLevels) {
  const fs::path csv = write("pixels.csv", pixels_csv());
  const fs::path shot = dir_ / "picture.png";
  // The file's own pixels, in [0, 1]: the picture's range is [0, 1], so the
  // grey level of a pixel of value v is round(255·v).
  const auto r =
      run("--preset blobs3 --data " + csv.string() +
          " --image 8x8 --size 1600x900 --frames 3 --report-layout --screenshot " + shot.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto layout = backstep::test::read_layout_report(r.out);
  const backstep::test::PanelBox* box = layout.find_plot("sample-picture");
  ASSERT_NE(box, nullptr) << r.out;
  EXPECT_EQ(box->w % kSide, 0) << "a whole number of screen pixels per image pixel";
  EXPECT_EQ(box->w, box->h);
  const auto img = backstep::test::load_png(shot);
  ASSERT_FALSE(img.empty());
  int checked = 0;
  for (int row = 0; row < kSide; ++row) {
    for (int col = 0; col < kSide; ++col) {
      const Rgb8 p = at_pixel(img, *box, row, col);
      const int expected = static_cast<int>(std::lround(255.0 * pixel(0, row, col)));
      EXPECT_EQ(p.r, p.g) << row << "," << col;
      EXPECT_EQ(p.g, p.b) << row << "," << col;
      EXPECT_NEAR(p.r, expected, 1) << "pixel " << row << "," << col;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 64);
}

// A 64-3-3 model whose first neuron's weights run linearly from −1 (pixel 1)
// to +1 (pixel 64), the second's the other way, the third's all 0.
std::string ramp_model() {
  std::ostringstream out;
  out << R"({"format": "backstep-model/1", "layers": [{"size": 64}, )"
      << R"({"size": 3, "activation": "tanh"}, {"size": 3, "activation": "softmax"}], )"
      << R"("loss": "ce", "weights": [[)";
  for (int j = 0; j < 3; ++j) {
    out << (j ? ", [" : "[");
    for (int k = 0; k < 64; ++k) {
      const double w = (k - 31.5) / 31.5;
      out << (k ? ", " : "") << (j == 0 ? w : j == 1 ? -w : 0.0);
    }
    out << "]";
  }
  out << R"(], [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1], [0.2, 0.1, 0.3]]], )"
      << R"("biases": [[0, 0, 0], [0, 0, 0]]})";
  return out.str();
}

bool blue_like(Rgb8 c) {
  return chroma(c) >= 60 && hue(c) >= 190 && hue(c) <= 240;
}
bool orange_like(Rgb8 c) {
  return chroma(c) >= 60 && hue(c) >= 15 && hue(c) <= 50;
}

TEST_F(ImageGui, WeightImagesPutEachWeightAtItsPixelInTheWeightColour) {
  const fs::path csv = write("pixels.csv", pixels_csv());
  const fs::path model = write("ramp.json", ramp_model());
  const fs::path shot = dir_ / "weights.png";
  const auto r =
      run("--model " + model.string() + " --data " + csv.string() +
          " --image 8x8 --size 1600x900 --frames 3 --report-layout --screenshot " + shot.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto layout = backstep::test::read_layout_report(r.out);
  const auto img = backstep::test::load_png(shot);
  ASSERT_FALSE(img.empty());
  const backstep::test::PanelBox* first = layout.find_plot("weight-image-1");
  const backstep::test::PanelBox* second = layout.find_plot("weight-image-2");
  const backstep::test::PanelBox* zero = layout.find_plot("weight-image-3");
  ASSERT_TRUE(first && second && zero) << r.out;
  // The scale is ±max |w| = ±1: the ends of the ramp are the map's ends.
  EXPECT_TRUE(orange_like(at_pixel(img, *first, 0, 0))) << "w = −1 at pixel 1";
  EXPECT_TRUE(blue_like(at_pixel(img, *first, 7, 7))) << "w = +1 at pixel 64";
  EXPECT_TRUE(blue_like(at_pixel(img, *second, 0, 0)));
  EXPECT_TRUE(orange_like(at_pixel(img, *second, 7, 7)));
  // Row by row, left to right: pixel 8 (row 1, column 8) is w = (7 − 31.5)/31.5 < 0,
  // pixel 57 (row 8, column 1) is w = (56 − 31.5)/31.5 > 0.
  EXPECT_TRUE(orange_like(at_pixel(img, *first, 0, 7)));
  EXPECT_TRUE(blue_like(at_pixel(img, *first, 7, 0)));
  // The colour strengthens with |w| along the ramp: chroma falls towards the
  // middle (pixels 32, 33: |w| = 1/63) and rises again.
  const int end = chroma(at_pixel(img, *first, 0, 0));
  const int middle = chroma(at_pixel(img, *first, 3, 7));
  EXPECT_LT(middle, end / 3) << "w ≈ 0 is the map's light grey";
  // All-zero weights: grey everywhere.
  for (int k = 0; k < 64; k += 9) EXPECT_LT(chroma(at_pixel(img, *zero, k / 8, k % 8)), 20);
}

// A set too large to evaluate every frame (Fashion-MNIST's 70 000 images):
// while it plays, whole-set evaluations run a block at a time, so accuracy
// and loss move. Before, the window evaluated every 10 938 steps and still
// showed the step-0 test accuracy (~0.1) after 400 steps.
TEST_F(ImageGui, PlayingFashionMnistUpdatesItsWholeSetAccuracy) {
  ASSERT_TRUE(fs::exists("/usr/share/datasets/fashion-mnist"))
      << "scripts/install-deps --test installs dataset-fashion-mnist";
  const fs::path script = write("play.txt", "play\n");
  const auto r =
      run("--preset fashion-mnist --size 1600x900 --frames 250 --script " + script.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const double steps = state_value(r.out, "step");
  const double accuracy = state_value(r.out, "test_accuracy");
  ASSERT_GT(steps, 100) << r.out;
  // Untrained, ten classes score ~0.1; a few hundred adam steps reach ~0.8.
  EXPECT_GT(accuracy, 0.5) << r.out;
  EXPECT_LT(state_value(r.out, "test_loss"), 1.5) << r.out;  // ln 10 = 2.30 at the start
}

}  // namespace
