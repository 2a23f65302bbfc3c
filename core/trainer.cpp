#include "core/trainer.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

#include "core/random.hpp"

namespace backstep {

int Trainer::effective_batch(int count, int batch_size) {
  return (batch_size <= 0 || batch_size >= count) ? count : batch_size;
}

bool Trainer::bound_to(const Mlp& net, const Dataset& train, const Hyperparams& hp) const {
  return train.count() == count_ && effective_batch(train.count(), hp.batch_size) == batch_ &&
         hp.shuffle_seed == shuffle_seed_ && full_.ws.a.size() == net.layers.size() + 1 &&
         full_.ws.a[0].rows() == net.input_size() &&
         full_.ws.a[net.depth()].rows() == net.output_size();
}

namespace {

// The order of epoch e depends only on (seed, e): a golden-ratio multiple of
// the seed spreads nearby seeds apart, and + e gives each epoch its own stream.
// Full batch visits the samples in their stored order. Reuses `order`'s buffer.
void fill_epoch_order(std::vector<int>& order, std::uint64_t seed, long epoch, bool shuffled) {
  std::iota(order.begin(), order.end(), 0);
  if (!shuffled) return;
  Rng rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(epoch));
  rng.shuffle(order);
}

// The batch of a step: the columns `indices` of the dataset, gathered into
// step.x / step.t (buffers reused: no allocation once sized). A full batch in
// stored order is not copied: its inputs are the dataset's own.
const Matrix& gather_batch(const Dataset& train, const int* indices, int count, bool in_order,
                           Step& step) {
  step.batch.assign(indices, indices + count);
  if (in_order && count == train.count()) {
    step.t = train.t;
    return train.x;
  }
  step.x.resize(train.x.rows(), count);
  step.t.resize(train.t.rows(), count);
  for (int i = 0; i < count; ++i) {
    step.x.col(i) = train.x.col(indices[i]);
    step.t.col(i) = train.t.col(indices[i]);
  }
  return step.x;
}

}  // namespace

void Trainer::shuffle_for_epoch(long epoch) {
  fill_epoch_order(order_, shuffle_seed_, epoch, batch_ < count_);
}

void Trainer::bind(const Mlp& net, const Dataset& train, const Hyperparams& hp) {
  count_ = train.count();
  batch_ = effective_batch(count_, hp.batch_size);
  shuffle_seed_ = hp.shuffle_seed;
  const int tail = batch_ > 0 ? count_ % batch_ : 0;
  prepare_workspace(net, batch_, full_.ws);
  prepare_workspace(net, tail, tail_.ws);
  order_.resize(count_);
  shuffle_for_epoch(epochs_);
  cursor_ = 0;
  last_was_tail_ = false;
  prepared_ = false;
}

void Trainer::reset(const Mlp& net, const Dataset& train, const Hyperparams& hp) {
  steps_ = 0;
  epochs_ = 0;
  reset_optimizer_state(net, opt_);
  bind(net, train, hp);
}

void Trainer::set_position(long steps, long epochs, int cursor) {
  steps_ = steps;
  epochs_ = epochs;
  shuffle_for_epoch(epochs_);
  cursor_ = std::clamp(cursor, 0, std::max(count_ - 1, 0));
}

long Trainer::steps_per_epoch(int count, int batch_size) {
  const long b = effective_batch(count, batch_size);
  return b > 0 ? (count + b - 1) / b : 0;
}

void Trainer::next_batch_indices(std::vector<int>& out, const Dataset& train,
                                 const Hyperparams& hp) const {
  const int count = train.count();
  const int batch = effective_batch(count, hp.batch_size);
  if (count == count_ && batch == batch_ && hp.shuffle_seed == shuffle_seed_) {
    const int n = std::min(batch_, count_ - cursor_);
    out.assign(order_.begin() + cursor_, order_.begin() + cursor_ + n);
    return;
  }
  // Not bound to this geometry yet: the next step() rebinds and starts this
  // epoch's order from its beginning.
  std::vector<int> order(count);
  fill_epoch_order(order, hp.shuffle_seed, epochs_, batch < count);
  out.assign(order.begin(), order.begin() + batch);
}

void Trainer::propose(const Mlp& net, const Dataset& train, const Hyperparams& hp,
                      Step& out) const {
  if (train.count() == 0) return;
  std::vector<int> indices;  // allocates: this path is for views, once per revision
  next_batch_indices(indices, train, hp);
  const bool in_order = effective_batch(train.count(), hp.batch_size) >= train.count();
  const Matrix& x =
      gather_batch(train, indices.data(), static_cast<int>(indices.size()), in_order, out);
  compute_step(net, x, out.t, hp, opt_, steps_, out);
}

