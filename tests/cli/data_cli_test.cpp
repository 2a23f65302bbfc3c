// The data flags on the command line (issue 15): --data with --target,
// --scale, --test-share, --test-data and --image, the same for train, grad,
// trace and gradcheck, and exit 2 with a message naming the place for every
// malformed file or value.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/run_process.hpp"
#include "tests/support/scratch_dir.hpp"

namespace backstep {
namespace {

using nlohmann::json;
using Outcome = test::ProcessOutcome;

const std::string kData = std::string(BACKSTEP_SOURCE_DIR) + "/tests/data/";

class DataCli : public test::ScratchDirTest {
 protected:
  explicit DataCli(const char* scratch = "data_cli") : ScratchDirTest(scratch) {}
  Outcome run(std::vector<std::string> args) const {
    Outcome r = test::run_backstep(std::move(args), dir_ / "process");
    if (!r.started) ADD_FAILURE() << "cannot run " << BACKSTEP_EXE;
    return r;
  }
};

TEST_F(DataCli, IrisWithAStratifiedTestShareReportsTestLossAndAccuracy) {
  const Outcome r = run({"train", "--preset", "blobs3", "--data", kData + "iris.csv",
                         "--test-share", "0.2", "--epochs", "50", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json summary = json::parse(r.last_line());
  ASSERT_TRUE(summary["test_loss"].is_number()) << r.last_line();
  ASSERT_TRUE(summary["test_accuracy"].is_number());
  EXPECT_GT(summary["test_accuracy"].get<double>(), 0.85);
  EXPECT_GT(summary["train_accuracy"].get<double>(), 0.85);
  // 0.2 of 50 per class held out: 120 training and 30 test samples.
  const Outcome text = run({"train", "--preset", "blobs3", "--data", kData + "iris.csv",
                            "--test-share", "0.2", "--epochs", "1"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("(120 samples)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("(30 samples)"), std::string::npos) << text.out;
}

TEST_F(DataCli, TargetByNameAndByIndexAreTheSameRun) {
  auto summary = [&](const std::string& target) {
    const Outcome r = run({"train", "--preset", "blobs3", "--data", kData + "wine.csv", "--target",
                           target, "--test-share", "0.25", "--epochs", "5", "--json"});
    EXPECT_EQ(r.code, 0) << r.err;
    json j = json::parse(r.last_line(), nullptr, false);
    j.erase("seconds");
    return j;
  };
  const json by_name = summary("class");
  EXPECT_TRUE(by_name["test_accuracy"].is_number()) << by_name.dump();
  EXPECT_EQ(by_name, summary("1"));
}

TEST_F(DataCli, TestFileAndImage) {
  const Outcome t = run({"train", "--preset", "blobs3", "--data", kData + "iris_train.csv",
                         "--test-data", kData + "iris_test.csv", "--epochs", "1"});
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("(30 samples)"), std::string::npos) << t.out;
  const Outcome d = run({"train", "--preset", "blobs3", "--data", kData + "digits.csv", "--target",
                         "digit", "--image", "8x8", "--epochs", "1", "--json"});
  EXPECT_EQ(d.code, 0) << d.err;
}

TEST_F(DataCli, EverySubcommandTakesTheDataFlags) {
  const std::vector<std::string> data = {"--preset",     "blobs3", "--data",  kData + "iris.csv",
                                         "--test-share", "0.2",    "--scale", "minmax"};
  for (const char* sub : {"grad", "trace", "gradcheck"}) {
    std::vector<std::string> args = {sub};
    args.insert(args.end(), data.begin(), data.end());
    if (std::string(sub) != "gradcheck") args.insert(args.end(), {"--batch-size", "4"});
    if (std::string(sub) == "trace") args.insert(args.end(), {"--json"});
    const Outcome r = run(args);
    EXPECT_EQ(r.code, 0) << sub << ": " << r.err;
  }
}

struct BadCase {
  const char* name;
  std::vector<std::string> args;
  std::vector<std::string> expected;
};

TEST_F(DataCli, MalformedDataAndFlagsExitWith2NamingThePlace) {
  const std::string d = kData;
  const std::vector<BadCase> cases = {
      {"empty_cell",
       {"--data", d + "iris_empty_cell.csv"},
       {"iris_empty_cell.csv:4:3:", "empty cell"}},
      {"ragged", {"--data", d + "iris_ragged.csv"}, {"iris_ragged.csv:5:5:", "expected 5 columns"}},
      {"many_labels",
       {"--data", d + "many_labels.csv"},
       {"many_labels.csv:102:3:", "this does not look like a class column"}},
      {"unknown_target",
       {"--data", d + "iris.csv", "--target", "colour"},
       {"iris.csv:1:", "\"colour\"", "no column of that name"}},
      {"bad_scale",
       {"--data", d + "iris.csv", "--scale", "zscore"},
       {"--scale: unknown \"zscore\"", "standardize, minmax, none"}},
      {"image_size",
       {"--data", d + "digits.csv", "--target", "digit", "--image", "8x7"},
       {"digits.csv: image 8×7 is 56 pixels, the data has 64 inputs"}},
      {"image_syntax", {"--data", d + "digits.csv", "--image", "8by8"}, {"--image: expected WxH"}},
      {"unseen_class",
       {"--data", d + "iris_train.csv", "--test-data", d + "iris_test_unseen_class.csv"},
       {"iris_test_unseen_class.csv:4:5:", "\"iris-nova\""}},
      {"share_range", {"--data", d + "iris.csv", "--test-share", "0.95"}, {"--test-share", "0.95"}},
      {"share_and_file",
       {"--data", d + "iris.csv", "--test-share", "0.2", "--test-data", d + "iris_test.csv"},
       {"--test-data and --test-share"}},
      {"flag_without_data", {"--target", "species"}, {"--target: needs --data"}},
  };
  for (const BadCase& c : cases) {
    for (const char* sub : {"train", "grad"}) {
      std::vector<std::string> args = {sub, "--preset", "blobs3"};
      args.insert(args.end(), c.args.begin(), c.args.end());
      const Outcome r = run(args);
      EXPECT_EQ(r.code, 2) << c.name << " " << sub << ": " << r.err;
      for (const std::string& part : c.expected) {
        EXPECT_NE(r.err.find(part), std::string::npos)
            << c.name << " " << sub << ": \"" << r.err << "\" lacks \"" << part << "\"";
      }
    }
  }
}

}  // namespace
}  // namespace backstep

namespace backstep {
namespace {

// `evaluate` reads the model's scaling and classes: on the part `train` held
// out (same share, same seed) it reports train's own test accuracy, and the
// confusion matrix adds up to it.
TEST_F(DataCli, EvaluateAgreesWithTrainOnTheHeldOutPart) {
  const std::string model = (dir_ / "iris_model.json").string();
  const Outcome t = run({"train", "--preset", "blobs3", "--data", kData + "iris.csv",
                         "--test-share", "0.2", "--epochs", "30", "--json", "--out", model});
  ASSERT_EQ(t.code, 0) << t.err;
  const json trained = json::parse(t.last_line());
  const Outcome e =
      run({"evaluate", "--model", model, "--data", kData + "iris.csv", "--test-share", "0.2"});
  ASSERT_EQ(e.code, 0) << e.err;
  const json j = json::parse(e.last_line());
  EXPECT_EQ(j["samples"], 30);
  EXPECT_EQ(j["accuracy"].get<double>(), trained["test_accuracy"].get<double>());
  EXPECT_DOUBLE_EQ(j["loss"].get<double>(), trained["test_loss"].get<double>());
  EXPECT_EQ(j["classes"], json({"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(j["scaling"], "standardize");
  long diagonal = 0, total = 0;
  for (std::size_t r = 0; r < 3; ++r) {
    long row = 0;
    for (std::size_t c = 0; c < 3; ++c) {
      row += j["confusion"][r][c].get<long>();
      if (r == c) diagonal += j["confusion"][r][c].get<long>();
    }
    EXPECT_EQ(row, 10) << "true class " << r;  // stratified: 10 of each class
    total += row;
  }
  EXPECT_EQ(total, 30);
  EXPECT_NEAR(static_cast<double>(diagonal) / 30.0, j["accuracy"].get<double>(), 1e-15);

  // The whole file, and bad input.
  const Outcome all = run({"evaluate", "--model", model, "--data", kData + "iris.csv"});
  ASSERT_EQ(all.code, 0) << all.err;
  EXPECT_EQ(json::parse(all.last_line())["samples"], 150);
  const Outcome unseen =
      run({"evaluate", "--model", model, "--data", kData + "iris_test_unseen_class.csv"});
  EXPECT_EQ(unseen.code, 2);
  EXPECT_NE(unseen.err.find("iris_test_unseen_class.csv:4:5:"), std::string::npos) << unseen.err;
  EXPECT_EQ(run({"evaluate", "--model", model}).code, 2);
  EXPECT_EQ(
      run({"evaluate", "--model", model, "--data", kData + "iris.csv", "--scale", "none"}).code, 2);
  EXPECT_EQ(run({"evaluate", "--data", kData + "iris.csv"}).code, 2);
}

}  // namespace
}  // namespace backstep

namespace backstep {
namespace {

// IDX files on the command line: a small set written here trains, and each
// malformed file exits 2 naming the file and the byte.
class IdxCli : public DataCli {
 protected:
  IdxCli() : DataCli("idx_cli") {}
  static std::string header(char dims, std::vector<std::uint32_t> sizes) {
    std::string b{'\0', '\0', '\x08', dims};
    for (std::uint32_t v : sizes) {
      b += {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
    }
    return b;
  }
  // n images of 2×2 whose bright corner is the label (0 … 3), and the labels.
  void write_set(const std::string& prefix, int n, int cut = 0) const {
    std::string images = header(3, {static_cast<std::uint32_t>(n), 2, 2});
    std::string labels = header(1, {static_cast<std::uint32_t>(n)});
    for (int i = 0; i < n; ++i) {
      for (int p = 0; p < 4; ++p) images += static_cast<char>(p == i % 4 ? 250 : 5 * (i % 7));
      labels += static_cast<char>(i % 4);
    }
    std::ofstream(path(prefix + "-images-idx3-ubyte"), std::ios::binary)
        << images.substr(0, images.size() - static_cast<std::size_t>(cut));
    std::ofstream(path(prefix + "-labels-idx1-ubyte"), std::ios::binary) << labels;
  }
};

TEST_F(IdxCli, ADirectoryTrainsWithT10kAsItsTestSet) {
  write_set("train", 40);
  write_set("t10k", 12);
  const Outcome r = run({"train", "--preset", "blobs3", "--data", dir_.string(), "--epochs", "30",
                         "--lr", "0.5", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json summary = json::parse(r.last_line());
  ASSERT_TRUE(summary["test_accuracy"].is_number()) << r.last_line();
  EXPECT_EQ(summary["test_accuracy"].get<double>(), 1.0) << r.last_line();
  const Outcome text =
      run({"train", "--preset", "blobs3", "--data", dir_.string(), "--steps", "1"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("(40 samples)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("(12 samples)"), std::string::npos) << text.out;
}

TEST_F(IdxCli, MalformedFilesExitWith2NamingTheFileAndTheByte) {
  write_set("short", 8, 3);
  write_set("count", 8);
  std::ofstream(path("count-labels-idx1-ubyte"), std::ios::binary)
      << header(1, {7}) + std::string(7, '\1');
  write_set("magic", 8);
  {
    std::fstream f(path("magic-images-idx3-ubyte"),
                   std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(1);
    f.put('\x09');
  }
  struct Bad {
    std::string data;
    std::string expected;
  };
  const std::vector<Bad> cases = {
      {path("short-images-idx3-ubyte"), path("short-images-idx3-ubyte") + ": truncated"},
      {path("count-images-idx3-ubyte"),
       "8 images, but " + path("count-labels-idx1-ubyte") + " has 7 labels"},
      {path("magic-images-idx3-ubyte"), path("magic-images-idx3-ubyte") + ": byte 0: magic"},
      {dir_.string(), "without train-images-idx3-ubyte"},
  };
  for (const Bad& c : cases) {
    for (const char* sub : {"train", "evaluate"}) {
      std::vector<std::string> args = {sub, "--preset", "blobs3", "--data", c.data};
      if (std::string(sub) == "evaluate")
        args = {sub, "--model", kData + "../../assets/presets/blobs3.json", "--data", c.data};
      const Outcome r = run(args);
      EXPECT_EQ(r.code, 2) << sub << " " << c.data << ": " << r.err;
      EXPECT_NE(r.err.find(c.expected), std::string::npos)
          << "\"" << r.err << "\" lacks \"" << c.expected << "\"";
    }
  }
}

TEST_F(IdxCli, TheFashionMnistPresetTrainsOnTheRealFiles) {
  const Outcome r = run({"train", "--preset", "fashion-mnist", "--steps", "200", "--json"});
  ASSERT_EQ(r.code, 0) << r.err << " (scripts/install-deps --test installs dataset-fashion-mnist)";
  const json summary = json::parse(r.last_line());
  // 200 adam steps of 64 images already sort most of the ten classes
  // (chance is 0.1).
  EXPECT_GT(summary["test_accuracy"].get<double>(), 0.6) << r.last_line();
}

}  // namespace
}  // namespace backstep
