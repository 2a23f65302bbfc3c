// The command line against the window: both drive a Session through apply(),
// so `backstep train` and the window's `train N` script verb give the same
// weights, bit for bit.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/run_process.hpp"

namespace {

using backstep::test::read_whole_file;
using nlohmann::json;

class CliWindow : public backstep::test::GuiFixture {
 protected:
  CliWindow() : GuiFixture("cli_window") {}
};

TEST_F(CliWindow, TrainOnTheCommandLineEqualsTrainInTheWindow) {
  const std::string cli_out = (dir_ / "a.json").string();
  const backstep::test::ProcessOutcome cli =
      backstep::test::run_backstep({"train", "--preset", "spiral", "--steps", "40", "--batch-size",
                                    "10", "--log-every", "0", "--out", cli_out},
                                   dir_ / "cli");
  ASSERT_EQ(cli.code, 0) << cli.err;

  const std::string session = (dir_ / "window.json").string();
  const std::filesystem::path script =
      write("s.txt", "set batch 10\ntrain 40\nsave-session " + session + "\n");
  const backstep::test::ProcessOutcome window =
      run("--preset spiral --frames 3 --script " + script.string());
  ASSERT_EQ(window.code, 0) << window.err;

  // Both formats write round-trip exact numbers: equal JSON numbers are equal doubles.
  const json a = json::parse(read_whole_file(cli_out), nullptr, false);
  const json b = json::parse(read_whole_file(session), nullptr, false);
  ASSERT_TRUE(a.is_object() && b.is_object());
  EXPECT_EQ(b["trainer"]["steps"], 40);
  ASSERT_FALSE(a["weights"].empty());
  EXPECT_EQ(a["weights"], b["model"]["weights"]);
  EXPECT_EQ(a["biases"], b["model"]["biases"]);
}

// A CSV as people write it (a header, species names in the last column) is
// read by the same importer on both sides: the window once refused iris.csv
// ("setosa" is not a number) while `backstep train` took it.
TEST_F(CliWindow, IrisWithClassNamesTrainsTheSameInTheWindow) {
  const std::string iris = std::string(BACKSTEP_SOURCE_DIR) + "/tests/data/iris.csv";
  const std::string cli_out = (dir_ / "a.json").string();
  const backstep::test::ProcessOutcome cli =
      backstep::test::run_backstep({"train", "--preset", "blobs3", "--data", iris, "--steps", "30",
                                    "--log-every", "0", "--out", cli_out},
                                   dir_ / "cli");
  ASSERT_EQ(cli.code, 0) << cli.err;
  const std::string session = (dir_ / "window.json").string();
  const std::filesystem::path script = write("s.txt", "train 30\nsave-session " + session + "\n");
  const backstep::test::ProcessOutcome window =
      run("--preset blobs3 --data " + iris + " --frames 3 --script " + script.string());
  ASSERT_EQ(window.code, 0) << window.err;
  const json a = json::parse(read_whole_file(cli_out), nullptr, false);
  const json b = json::parse(read_whole_file(session), nullptr, false);
  ASSERT_TRUE(a.is_object() && b.is_object());
  EXPECT_EQ(b["trainer"]["steps"], 30);
  ASSERT_EQ(a["weights"].size(), 2u);  // 4 → hidden → 3 softmax: iris's three species
  EXPECT_EQ(a["weights"], b["model"]["weights"]);
  EXPECT_EQ(a["biases"], b["model"]["biases"]);
}

}  // namespace
