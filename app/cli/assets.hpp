// Where the data files live: $BACKSTEP_ASSETS when set, otherwise the source
// tree's assets/ (BACKSTEP_SOURCE_DIR, compiled in).
#pragma once

#include <filesystem>

namespace backstep::cli {

std::filesystem::path assets_dir();
std::filesystem::path presets_dir();  // assets_dir() / "presets"

}  // namespace backstep::cli
