#include "app/files/settings.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "app/files/session_actions.hpp"
#include "formats/file_io.hpp"
#include "formats/json_util.hpp"

namespace backstep {

const char* theme_code(Theme t) {
  return t == Theme::light ? "light" : "dark";
}

Result<Theme> parse_theme(std::string_view code) {
  if (code == "dark") return Theme::dark;
  if (code == "light") return Theme::light;
  return Error{"unknown theme \"" + std::string(code) + "\" (expected dark or light)"};
}

std::string settings_path() {
  const std::string dir = config_dir();
  return dir.empty() ? std::string() : dir + "/settings.json";
}

namespace {

float scale_or(const json_util::Json& doc, const char* key, float fallback) {
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_number()) return fallback;
  const double v = it->get<double>();
  return std::isfinite(v) ? std::clamp(static_cast<float>(v), kMinUiScale, kMaxUiScale) : fallback;
}

}  // namespace

Settings parse_settings(const std::string& text) {
  Settings s;
  const json_util::Json doc = json_util::Json::parse(text, nullptr, false);
  if (!doc.is_object()) return s;
  if (auto it = doc.find("language"); it != doc.end() && it->is_string()) {
    if (Result<Language> l = parse_language(it->get<std::string>())) s.language = l.value();
  }
  if (auto it = doc.find("theme"); it != doc.end() && it->is_string()) {
    if (Result<Theme> t = parse_theme(it->get<std::string>())) s.theme = t.value();
  }
  if (auto it = doc.find("presenter"); it != doc.end() && it->is_boolean())
    s.presenter = it->get<bool>();
  s.ui_scale = scale_or(doc, "ui_scale", s.ui_scale);
  s.presenter_scale = scale_or(doc, "presenter_scale", s.presenter_scale);
  return s;
}

Settings read_settings(const std::string& path) {
  if (path.empty()) return {};
  Result<std::string> text = read_file(path);
  return text ? parse_settings(text.value()) : Settings{};
}

std::string settings_json(const Settings& s) {
  json_util::OrderedJson j;
  j["format"] = "backstep-settings/1";
  j["language"] = language_code(s.language);
  j["theme"] = theme_code(s.theme);
  j["presenter"] = s.presenter;
  j["ui_scale"] = s.ui_scale;
  j["presenter_scale"] = s.presenter_scale;
  return j.dump(2) + "\n";
}

Status write_settings(const std::string& path, const Settings& s) {
  if (path.empty()) return Error{"no configuration directory ($XDG_CONFIG_HOME and $HOME unset)"};
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::filesystem::create_directories(parent, ec);
  if (ec) return Error{path + ": cannot create " + parent.string() + ": " + ec.message()};
  return write_file_atomic(path, settings_json(s));
}

}  // namespace backstep
