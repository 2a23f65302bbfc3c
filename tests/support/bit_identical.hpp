// Bit-for-bit comparison of matrices and networks, for tests that claim a
// result is reproduced exactly (same seed, save → load, rewind → replay).
// Comparing bytes rather than values also tells −0.0 from +0.0 and one NaN
// payload from another, which `==` would not.
#pragma once

#include <cstring>

#include "core/mlp.hpp"

namespace backstep::test {

template <typename A, typename B>
bool bit_identical(const A& a, const B& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  // An empty Eigen matrix has a null data pointer, which memcmp must not see.
  return a.size() == 0 ||
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

// Every weight and bias of two networks of the same shape.
inline bool bit_identical(const Mlp& a, const Mlp& b) {
  if (a.depth() != b.depth()) return false;
  for (int l = 1; l <= a.depth(); ++l) {
    if (!bit_identical(a.layer(l).W, b.layer(l).W)) return false;
    if (!bit_identical(a.layer(l).b, b.layer(l).b)) return false;
  }
  return true;
}

}  // namespace backstep::test
