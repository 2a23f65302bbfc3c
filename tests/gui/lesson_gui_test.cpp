// Lessons in the real window, under Xvfb: every shipped lesson plays through
// its scripted answers to the end (--lesson-autoplay), in both languages for
// one of them, and a page in the middle of lesson 2 draws a readable panel.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/png_image.hpp"
#include "tests/support/run_process.hpp"

namespace {

namespace fs = std::filesystem;
using backstep::test::load_png;
using backstep::test::RgbImage;
using backstep::test::run_backstep;

const fs::path kLessons = fs::path(BACKSTEP_SOURCE_DIR) / "assets/lessons";

// assets/lessons/*.json by name, as the Lessons menu lists them.
std::vector<std::string> lesson_names() {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(kLessons))
    if (e.path().extension() == ".json") names.insert(e.path().stem().string());
  return {names.begin(), names.end()};
}

class LessonGui : public backstep::test::GuiFixture {
 protected:
  LessonGui() : GuiFixture("lesson") {}
};

TEST_F(LessonGui, EveryLessonRunsToCompletionThroughItsAnswers) {
  const std::vector<std::string> names = lesson_names();
  ASSERT_GE(names.size(), 4u);
  for (const std::string& name : names) {
    const fs::path shot = dir_ / (name + ".png");
    const auto r = run_backstep("--lesson " + name + " --lesson-autoplay --size 1280x720" +
                                    " --screenshot " + shot.string(),
                                dir_);
    ASSERT_EQ(r.code, 0) << name << ": " << r.err;
    EXPECT_NE(r.out.find("lesson " + name + ": "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" pages completed"), std::string::npos) << name << ": " << r.out;
    EXPECT_FALSE(load_png(shot).empty()) << name;
  }
}

TEST_F(LessonGui, ChineseLessonRunsToCompletion) {
  const auto r =
      run_backstep("--lang zh --lesson 01-chain-rule --lesson-autoplay --frames 5", dir_);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("lesson 01-chain-rule: 6 pages completed"), std::string::npos) << r.out;
}

// Lesson 2, page 6 (the hidden δs) at 1920×1080: the lesson panel sits in the
// top of the right column and is not blank.
TEST_F(LessonGui, MidLessonScreenshotShowsThePanel) {
  const fs::path shot = dir_ / "xor-page6.png";
  const auto r = run_backstep("--lesson 02-xor --lesson-page 6 --frames 30 --size 1920x1080" +
                                  std::string(" --screenshot ") + shot.string(),
                              dir_);
  ASSERT_EQ(r.code, 0) << r.err;
  const RgbImage img = load_png(shot);
  ASSERT_EQ(img.w, 1920);
  ASSERT_EQ(img.h, 1080);
  // The right column's top: the lesson's text in several shades over the panel background.
  std::set<int> colours;
  long bright = 0, progress = 0;
  for (int y = 40; y < 450; ++y) {
    for (int x = 1350; x < 1910; ++x) {
      const auto c = img.at(x, y);
      colours.insert((c.r << 16) | (c.g << 8) | c.b);
      bright += c.r + c.g + c.b > 500 ? 1 : 0;
      // The "page k of n" bar: ImGui's progress colour (230, 179, 0) in the dark theme.
      progress += c.r > 200 && c.g > 150 && c.g < 210 && c.b < 40 ? 1 : 0;
    }
  }
  EXPECT_GT(colours.size(), 30u) << "the lesson panel looks blank";
  EXPECT_GT(bright, 2000) << "no text in the lesson panel";
  // Page 6 of 9: two thirds of a bar about 550 px wide and a line high.
  EXPECT_GT(progress, 3000) << "no progress bar";
}

TEST_F(LessonGui, UnknownLessonFailsBeforeAnyWindow) {
  const auto r = run_backstep("--lesson 99-nothing --frames 1", dir_);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no lesson '99-nothing'"), std::string::npos) << r.err;
}

}  // namespace
