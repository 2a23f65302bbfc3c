// What a headless run starts from, resolved from the common flags:
//   --model M.json | --preset NAME      the network (and, for a preset, its
//                                       dataset and hyperparameters)
//   --data D.json|D.csv | --dataset NAME
//   --seed S                            initialization and mini-batch order
// Shared by train, grad and any subcommand that needs a network and data.
#pragma once

#include <string>

#include "app/cli/args.hpp"
#include "core/dataset.hpp"
#include "core/mlp.hpp"
#include "core/trainer.hpp"

namespace backstep::cli {

struct RunSetup {
  Mlp net;
  Hyperparams hp;  // the preset's, or core defaults for a model file
  DataSplit data;
  std::string source;        // the model file or "preset NAME", for messages
  long suggested_steps = 0;  // the preset's "steps" (0 if none)
};

// The FlagSpecs of the flags load_run_setup reads (each subcommand lists them
// in its own table, with its own help text, so they are not exported).
// Errors are bad input: exit with kExitUsage.
Result<RunSetup> load_run_setup(const Args& args);

}  // namespace backstep::cli
