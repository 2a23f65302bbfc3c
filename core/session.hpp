// Session: everything a run is — network, data, hyperparameters, optimizer
// state, history. The one facade the front end, the script runner and the
// tests use; state changes only through apply().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/commands.hpp"
#include "core/dataset.hpp"
#include "core/evaluation_pass.hpp"
#include "core/ghost_run.hpp"
#include "core/init.hpp"
#include "core/loss_history.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"
#include "core/rewind.hpp"
#include "core/session_health.hpp"
#include "core/step.hpp"
#include "core/trace_cursor.hpp"
#include "core/trainer.hpp"

namespace backstep {

struct Session {
  std::string name = "untitled";  // preset or file name, for the title bar
  Mlp net;
  InitSpec init;
  GeneratorSpec data_spec;  // how `data` was generated (when data_source is empty)
  std::string data_source;  // path of an imported data file, else empty
  ImportSpec data_import;   // how it was read (meaningful when data_source is set)
  DataSplit data;
  Hyperparams hp;
  Trainer trainer;
  LossHistory history;
  StepReport last_step;  // report of the most recent optimizer update
  // On the current parameters; while the window plays a set too large to
  // evaluate every frame, on those of the last completed evaluation pass.
  Evaluation train_eval, test_eval;
  long evaluated_step = 0;         // the step whose parameters train_eval / test_eval are of
  EvaluationPass evaluation_pass;  // the window's whole-set evaluation, block by block
  // Buffers of the full-set evaluations (one per set, so neither resizes the
  // other's): sized once per network and set, then reused by every
  // evaluation the training loop makes.
  Workspace train_eval_ws, test_eval_ws;
  int selected_sample = 0;
  bool playing = false;
  std::string message;  // last status or error, shown in the UI
  bool message_is_error = false;
  std::uint64_t revision = 0;  // bumped on every change; views cache on it

  // Gradient health (core/session_health.hpp): ‖∂L/∂W⁽ˡ⁾‖ per recorded step,
  // the last divergence (the banner) and the last "verify gradients".
  GradNormHistory grad_history;
  Divergence divergence;
  DivergenceWatch watch;  // the early warning's best loss (core/session_health.hpp)
  std::optional<GradCheckReport> gradcheck;

  // Rewind snapshots, the present while the past is shown, undo/redo
  // (core/rewind.hpp; maintained by apply via core/session_rewind.hpp).
  RewindState rewind;
  // The chain-rule tracer's cursor over the next step (core/session_trace.hpp).
  TraceCursor trace;
  // The step under inspection (core/session_step.hpp), computed once per revision.
  StepCache pending;
  // Bug lab: the correct engine in lock-step beside a run with a mistake on
  // (core/ghost_run.hpp); active exactly while hp.bug is not none.
  GhostRun ghost;
};

// A session on the given preset (network initialized, data generated), or on
// `data` (moved from), which a data preset needs: its file, already read.
Result<Session> make_session(const Preset& preset, LoadDataset* data = nullptr);

// The only way a Session changes. On error the session is left exactly as it
// was, except `message`/`message_is_error`, which describe the error. The
// rvalue form moves a load's data into the session (no copy of a large data
// set); the const form applies a copy of the command.
Status apply(Session& s, Command&& c);
Status apply(Session& s, const Command& c);

// Re-evaluates train/test loss and accuracy on the current parameters, over
// the whole sets (allocates nothing once the buffers fit).
void refresh_evaluation(Session& s);

// Steps between two full-set evaluations while training (evaluation_interval
// for this data and batch size; core/loss_history.hpp).
long evaluation_every(const Session& s);

// The playing window, on a set too large to evaluate after every slice:
// evaluates at least `columns` more columns of the pass under way, first
// starting one at the current parameters when none is. When the pass is
// through, its numbers become train_eval / test_eval and a loss-curve point
// at the pass's step; returns true then. Edits, loads, rewinds and undo drop
// a pass under way (apply).
bool advance_evaluation(Session& s, int columns);

}  // namespace backstep
