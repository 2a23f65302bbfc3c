// A preset: everything needed to start a run — network, initialization,
// dataset spec and hyperparameters. Parsed from assets/presets/*.json by
// formats/preset_io.hpp; consumed by Session (LoadPreset) and the CLI.
#pragma once

#include <optional>
#include <string>

#include "core/dataset.hpp"
#include "core/import_spec.hpp"
#include "core/init.hpp"
#include "core/mlp.hpp"
#include "core/trainer.hpp"

namespace backstep {

struct Preset {
  std::string name;          // "xor"
  std::string description;   // one line for the picker
  Mlp net;                   // architecture, activations, loss (and weights if has_weights)
  bool has_weights = false;  // false: initialize from `init`
  InitSpec init;
  GeneratorSpec dataset;
  Hyperparams hyperparams;
  long steps = 0;  // suggested number of training steps for `backstep train` (0: its default)
  // A data preset reads a data file instead of generating `dataset`
  // (formats/preset_data.hpp): e.g. Fashion-MNIST's IDX directory, with
  // data->label_names naming the classes, and the Debian package that
  // installs it for the message when it is missing.
  std::optional<ImportSpec> data;
  std::string data_package;
};

}  // namespace backstep