const Step& Trainer::prepare(const Mlp& net, const Dataset& train, const Hyperparams& hp) {
  assert(train.count() > 0);
  // A changed batch size, seed, dataset or architecture rebinds the buffers
  // (allocating once); counters and optimizer state carry on.
  if (!bound_to(net, train, hp)) bind(net, train, hp);
  // The whole set in order (full batch) or the next slice of this epoch's
  // permutation.
  const int n = std::min(batch_, count_ - cursor_);
  last_was_tail_ = n < batch_;
  Step& st = last_was_tail_ ? tail_ : full_;
  const Matrix& x = gather_batch(train, order_.data() + cursor_, n, batch_ >= count_, st);
  compute_step(net, x, st.t, hp, opt_, steps_, st);
  prepared_ = true;
  return st;
}

StepReport Trainer::commit(Mlp& net) {
  assert(prepared_);
  prepared_ = false;
  Step& st = last_was_tail_ ? tail_ : full_;
  StepReport report;
  report.loss = st.loss;
  report.gradient_norm = st.gradient_norm;
  report.learning_rate = st.learning_rate;
  commit_step(st, net, opt_);
  // Advance: a finished pass starts the next epoch's order.
  ++steps_;
  cursor_ += static_cast<int>(st.batch.size());
  if (cursor_ >= count_) {
    cursor_ = 0;
    ++epochs_;
    shuffle_for_epoch(epochs_);
    report.epoch_finished = true;
  }
  return report;
}

StepReport Trainer::step(Mlp& net, const Dataset& train, const Hyperparams& hp) {
  if (train.count() == 0) return StepReport{};
  prepare(net, train, hp);
  return commit(net);
}

Evaluation evaluate(const Mlp& net, const Dataset& data, const Regularization& reg, Task task) {
  Workspace ws;
  Evaluation result;
  evaluate_into(net, data, reg, task, ws, result);
  return result;
}

void evaluate_into(const Mlp& net, const Dataset& data, const Regularization& reg, Task task,
                   Workspace& ws, Evaluation& out) {
  out.loss = LossParts{};
  out.accuracy = 0.0;
  const int n = data.count();
  if (n == 0) {
    out.outputs.resize(net.output_size(), 0);
    return;
  }
  out.outputs.resize(net.output_size(), n);
  const Activation out_act = net.layer(net.depth()).activation;
  if (n <= kEvaluationBlock) {
    // One batched forward over the whole set: the same forward and loss the
    // step uses, so this is exactly L over the set (mean of ℓ, plus R), and a
    // full-batch step's loss is this number to the last bit.
    prepare_workspace(net, n, ws);  // resizes only when the shape changed
    forward(net, data.x, ws);
    out.loss = compute_loss(net, ws, data.t, reg);
    out.outputs = ws.a[net.depth()];
    if (task == Task::classification) out.accuracy = accuracy(ws.a[net.depth()], data.t, out_act);
    return;
  }
  // A large set in blocks of kEvaluationBlock columns: a forward over all
  // 60 000 Fashion-MNIST images at once would copy the inputs and size every
  // buffer for 60 000 columns (about 0.6 GB). Each column's outputs are the
  // same as in one pass; the mean is Σ_blocks (block mean · block size) / N,
  // equal to the one-pass mean up to rounding in the last bits.
  BlockSums sums;
  Matrix block_x, block_t;
  for (int start = 0; start < n; start += kEvaluationBlock) {
    const int m = std::min(kEvaluationBlock, n - start);
    evaluate_block(net, data, start, m, reg, task, ws, block_x, block_t, out, sums);
  }
  finish_blocks(n, task, sums, out);
}

void evaluate_block(const Mlp& net, const Dataset& data, int start, int m,
                    const Regularization& reg, Task task, Workspace& ws, Matrix& block_x,
                    Matrix& block_t, Evaluation& out, BlockSums& sums) {
  prepare_workspace(net, m, ws);  // the last, shorter block resizes
  block_x = data.x.middleCols(start, m);
  block_t = data.t.middleCols(start, m);
  forward(net, block_x, ws);
  const LossParts part = compute_loss(net, ws, block_t, reg);
  sums.data += part.data * m;
  out.loss.regularization = part.regularization;  // of the parameters, the same each block
  out.outputs.middleCols(start, m) = ws.a[net.depth()];
  if (task == Task::classification) {
    const Activation out_act = net.layer(net.depth()).activation;
    sums.correct += std::round(accuracy(ws.a[net.depth()], block_t, out_act) * m);
  }
}

void finish_blocks(int n, Task task, const BlockSums& sums, Evaluation& out) {
  out.loss.data = sums.data / n;
  if (task == Task::classification) out.accuracy = sums.correct / n;
}

}  // namespace backstep
