#include "tests/bench/workloads.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <ctime>
#include <vector>

#include "core/dataset.hpp"
#include "core/grid_eval.hpp"
#include "core/init.hpp"
#include "core/parallel.hpp"
#include "core/random.hpp"
#include "core/tracer.hpp"
#include "core/trainer.hpp"
#include "tests/bench/alloc_counter.hpp"

namespace backstep::bench {
namespace {

volatile double g_sink = 0.0;  // results escape, so no work is optimized away
bool g_wall_clock = false;     // BenchOptions::wall_clock of the current run

// Seconds on the chosen clock: this thread's CPU time (default: robust on a
// loaded machine, where wall time also counts time spent descheduled) or
// wall time.
double now_seconds() {
  if (g_wall_clock) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Seconds one timed repetition should last.
double run_seconds(const BenchOptions& o) {
  g_wall_clock = o.wall_clock;
  return o.quick ? 0.02 : 0.1;
}

// Units of work per second: `work(n)` runs n units. The warm-up doubles n
// until a run takes a quarter of `seconds`, which both warms caches and
// buffers and calibrates n; then kRepetitions runs of about `seconds` each.
template <class Work>
Stats units_per_second(Work&& work, double seconds) {
  long n = 1;
  double elapsed = 0.0;
  for (;;) {
    const double t0 = now_seconds();
    work(n);
    elapsed = now_seconds() - t0;
    if (elapsed >= seconds / 4 || n >= (1L << 40)) break;
    n *= 2;
  }
  n = std::max(1L, std::lround(static_cast<double>(n) * seconds / std::max(elapsed, 1e-9)));
  std::array<double, kRepetitions> rates{};
  for (double& r : rates) {
    const double t0 = now_seconds();
    work(n);
    r = static_cast<double>(n) / std::max(now_seconds() - t0, 1e-12);
  }
  std::sort(rates.begin(), rates.end());
  return {rates.front(), rates[kRepetitions / 2], rates.back()};
}

// A rate in units/s as a duration per unit: `scale` / rate (1e3 → ms, 1e6 → µs).
Stats per_unit(const Stats& rate, double scale) {
  return {scale / rate.max, scale / rate.median, scale / rate.min};
}

Stats scaled(const Stats& s, double factor) {
  return {s.min * factor, s.median * factor, s.max * factor};
}

// One-hot targets of random classes: (classes, count).
Matrix random_one_hot(int classes, int count, Rng& rng) {
  Matrix t = Matrix::Zero(classes, count);
  for (int c = 0; c < count; ++c) t(static_cast<int>(rng.below(classes)), c) = 1.0;
  return t;
}

Matrix random_uniform(int rows, int cols, Rng& rng, double lo, double hi) {
  Matrix m(rows, cols);
  for (int c = 0; c < cols; ++c)
    for (int r = 0; r < rows; ++r) m(r, c) = rng.uniform(lo, hi);
  return m;
}

// A training workload: network, data and hyperparameters.
struct Training {
  Mlp net;
  Dataset data;
  Hyperparams hp;
  Trainer trainer;

  void start() { trainer.reset(net, data, hp); }
  void steps(long n) {
    for (long i = 0; i < n; ++i) trainer.step(net, data, hp);
    g_sink = net.layers.back().b(0);
  }
  void epochs(long n) {
    for (long e = 0; e < n; ++e) {
      while (!trainer.step(net, data, hp).epoch_finished) {
      }
    }
    g_sink = net.layers.back().b(0);
  }
};

Training xor_training() {
  Training w;
  w.net = make_mlp({2, 4, 1}, {Activation::tanh, Activation::tanh}, Loss::mse);
  initialize(w.net, {Init::xavier, 0.5, 1});
  GeneratorSpec spec;
  spec.name = "xor";
  w.data = generate_dataset(spec, Activation::tanh, 1).value().train;  // targets ±1
  w.hp.learning_rate = 0.1;
  w.hp.batch_size = 0;  // full batch
  w.start();
  return w;
}

Training spiral_training() {
  Training w;
  w.net = make_spiral_benchmark_net();  // 2 → 8×6 tanh → 1 tanh, the heatmap net too
  GeneratorSpec spec;
  spec.name = "spiral";
  spec.count = 250;
  spec.noise = 0.1;
  w.data = generate_dataset(spec, Activation::tanh, 1).value().train;
  w.hp.learning_rate = 0.03;
  w.hp.batch_size = 10;
  w.start();
  return w;
}

Training digits_training() {
  Training w;
  w.net = make_mlp({64, 32, 10}, {Activation::relu, Activation::softmax}, Loss::ce);
  initialize(w.net, {Init::automatic, 0.5, 3});
  Rng rng(64);
  // Pixel intensities 0 … 16 scaled to [0, 1], like the real digits set.
  w.data.x.resize(64, 1797);
  for (int c = 0; c < 1797; ++c)
    for (int r = 0; r < 64; ++r) w.data.x(r, c) = static_cast<double>(rng.below(17)) / 16.0;
  w.data.t = random_one_hot(10, 1797, rng);
  w.hp.learning_rate = 1e-3;
  w.hp.optimizer.kind = OptimizerKind::adam;
  w.hp.batch_size = 32;
  w.start();
  return w;
}

constexpr int kMnistBatch = 64;

Mlp mnist_net() {
  Mlp net = make_mlp({784, 100, 10}, {Activation::sigmoid, Activation::softmax}, Loss::ce);
  initialize(net, {Init::automatic, 0.5, 5});
  return net;
}

Training mnist_training() {
  Training w;
  w.net = mnist_net();
  Rng rng(784);
  const int count = 50 * kMnistBatch;
  w.data.x = random_uniform(784, count, rng, 0.0, 1.0);
  w.data.t = random_one_hot(10, count, rng);
  w.hp.learning_rate = 0.01;
  w.hp.batch_size = kMnistBatch;
  w.start();
  return w;
}

// The products one training step of 784-100-10 at batch 64 implies, bare:
// forward Z = W·A per layer, backward dW = δ·Aᵀ and dA = Wᵀ·δ per layer.
struct GemmLoop {
  Matrix w1, w2, x, z1, z2, d1, d2, dw1, dw2, da1, da0;
  GemmLoop() {
    Rng rng(100);
    w1 = random_uniform(100, 784, rng, -0.1, 0.1);
    w2 = random_uniform(10, 100, rng, -0.1, 0.1);
    x = random_uniform(784, kMnistBatch, rng, 0.0, 1.0);
    d1 = random_uniform(100, kMnistBatch, rng, -0.1, 0.1);
    d2 = random_uniform(10, kMnistBatch, rng, -0.1, 0.1);
    z1.resize(100, kMnistBatch);
    z2.resize(10, kMnistBatch);
    dw1.resize(100, 784);
    dw2.resize(10, 100);
    da1.resize(100, kMnistBatch);
    da0.resize(784, kMnistBatch);
  }
  void steps(long n) {
    for (long i = 0; i < n; ++i) {
      z1.noalias() = w1 * x;
      z2.noalias() = w2 * z1;
      dw2.noalias() = d2 * z1.transpose();
      da1.noalias() = w2.transpose() * d2;
      dw1.noalias() = d1 * x.transpose();
      da0.noalias() = w1.transpose() * d1;
    }
    g_sink = z2(0, 0) + dw1(0, 0) + da0(0, 0) + da1(0, 0) + dw2(0, 0);
  }
};

}  // namespace

XorResult bench_xor(const BenchOptions& o) {
  Training w = xor_training();
  XorResult r;
  r.steps_per_s = units_per_second([&](long n) { w.steps(n); }, run_seconds(o));
  r.sample_steps_per_s = scaled(r.steps_per_s, w.data.count());
  return r;
}

SpiralResult bench_spiral(const BenchOptions& o) {
  Training w = spiral_training();
  return {units_per_second([&](long n) { w.epochs(n); }, run_seconds(o))};
}

DigitsResult bench_digits(const BenchOptions& o) {
  Training w = digits_training();
  return {units_per_second([&](long n) { w.epochs(n); }, run_seconds(o))};
}

MnistResult bench_mnist(const BenchOptions& o) {
  MnistResult r;
  // 2·in·out per layer forward, twice that backward: 3 × forward in all.
  r.flops_per_sample = 3.0 * 2.0 * (784.0 * 100.0 + 100.0 * 10.0);
  Training w = mnist_training();
  const Stats steps = units_per_second([&](long n) { w.steps(n); }, run_seconds(o));
  r.samples_per_s = scaled(steps, kMnistBatch);
  r.gflops = scaled(r.samples_per_s, r.flops_per_sample * 1e-9);
  GemmLoop gemm;
  const Stats gemm_steps = units_per_second([&](long n) { gemm.steps(n); }, run_seconds(o));
  r.gemm_samples_per_s = scaled(gemm_steps, kMnistBatch);
  r.gemm_gflops = scaled(r.gemm_samples_per_s, r.flops_per_sample * 1e-9);
  r.ratio = r.gemm_samples_per_s.median / r.samples_per_s.median;
  BenchOptions wall = o;
  wall.wall_clock = true;
  set_product_threads(2);
  Training two = mnist_training();
  r.samples_per_s_2_threads =
      scaled(units_per_second([&](long n) { two.steps(n); }, run_seconds(wall)), kMnistBatch);
  set_product_threads(1);
  (void)run_seconds(o);  // back to this run's clock
  return r;
}

HeatmapResult bench_heatmaps(const BenchOptions& o) {
  const Mlp net = make_spiral_benchmark_net();
  const PlaneBounds bounds{-1.1, 1.1, -1.1, 1.1};
  HeatmapResult r;
  GridEval g;
  auto refresh = [&](int resolution) {
    return [&, resolution](long n) {
      for (long i = 0; i < n; ++i) evaluate_grid(net, bounds, resolution, g);
      g_sink = g.atlas.front();
    };
  };
  r.g64_ms = per_unit(units_per_second(refresh(64), run_seconds(o)), 1e3);
  r.g100_ms = per_unit(units_per_second(refresh(100), run_seconds(o)), 1e3);
  r.tiles = g.tile_count;
  return r;
}

TraceResult bench_trace(const BenchOptions& o) {
  const Mlp net = mnist_net();
  Rng rng(10);
  const Matrix x = random_uniform(784, kMnistBatch, rng, 0.0, 1.0);
  const Matrix t = random_one_hot(10, kMnistBatch, rng);
  Hyperparams hp;
  hp.learning_rate = 0.01;
  hp.batch_size = kMnistBatch;
  OptimizerState state;
  reset_optimizer_state(net, state);
  TraceResult r;
  for (TraceGranularity granularity : {TraceGranularity::weight, TraceGranularity::neuron}) {
    const Tracer tracer(net, x, t, 3, hp, state, 0, granularity);
    std::vector<long> indices(4096);
    for (long& i : indices) i = static_cast<long>(rng.below(tracer.size()));
    std::size_t next = 0;
    const Stats rate = units_per_second(
        [&](long n) {
          double sum = 0.0;
          for (long i = 0; i < n; ++i) {
            sum += tracer.at(indices[next]).value;
            next = (next + 1) % indices.size();
          }
          g_sink = sum;
        },
        run_seconds(o));
    if (granularity == TraceGranularity::weight) {
      r.weight_us = per_unit(rate, 1e6);
      r.weight_micro_steps = tracer.size();
    } else {
      r.neuron_us = per_unit(rate, 1e6);
      r.neuron_micro_steps = tracer.size();
    }
  }
  return r;
}

AllocationResult count_allocations() {
  AllocationResult r;
  r.counted = allocation_counting_available();
  Training xor_w = xor_training();
  Training spiral_w = spiral_training();
  // Warm-up: a full epoch each, so every batch shape has been stepped once.
  xor_w.epochs(1);
  spiral_w.epochs(1);
  start_counting_allocations();
  xor_w.steps(kAllocationSteps);
  const AllocationCounts xor_counts = stop_counting_allocations();
  start_counting_allocations();
  spiral_w.steps(kAllocationSteps);
  const AllocationCounts spiral_counts = stop_counting_allocations();
  r.xor_allocations = xor_counts.malloc_calls;
  r.spiral_allocations = spiral_counts.malloc_calls;
  r.operator_new_calls = xor_counts.operator_new_calls + spiral_counts.operator_new_calls;
  return r;
}

BenchResults run_all(const BenchOptions& o) {
  set_product_threads(1);  // one thread, except where a row says two
  BenchResults r;
  r.quick = o.quick;
  r.wall_clock = o.wall_clock;
  r.xor_result = bench_xor(o);
  r.spiral = bench_spiral(o);
  r.digits = bench_digits(o);
  r.mnist = bench_mnist(o);
  r.heatmaps = bench_heatmaps(o);
  r.trace = bench_trace(o);
  r.allocations = count_allocations();
  return r;
}

}  // namespace backstep::bench
