// Real-window tests: run the `backstep` binary as a user would, under Xvfb
// (DISPLAY must be set; scripts/test wraps ctest in xvfb-run).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "formats/preset_io.hpp"
#include "tests/support/gui_fixture.hpp"
#include "tests/support/png_image.hpp"
#include "tests/support/run_process.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kPresets = fs::path(BACKSTEP_SOURCE_DIR) / "assets/presets";

using RunResult = backstep::test::ProcessOutcome;
using backstep::test::read_whole_file;

class Gui : public backstep::test::GuiFixture {
 protected:
  Gui() : GuiFixture("gui") {}
};

using Image = backstep::test::RgbImage;
using backstep::test::load_png;

// Distinct colours and strongly coloured (blue or orange, not grey) pixels in a box.
void colour_stats(const Image& img, int x0, int y0, int x1, int y1, std::size_t& distinct,
                  long& saturated) {
  std::set<unsigned> colours;
  saturated = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const auto [r, g, b] = img.at(x, y);
      colours.insert(static_cast<unsigned>(r << 16 | g << 8 | b));
      if (std::abs(r - b) > 80) ++saturated;
    }
  }
  distinct = colours.size();
}

TEST_F(Gui, EveryPresetRenders60FramesAndAScreenshot) {
  const std::vector<std::string> presets = backstep::list_presets(kPresets);
  ASSERT_GE(presets.size(), 8u);
  for (const std::string& name : presets) {
    const fs::path shot = dir_ / (name + ".png");
    const RunResult r =
        run("--preset " + name + " --frames 60 --size 1280x720 --screenshot " + shot.string());
    ASSERT_EQ(r.code, 0) << name << ": " << r.err;
    const Image img = load_png(shot);
    ASSERT_EQ(img.w, 1280) << name;
    ASSERT_EQ(img.h, 720) << name;
    std::size_t distinct = 0;
    long saturated = 0;
    colour_stats(img, 0, 0, img.w, img.h, distinct, saturated);
    EXPECT_GT(distinct, 200u) << name << ": the screenshot looks blank";
    // The graph occupies the upper right: its nodes and edges are coloured.
    colour_stats(img, img.w / 3, img.h / 10, img.w, img.h / 2, distinct, saturated);
    EXPECT_GT(distinct, 50u) << name;
    EXPECT_GT(saturated, 500) << name << ": no node/edge colours in the graph region";
  }
}

TEST_F(Gui, ScriptTrainsXorToFullAccuracy) {
  const fs::path script = write("xor.txt",
                                "# train XOR and check the result\n"
                                "train 2000\n"
                                "frames 2\n"
                                "expect accuracy >= 1.0\n"
                                "expect step == 2000\n");
  const RunResult r = run("--preset xor --frames 5 --script " + script.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(state_value(r.out, "step"), 2000);
  EXPECT_EQ(state_value(r.out, "accuracy"), 1.0);
}

TEST_F(Gui, FailedExpectExitsOne) {
  const fs::path script = write("fail.txt", "train 1\nexpect step == 3\n");
  const RunResult r = run("--frames 2 --script " + script.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("fail.txt:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("step is 1"), std::string::npos) << r.err;
}

TEST_F(Gui, MidRunChangesTakeEffectOnTheNextStep) {
  const fs::path lr = write("lr.txt",
                            "train 50\n"
                            "set lr 0.05\n"
                            "expect lr == 0.05\n"
                            "expect step-lr != 0.05\n"
                            "train 1\n"
                            "expect step-lr == 0.05\n");
  RunResult r = run("--frames 2 --script " + lr.string());
  ASSERT_EQ(r.code, 0) << r.err;

  // Same 50 steps, then step 51 with or without relu in layer 1: the change
  // alters step 51's loss; made after step 51, it does not.
  const RunResult plain = run("--frames 2 --script " + write("a.txt", "train 51\n").string());
  const RunResult before =
      run("--frames 2 --script " +
          write("b.txt", "train 50\nset activation 1 relu\ntrain 1\nexpect activation 1 == relu\n")
              .string());
  const RunResult after =
      run("--frames 2 --script " + write("c.txt", "train 51\nset activation 1 relu\n").string());
  ASSERT_EQ(plain.code, 0) << plain.err;
  ASSERT_EQ(before.code, 0) << before.err;
  ASSERT_EQ(after.code, 0) << after.err;
  const double l_plain = state_value(plain.out, "batch_loss");
  const double l_before = state_value(before.out, "batch_loss");
  const double l_after = state_value(after.out, "batch_loss");
  ASSERT_TRUE(std::isfinite(l_plain)) << plain.out;
  EXPECT_NE(l_plain, l_before);
  EXPECT_EQ(l_plain, l_after);
}

TEST_F(Gui, MalformedModelExitsTwoBeforeAnyWindow) {
  const fs::path model = write("bad.json", "{\"format\": \"backstep-model/1\", \"layers\": [");
  const RunResult r = run("--model " + model.string() + " --frames 1");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("backstep: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;

  const fs::path wrong_shape =
      write("shape.json",
            "{\"format\": \"backstep-model/1\", \"layers\": [{\"size\": 3},"
            " {\"size\": 1, \"activation\": \"sigmoid\"}], \"loss\": \"mse\"}");
  const RunResult r2 = run("--model " + wrong_shape.string() + " --frames 1");
  EXPECT_EQ(r2.code, 2);
  EXPECT_NE(r2.err.find("backstep: error:"), std::string::npos) << r2.err;
}

TEST_F(Gui, BadFlagsAndScriptsExitTwo) {
  RunResult r = run("--no-such-flag");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--no-such-flag"), std::string::npos);
  r = run("--size huge");
  EXPECT_EQ(r.code, 2);
  r = run("--preset no-such-preset --frames 1");
  EXPECT_EQ(r.code, 2);
  const fs::path script = write("bad.txt", "train 10\nset lr\n");
  r = run("--frames 1 --script " + script.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.txt:2:"), std::string::npos) << r.err;
}

TEST_F(Gui, ScriptScreenshotAndUiScale) {
  const fs::path shot = dir_ / "scaled.png";
  const fs::path script =
      write("shot.txt", "play\nframes 10\npause\nscreenshot " + shot.string() + "\n");
  const RunResult r =
      run("--preset spiral --scale 1.5 --size 1024x640 --frames 1 --script " + script.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const Image img = load_png(shot);
  EXPECT_EQ(img.w, 1024);
  EXPECT_EQ(img.h, 640);
  EXPECT_GT(state_value(r.out, "step"), 0);  // it trained while playing
}

}  // namespace
