// The Session a headless run drives, built from the common flags:
//   --session S.json                    a saved session (everything in it)
//   --model M.json | --preset NAME      the network (and, for a preset, its
//                                       dataset and hyperparameters)
//   --data D.json|D.csv | --dataset NAME
//   --target, --scale, --test-share, --test-data, --image  how --data is read
//                                       (kDataFlags; formats/data_import.hpp)
//   --seed S                            initialization and mini-batch order
// and then changed only through apply(Session&, Command): the hyperparameter
// flags become SetLearningRate, SetOptimizer, SetBatchSize, SetClipNorm, and
// training is TrainSteps — the window's commands, with the window's guard.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "core/import_spec.hpp"
#include "core/session.hpp"

namespace backstep::cli {

// The data flags every subcommand that reads --data shares, in one table
// (join_flags puts them into each subcommand's list), read by import_flags.
inline constexpr FlagSpec kDataFlags[] = {
    {"--data", "D.csv", "data file, CSV (header, named columns, class labels) or JSON"},
    {"--target", "COL", "CSV target column(s): header name or 1-based index, comma-separated"},
    {"--scale", "MODE",
     "input scaling fitted on the training part: standardize (default), minmax, none"},
    {"--test-share", "X", "hold out X of --data (0 … 0.9) as the test set, stratified by class"},
    {"--test-data", "T.csv", "or a test file with the same columns"},
    {"--image", "WxH", "the inputs are the pixels of a W×H image (W·H must equal the inputs)"},
};

// The data flags' paragraph of a subcommand's --help.
inline constexpr std::string_view kDataFlagsHelp =
    "\n\nDATA FLAGS read --data as people write it: a header row names the columns, a\n"
    "column of class names (or integers chosen with --target) becomes one-hot targets\n"
    "with the class names kept; without --target the target is the last column if it\n"
    "holds names, else the last n_L columns. --test-share or --test-data gives a test\n"
    "set, and the inputs are standardized with the training part's mean and s.d.\n"
    "(--scale; a model file's own weights read the data unscaled by default).";

// The ImportSpec the data flags describe; nullopt without --data. A bad
// value, or a data flag without --data, is an error naming the flag.
Result<std::optional<ImportSpec>> import_flags(const Args& args);

struct RunSession {
  Session session;
  std::string source;        // the session or model file, or "preset NAME", for messages
  long suggested_steps = 0;  // the preset's "steps" (0 if none)
};

// The session the flags describe. --seed is part of building it (it sets the
// initialization seed of drawn weights and the shuffle seed of the batch
// order, as a preset's "seed" does). Errors are bad input: exit kExitUsage.
Result<RunSession> load_run_session(const Args& args);

// --lr X, --optimizer NAME, --batch-size B, --clip C, whichever are given, as
// commands (a value the session already has is not re-applied, so resuming a
// session with its own optimizer keeps its moments). `min_batch`: the
// smallest --batch-size accepted (0 = full batch where a subcommand allows it).
Status apply_hyperparameter_flags(const Args& args, Session& s, long min_batch);

// What a failed TrainSteps / TrainEpochs means on the command line.
struct TrainFailure {
  int exit_code = 0;  // kExitRuntime for a divergence, kExitUsage otherwise
  std::string message;
};
// apply(s, command) for a training command; nullopt when it succeeded. A
// diverging step is caught by the session before it is applied (s.divergence):
// the message names the step and that the parameters before it are kept.
std::optional<TrainFailure> train(Session& s, const Command& command);

// --steps N (0 … 10⁹) before inspecting the pending step; nullopt on success.
std::optional<TrainFailure> train_flag_steps(const Args& args, Session& s);

// The pending step `trace` and `graph` inspect: the hyperparameter flags,
// --steps N, then --sample I (dataset index, 0-based), which must be in the
// pending batch — the message lists the batch's samples when it is not.
// `source` names the session for messages; nullopt on success.
std::optional<TrainFailure> prepare_pending_step(const Args& args, Session& s,
                                                 const std::string& source);

// "3, 17, 42, …" — the dataset indices of a batch, at most `limit` of them.
std::string batch_list(const std::vector<int>& batch, std::size_t limit = 32);

}  // namespace backstep::cli
