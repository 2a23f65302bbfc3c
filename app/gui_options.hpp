// The window's command line, parsed and checked before any window opens:
// `backstep [--preset NAME | --model M.json] [--data D.json] [--frames N]
//  [--screenshot out.png] [--script S.txt] [--scale X] [--size WxH]`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "app/script.hpp"
#include "core/result.hpp"
#include "core/session.hpp"

namespace backstep {

struct GuiOptions {
  std::string preset = "xor";
  std::string model_path;     // --model
  bool preset_given = false;  // --preset was passed (not the default)
  std::string data_path;      // --data
  long frames = 0;            // 0: run until the window closes
  std::string screenshot_path;
  std::string script_path;
  float scale = 1.0f;  // UI scale on top of the monitor's content scale
  int width = 1600, height = 900;
  bool show_health = false;         // --show-health: open the Gradient health panel
  bool report_frame_times = false;  // --report-frame-times: print frame-time stats on exit
};

// Flags only (no files touched). Errors name the flag.
Result<GuiOptions> parse_gui_options(int argc, char** argv);

// Everything the window starts from, with every file read and checked.
struct GuiStart {
  Session session;
  std::optional<Script> script;
};
Result<GuiStart> prepare_gui_start(const GuiOptions& options,
                                   const std::filesystem::path& presets_dir);

}  // namespace backstep
