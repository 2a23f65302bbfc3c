// Sessions and exports through the real binary: `train --save-session` then
// `train --session` equals one straight run; a bad session file exits 2
// naming the field; `export-pytorch` rebuilds the same network in PyTorch.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/dataset.hpp"
#include "formats/data_io.hpp"
#include "formats/file_io.hpp"
#include "formats/model_io.hpp"
#include "tests/support/run_process.hpp"
#include "tests/support/scratch_dir.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using test::read_whole_file;
using Outcome = test::ProcessOutcome;

class SessionCli : public test::ScratchDirTest {
 protected:
  SessionCli() : ScratchDirTest("scli") {}

  // Runs argv[0] = program (a path, or a name in PATH) with its output captured.
  Outcome spawn(std::vector<std::string> args) const {
    return test::run_process(args, dir_ / "process");
  }
  Outcome run(std::vector<std::string> args) const {
    args.insert(args.begin(), BACKSTEP_EXE);
    return spawn(std::move(args));
  }
};

TEST_F(SessionCli, SaveSessionThenResumeEqualsOneStraightRun) {
  const Outcome first = run({"train", "--preset", "spiral", "--steps", "37", "--log-every", "0",
                             "--save-session", path("s.json")});
  ASSERT_EQ(first.code, 0) << first.err;
  const Outcome resumed =
      run({"train", "--session", path("s.json"), "--steps", "53", "--log-every", "0", "--out",
           path("resumed.json"), "--save-session", path("s2.json")});
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  const Outcome straight = run({"train", "--preset", "spiral", "--steps", "90", "--log-every", "0",
                                "--out", path("straight.json")});
  ASSERT_EQ(straight.code, 0) << straight.err;
  // Same bits → same round-trip text.
  EXPECT_EQ(read_whole_file(path("resumed.json")), read_whole_file(path("straight.json")));
  const json s2 = json::parse(read_whole_file(path("s2.json")));
  EXPECT_EQ(s2["trainer"]["steps"], 90);
}

