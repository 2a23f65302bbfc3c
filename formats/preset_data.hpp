// A preset as a command: a generator preset as it is, a data preset
// ("data" in its file, e.g. fashion-mnist) with its data file read and
// checked first. When the data is not installed, the message says which
// Debian package installs it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/commands.hpp"
#include "core/import_spec.hpp"
#include "core/result.hpp"

namespace backstep {

// `instead`: data the user chose (--data …) in place of the preset's own.
Result<LoadPreset> preset_command(Preset preset, const std::optional<ImportSpec>& instead = {});

// load_preset (formats/preset_io.hpp) then preset_command.
Result<LoadPreset> load_preset_command(const std::filesystem::path& dir, const std::string& name,
                                       const std::optional<ImportSpec>& instead = {});

}  // namespace backstep
