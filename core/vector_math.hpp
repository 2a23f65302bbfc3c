// Vectorizable element-wise math for the hot loops. std::tanh (and Eigen's
// tanh for double, which calls it) is a scalar libm call of ~15 ns; a grid
// refresh of the spiral network evaluates ~500 000 of them, so tanh alone
// would cost ~8 ms per frame. Written as one exp pass plus a branch-free loop
// the compiler vectorizes, it agrees with std::tanh to a few ulp.
#pragma once

#include <Eigen/Dense>

namespace backstep {

// a = tanh(z) element-wise; a is resized to z's shape (no allocation when it
// already has it). Agrees with std::tanh within 4 ulp; NaN stays NaN, ±∞ → ±1.
void tanh_array(const Eigen::MatrixXd& z, Eigen::MatrixXd& a);

}  // namespace backstep
