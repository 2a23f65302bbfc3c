#include "app/cli/assets.hpp"

#include <cstdlib>

namespace backstep::cli {

std::filesystem::path assets_dir() {
  if (const char* env = std::getenv("BACKSTEP_ASSETS"); env != nullptr && *env != '\0') {
    return env;
  }
  return std::filesystem::path(BACKSTEP_SOURCE_DIR) / "assets";
}

std::filesystem::path presets_dir() {
  return assets_dir() / "presets";
}

}  // namespace backstep::cli
