// Idle means idle: a paused window with no input, no animation and no pending
// work waits for events instead of redrawing the same picture (on a software
// GL, redrawing it cost a full core). Counted in frames, not CPU time, so the
// check does not depend on how busy the machine is.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "tests/support/gui_fixture.hpp"

namespace {

class Idle : public backstep::test::GuiFixture {
 protected:
  Idle() : GuiFixture("idle") {}
};

// "frame times over N frames (the first … excluded)": N + 1 frames drawn.
long frames_drawn(const std::string& report) {
  std::smatch m;
  if (!std::regex_search(report, m, std::regex(R"(frame times over (\d+) frames)"))) return -1;
  return std::stol(m[1].str()) + 1;
}

TEST_F(Idle, APausedWindowDrawsAFewFramesAndThenSleeps) {
  // Not an automated run (no --frames): the window as a teacher leaves it,
  // small, so that even on a loaded machine a window that kept redrawing
  // would draw many frames (seen: 175 in 3 s with glfwWaitEventsTimeout
  // replaced by a poll, on llvmpipe with both cores busy; 3 when idle).
  const backstep::test::ProcessOutcome r =
      run("--preset xor --size 320x240 --quit-after 3 --report-frame-times");
  ASSERT_EQ(r.code, 0) << r.err;
  const long frames = frames_drawn(r.out);
  ASSERT_GT(frames, 0) << r.out;
  // Start-up settles in three frames, and the first events (focus, expose)
  // may add a few more.
  EXPECT_LE(frames, 12) << r.out;
}

TEST_F(Idle, FramesRunsStillDrawEveryFrame) {
  // --frames N is automation: N frames, never a wait, whatever the session does.
  const backstep::test::ProcessOutcome r = run("--preset xor --frames 40 --report-frame-times");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(frames_drawn(r.out), 40) << r.out;
}

TEST_F(Idle, QuitAfterNeedsAPositiveNumberOfSeconds) {
  for (const char* bad : {"0", "-1", "soon", "1e9"}) {
    const backstep::test::ProcessOutcome r = run(std::string("--quit-after ") + bad);
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.err.find("--quit-after"), std::string::npos) << r.err;
  }
}

}  // namespace
