// Sessions and exports through the real binary: `train --save-session` then
// `train --session` equals one straight run; a bad session file exits 2
// naming the field; `export-pytorch` rebuilds the same network in PyTorch.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
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

extern char** environ;

namespace backstep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class SessionCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("backstep_scli_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Runs argv[0] = program with stdout/stderr captured in files.
  Outcome spawn(std::vector<std::string> args) const {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string out_file = path("stdout.txt"), err_file = path("stderr.txt");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = 0;
    Outcome r;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return r;
    int status = 0;
    waitpid(pid, &status, 0);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out_file);
    r.err = slurp(err_file);
    return r;
  }
  Outcome run(std::vector<std::string> args) const {
    args.insert(args.begin(), BACKSTEP_EXE);
    return spawn(std::move(args));
  }

  fs::path dir_;
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
  EXPECT_EQ(slurp(path("resumed.json")), slurp(path("straight.json")));
  const json s2 = json::parse(slurp(path("s2.json")));
  EXPECT_EQ(s2["trainer"]["steps"], 90);
}

TEST_F(SessionCli, ABadSessionFileExitsTwoNamingTheField) {
  const Outcome saved = run({"train", "--preset", "xor", "--steps", "3", "--log-every", "0",
                             "--save-session", path("s.json")});
  ASSERT_EQ(saved.code, 0) << saved.err;
  json doc = json::parse(slurp(path("s.json")));
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

TEST_F(SessionCli, ExportedPytorchModelGivesBackstepsOutputs) {
  if (spawn({"python3", "-c", "import torch"}).code != 0) {
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
    const Outcome py = spawn({"python3", path("m.py"), path("data.json")});
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

}  // namespace
}  // namespace backstep
