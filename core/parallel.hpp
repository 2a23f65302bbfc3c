// Two threads for the two large products of a wide first layer (784-100-10:
// W⁽¹⁾A⁽⁰⁾ forward and δ⁽¹⁾A⁽⁰⁾ᵀ backward, about 97 % of a step's flops),
// with results bit-identical to one thread.
//
// Why identical: the product is split by rows of the result, at a multiple of
// 24 rows. Each element C(i, j) = Σ_k A(i, k) B(k, j) is then computed by the
// same kernel path, with the same blocking of k (Eigen chooses the k blocks
// from k and the cache sizes alone) and the same position within its block
// of rows, as in the single-threaded product. No sum is split between threads.
// tests/core/parallel_test.cpp checks it, to the bit, on whole training runs.
#pragma once

#include "core/mlp.hpp"

namespace backstep {

// 1 or 2. Default: 2 when the machine has at least two hardware threads.
int product_threads();
void set_product_threads(int threads);  // clamped to 1 … 2

// dst = lhs · rhs (dst must not alias either operand).
void product(Matrix& dst, const Matrix& lhs, const Matrix& rhs);
// dst = lhs · rhsᵀ.
void product_rhs_transposed(Matrix& dst, const Matrix& lhs, const Matrix& rhs);

}  // namespace backstep
