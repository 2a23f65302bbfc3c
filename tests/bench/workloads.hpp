// The standard benchmark workloads of `backstep bench` (issue 8), defined in
// this one place: what each trains or evaluates, and how it is timed.
//
// Every timed number is the median (with min and max) of kRepetitions timed
// runs after a warm-up, on one thread. A run repeats the workload's unit of
// work (a step, an epoch, a refresh, an access) for long enough to be
// measurable; the warm-up also calibrates how many units that is. Time is
// this thread's CPU time unless BenchOptions::wall_clock.
#pragma once

#include <string>

namespace backstep::bench {

inline constexpr int kRepetitions = 5;

// min / median / max over the repetitions.
struct Stats {
  double min = 0.0, median = 0.0, max = 0.0;
};

// xor: the 4-point XOR, 2-4-1 tanh/tanh, mse, full batch, sgd.
struct XorResult {
  Stats steps_per_s;         // optimizer steps
  Stats sample_steps_per_s;  // steps × 4 samples
};

// spiral: 250 points, 2 → six hidden layers of 8 tanh → 1 tanh, mse, batch 10, sgd.
struct SpiralResult {
  Stats epochs_per_s;
};

// digits: 1797 synthetic samples of 64 inputs, 64 → 32 relu → 10 softmax, ce,
// batch 32, adam.
struct DigitsResult {
  Stats epochs_per_s;
};

// mnist-shape: 784 → 100 sigmoid → 10 softmax, ce, batch 64, sgd, random data.
// FLOPs per sample: 2·in·out per layer forward, twice that backward.
// The GEMM baseline is a bare loop of the same six Eigen products a step
// implies (forward W·A per layer; backward δ·Aᵀ and Wᵀ·δ per layer).
struct MnistResult {
  Stats samples_per_s;
  Stats gflops;
  Stats gemm_samples_per_s;
  Stats gemm_gflops;
  double ratio = 0.0;  // median GEMM samples/s ÷ median engine samples/s (1 = as fast as GEMM)
  // The same training with its two large products on two threads
  // (core/parallel, bit-identical), timed by the wall clock: the helper
  // thread's time is not this thread's CPU time.
  Stats samples_per_s_2_threads;
  double flops_per_sample = 0.0;
};

// heatmaps: one full refresh of every neuron's map of the spiral network
// (core/grid_eval.hpp: one batched forward over G×G points + the atlas).
struct HeatmapResult {
  Stats g64_ms;
  Stats g100_ms;
  int tiles = 0;
};

// trace: random access to micro-steps of one traced step of 784-100-10
// (batch 64), per-weight granularity (the most micro-steps) and per neuron
// (the longest rows of text).
struct TraceResult {
  Stats weight_us;
  Stats neuron_us;
  long weight_micro_steps = 0;
  long neuron_micro_steps = 0;
};

// allocations: heap allocations (malloc family, which Eigen and operator new
// both reach) during kAllocationSteps training steps, after a warm-up epoch.
inline constexpr long kAllocationSteps = 10000;
struct AllocationResult {
  bool counted = false;  // false when nothing is counted (sanitizer, or no counter linked)
  long xor_allocations = 0;
  long spiral_allocations = 0;
  long operator_new_calls = 0;  // of those, through the replaced operator new
};

struct BenchOptions {
  bool quick = false;       // short runs: for tests and a first look
  bool wall_clock = false;  // time with the wall clock instead of this thread's CPU time
};

struct BenchResults {
  bool quick = false;
  bool wall_clock = false;
  XorResult xor_result;
  SpiralResult spiral;
  DigitsResult digits;
  MnistResult mnist;
  HeatmapResult heatmaps;
  TraceResult trace;
  AllocationResult allocations;
};

XorResult bench_xor(const BenchOptions& o);
SpiralResult bench_spiral(const BenchOptions& o);
DigitsResult bench_digits(const BenchOptions& o);
MnistResult bench_mnist(const BenchOptions& o);
HeatmapResult bench_heatmaps(const BenchOptions& o);
TraceResult bench_trace(const BenchOptions& o);
AllocationResult count_allocations();

// Every workload, in the order above.
BenchResults run_all(const BenchOptions& o);

}  // namespace backstep::bench
