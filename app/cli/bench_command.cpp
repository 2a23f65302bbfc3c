// `backstep bench`: the standard workloads of tests/bench/workloads.hpp,
// median of 5 after a warm-up, single thread — a table, or one JSON object.
#include <cstdio>
#include <iostream>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/json_out.hpp"
#include "backstep/version.hpp"
#include "core/parallel.hpp"
#include "tests/bench/alloc_counter.hpp"
#include "tests/bench/workloads.hpp"

namespace backstep::cli {
namespace {

using bench::Stats;

constexpr FlagSpec kFlags[] = {
    {"--quick", "", "short runs (a first look, and the tests); numbers are noisier"},
    {"--json", "", "print one JSON object with every result instead of the table"},
    {"--wall-clock", "", "time with the wall clock (default: this thread's CPU time)"},
};

OrderedJson stats_json(const Stats& s) {
  OrderedJson j;
  j["min"] = number_or_null(s.min);
  j["median"] = number_or_null(s.median);
  j["max"] = number_or_null(s.max);
  return j;
}

OrderedJson results_json(const bench::BenchResults& r) {
  OrderedJson j;
  j["format"] = "backstep-bench/1";
  j["backstep_version"] = kVersion;
  j["quick"] = r.quick;
  j["repetitions"] = bench::kRepetitions;
  j["threads"] = 1;
  j["clock"] = r.wall_clock ? "wall" : "thread-cpu";
  j["xor"] = {{"steps_per_s", stats_json(r.xor_result.steps_per_s)},
              {"sample_steps_per_s", stats_json(r.xor_result.sample_steps_per_s)}};
  j["spiral"] = {{"epochs_per_s", stats_json(r.spiral.epochs_per_s)}};
  j["digits"] = {{"epochs_per_s", stats_json(r.digits.epochs_per_s)}};
  j["mnist-shape"] = {{"samples_per_s", stats_json(r.mnist.samples_per_s)},
                      {"gflops", stats_json(r.mnist.gflops)},
                      {"gemm_samples_per_s", stats_json(r.mnist.gemm_samples_per_s)},
                      {"gemm_gflops", stats_json(r.mnist.gemm_gflops)},
                      {"gemm_ratio", number_or_null(r.mnist.ratio)},
                      {"samples_per_s_2_threads", stats_json(r.mnist.samples_per_s_2_threads)},
                      {"flops_per_sample", r.mnist.flops_per_sample}};
  j["heatmaps"] = {{"g64_ms", stats_json(r.heatmaps.g64_ms)},
                   {"g100_ms", stats_json(r.heatmaps.g100_ms)},
                   {"tiles", r.heatmaps.tiles}};
  j["trace"] = {{"weight_us", stats_json(r.trace.weight_us)},
                {"weight_micro_steps", r.trace.weight_micro_steps},
                {"neuron_us", stats_json(r.trace.neuron_us)},
                {"neuron_micro_steps", r.trace.neuron_micro_steps}};
  const bench::AllocationResult& a = r.allocations;
  OrderedJson alloc;
  alloc["counted"] = a.counted;
  if (!a.counted) alloc["reason"] = bench::allocation_counting_unavailable_reason();
  alloc["steps"] = bench::kAllocationSteps;
  alloc["xor"] = a.counted ? OrderedJson(a.xor_allocations) : OrderedJson();
  alloc["spiral"] = a.counted ? OrderedJson(a.spiral_allocations) : OrderedJson();
  alloc["operator_new"] = a.counted ? OrderedJson(a.operator_new_calls) : OrderedJson();
  alloc["total"] =
      a.counted ? OrderedJson(a.xor_allocations + a.spiral_allocations) : OrderedJson();
  j["allocations"] = alloc;
  return j;
}

void header() {
  std::printf("%-12s %-22s %12s %12s %12s   %s\n", "workload", "metric", "min", "median", "max",
              "target");
}

void row(const char* workload, const char* metric, const Stats& s, const char* target) {
  std::printf("%-12s %-22s %12.4g %12.4g %12.4g   %s\n", workload, metric, s.min, s.median, s.max,
              target);
  std::fflush(stdout);
}

// Runs the workloads one by one, printing each row as it is measured.
// False when training allocated.
bool print_table(const bench::BenchOptions& o) {
  set_product_threads(1);
  std::printf("backstep bench%s: median of %d runs after a warm-up, one thread, %s time\n\n",
              o.quick ? " --quick" : "", bench::kRepetitions,
              o.wall_clock ? "wall-clock" : "thread CPU");
  header();
  const bench::XorResult x = bench::bench_xor(o);
  row("xor", "steps/s", x.steps_per_s, ">= 2e6");
  row("xor", "sample-steps/s", x.sample_steps_per_s, "");
  row("spiral", "epochs/s", bench::bench_spiral(o).epochs_per_s, ">= 1e4");
  row("digits", "epochs/s", bench::bench_digits(o).epochs_per_s, "(PyTorch ~30)");
  const bench::MnistResult m = bench::bench_mnist(o);
  row("mnist-shape", "samples/s", m.samples_per_s, ">= 63000");
  row("mnist-shape", "samples/s, 2 threads", m.samples_per_s_2_threads, "(PyTorch ~115000)");
  row("mnist-shape", "GFLOP/s", m.gflops, "");
  row("mnist-shape", "bare GEMM samples/s", m.gemm_samples_per_s, "");
  row("mnist-shape", "bare GEMM GFLOP/s", m.gemm_gflops, "");
  std::printf("%-12s %-22s %12s %12.3g %12s   %s\n", "mnist-shape", "GEMM / engine", "", m.ratio,
              "", "<= 1.5");
  const bench::HeatmapResult h = bench::bench_heatmaps(o);
  row("heatmaps", "ms, G = 64", h.g64_ms, "< 1");
  row("heatmaps", "ms, G = 100", h.g100_ms, "< 2");
  const bench::TraceResult t = bench::bench_trace(o);
  row("trace", "us/access (weight)", t.weight_us, "< 10");
  row("trace", "us/access (neuron)", t.neuron_us, "< 10");
  const bench::AllocationResult a = bench::count_allocations();
  if (a.counted) {
    std::printf("%-12s %-22s %12ld   (in %ld steps; must be 0)\n", "allocations", "xor",
                a.xor_allocations, bench::kAllocationSteps);
    std::printf("%-12s %-22s %12ld   (in %ld steps; must be 0)\n", "allocations", "spiral",
                a.spiral_allocations, bench::kAllocationSteps);
  } else {
    std::printf("%-12s not counted (%s)\n", "allocations",
                bench::allocation_counting_unavailable_reason());
  }
  return !a.counted || a.xor_allocations + a.spiral_allocations == 0;
}

}  // namespace

int run_bench(int argc, char** argv) {
  Result<Args> parsed = parse_args(argc, argv, 2, kFlags);
  if (!parsed) return fail(kExitUsage, parsed.error().message);
  const Args& args = parsed.value();
  if (args.help) {
    std::cout << format_help(
        "backstep bench [--quick] [--json]",
        "Times the standard workloads (defined in tests/bench/workloads.hpp, described in\n"
        "the README's Performance section): xor, spiral, digits, mnist-shape (with a bare\n"
        "Eigen GEMM baseline), heatmaps, trace, and counts heap allocations during 10 000\n"
        "training steps. Each number is the median (and min/max) of 5 runs after a warm-up,\n"
        "on one thread, timed by the thread's CPU time (--wall-clock: wall time); the\n"
        "mnist-shape \"2 threads\" row runs the same training on two threads\n"
        "(bit-identical results) and is timed by the wall clock.\n"
        "Exit 1 when training allocated.",
        kFlags);
    return kExitOk;
  }
  bench::BenchOptions options;
  options.quick = args.has("--quick");
  options.wall_clock = args.has("--wall-clock");
  if (args.has("--json")) {
    const bench::BenchResults r = bench::run_all(options);
    print_json_line(results_json(r));
    const bench::AllocationResult& a = r.allocations;
    return a.counted && a.xor_allocations + a.spiral_allocations != 0 ? kExitRuntime : kExitOk;
  }
  return print_table(options) ? kExitOk : kExitRuntime;
}

}  // namespace backstep::cli
