// Checks behind Session::apply: each returns an Error that says what is wrong
// in words a user of the UI or a script can act on.
#pragma once

#include "core/dataset.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"
#include "core/schedule.hpp"
#include "core/trainer.hpp"

namespace backstep {

inline constexpr int kMaxHiddenNeurons = 256;  // per hidden layer, via the UI/commands
inline constexpr int kMaxHiddenLayers = 16;

// Shapes consistent, parameters finite, softmax only on a ≥ 2-unit output,
// loss compatible with the output activation.
Status validate_net(const Mlp& net);
// Hidden layer size 1 … kMaxHiddenNeurons.
Status validate_hidden_size(int n);
// Whether layer `layer` of `net` may use activation `a` (softmax only on the
// output; bce/ce need an output in (0, 1)).
Status validate_activation(const Mlp& net, int layer, Activation a);
// Whether `loss` suits the output activation of `net`.
Status validate_loss(const Mlp& net, Loss loss);
// 1 ≤ layer ≤ L, 0 ≤ j < n_l, 0 ≤ k < n_{l−1}.
Status validate_weight_index(const Mlp& net, int layer, int j, int k);
Status validate_schedule(const Schedule& s);
Status validate_hyperparams(const Hyperparams& hp);
// Input/target rows match the network, at least one finite training sample.
Status check_data_fits(const Mlp& net, const DataSplit& data);

}  // namespace backstep
