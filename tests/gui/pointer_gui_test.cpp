// Real mouse input: a click on the window through the X server's XTest
// extension (tests/support/synthetic_input.hpp), not a scripted command.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"
#include "tests/support/run_process.hpp"
#include "tests/support/synthetic_input.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using backstep::test::SyntheticInput;

class Pointer : public backstep::test::GuiFixture {
 protected:
  Pointer() : GuiFixture("pointer") {}
};

// The XOR preset at 1600×900 (seed 1): the graph panel's rectangle and a
// point on the edge from x₁ to hidden neuron 4, w⁽¹⁾₄₁, far from the others.
constexpr int kEdgeX = 574, kEdgeY = 325;

TEST_F(Pointer, ClickingAnEdgeTakesTheInspectorToItsWeightGradient) {
  // The coordinates hold only for this layout: check it first, so a layout
  // change fails here with a clear message rather than as a missed click.
  const auto layout = run("--preset xor --size 1600x900 --frames 3 --report-layout");
  ASSERT_EQ(layout.code, 0) << layout.err;
  const backstep::test::PanelBox* graph =
      backstep::test::read_layout_report(layout.out).find("graph");
  ASSERT_NE(graph, nullptr) << layout.out;
  ASSERT_TRUE(graph->x == 352 && graph->y == 22 && graph->w == 768 && graph->h == 423)
      << "the default layout moved; update kEdgeX/kEdgeY\n"
      << layout.out;

  SyntheticInput input;
  ASSERT_TRUE(input.ready()) << "XTest is unavailable (libx11-6, libxtst6; DISPLAY="
                             << (std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "") << ")";
  // Paused at step 0, the inspector starts at the first forward micro-step.
  // The script waits long enough for the click, then checks where it went:
  // the weight-gradient step of layer 1, neuron 4 (0-based 3).
  const fs::path script = write("click.txt",
                                "expect trace-phase == forward\n"
                                "frames 400\n"
                                "expect trace-phase == weight-gradient\n"
                                "expect trace-layer == 1\n"
                                "expect trace-neuron == 3\n");
  auto app = std::async(std::launch::async, [&] {
    return run("--preset xor --size 1600x900 --frames 420 --live-pointer --script " +
               script.string());
  });
  // The window is up well within two seconds even on a loaded machine; the
  // script keeps it open for 400 frames (≥ 6 s) after that.
  std::this_thread::sleep_for(2500ms);
  input.click(kEdgeX, kEdgeY);
  const auto r = app.get();
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
