// A preset: everything needed to start a run — network, initialization,
// dataset spec and hyperparameters. Parsed from assets/presets/*.json by
// formats/preset_io.hpp; consumed by Session (LoadPreset) and the CLI.
#pragma once

#include <string>

#include "core/dataset.hpp"
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
};

}  // namespace backstep
