// What the window remembers between runs: language, theme, presenter mode and
// the two UI scales, in <config_dir>/settings.json (app/files/session_actions.hpp).
// No GL, so tests can read and write it. A damaged or missing file gives the
// defaults: a preference is never worth refusing to start over.
#pragma once

#include <string>
#include <string_view>

#include "app/text/strings.hpp"
#include "core/result.hpp"

namespace backstep {

enum class Theme { dark = 0, light = 1 };
const char* theme_code(Theme t);
Result<Theme> parse_theme(std::string_view code);

// UI scale bounds: 1.0 (a laptop) to 3.0 (a classroom projector).
inline constexpr float kMinUiScale = 1.0f, kMaxUiScale = 3.0f;

struct Settings {
  Language language = Language::en;
  Theme theme = Theme::dark;
  bool presenter = false;
  float ui_scale = 1.0f;         // normal mode
  float presenter_scale = 2.0f;  // presenter mode (F5)
};

// <config_dir>/settings.json ("" without a config dir).
std::string settings_path();
// The file's settings; unknown or bad fields keep their defaults.
Settings read_settings(const std::string& path);
Settings parse_settings(const std::string& text);
std::string settings_json(const Settings& s);
// Writes atomically, creating the directory if needed.
Status write_settings(const std::string& path, const Settings& s);

}  // namespace backstep
