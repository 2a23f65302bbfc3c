// The Bug lab's arithmetic: the backward pass as each catalogued mistake
// (core/bug.hpp) computes it. compute_step (core/step.cpp) calls it instead
// of backward() when a bug is on; with Bug::none nothing here runs.
#pragma once

#include "core/bug.hpp"
#include "core/mlp.hpp"

namespace backstep {

// Whether `bug` replaces f′ of activation f (sigmoid-, tanh-prime-of-z,
// relu-prime-one); no-activation-derivative drops the factor instead.
bool bug_replaces_derivative(Bug bug, Activation f);

// f′ as the bug computes it, element by element (the correct
// activation_derivative where the bug does not touch f).
double buggy_derivative(Activation f, double z, double a, Bug bug);

// backward() with `bug`: δ⁽ᴸ⁾, every δ⁽ˡ⁾, ∂L/∂W⁽ˡ⁾ and ∂L/∂b⁽ˡ⁾ into ws, from
// the forward caches. `output_for_hidden`, when given, is the output layer the
// hidden deltas are propagated through (update_before_backprop's updated
// W⁽ᴸ⁾); otherwise the network's own. Paths the bug does not touch use the
// same expressions as backward(), so they are bit-identical to it.
void backward_with_bug(const Mlp& net, const Matrix& t, const Regularization& reg, Bug bug,
                       Workspace& ws, const DenseLayer* output_for_hidden = nullptr);

}  // namespace backstep
