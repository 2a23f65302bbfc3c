#include "core/evaluation_pass.hpp"

#include <algorithm>

namespace backstep {

namespace {

// The block of `set` from column `start`, cut as evaluate_into cuts it, so
// the pass's numbers are evaluate_into's to the last bit: a set of at most
// kEvaluationBlock columns is one call of evaluate_into itself (its one-pass
// branch takes the mean straight from compute_loss), a larger one is
// evaluate_into's blocks of kEvaluationBlock from column 0, summed in order.
// Returns the block's width.
int run_block(EvaluationPass& p, const Dataset& set, Task task, int start, BlockSums& sums,
              Evaluation& out) {
  const int n = set.count();
  if (n <= kEvaluationBlock) {
    evaluate_into(p.net, set, p.reg, task, p.ws, out);
    return n;
  }
  const int m = std::min(kEvaluationBlock, n - start);
  evaluate_block(p.net, set, start, m, p.reg, task, p.ws, p.block_x, p.block_t, out, sums);
  if (start + m == n) finish_blocks(n, task, sums, out);
  return m;
}

void begin(Evaluation& e, const Mlp& net, int n) {
  e.loss = LossParts{};
  e.accuracy = 0.0;
  e.outputs.resize(net.output_size(), n);
}

}  // namespace

void start_pass(EvaluationPass& p, const Mlp& net, const Regularization& reg, long step, long epoch,
                const DataSplit& data) {
  p.active = true;
  p.step = step;
  p.epoch = epoch;
  p.net = net;
  p.reg = reg;
  p.next = 0;
  p.train_sums = BlockSums{};
  p.test_sums = BlockSums{};
  begin(p.train, net, data.train.count());
  begin(p.test, net, data.test.count());
}

bool advance_pass(EvaluationPass& p, const DataSplit& data, int columns) {
  if (!p.active) return false;
  const int n_train = data.train.count(), n_test = data.test.count();
  int done = 0;
  while (p.next < n_train + n_test && done < std::max(columns, 1)) {
    const bool train = p.next < n_train;
    const int start = train ? p.next : p.next - n_train;
    const Dataset& set = train ? data.train : data.test;
    const int m = run_block(p, set, data.task, start, train ? p.train_sums : p.test_sums,
                            train ? p.train : p.test);
    p.next += m;
    done += m;
  }
  if (p.next < n_train + n_test) return false;
  p.active = false;
  return true;
}

}  // namespace backstep
