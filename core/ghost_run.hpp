// Bug lab: the ghost run. While a mistake is on, the correct engine trains in
// lock-step beside the buggy run, from the state the mistake was switched on
// in: the same parameters, optimizer state and batch order, the same
// hyperparameters at every step (only Hyperparams::bug differs). Its loss
// curve is recorded at the same steps as the run's, so the two curves start
// together and part where the bug starts to matter.
#pragma once

#include <string>

#include "core/commands.hpp"
#include "core/hyperparams.hpp"
#include "core/loss_history.hpp"
#include "core/mlp.hpp"
#include "core/trainer.hpp"

namespace backstep {

struct GhostRun {
  bool active = false;
  bool diverged = false;  // the correct engine's own step left the finite range; it stopped
  Bug bug = Bug::none;    // the mistake the run beside it has
  long start_step = 0;    // the run's step when the ghost began
  Mlp net;
  Trainer trainer;  // a copy of the run's: its batch order and optimizer state
  LossHistory history;
  Workspace train_ws, test_ws;  // evaluation buffers
};

// Starts the ghost from the run's present state (net, trainer), with a first
// curve point equal to the run's current evaluation `first`.
void start_ghost(GhostRun& g, Bug bug, const Mlp& net, const Trainer& trainer,
                 const HistoryPoint& first);
void stop_ghost(GhostRun& g);

// One optimizer update of the ghost, with the run's hyperparameters but no
// bug, on the batch the run's own trainer just used (both trainers walk the
// same order). A non-finite step stops the ghost (diverged), never the run.
void step_ghost(GhostRun& g, const Dataset& train, const Hyperparams& hp);

// A curve point of the ghost at its present parameters (after `step`
// updates, as the run's point at the same step), over both whole sets.
void record_ghost_point(GhostRun& g, const DataSplit& data, const Hyperparams& hp, long step,
                        long epoch);

// Whether command `c` leaves the ghost running: training, looking, tracing,
// checking, and the hyperparameter edits both runs share (learning rate,
// optimizer, regularization, clipping, schedule, init). Every other command
// moves the run to a state the ghost did not share, so it starts over there.
bool keeps_ghost(const Command& c);

}  // namespace backstep
