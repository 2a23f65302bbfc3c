#include "tests/support/synthetic_input.hpp"

#include <dlfcn.h>

#include <chrono>
#include <thread>

namespace backstep::test {

using namespace std::chrono_literals;

SyntheticInput::SyntheticInput() {
  x11_ = dlopen("libX11.so.6", RTLD_NOW);
  xtst_ = dlopen("libXtst.so.6", RTLD_NOW);
  if (!x11_ || !xtst_) return;
  open_ = reinterpret_cast<OpenDisplay>(dlsym(x11_, "XOpenDisplay"));
  close_ = reinterpret_cast<CloseDisplay>(dlsym(x11_, "XCloseDisplay"));
  flush_ = reinterpret_cast<Flush>(dlsym(x11_, "XFlush"));
  keycode_ = reinterpret_cast<KeysymToKeycode>(dlsym(x11_, "XKeysymToKeycode"));
  motion_ = reinterpret_cast<FakeMotion>(dlsym(xtst_, "XTestFakeMotionEvent"));
  button_ = reinterpret_cast<FakeButton>(dlsym(xtst_, "XTestFakeButtonEvent"));
  key_ = reinterpret_cast<FakeKey>(dlsym(xtst_, "XTestFakeKeyEvent"));
  if (open_ && close_ && flush_ && keycode_ && motion_ && button_ && key_)
    display_ = open_(nullptr);
}

SyntheticInput::~SyntheticInput() {
  if (display_) close_(display_);
  if (xtst_) dlclose(xtst_);
  if (x11_) dlclose(x11_);
}

void SyntheticInput::move(int x, int y) {
  motion_(display_, 0, x, y, 0);
  flush_(display_);
  std::this_thread::sleep_for(300ms);  // a few frames see the hover first
}

void SyntheticInput::click(int x, int y) {
  move(x, y);
  button_(display_, 1, 1, 0);
  flush_(display_);
  std::this_thread::sleep_for(150ms);
  button_(display_, 1, 0, 0);
  flush_(display_);
}

void SyntheticInput::key(unsigned long sym, bool down) {
  key_(display_, keycode_(display_, sym), down ? 1 : 0, 0);
  flush_(display_);
}

void SyntheticInput::press(unsigned long sym, const std::vector<unsigned long>& modifiers) {
  for (unsigned long m : modifiers) key(m, true);
  std::this_thread::sleep_for(100ms);
  key(sym, true);
  // Down for longer than a frame, shorter than Dear ImGui's key-repeat delay
  // (0.275 s) and the X server's autorepeat (660 ms).
  std::this_thread::sleep_for(200ms);
  key(sym, false);
  std::this_thread::sleep_for(100ms);
  for (unsigned long m : modifiers) key(m, false);
  std::this_thread::sleep_for(100ms);
}

}  // namespace backstep::test
