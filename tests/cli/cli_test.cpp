// The real `backstep` binary, run as a user would: stdout, stderr and the
// exit code captured through files (no pipes, so no deadlock on big output).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/mlp.hpp"
#include "formats/data_io.hpp"
#include "formats/model_io.hpp"
#include "tests/support/run_process.hpp"
#include "tests/support/scratch_dir.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kData = std::string(BACKSTEP_SOURCE_DIR) + "/tests/data/";

using test::read_whole_file;
using Outcome = test::ProcessOutcome;

// The last non-empty stdout line as JSON.
json last_json(const Outcome& r) {
  return json::parse(r.last_line(), nullptr, false);
}

class Cli : public test::ScratchDirTest {
 protected:
  Cli() : ScratchDirTest("cli") {}

  Outcome run(std::vector<std::string> args) const {
    Outcome r = test::run_backstep(std::move(args), dir_ / "process");
    if (!r.started) ADD_FAILURE() << "cannot run " << BACKSTEP_EXE;
    return r;
  }
};

TEST_F(Cli, HelpWorksForTheProgramAndEachSubcommand) {
  const Outcome main_help = run({"--help"});
  EXPECT_EQ(main_help.code, 0);
  for (const char* word : {"train", "grad", "--screenshot", "--preset"}) {
    EXPECT_NE(main_help.out.find(word), std::string::npos) << word;
  }
  const Outcome train_help = run({"train", "--help"});
  EXPECT_EQ(train_help.code, 0);
  EXPECT_NE(train_help.out.find("--batch-size"), std::string::npos);
  const Outcome grad_help = run({"grad", "--lr", "-1", "--help"});  // --help wins over bad flags
  EXPECT_EQ(grad_help.code, 0);
  EXPECT_NE(grad_help.out.find("grad_weights"), std::string::npos);
}

