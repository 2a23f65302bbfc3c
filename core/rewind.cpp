#include "core/rewind.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace backstep {
namespace {

template <class M>
std::size_t block_bytes(const std::vector<M>& blocks) {
  std::size_t n = sizeof(M) * blocks.capacity();
  for (const M& m : blocks) n += sizeof(double) * static_cast<std::size_t>(m.size());
  return n;
}

std::size_t snapshot_bytes(const Snapshot& s) {
  std::size_t n = sizeof(Snapshot) + sizeof(DenseLayer) * s.net.layers.capacity();
  for (const DenseLayer& l : s.net.layers)
    n += sizeof(double) * static_cast<std::size_t>(l.W.size() + l.b.size());
  const OptimizerState& o = s.opt;
  return n + block_bytes(o.first_W) + block_bytes(o.second_W) + block_bytes(o.first_b) +
         block_bytes(o.second_b) + block_bytes(o.last_update_W) + block_bytes(o.last_update_b);
}

bool uses_first(OptimizerKind k) {
  return k == OptimizerKind::momentum || k == OptimizerKind::adam;
}
bool uses_second(OptimizerKind k) {
  return k == OptimizerKind::rmsprop || k == OptimizerKind::adam;
}

// Copies `from` into `to` where `from` holds data; `to` keeps its zeros elsewhere.
template <class M>
void fill_from(std::vector<M>& to, const std::vector<M>& from) {
  for (std::size_t l = 0; l < to.size() && l < from.size(); ++l) {
    if (from[l].size() == to[l].size() && from[l].size() > 0) to[l] = from[l];
  }
}

}  // namespace

Snapshot take_snapshot(const Mlp& net, const Trainer& trainer, const Dataset& train,
                       const Hyperparams& hp, bool compact) {
  Snapshot s;
  s.step = trainer.steps();
  s.epoch = trainer.epochs();
  s.cursor = trainer.next_cursor(net, train, hp);
  s.net = net;
  const OptimizerState& o = trainer.optimizer_state();
  s.opt.t = o.t;
  const OptimizerKind kind = hp.optimizer.kind;
  if (!compact || uses_first(kind)) {
    s.opt.first_W = o.first_W;
    s.opt.first_b = o.first_b;
  }
  if (!compact || uses_second(kind)) {
    s.opt.second_W = o.second_W;
    s.opt.second_b = o.second_b;
  }
  if (!compact) {
    // The last update is only shown in the UI; a rewound view shows zeros.
    s.opt.last_update_W = o.last_update_W;
    s.opt.last_update_b = o.last_update_b;
  }
  s.bytes = snapshot_bytes(s);
  return s;
}

void restore_snapshot(const Snapshot& snap, Mlp& net, Trainer& trainer) {
  net = snap.net;
  OptimizerState& o = trainer.optimizer_state();
  reset_optimizer_state(net, o);
  o.t = snap.opt.t;
  fill_from(o.first_W, snap.opt.first_W);
  fill_from(o.first_b, snap.opt.first_b);
  fill_from(o.second_W, snap.opt.second_W);
  fill_from(o.second_b, snap.opt.second_b);
  fill_from(o.last_update_W, snap.opt.last_update_W);
  fill_from(o.last_update_b, snap.opt.last_update_b);
  trainer.set_position(snap.step, snap.epoch, snap.cursor);
}

bool SnapshotHistory::wants(long step) const {
  if (snaps_.empty()) return true;
  const long last = snaps_.back().step;
  if (step <= last) return false;
  const long spacing = step <= kDenseSteps ? 1 : std::max(1L, step / kSpacingDivisor);
  return step - last >= spacing;
}

void SnapshotHistory::add(Snapshot snap) {
  bytes_ += snap.bytes;
  snaps_.push_back(std::move(snap));
  thin();
}

void SnapshotHistory::clear() {
  snaps_.clear();
  bytes_ = 0;
}

const Snapshot* SnapshotHistory::at_or_before(long step) const {
  // Snapshots are sorted by step: the last one with snap.step ≤ step.
  const auto it = std::upper_bound(snaps_.begin(), snaps_.end(), step,
                                   [](long s, const Snapshot& snap) { return s < snap.step; });
  return it == snaps_.begin() ? nullptr : &*(it - 1);
}

void SnapshotHistory::discard_after(long step) {
  while (!snaps_.empty() && snaps_.back().step > step) {
    bytes_ -= snaps_.back().bytes;
    snaps_.pop_back();
  }
}

void SnapshotHistory::set_cap_bytes(std::size_t cap) {
  cap_ = cap;
  thin();
}

// Over the cap: drop snapshots one at a time, each time the one whose
// neighbours lie closest together relative to how far into the run they are,
// (step[i+1] − step[i−1]) / step[i+1]. That keeps the survivors spread evenly
// on a log scale of steps — the same shape wants() lays down (dense early,
// about every step/50 later) — however many times the cap is hit. (Dropping
// every other snapshot by index instead halves the old part of the run on
// every pass while the new part refills densely, and emptied the middle of a
// long run.) The first snapshot (step 0 stays reachable) and the last are kept.
void SnapshotHistory::thin() {
  while (bytes_ > cap_ && snaps_.size() > 2) {
    std::size_t drop = 1;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 1; i + 1 < snaps_.size(); ++i) {
      const double gap = static_cast<double>(snaps_[i + 1].step - snaps_[i - 1].step);
      const double cost = gap / static_cast<double>(std::max(1L, snaps_[i + 1].step));
      if (cost < best) {
        best = cost;
        drop = i;
      }
    }
    bytes_ -= snaps_[drop].bytes;
    snaps_.erase(snaps_.begin() + static_cast<std::ptrdiff_t>(drop));
  }
}

}  // namespace backstep
