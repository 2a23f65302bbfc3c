// A whole-set evaluation spread over many calls, for a window that trains a
// large data set. Evaluating Fashion-MNIST's 70 000 samples at once takes
// ~0.4 s, a frame's worth 15 times over, so the window evaluated only every
// 10 938 steps (kEvaluationShare) and its loss curve, accuracy and confusion
// matrix stood still for minutes. A pass instead copies the parameters of one
// step and evaluates both sets at them in blocks of kEvaluationBlock columns,
// a few blocks a frame, while training goes on; when it is through, its
// numbers are exactly evaluate()'s at that step (the same blocks in the same
// order), and the session takes them as a point of the loss curve.
#pragma once

#include "core/dataset.hpp"
#include "core/mlp.hpp"
#include "core/trainer.hpp"

namespace backstep {

struct EvaluationPass {
  bool active = false;
  long step = 0, epoch = 0;  // the step whose parameters `net` holds
  Mlp net;                   // a copy of them: training goes on meanwhile
  Regularization reg;
  int next = 0;  // next column: train 0 … N_train − 1, then test N_train …
  BlockSums train_sums, test_sums;
  Evaluation train, test;
  Workspace ws;
  Matrix block_x, block_t;
};

// Starts a pass at `net` (the parameters of `step`), dropping any pass under way.
void start_pass(EvaluationPass& p, const Mlp& net, const Regularization& reg, long step, long epoch,
                const DataSplit& data);

// Evaluates whole blocks until at least `columns` more columns are done or the
// pass is through; true when it is (train and test are then complete).
// `data` must be the set the pass started on.
bool advance_pass(EvaluationPass& p, const DataSplit& data, int columns);

}  // namespace backstep
