// Real input through the X server's XTest extension: what a user's mouse and
// keyboard do, not a scripted command. libX11 and libXtst are loaded at run
// time, so the suites need no X development packages; scripts/install-deps
// --test installs their runtime libraries.
//
// XTest events reach whichever window is under the pointer on the shared Xvfb
// screen, so suites that use this run alone (RUN_SERIAL in tests/CMakeLists.txt).
#pragma once

#include <vector>

namespace backstep::test {

// X keysyms (X11/keysymdef.h) of the keys the window's shortcuts use.
namespace keysym {
constexpr unsigned long space = 0x0020, r = 0x0072, s = 0x0073, o = 0x006f, y = 0x0079, z = 0x007a;
constexpr unsigned long left = 0xff51, right = 0xff53, page_up = 0xff55, page_down = 0xff56;
constexpr unsigned long enter = 0xff0d, escape = 0xff1b;
constexpr unsigned long f1 = 0xffbe, f5 = 0xffc2, f12 = 0xffc9;
constexpr unsigned long shift = 0xffe1, control = 0xffe3;
}  // namespace keysym

class SyntheticInput {
 public:
  SyntheticInput();
  ~SyntheticInput();
  SyntheticInput(const SyntheticInput&) = delete;
  SyntheticInput& operator=(const SyntheticInput&) = delete;

  bool ready() const { return display_ != nullptr; }

  void move(int x, int y);
  // Moves to (x, y) in screen pixels and presses and releases the left button.
  void click(int x, int y);
  // Holds the modifiers, presses and releases `key`, then lets the modifiers go.
  // The key stays down for a few frames: Dear ImGui 1.86 reads key state once
  // a frame, so a press and release between two frames would never be seen.
  void press(unsigned long key, const std::vector<unsigned long>& modifiers = {});

 private:
  void key(unsigned long sym, bool down);

  using OpenDisplay = void* (*)(const char*);
  using CloseDisplay = int (*)(void*);
  using Flush = int (*)(void*);
  using FakeMotion = int (*)(void*, int, int, int, unsigned long);
  using FakeButton = int (*)(void*, unsigned, int, unsigned long);
  using FakeKey = int (*)(void*, unsigned, int, unsigned long);
  using KeysymToKeycode = unsigned char (*)(void*, unsigned long);
  void* x11_ = nullptr;
  void* xtst_ = nullptr;
  void* display_ = nullptr;
  OpenDisplay open_ = nullptr;
  CloseDisplay close_ = nullptr;
  Flush flush_ = nullptr;
  FakeMotion motion_ = nullptr;
  FakeButton button_ = nullptr;
  FakeKey key_ = nullptr;
  KeysymToKeycode keycode_ = nullptr;
};

}  // namespace backstep::test
