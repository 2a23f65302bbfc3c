// `backstep bench`, run as a user would: it finishes, its JSON has every
// workload, and training allocated nothing. No timing is asserted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "backstep/version.hpp"
#include "tests/support/run_process.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using Outcome = test::ProcessOutcome;

Outcome run(std::vector<std::string> args) {
  const fs::path dir = fs::temp_directory_path() / ("backstep_bench_" + std::to_string(::getpid()));
  Outcome r = test::run_backstep(std::move(args), dir);
  fs::remove_all(dir);
  if (!r.started) ADD_FAILURE() << "cannot run " << BACKSTEP_EXE;
  return r;
}

#if BACKSTEP_HAS_BENCH
// A {min, median, max} object of positive, ordered numbers.
void expect_stats(const json& s, const std::string& what) {
  ASSERT_TRUE(s.is_object()) << what;
  for (const char* k : {"min", "median", "max"}) {
    ASSERT_TRUE(s.contains(k) && s[k].is_number()) << what << "." << k;
    EXPECT_GT(s[k].get<double>(), 0.0) << what << "." << k;
  }
  EXPECT_LE(s["min"].get<double>(), s["median"].get<double>()) << what;
  EXPECT_LE(s["median"].get<double>(), s["max"].get<double>()) << what;
}

TEST(CliBench, QuickJsonHasEveryWorkloadAndNoAllocations) {
  const Outcome r = run({"bench", "--quick", "--json"});
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  const json j = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["format"], "backstep-bench/1");
  EXPECT_EQ(j["backstep_version"], backstep::kVersion);  // which build measured these numbers
  EXPECT_EQ(j["repetitions"], 5);
  expect_stats(j["xor"]["steps_per_s"], "xor.steps_per_s");
  expect_stats(j["xor"]["sample_steps_per_s"], "xor.sample_steps_per_s");
  expect_stats(j["spiral"]["epochs_per_s"], "spiral.epochs_per_s");
  expect_stats(j["digits"]["epochs_per_s"], "digits.epochs_per_s");
  const json& m = j["mnist-shape"];
  for (const char* k : {"samples_per_s", "gflops", "gemm_samples_per_s", "gemm_gflops"})
    expect_stats(m[k], std::string("mnist-shape.") + k);
  EXPECT_TRUE(m["gemm_ratio"].is_number());
  expect_stats(j["heatmaps"]["g64_ms"], "heatmaps.g64_ms");
  expect_stats(j["heatmaps"]["g100_ms"], "heatmaps.g100_ms");
  EXPECT_EQ(j["heatmaps"]["tiles"], 6 * 8 + 1);  // every neuron of 2-8×6-1
  expect_stats(j["trace"]["weight_us"], "trace.weight_us");
  expect_stats(j["trace"]["neuron_us"], "trace.neuron_us");
  // 784-100-10 has 79 400 weights, each with a gradient and an update step.
  EXPECT_GT(j["trace"]["weight_micro_steps"].get<long>(), 2 * 79400);

  const json& a = j["allocations"];
  ASSERT_TRUE(a.is_object()) << r.out;
  EXPECT_EQ(a["steps"], 10000);
  if (!a["counted"].get<bool>())
    GTEST_SKIP() << "allocations not counted: " << a.value("reason", std::string("?"));
  EXPECT_EQ(a["xor"], 0);
  EXPECT_EQ(a["spiral"], 0);
  EXPECT_EQ(a["total"], 0);
}

TEST(CliBench, RejectsUnknownFlag) {
  const Outcome r = run({"bench", "--fast"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--fast"), std::string::npos) << r.err;
}
#else
// Built without the benchmarks (BACKSTEP_BENCH=OFF): the subcommand says so.
TEST(CliBench, SaysWhenNotBuilt) {
  const Outcome r = run({"bench", "--quick"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("BACKSTEP_BENCH=ON"), std::string::npos) << r.err;
}
#endif

}  // namespace
}  // namespace backstep