TEST_F(Cli, GradOnTheWorkedExampleGivesThePublishedNumbersExactly) {
  const Outcome r = run({"grad", "--model", kData + "worked_example.json", "--data",
                         kData + "worked_example_data.json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = last_json(r);
  ASSERT_TRUE(j.is_object()) << r.out;
  // Printed in the worked example: E_total, out_o1, ∂E/∂w5, ∂E/∂w1.
  EXPECT_NEAR(j["loss"].get<double>(), 0.298371109, 5e-10);
  EXPECT_NEAR(j["outputs"][0][0].get<double>(), 0.75136507, 5e-9);
  EXPECT_NEAR(j["grad_weights"][1][0][0].get<double>(), 0.082167041, 5e-10);
  EXPECT_NEAR(j["grad_weights"][0][0][0].get<double>(), 0.000438568, 5e-10);

  // Every printed number is the engine's double, bit for bit.
  Result<ModelFile> m = read_model(kData + "worked_example.json");
  Result<Dataset> d = read_data(kData + "worked_example_data.json", {2, 2});
  ASSERT_TRUE(m.ok() && d.ok());
  Workspace ws;
  const LossParts loss = loss_and_gradients(m.value().net, d.value().x, d.value().t, {}, ws);
  EXPECT_EQ(j["loss"].get<double>(), loss.total());
  for (int l = 1; l <= 2; ++l) {
    for (int r = 0; r < 2; ++r) {
      EXPECT_EQ(j["grad_biases"][l - 1][r].get<double>(), ws.grad_b[l](r));
      EXPECT_EQ(j["outputs"][0][r].get<double>(), ws.a[2](r, 0));
      for (int c = 0; c < 2; ++c) {
        EXPECT_EQ(j["grad_weights"][l - 1][r][c].get<double>(), ws.grad_W[l](r, c));
      }
    }
  }
}

TEST_F(Cli, TrainXorPresetReachesFullAccuracy) {
  const Outcome r = run({"train", "--preset", "xor", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = last_json(r);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["train_accuracy"].get<double>(), 1.0);
  EXPECT_GT(j["steps"].get<long>(), 0);
  EXPECT_TRUE(j["test_loss"].is_null());  // the 4-point XOR has no test set
  EXPECT_TRUE(j.contains("seconds"));
}

TEST_F(Cli, SameSeedGivesIdenticalBytesOfOut) {
  auto train = [&](const std::string& out, const std::string& seed) {
    return run({"train", "--preset", "moons", "--steps", "300", "--seed", seed, "--log-every", "0",
                "--out", path(out)});
  };
  ASSERT_EQ(train("a.json", "3").code, 0);
  ASSERT_EQ(train("b.json", "3").code, 0);
  ASSERT_EQ(train("c.json", "4").code, 0);
  const std::string a = read_whole_file(path("a.json"));
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, read_whole_file(path("b.json")));
  EXPECT_NE(a, read_whole_file(path("c.json")));
  // The written model is a valid backstep-model/1 that trains on.
  EXPECT_TRUE(read_model(path("a.json")).ok());
  const Outcome again =
      run({"train", "--model", path("a.json"), "--dataset", "moons", "--steps", "5"});
  EXPECT_EQ(again.code, 0) << again.err;
}

TEST_F(Cli, GeneratedDatasetsAreDeterministic) {
  const Outcome a = run({"grad", "--preset", "circle"});
  const Outcome b = run({"grad", "--preset", "circle"});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  const Outcome c = run({"grad", "--preset", "circle", "--dataset", "moons"});
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_NE(a.out, c.out);
}

struct BadInput {
  const char* name;
  std::vector<std::string> args;
  std::vector<std::string> expected;  // substrings of stderr
};

// gtest prints a parameter by name, not as a dump of its bytes.
void PrintTo(const BadInput& c, std::ostream* os) {
  *os << c.name;
}

std::vector<BadInput> bad_inputs() {
  const std::string d = kData;
  return {
      {"bad_json",
       {"grad", "--model", d + "bad_json_model.json", "--data", d + "worked_example_data.json"},
       {"bad_json_model.json:2:", "invalid JSON"}},
      {"empty_model",
       {"grad", "--model", d + "empty.json", "--data", d + "worked_example_data.json"},
       {"empty.json:1: empty file"}},
      {"wrong_shape",
       {"grad", "--model", d + "bad_shape_model.json", "--data", d + "worked_example_data.json"},
       {"bad_shape_model.json:/weights/1/0", "expected 2 numbers, got 3"}},
      {"nan",
       {"train", "--model", d + "nan_model.json", "--dataset", "xor"},
       {"nan_model.json:/weights/0/0/1", "\"nan\""}},
      {"unknown_activation",
       {"train", "--model", d + "unknown_activation_model.json", "--dataset", "xor"},
       {"unknown_activation_model.json:/layers/1/activation", "swish"}},
      {"csv_cell_line7",
       {"train", "--preset", "xor", "--data", d + "bad_cell_line7.csv"},
       {"bad_cell_line7.csv:7:2: column 2", "not a number"}},
      {"data_shape",
       {"grad", "--model", d + "worked_example.json", "--data", d + "xor_data.csv"},
       {"xor_data.csv: 1 input(s) and 2 target(s)", "takes 2 input(s) and has 2 output(s)"}},
      {"missing_file",
       {"grad", "--model", d + "nope.json", "--data", d + "xor_data.csv"},
       {"nope.json: cannot read"}},
      {"unknown_preset", {"train", "--preset", "nope"}, {"no such preset", "xor"}},
      {"unknown_flag", {"train", "--preset", "xor", "--frobnicate"}, {"unknown flag --frobnicate"}},
      {"negative_lr", {"train", "--preset", "xor", "--lr", "-1"}, {"--lr", "\"-1\""}},
      {"nan_lr", {"train", "--preset", "xor", "--lr", "nan"}, {"--lr", "\"nan\""}},
      // SetLearningRate's range, as in the window.
      {"huge_lr", {"train", "--preset", "xor", "--lr", "1e12"}, {"--lr", "(0, 10]"}},
      {"zero_batch", {"train", "--preset", "xor", "--batch-size", "0"}, {"--batch-size"}},
      {"negative_steps", {"train", "--preset", "xor", "--steps", "-5"}, {"--steps"}},
      {"bad_number", {"train", "--preset", "xor", "--steps", "12x"}, {"--steps", "\"12x\""}},
      {"missing_value", {"train", "--preset", "xor", "--lr"}, {"--lr: needs a value"}},
      {"both_models",
       {"train", "--preset", "xor", "--model", d + "worked_example.json"},
       {"only one"}},
      {"no_data", {"grad", "--model", d + "worked_example.json"}, {"needs --data"}},
      {"unknown_optimizer", {"train", "--preset", "xor", "--optimizer", "lbfgs"}, {"lbfgs"}},
      {"dataset_dims",
       {"train", "--preset", "xor", "--dataset", "sine"},
       {"dataset sine has 1 input"}},
  };
}

class CliBadInput : public Cli, public ::testing::WithParamInterface<BadInput> {};

TEST_P(CliBadInput, ExitsWith2AndNamesTheProblem) {
  std::vector<std::string> args = GetParam().args;
  args.push_back("--out");  // never a partial (or any) output file on bad input
  args.push_back(path("out.json"));
  if (args[0] == "grad") args.resize(args.size() - 2);
  const Outcome r = run(args);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("backstep: error: ", 0), 0u) << r.err;
  for (const std::string& part : GetParam().expected) {
    EXPECT_NE(r.err.find(part), std::string::npos)
        << "stderr \"" << r.err << "\" lacks \"" << part << "\"";
  }
  EXPECT_FALSE(fs::exists(path("out.json")));
}

INSTANTIATE_TEST_SUITE_P(Table, CliBadInput, ::testing::ValuesIn(bad_inputs()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(Cli, DivergenceStopsWithExit1AndKeepsTheLastFiniteModel) {
  // The session's guard: the diverging step is caught before it is applied.
  const Outcome r = run({"train", "--preset", "sine", "--optimizer", "sgd", "--lr", "10", "--steps",
                         "1000", "--out", path("last.json")});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("diverg"), std::string::npos) << r.err;  // diverged, or diverging
  EXPECT_NE(r.err.find("Kept the parameters of step"), std::string::npos) << r.err;
  Result<ModelFile> m = read_model(path("last.json"));
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_TRUE(all_finite(m.value().net));
}

TEST_F(Cli, UnwritableOutIsARuntimeFailure) {
  const Outcome r =
      run({"train", "--preset", "xor", "--steps", "2", "--out", path("missing_dir/out.json")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("out.json: cannot write"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace backstep
