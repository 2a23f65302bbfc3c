// Where the data files live, found at run time, never from a path compiled in:
//   1. $BACKSTEP_ASSETS (assets) and $BACKSTEP_SHADERS (shaders), when set;
//   2. uninstalled, in a build tree: the file `backstep-data-root` next to the
//      executable (written by CMake, never installed) names the source tree;
//   3. installed: <prefix>/share/backstep, the executable being <prefix>/bin/backstep.
// Either way the data root holds assets/ (presets, lessons, strings) and shaders/.
#pragma once

#include <filesystem>

namespace backstep::cli {

// The directory holding assets/ and shaders/ (2. or 3. above).
std::filesystem::path data_root();
std::filesystem::path assets_dir();
std::filesystem::path presets_dir();  // assets_dir() / "presets"
std::filesystem::path shaders_dir();

}  // namespace backstep::cli
