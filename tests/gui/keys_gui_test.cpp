// Every keyboard shortcut the help lists, pressed as a user presses it: a real
// key event through XTest (tests/support/synthetic_input.hpp) into the real
// window, and its effect read back by the window's own script.
//
// The test and the window take turns. The script prints a line (`print …`)
// when it is ready for the next key; the test waits for that line in the
// window's stdout, presses the key, and the script's next line waits up to
// 600 frames (`expect … within 600`) for the key's effect. A key that does
// nothing fails that expect, and the run exits 1 naming the line.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/run_process.hpp"
#include "tests/support/synthetic_input.hpp"

namespace {

namespace fs = std::filesystem;
namespace key = backstep::test::keysym;
using namespace std::chrono_literals;
using backstep::test::SyntheticInput;

class Keys : public backstep::test::GuiFixture {
 protected:
  Keys() : GuiFixture("keys") {}

  // One turn: the line the script prints when it is ready, and the key to press then.
  struct Turn {
    std::string ready;
    std::function<void(SyntheticInput&)> act;
  };

  // Runs the window with `args` and `script`, takes the turns, and returns the
  // window's outcome. A turn whose line never comes stops the test: the
  // window has failed (its stderr says where) or hangs.
  backstep::test::ProcessOutcome drive(const std::string& args, const std::string& script,
                                       const std::vector<Turn>& turns) {
    SyntheticInput input;
    EXPECT_TRUE(input.ready()) << "XTest is unavailable (libx11-6, libxtst6)";
    if (!input.ready()) return {};
    const fs::path file = write("keys.txt", script);
    const fs::path stdout_file = dir_ / "process" / "stdout.txt";
    // F12 saves its screenshot in the working directory: the scratch one.
    const fs::path old_cwd = fs::current_path();
    fs::current_path(dir_);
    auto app = std::async(std::launch::async,
                          [&] { return run(args + " --live-pointer --script " + file.string()); });
    for (const Turn& t : turns) {
      const std::string line = "print " + t.ready + "\n";
      const auto deadline = std::chrono::steady_clock::now() + 120s;
      bool seen = false;
      while (!seen && std::chrono::steady_clock::now() < deadline &&
             app.wait_for(50ms) != std::future_status::ready)
        seen = backstep::test::read_whole_file(stdout_file).find(line) != std::string::npos;
      if (!seen) {
        ADD_FAILURE() << "the window never printed '" << t.ready << "'";
        break;
      }
      t.act(input);
    }
    auto r = app.get();
    fs::current_path(old_cwd);
    return r;
  }

  // The PNG files in the scratch directory whose names end in `suffix`.
  int pngs_ending_in(const std::string& suffix) const {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir_)) {
      const std::string name = e.path().filename().string();
      if (name.starts_with("backstep-") && name.ends_with(suffix)) ++n;
    }
    return n;
  }
};

// XOR at 1600×900. The pointer rests on the graph panel (352, 22, 768 × 423
// in this layout), so the keys go to the window and Shift+F12 has a panel.
constexpr int kGraphX = 700, kGraphY = 250;

