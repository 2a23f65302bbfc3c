#include "core/trainer.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "core/random.hpp"

namespace backstep {

int Trainer::effective_batch(int count, int batch_size) {
  return (batch_size <= 0 || batch_size >= count) ? count : batch_size;
}

bool Trainer::bound_to(const Mlp& net, const Dataset& train, const Hyperparams& hp) const {
  return train.count() == count_ && effective_batch(train.count(), hp.batch_size) == batch_ &&
         hp.shuffle_seed == shuffle_seed_ && full_ws_.a.size() == net.layers.size() + 1 &&
         full_ws_.a[0].rows() == net.input_size() && batch_t_.rows() == net.output_size();
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

// Whether `ws` is already sized for (net, batch). Only prepare_workspace()
// sizes a trainer's private workspaces, and it sizes every buffer of a layer
// together, so checking the batch and each layer's weight-gradient shape is
// enough. Far cheaper than prepare_workspace's resize-everything no-op, which
// was ~6% of the instructions of an xor step.
bool workspace_fits(const Mlp& net, int batch, const Workspace& ws) {
  const int depth = net.depth();
  if (ws.batch != batch || static_cast<int>(ws.grad_W.size()) != depth + 1) return false;
  for (int l = 1; l <= depth; ++l) {
    const Matrix& W = net.layer(l).W;
    if (ws.grad_W[l].rows() != W.rows() || ws.grad_W[l].cols() != W.cols()) return false;
  }
  return true;
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
  prepare_workspace(net, batch_, full_ws_);
  prepare_workspace(net, tail, tail_ws_);
  batch_x_.resize(net.input_size(), batch_);
  batch_t_.resize(net.output_size(), batch_);
  tail_x_.resize(net.input_size(), tail);
  tail_t_.resize(net.output_size(), tail);
  order_.resize(count_);
  shuffle_for_epoch(epochs_);
  cursor_ = 0;
  last_was_tail_ = false;
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

void Trainer::gather(const Dataset& train, int begin, int count, Matrix& x, Matrix& t) const {
  for (int i = 0; i < count; ++i) {
    const int sample = order_[begin + i];
    x.col(i) = train.x.col(sample);
    t.col(i) = train.t.col(sample);
  }
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

StepReport Trainer::step(Mlp& net, const Dataset& train, const Hyperparams& hp) {
  StepReport report;
  if (train.count() == 0) return report;
  // A changed batch size, seed, dataset or architecture rebinds the buffers
  // (allocating once); counters and optimizer state carry on.
  if (!bound_to(net, train, hp)) bind(net, train, hp);

  // 1. The batch: the whole set in order (full batch) or the next slice of
  //    this epoch's permutation, gathered into preallocated columns.
  const int n = std::min(batch_, count_ - cursor_);
  last_was_tail_ = n < batch_;
  Workspace& ws = last_was_tail_ ? tail_ws_ : full_ws_;
  const Matrix* x = &train.x;
  const Matrix* t = &train.t;
  if (batch_ < count_) {
    Matrix& bx = last_was_tail_ ? tail_x_ : batch_x_;
    Matrix& bt = last_was_tail_ ? tail_t_ : batch_t_;
    gather(train, cursor_, n, bx, bt);
    x = &bx;
    t = &bt;
  }

  // 2. Forward, loss and every gradient, all from the current weights.
  if (!workspace_fits(net, n, ws)) prepare_workspace(net, n, ws);
  forward(net, *x, ws);
  report.loss = compute_loss(net, ws, *t, hp.regularization);
  backward(net, *t, hp.regularization, ws);
  report.gradient_norm = hp.clip_norm > 0.0 ? clip_gradients(ws, hp.clip_norm) : gradient_norm(ws);

  // 3. Only now the update, at the scheduled rate for this step.
  report.learning_rate = scheduled_learning_rate(hp.schedule, hp.learning_rate, steps_);
  optimizer_step(net, ws, hp.optimizer, report.learning_rate, opt_);

  // 4. Advance: a finished pass starts the next epoch's order.
  ++steps_;
  cursor_ += n;
  if (cursor_ >= count_) {
    cursor_ = 0;
    ++epochs_;
    shuffle_for_epoch(epochs_);
    report.epoch_finished = true;
  }
  return report;
}

Evaluation evaluate(const Mlp& net, const Dataset& data, const Regularization& reg, Task task) {
  Evaluation result;
  if (data.count() == 0) return result;
  Workspace ws;
  prepare_workspace(net, data.count(), ws);
  forward(net, data.x, ws);
  result.loss = compute_loss(net, ws, data.t, reg);
  if (task == Task::classification) {
    result.accuracy = accuracy(ws.a[net.depth()], data.t, net.layer(net.depth()).activation);
  }
  return result;
}

}  // namespace backstep
