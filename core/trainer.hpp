// Training: mini-batches drawn in a seeded shuffled order, one optimizer
// update per step. A step allocates nothing once the shapes are known.
#pragma once

#include <cstdint>
#include <vector>

#include "core/dataset.hpp"
#include "core/hyperparams.hpp"
#include "core/mlp.hpp"
#include "core/optimizer.hpp"
#include "core/step.hpp"

namespace backstep {

struct StepReport {
  LossParts loss;              // on the batch, before the update
  double gradient_norm = 0.0;  // before clipping
  double learning_rate = 0.0;  // after the schedule
  bool epoch_finished = false;
};

class Trainer {
 public:
  // Binds to a dataset size and a network shape; call again after either changes.
  void reset(const Mlp& net, const Dataset& train, const Hyperparams& hp);

  // One optimizer update on the next mini-batch: prepare() then commit().
  StepReport step(Mlp& net, const Dataset& train, const Hyperparams& hp);

  // The next step computed into the trainer's own buffer, nothing applied
  // (rebinding first if the geometry changed). commit() then applies exactly
  // it; a caller may inspect it in between (the session's divergence guard
  // checks it is finite before any parameter changes).
  const Step& prepare(const Mlp& net, const Dataset& train, const Hyperparams& hp);
  StepReport commit(Mlp& net);

  // The next step computed into `out` without touching the trainer: the same
  // batch, order and arithmetic step() would use, so committing `out` equals
  // calling step(). What the session shows as the step under inspection.
  void propose(const Mlp& net, const Dataset& train, const Hyperparams& hp, Step& out) const;

  long steps() const { return steps_; }
  long epochs() const { return epochs_; }
  const Workspace& workspace() const { return last().ws; }  // of the last step
  const Step& last() const { return last_was_tail_ ? tail_ : full_; }
  const OptimizerState& optimizer_state() const { return opt_; }
  OptimizerState& optimizer_state() { return opt_; }
  // Columns of the next batch, in the order they will be used.
  void next_batch_indices(std::vector<int>& out, const Dataset& train, const Hyperparams& hp) const;
  // Steps in one epoch: ⌈N / B⌉ (the last batch of an epoch is short).
  static long steps_per_epoch(int count, int batch_size);
  int cursor() const { return cursor_; }
  // The cursor the next step() will start from: 0 when a changed batch size,
  // seed, dataset or shape makes it rebind (what a saved session must record).
  int next_cursor(const Mlp& net, const Dataset& train, const Hyperparams& hp) const {
    return bound_to(net, train, hp) ? cursor_ : 0;
  }
  const std::vector<int>& order() const { return order_; }
  void set_counters(long steps, long epochs) { set_position(steps, epochs, cursor_); }
  // Restores a position saved as (steps, epochs, cursor): the order of an epoch
  // is a pure function of (shuffle_seed, epoch), so it is rebuilt, not stored.
  // Call after reset().
  void set_position(long steps, long epochs, int cursor);
  // Effective batch size: N for full batch (batch_size 0 or ≥ N), else batch_size.
  static int effective_batch(int count, int batch_size);

 private:
  // Sizes buffers and the order for (N, B, seed, network shape) without
  // touching counters or optimizer state; allocates only what changed.
  void bind(const Mlp& net, const Dataset& train, const Hyperparams& hp);
  bool bound_to(const Mlp& net, const Dataset& train, const Hyperparams& hp) const;
  void shuffle_for_epoch(long epoch);

  OptimizerState opt_;
  Step full_, tail_;  // full batches, and the shorter last batch of an epoch
  bool last_was_tail_ = false;
  bool prepared_ = false;  // prepare() ran and commit() has not
  std::vector<int> order_;
  int cursor_ = 0;
  long steps_ = 0, epochs_ = 0;
  int count_ = 0, batch_ = 0;  // N and B this trainer is bound to
  std::uint64_t shuffle_seed_ = 0;
};

// Mean loss and outputs of `net` over a whole dataset (allocates; for reporting).
struct Evaluation {
  LossParts loss;
  double accuracy = 0.0;  // classification only
  // ŷ of every sample (n_L, N): what the confusion matrix, the image views
  // and the accuracy read, so they agree with the loss curve's numbers.
  Matrix outputs;
};
// Sets larger than this are evaluated in blocks of this many columns
// (evaluate_into): memory stays bounded by the block, not the data set.
inline constexpr int kEvaluationBlock = 1024;
Evaluation evaluate(const Mlp& net, const Dataset& data, const Regularization& reg, Task task);
// The same into `out`, with `ws` reused: allocates nothing once `ws` has been
// sized for this network and set size (what the training loop evaluates with).
void evaluate_into(const Mlp& net, const Dataset& data, const Regularization& reg, Task task,
                   Workspace& ws, Evaluation& out);

// The blocks of a set larger than kEvaluationBlock, one at a time (what
// evaluate_into runs, and what core/evaluation_pass spreads over frames):
// columns [start, start + m) go forward through `net`, their outputs into
// out.outputs (sized n_L × N beforehand), Σ block mean · m of the data loss
// and the count of correct samples into `sums`. finish_blocks divides by N.
struct BlockSums {
  double data = 0.0;     // Σ_blocks (block mean data loss · block size)
  double correct = 0.0;  // classification: correctly classified samples so far
};
void evaluate_block(const Mlp& net, const Dataset& data, int start, int m,
                    const Regularization& reg, Task task, Workspace& ws, Matrix& block_x,
                    Matrix& block_t, Evaluation& out, BlockSums& sums);
void finish_blocks(int n, Task task, const BlockSums& sums, Evaluation& out);

}  // namespace backstep
