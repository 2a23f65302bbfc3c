// Real mouse input: a click on the window through the X server's XTest
// extension (what a user's mouse does), not a scripted command. libX11 and
// libXtst are loaded at run time, so the suite needs no X development
// packages; scripts/install-deps --test installs their runtime libraries.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <future>
#include <string>
#include <thread>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"
#include "tests/support/run_process.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The few Xlib / XTest calls needed, looked up by name.
class SyntheticInput {
 public:
  SyntheticInput() {
    x11_ = dlopen("libX11.so.6", RTLD_NOW);
    xtst_ = dlopen("libXtst.so.6", RTLD_NOW);
    if (!x11_ || !xtst_) return;
    open_ = reinterpret_cast<OpenDisplay>(dlsym(x11_, "XOpenDisplay"));
    close_ = reinterpret_cast<CloseDisplay>(dlsym(x11_, "XCloseDisplay"));
    flush_ = reinterpret_cast<Flush>(dlsym(x11_, "XFlush"));
    motion_ = reinterpret_cast<FakeMotion>(dlsym(xtst_, "XTestFakeMotionEvent"));
    button_ = reinterpret_cast<FakeButton>(dlsym(xtst_, "XTestFakeButtonEvent"));
    if (open_ && close_ && flush_ && motion_ && button_) display_ = open_(nullptr);
  }
  ~SyntheticInput() {
    if (display_) close_(display_);
    if (xtst_) dlclose(xtst_);
    if (x11_) dlclose(x11_);
  }
  SyntheticInput(const SyntheticInput&) = delete;
  SyntheticInput& operator=(const SyntheticInput&) = delete;

  bool ready() const { return display_ != nullptr; }

  // Moves to (x, y) in screen pixels and presses and releases the left button.
  void click(int x, int y) {
    motion_(display_, 0, x, y, 0);
    flush_(display_);
    std::this_thread::sleep_for(300ms);  // a few frames see the hover first
    button_(display_, 1, 1, 0);
    flush_(display_);
    std::this_thread::sleep_for(150ms);
    button_(display_, 1, 0, 0);
    flush_(display_);
  }

 private:
  using OpenDisplay = void* (*)(const char*);
  using CloseDisplay = int (*)(void*);
  using Flush = int (*)(void*);
  using FakeMotion = int (*)(void*, int, int, int, unsigned long);
  using FakeButton = int (*)(void*, unsigned, int, unsigned long);
  void* x11_ = nullptr;
  void* xtst_ = nullptr;
  void* display_ = nullptr;
  OpenDisplay open_ = nullptr;
  CloseDisplay close_ = nullptr;
  Flush flush_ = nullptr;
  FakeMotion motion_ = nullptr;
  FakeButton button_ = nullptr;
};

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
