#include "app/cli/assets.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

namespace backstep::cli {

namespace {

namespace fs = std::filesystem;

// The running executable, symlinks resolved (/usr/bin/backstep may point
// elsewhere); empty when /proc is not mounted.
fs::path executable() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe;
}

fs::path env_dir(const char* name) {
  const char* env = std::getenv(name);
  return env != nullptr && *env != '\0' ? fs::path(env) : fs::path();
}

}  // namespace

fs::path data_root() {
  const fs::path exe = executable();
  const fs::path bin = exe.empty() ? fs::current_path() : exe.parent_path();
  // A build tree: the marker's one line is the source tree.
  if (std::ifstream marker(bin / "backstep-data-root"); marker) {
    std::string line;
    if (std::getline(marker, line) && !line.empty()) return line;
  }
  // Installed (or unpacked from the .deb into any directory).
  return bin.parent_path() / "share" / "backstep";
}

fs::path assets_dir() {
  if (fs::path env = env_dir("BACKSTEP_ASSETS"); !env.empty()) return env;
  return data_root() / "assets";
}

fs::path presets_dir() {
  return assets_dir() / "presets";
}

fs::path shaders_dir() {
  if (fs::path env = env_dir("BACKSTEP_SHADERS"); !env.empty()) return env;
  return data_root() / "shaders";
}

}  // namespace backstep::cli
