// CSV exports for spreadsheets and plotting scripts: the loss history and the
// current parameters. Numbers round-trip exact; a value never measured (no
// test set, no accuracy for that point) is an empty cell.
#pragma once

#include <string>

#include "core/loss_history.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"

namespace backstep {

// "step,epoch,train_loss,test_loss,accuracy,test_accuracy", one row a point.
std::string history_to_csv(const LossHistory& history);
// "param,layer,j,k,value": param w (w⁽ˡ⁾_jk) or b (b⁽ˡ⁾_j, k empty); indices
// as in model JSON and scripts (layers 1 … L, neurons from 0).
std::string weights_to_csv(const Mlp& net);

// Atomic writes.
Status write_history_csv(const std::string& path, const LossHistory& history);
Status write_weights_csv(const std::string& path, const Mlp& net);

}  // namespace backstep
