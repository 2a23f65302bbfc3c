// The Session a headless run drives, built from the common flags:
//   --session S.json                    a saved session (everything in it)
//   --model M.json | --preset NAME      the network (and, for a preset, its
//                                       dataset and hyperparameters)
//   --data D.json|D.csv | --dataset NAME
//   --seed S                            initialization and mini-batch order
// and then changed only through apply(Session&, Command): the hyperparameter
// flags become SetLearningRate, SetOptimizer, SetBatchSize, SetClipNorm, and
// training is TrainSteps — the window's commands, with the window's guard.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "core/session.hpp"

namespace backstep::cli {

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

// "3, 17, 42, …" — the dataset indices of a batch, at most `limit` of them.
std::string batch_list(const std::vector<int>& batch, std::size_t limit = 32);

}  // namespace backstep::cli
