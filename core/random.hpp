// Deterministic random numbers: std::mt19937_64 is specified bit-for-bit by the
// standard, but the std distributions are not, so every transform is ours.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace backstep {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1) from the top 53 bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal by Box–Muller (the second value is discarded for simplicity
  // of state: one call, two draws, always).
  double normal();
  // Unbiased integer in [0, n) by rejection.
  std::uint64_t below(std::uint64_t n);
  // Fisher–Yates, drawing with below().
  void shuffle(std::vector<int>& items);
  std::uint64_t next() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace backstep
