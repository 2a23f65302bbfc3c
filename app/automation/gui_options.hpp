// The window's command line, parsed and checked before any window opens:
// `backstep [--preset NAME | --model M.json] [--data D.json] [--frames N]
//  [--screenshot out.png [--screenshot-panel NAME]] [--script S.txt] [--scale X] [--size WxH]
//  [--lang en|zh] [--theme dark|light] [--presenter] [--report-layout] [--show-help]
//  [--lesson NAME [--lesson-page K] [--lesson-autoplay]] [--quit-after S]`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "app/automation/lesson.hpp"
#include "app/automation/script.hpp"
#include "app/files/settings.hpp"
#include "app/text/strings.hpp"
#include "core/result.hpp"
#include "core/session.hpp"

namespace backstep {

struct GuiOptions {
  std::string preset = "xor";
  std::string model_path;     // --model
  bool preset_given = false;  // --preset was passed (not the default)
  std::string data_path;      // --data
  // How --data is read (formats/data_import.hpp), as the subcommands' data
  // flags: --image WxH (the inputs are a picture), --target COL, --test-share X.
  // Any of them reads --data with import_dataset (header, class labels, the
  // inputs standardized, or left as they are under --model).
  ImageShape data_image;
  std::string data_target;
  double data_test_share = 0.0;
  long frames = 0;  // 0: run until the window closes
  std::string screenshot_path;
  std::string screenshot_panel;  // --screenshot-panel: one panel (app/automation/shot_request.hpp)
  std::string script_path;
  float scale = 1.0f;        // UI scale on top of the monitor's content scale
  bool scale_given = false;  // --scale: for this run, over the remembered scale
  // Classroom settings for this run; unset ones come from the settings file.
  std::optional<Language> language;  // --lang
  std::optional<Theme> theme;        // --theme
  bool presenter = false;            // --presenter
  // --lesson NAME: open assets/lessons/NAME.json; --lesson-autoplay: play it
  // through its answers to the end and exit (0 when every task completed).
  std::string lesson;
  bool lesson_autoplay = false;
  int lesson_page = 1;         // --lesson-page K: open the lesson at page K (1-based)
  bool report_layout = false;  // --report-layout: print the panels' rectangles on exit
  // --live-pointer: an automated run (--frames, --screenshot) normally ignores
  // the mouse, which Xvfb parks mid-screen; tests that click with synthetic
  // input (XTest) turn it back on.
  bool live_pointer = false;
  int width = 1600, height = 900;
  bool show_health = false;         // --show-health: open the Gradient health panel
  bool show_help = false;           // --show-help: open the help window (F1)
  bool report_frame_times = false;  // --report-frame-times: print frame-time stats on exit
  // --quit-after S: close after S seconds of wall time. Not an automated run:
  // the window sleeps when idle, so tests can count the frames it drew.
  double quit_after = 0.0;
};

// Flags only (no files touched). Errors name the flag.
Result<GuiOptions> parse_gui_options(int argc, char** argv);

// Everything the window starts from, with every file read and checked.
struct GuiStart {
  Session session;
  std::optional<Script> script;
  std::optional<Lesson> lesson;
};
Result<GuiStart> prepare_gui_start(const GuiOptions& options,
                                   const std::filesystem::path& presets_dir);

}  // namespace backstep
