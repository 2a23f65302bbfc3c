// Rewind and undo: snapshots of a run so the user can scrub back along the
// loss curve, see the network as it was, and either resume from there or
// return to the present; and undo/redo for edits (architecture, weights,
// hyperparameters).
//
// Snapshots hold exactly what the next step depends on — parameters,
// optimizer state and the trainer's (steps, epochs, cursor); the mini-batch
// order is a pure function of (shuffle_seed, epoch) — so resuming from a
// snapshot continues bit-identically to the run that passed through it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/import_spec.hpp"
#include "core/init.hpp"
#include "core/loss_history.hpp"
#include "core/mlp.hpp"
#include "core/optimizer.hpp"
#include "core/trainer.hpp"

namespace backstep {

struct Snapshot {
  long step = 0;  // optimizer updates the parameters have had
  long epoch = 0;
  int cursor = 0;  // where the next step's batch starts
  Mlp net;
  // Moments the optimizer of the time does not use are stored empty (they
  // are zero: SetOptimizer resets them); restore() refills them with zeros.
  OptimizerState opt;
  std::size_t bytes = 0;  // memory this snapshot holds
};

// Takes a snapshot of (net, trainer); `compact` drops moments `kind` does not use.
Snapshot take_snapshot(const Mlp& net, const Trainer& trainer, const Dataset& train,
                       const Hyperparams& hp, bool compact);
// Puts a snapshot back: net, optimizer state (moments refilled) and position.
void restore_snapshot(const Snapshot& snap, Mlp& net, Trainer& trainer);

// Snapshots along one run. Every step for the first kDenseSteps, then spaced
// geometrically (about every step/kSpacingDivisor steps), and thinned whenever
// the total passes the cap — evenly on a log scale of steps, the first and
// last kept — so any step of a long run stays within a few percent of one.
class SnapshotHistory {
 public:
  static constexpr long kDenseSteps = 100;
  static constexpr long kSpacingDivisor = 50;
  static constexpr std::size_t kDefaultCapBytes = std::size_t{64} << 20;

  // Whether a snapshot at `step` is due (always, when there is none yet).
  bool wants(long step) const;
  void add(Snapshot snap);  // steps must increase; thins to stay under the cap
  void clear();
  // The latest snapshot at or before `step`, or nullptr.
  const Snapshot* at_or_before(long step) const;
  void discard_after(long step);  // drops snapshots with a later step

  const std::vector<Snapshot>& snapshots() const { return snaps_; }
  std::size_t bytes() const { return bytes_; }
  std::size_t cap_bytes() const { return cap_; }
  void set_cap_bytes(std::size_t cap);  // thins at once if needed

 private:
  void thin();
  std::vector<Snapshot> snaps_;
  std::size_t bytes_ = 0;
  std::size_t cap_ = kDefaultCapBytes;
};

// What an edit can change, captured before it so Undo can put it back exactly.
struct EditState {
  Mlp net;
  InitSpec init;
  Hyperparams hp;
  GeneratorSpec data_spec;
  std::string data_source;
  ImportSpec data_import;
  std::optional<DataSplit> data;  // generated data only (architecture edits may regenerate it)
  Snapshot position;              // optimizer state and trainer counters (full, not compact)
  LossHistory history;            // architecture edits clear it
  StepReport last_step;
  int selected_sample = 0;
};

// The Session's time-travel state (core/session.hpp: Session::rewind).
struct RewindState {
  SnapshotHistory history;
  // While the user looks at the past: the present, to return to.
  std::optional<Snapshot> present;
  long viewing_step = -1;  // step of the snapshot shown; −1 at the present
  bool viewing_past() const { return present.has_value(); }

  static constexpr std::size_t kMaxUndo = 64;
  std::vector<EditState> undo, redo;
  int last_edit_key =
      -1;  // consecutive edits with the same key (a slider drag) share one undo entry
};

}  // namespace backstep