TEST_F(Keys, EveryShortcutDoesWhatTheHelpSays) {
  auto press = [](unsigned long k, std::vector<unsigned long> mods = {}) {
    return [k, mods](SyntheticInput& in) { in.press(k, mods); };
  };
  const std::string script =
      "print ready\n"
      "expect playing == 1 within 600\n"  // Space plays
      "print playing\n"
      "expect playing == 0 within 600\n"  // Space again pauses
      "expect step > 0\n"
      "print paused\n"
      "expect step == 0 within 600\n"  // R resets, same seed
      "print reset\n"
      "expect step == 1 within 600\n"  // → trains one step
      "print one\n"
      "expect step == 2 within 600\n"
      "set lr 0.25\n"  // an edit, which Undo takes back (training is not an edit)
      "print two\n"
      "expect lr == 0.3 within 600\n"  // Ctrl+Z undoes it
      "print undone\n"
      "expect lr == 0.25 within 600\n"  // Ctrl+Y redoes it
      "expect step == 2\n"
      "expect trace-index == 0\n"
      "print redone\n"
      "expect trace-index == 1 within 600\n"  // Shift+→: one micro-step on
      "print micro\n"
      "expect trace-index == 0 within 600\n"  // Shift+←: one back
      "print micro-back\n"
      "expect file-dialog == 1 within 600\n"  // Ctrl+S asks where to save
      "print save-dialog\n"
      "expect file-dialog == 0 within 600\n"  // Enter saves there
      "print saved\n"
      "expect step == 3 within 600\n"
      "print three\n"
      "expect file-dialog == 2 within 600\n"  // Ctrl+O asks what to open
      "print open-dialog\n"
      "expect step == 2 within 600\n"  // Enter opens the session saved at step 2
      "print opened\n"
      "expect file-dialog == 1 within 600\n"
      "print dialog-again\n"
      "expect file-dialog == 0 within 600\n"  // Esc cancels the dialog
      "expect step == 2\n"
      "print cancelled\n"
      "expect help == 1 within 600\n"  // F1 opens the help
      "print help\n"
      "expect help == 0 within 600\n"  // Esc closes it
      "print help-closed\n"
      "expect help == 1 within 600\n"
      "print help-again\n"
      "expect help == 0 within 600\n"  // and F1 toggles it
      "print help-toggled\n"
      "expect presenter == 1 within 600\n"  // F5: presenter mode
      "print presenter\n"
      "expect presenter == 0 within 600\n"
      "print normal\n"
      "expect screenshots == 1 within 600\n"  // F12: the window
      "print shot\n"
      "expect screenshots == 2 within 600\n"  // Shift+F12: the panel under the pointer
      "frames 2\n";
  const std::vector<Turn> turns = {
      {"ready",
       [](SyntheticInput& in) {
         in.move(kGraphX, kGraphY);
         in.press(key::space);
       }},
      {"playing", press(key::space)},
      {"paused", press(key::r)},
      {"reset", press(key::right)},
      {"one", press(key::right)},
      {"two", press(key::z, {key::control})},
      {"undone", press(key::y, {key::control})},
      {"redone", press(key::right, {key::shift})},
      {"micro", press(key::left, {key::shift})},
      {"micro-back", press(key::s, {key::control})},
      {"save-dialog", press(key::enter)},
      {"saved", press(key::right)},
      {"three", press(key::o, {key::control})},
      {"open-dialog", press(key::enter)},
      {"opened", press(key::s, {key::control})},
      {"dialog-again", press(key::escape)},
      {"cancelled", press(key::f1)},
      {"help", press(key::escape)},
      {"help-closed", press(key::f1)},
      {"help-again", press(key::f1)},
      {"help-toggled", press(key::f5)},
      {"presenter", press(key::f5)},
      {"normal", press(key::f12)},
      {"shot", press(key::f12, {key::shift})},
  };
  const auto r = drive("--preset xor --size 1600x900 --frames 3", script, turns);
  EXPECT_EQ(r.code, 0) << r.err;
  // Ctrl+S saved the session where the dialog proposed: the settings directory.
  EXPECT_TRUE(fs::is_regular_file(dir_ / "config" / "backstep" / "session.json"));
  // One whole-window screenshot and one of the graph panel, named by the time.
  EXPECT_EQ(pngs_ending_in("-graph.png"), 1);
  int all = 0;
  for (const auto& e : fs::directory_iterator(dir_))
    if (e.path().extension() == ".png") ++all;
  EXPECT_EQ(all, 2);
}

TEST_F(Keys, PageDownAndPageUpTurnTheLessonsPages) {
  const std::string script =
      "expect lesson-page == 1\n"
      "print ready\n"
      "expect lesson-page == 2 within 600\n"
      "print next\n"
      "expect lesson-page == 3 within 600\n"
      "print next-again\n"
      "expect lesson-page == 2 within 600\n"
      "frames 2\n";
  const std::vector<Turn> turns = {
      {"ready",
       [](SyntheticInput& in) {
         in.move(kGraphX, kGraphY);
         in.press(key::page_down);
       }},
      {"next", [](SyntheticInput& in) { in.press(key::page_down); }},
      {"next-again", [](SyntheticInput& in) { in.press(key::page_up); }},
  };
  const auto r = drive("--lesson 02-xor --size 1600x900 --frames 3", script, turns);
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
