// Presets: assets/presets/<name>.json. A preset is a backstep-model/1 object
// (weights optional) plus
//   "name", "description", "init", "seed",
//   "dataset":  {"name", "count", "noise", "test_ratio", "seed"},
//   "training": {"learning_rate", "optimizer", "batch_size", "steps",
//                "regularization": {"kind", "lambda"}, "clip_norm",
//                "schedule": {"kind", "step_every", "gamma", "total_steps", "min_factor"}}
// or, for a data preset, instead of "dataset":
//   "data":     {"path", "package", "class_names"}  (formats/preset_data.hpp)
// Every field of "dataset" and "training" is optional (defaults from core).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/preset.hpp"
#include "core/result.hpp"
#include "formats/json_util.hpp"

namespace backstep {

Result<Preset> parse_preset(const json_util::Json& doc, const std::string& file);
Result<Preset> read_preset(const std::string& path);
// <dir>/<name>.json; an unknown name lists the available ones.
Result<Preset> load_preset(const std::filesystem::path& dir, const std::string& name);
// Names (file stems) of the *.json files in dir, sorted; empty if none.
std::vector<std::string> list_presets(const std::filesystem::path& dir);

// The Mlp a run starts from: the preset's weights, or drawn from preset.init
// (so a changed init seed takes effect).
Mlp preset_network(const Preset& preset);

}  // namespace backstep
