// What a training step is configured by: rate, optimizer, schedule,
// regularization, clipping, batch size and the mini-batch order's seed.
#pragma once

#include <cstdint>

#include "core/bug.hpp"
#include "core/mlp.hpp"
#include "core/optimizer.hpp"
#include "core/schedule.hpp"

namespace backstep {

struct Hyperparams {
  double learning_rate = 0.1;
  OptimizerConfig optimizer;
  Schedule schedule;
  Regularization regularization;
  double clip_norm = 0.0;  // global-norm clipping; 0 = off
  int batch_size = 0;      // 0 (or ≥ N) = full batch
  std::uint64_t shuffle_seed = 1;
  // The Bug lab (core/bug.hpp): a deliberate backprop mistake, off by default.
  Bug bug = Bug::none;
};

}  // namespace backstep