TEST_F(SessionCli, ABadSessionFileExitsTwoNamingTheField) {
  const Outcome saved = run({"train", "--preset", "xor", "--steps", "3", "--log-every", "0",
                             "--save-session", path("s.json")});
  ASSERT_EQ(saved.code, 0) << saved.err;
  json doc = json::parse(read_whole_file(path("s.json")));
  doc["optimizer_state"]["t"] = "three";
  ASSERT_TRUE(write_file_atomic(path("bad.json"), doc.dump()).ok());
  const Outcome r = run({"train", "--session", path("bad.json"), "--steps", "5"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.json:/optimizer_state/t: expected an integer"), std::string::npos)
      << r.err;
}

TEST_F(SessionCli, ExportPytorchWritesAScriptWithTheNetwork) {
  const Outcome r = run({"export-pytorch", "--preset", "xor"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* needle :
       {"import torch", "nn.Linear", "(2, 4, \"tanh\")", "(4, 1, \"tanh\")", "torch.float64"}) {
    EXPECT_NE(r.out.find(needle), std::string::npos) << needle;
  }
  const Outcome none = run({"export-pytorch"});
  EXPECT_EQ(none.code, 2);
}

// Debian's python3-torch installs into the system Python; a python3 earlier in
// PATH (pyenv, a venv) may not see it, so the system one is asked first.
std::string python_with_torch(const fs::path& scratch) {
  for (const char* python : {"/usr/bin/python3", "python3"}) {
    if (test::run_process({python, "-c", "import torch"}, scratch).code == 0) return python;
  }
  return "";
}

TEST_F(SessionCli, ExportedPytorchModelGivesBackstepsOutputs) {
  const std::string python = python_with_torch(dir_ / "probe");
  if (python.empty()) {
    GTEST_SKIP() << "PyTorch is not installed (Debian: apt-get install python3-torch); "
                    "the exported script cannot be run here";
  }
  // A trained spiral network (tanh), and a softmax one, on the preset data.
  for (const std::string preset : {"spiral", "blobs3"}) {
    const Outcome trained = run({"train", "--preset", preset, "--steps", "200", "--log-every", "0",
                                 "--out", path(preset + ".json")});
    ASSERT_EQ(trained.code, 0) << trained.err;
    Result<ModelFile> model = read_model(path(preset + ".json"));
    ASSERT_TRUE(model.ok()) << model.error().message;
    const Mlp& net = model.value().net;
    GeneratorSpec spec;
    spec.name = preset;
    spec.count = 250;
    spec.noise = 0.1;
    Result<DataSplit> data =
        generate_dataset(spec, net.layer(net.depth()).activation, net.output_size());
    ASSERT_TRUE(data.ok()) << data.error().message;
    ASSERT_TRUE(write_data(path("data.json"), data.value().train).ok());

    ASSERT_EQ(
        run({"export-pytorch", "--model", path(preset + ".json"), "--out", path("m.py")}).code, 0);
    const Outcome py = spawn({python, path("m.py"), path("data.json")});
    ASSERT_EQ(py.code, 0) << py.err;
    const Outcome grad =
        run({"grad", "--model", path(preset + ".json"), "--data", path("data.json")});
    ASSERT_EQ(grad.code, 0) << grad.err;
    const json outputs = json::parse(grad.out)["outputs"];
    std::istringstream lines(py.out);
    std::size_t row = 0;
    for (std::string line; std::getline(lines, line); ++row) {
      ASSERT_LT(row, outputs.size());
      std::istringstream values(line);
      for (std::size_t k = 0; k < outputs[row].size(); ++k) {
        double v = 0;
        ASSERT_TRUE(values >> v) << preset << " row " << row;
        EXPECT_NEAR(v, outputs[row][k].get<double>(), 1e-9) << preset << " row " << row;
      }
    }
    EXPECT_EQ(row, outputs.size());
  }
}

// Imported data: the model `train --out` writes carries the training set's
// input scaling, and the exported module applies it before layer 1, so the
// script fed the raw iris centimetres agrees with backstep on scaled inputs.
TEST_F(SessionCli, ExportedPytorchModelAppliesTheInputScaling) {
  const std::string python = python_with_torch(dir_ / "probe");
  if (python.empty()) GTEST_SKIP() << "PyTorch is not installed (Debian: python3-torch)";
  const std::string iris = std::string(BACKSTEP_SOURCE_DIR) + "/tests/data/iris.csv";
  for (const char* scale : {"standardize", "minmax"}) {
    const Outcome trained =
        run({"train", "--preset", "blobs3", "--data", iris, "--scale", scale, "--test-share", "0.2",
             "--epochs", "20", "--log-every", "0", "--out", path("iris.json")});
    ASSERT_EQ(trained.code, 0) << trained.err;
    Result<ModelFile> model = read_model(path("iris.json"));
    ASSERT_TRUE(model.ok()) << model.error().message;
    ASSERT_TRUE(model.value().data_info.scaling.active()) << scale;
    EXPECT_EQ(model.value().data_info.class_names,
              (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
    ASSERT_EQ(run({"export-pytorch", "--model", path("iris.json"), "--out", path("m.py")}).code, 0);
    const Outcome py = spawn({python, path("m.py"), iris});
    ASSERT_EQ(py.code, 0) << py.err;
    // backstep on the same file, read with the model's own scaling.
    const Outcome grad = run({"grad", "--model", path("iris.json"), "--data", iris});
    ASSERT_EQ(grad.code, 0) << grad.err;
    const json outputs = json::parse(grad.out)["outputs"];
    ASSERT_EQ(outputs.size(), 150u);
    std::istringstream lines(py.out);
    std::size_t row = 0;
    for (std::string line; std::getline(lines, line); ++row) {
      ASSERT_LT(row, outputs.size());
      std::istringstream values(line);
      for (std::size_t k = 0; k < 3; ++k) {
        double v = 0;
        ASSERT_TRUE(values >> v) << scale << " row " << row;
        EXPECT_NEAR(v, outputs[row][k].get<double>(), 1e-9) << scale << " row " << row;
      }
    }
    EXPECT_EQ(row, 150u);
  }
}

}  // namespace
}  // namespace backstep
