// `backstep trace`, run as a user would: readable lines, --json, bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_process.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kData = std::string(BACKSTEP_SOURCE_DIR) + "/tests/data/";

using Outcome = test::ProcessOutcome;

Outcome run(std::vector<std::string> args) {
  const fs::path dir = fs::temp_directory_path() / ("backstep_trace_" + std::to_string(::getpid()));
  Outcome r = test::run_backstep(std::move(args), dir);
  fs::remove_all(dir);
  if (!r.started) ADD_FAILURE() << "cannot run " << BACKSTEP_EXE;
  return r;
}

bool has_line_containing(const Outcome& r, const std::string& part) {
  for (const std::string& line : r.lines()) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(CliTrace, WorkedExampleReadableLines) {
  const Outcome r = run({"trace", "--model", kData + "worked_example.json", "--data",
                         kData + "worked_example_data.json"});
  ASSERT_EQ(r.code, 0) << r.err;
  // forward 8, loss 3, δ 2 + 2, ∂W rows 4, ∂b 4, updates 8
  EXPECT_EQ(r.lines().size(), 31u) << r.out;
  EXPECT_TRUE(has_line_containing(r, "[forward] a⁽¹⁾₁ = σ(z⁽¹⁾₁)")) << r.out;
  EXPECT_TRUE(has_line_containing(r, "= 0.59327")) << r.out;
  EXPECT_TRUE(
      has_line_containing(r, "[backward] δ⁽¹⁾₂ = (w⁽²⁾₁₂·δ⁽²⁾₁ + w⁽²⁾₂₂·δ⁽²⁾₂) · σ′(z⁽¹⁾₂)"))
      << r.out;
  EXPECT_TRUE(has_line_containing(r, "[gradient] ∂L/∂w⁽²⁾₁ₖ = δ⁽²⁾₁·a⁽¹⁾ₖ")) << r.out;
  EXPECT_TRUE(has_line_containing(r, "0.082167")) << r.out;
  EXPECT_TRUE(has_line_containing(r, "[update] w⁽²⁾₁ₖ ← w⁽²⁾₁ₖ − η·∂L/∂w⁽²⁾₁ₖ")) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(CliTrace, JsonLinesCarryEveryField) {
  const Outcome r = run({"trace", "--model", kData + "worked_example.json", "--data",
                         kData + "worked_example_data.json", "--granularity", "weight", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<std::string> lines = r.lines();
  ASSERT_EQ(lines.size(), 8u + 3u + 4u + 8u + 4u + 12u);  // per-weight ∂W and updates
  bool saw_w5 = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const json j = json::parse(lines[i], nullptr, false);
    ASSERT_TRUE(j.is_object()) << lines[i];
    for (const char* key :
         {"index", "phase", "layer", "neuron", "source", "formula", "substituted", "value"}) {
      ASSERT_TRUE(j.contains(key)) << key << " in " << lines[i];
    }
    EXPECT_EQ(j["index"].get<long>(), static_cast<long>(i));
    if (j["phase"] == "weight-gradient" && j["layer"] == 2 && j["neuron"] == 0 &&
        j["source"] == 0) {
      EXPECT_NEAR(j["value"].get<double>(), 0.082167041, 5e-10);  // ∂E/∂w5
      saw_w5 = true;
    }
  }
  EXPECT_TRUE(saw_w5);
}

TEST(CliTrace, XorPresetTracesTheFullBatch) {
  const Outcome r = run({"trace", "--preset", "xor", "--sample", "3"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has_line_containing(r, "δ includes the 1/B of the batch mean (B = 4)")) << r.out;
  EXPECT_TRUE(has_line_containing(r, "(this sample)")) << r.out;
}

TEST(CliTrace, BadInputExitsWithTwoAndNamesTheProblem) {
  const Outcome missing = run({"trace", "--model", kData + "no_such_model.json", "--data",
                               kData + "worked_example_data.json"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.err.rfind("backstep: error: ", 0), 0u) << missing.err;
  EXPECT_NE(missing.err.find("no_such_model.json"), std::string::npos) << missing.err;

  const Outcome bad_shape = run({"trace", "--model", kData + "bad_shape_model.json", "--data",
                                 kData + "worked_example_data.json"});
  EXPECT_EQ(bad_shape.code, 2);
  EXPECT_NE(bad_shape.err.find("bad_shape_model.json:"), std::string::npos) << bad_shape.err;

  const Outcome sample = run({"trace", "--model", kData + "worked_example.json", "--data",
                              kData + "worked_example_data.json", "--sample", "5"});
  EXPECT_EQ(sample.code, 2);
  EXPECT_NE(sample.err.find("--sample"), std::string::npos) << sample.err;

  const Outcome granularity = run({"trace", "--preset", "xor", "--granularity", "edge"});
  EXPECT_EQ(granularity.code, 2);
  EXPECT_NE(granularity.err.find("--granularity"), std::string::npos) << granularity.err;
  EXPECT_TRUE(granularity.out.empty());
}

}  // namespace
}  // namespace backstep
