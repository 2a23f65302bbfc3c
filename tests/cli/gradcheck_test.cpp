// `backstep gradcheck` run as a user would: exit 0 when backprop agrees with
// finite differences, 1 when it does not (a wrong gradient injected through
// the command's test-only hook), 2 for bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/bug.hpp"
#include "core/init.hpp"
#include "core/random.hpp"
#include "formats/data_io.hpp"
#include "formats/model_io.hpp"
#include "tests/support/run_process.hpp"
#include "tests/support/scratch_dir.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(BACKSTEP_SOURCE_DIR) + "/tests/data/";

class Gradcheck : public test::ScratchDirTest {
 protected:
  Gradcheck() : ScratchDirTest("gradcheck") {}

  // Runs `backstep gradcheck <args>`; fills out_/err_ and returns the exit code.
  int run(const std::string& args) {
    const test::ProcessOutcome r = test::run_backstep("gradcheck " + args, dir_ / "process");
    out_ = r.out;
    err_ = r.err;
    return r.started ? r.code : -1;
  }

  std::string out_, err_;
};

TEST_F(Gradcheck, WorkedExampleModelPassesOnEveryParameter) {
  ASSERT_EQ(
      run("--model " + kData + "worked_example.json --data " + kData + "worked_example_data.json"),
      0)
      << out_ << err_;
  EXPECT_NE(out_.find("parameters checked: 12 of 12 (all)"), std::string::npos) << out_;
  EXPECT_NE(out_.find("PASS"), std::string::npos) << out_;
}

TEST_F(Gradcheck, RandomNetworksPass) {
  Rng rng(21);
  for (int trial = 0; trial < 3; ++trial) {
    Mlp net = make_mlp({3, 5, 4, 2}, {Activation::tanh, Activation::sigmoid, Activation::linear},
                       Loss::mse);
    initialize(net, InitSpec{Init::uniform, 1.0, 100u + trial});
    for (DenseLayer& layer : net.layers) {
      for (Eigen::Index j = 0; j < layer.b.size(); ++j) layer.b(j) = rng.uniform(-0.5, 0.5);
    }
    Dataset d;
    d.x.resize(3, 9);
    d.t.resize(2, 9);
    for (int c = 0; c < 9; ++c) {
      for (int r = 0; r < 3; ++r) d.x(r, c) = rng.uniform(-1, 1);
      for (int r = 0; r < 2; ++r) d.t(r, c) = rng.uniform(-1, 1);
    }
    ASSERT_TRUE(write_model(path("m.json"), net).ok());
    ASSERT_TRUE(write_data(path("d.json"), d).ok());
    EXPECT_EQ(run("--model " + path("m.json") + " --data " + path("d.json")), 0)
        << "trial " << trial << "\n"
        << out_ << err_;
    EXPECT_NE(out_.find("of 54 (all)"), std::string::npos) << out_;
  }
}

TEST_F(Gradcheck, MaxParamsChecksASeededSample) {
  ASSERT_EQ(run("--preset spiral --max-params 200"), 0) << out_ << err_;
  EXPECT_NE(out_.find("parameters checked: 200 of 393"), std::string::npos) << out_;
  EXPECT_NE(out_.find("random sample"), std::string::npos) << out_;
}

// Without --max-params it is the window's "verify gradients" (CheckGradients):
// every parameter up to 5000, on the pending step's batch (spiral: 50 samples).
TEST_F(Gradcheck, ByDefaultItIsTheSessionsCheckOnThePendingBatch) {
  ASSERT_EQ(run("--preset spiral"), 0) << out_ << err_;
  EXPECT_NE(out_.find("gradcheck preset spiral: 50 samples"), std::string::npos) << out_;
  EXPECT_NE(out_.find("parameters checked: 393 of 393 (all)"), std::string::npos) << out_;
  ASSERT_EQ(run("--preset spiral --batch-size 0 --steps 3"), 0) << out_ << err_;
  EXPECT_NE(out_.find("200 samples"), std::string::npos) << out_;  // 250, 50 held out
}

TEST_F(Gradcheck, AWrongGradientFailsWithExitOneAndIsNamed) {
  const std::string model =
      "--model " + kData + "worked_example.json --data " + kData + "worked_example_data.json";
  ASSERT_EQ(run(model + " --test-only-wrong-gradient 1.001"), 1) << out_ << err_;
  EXPECT_NE(out_.find("FAIL"), std::string::npos) << out_;
  EXPECT_NE(out_.find("at w⁽¹⁾₁₁"), std::string::npos) << out_;  // 1-based
  // The hook with factor 1 changes nothing: the same model passes.
  EXPECT_EQ(run(model + " --test-only-wrong-gradient 1"), 0) << out_ << err_;
}

TEST_F(Gradcheck, BadInputExitsTwo) {
  EXPECT_EQ(run("--model " + path("missing.json") + " --data " + kData + "xor_data.csv"), 2);
  EXPECT_NE(err_.find("backstep: error:"), std::string::npos) << err_;
  EXPECT_EQ(run("--preset xor --max-params zero"), 2);
  EXPECT_EQ(run("--model " + kData + "nan_model.json --dataset xor"), 2);
}

}  // namespace
}  // namespace backstep

namespace backstep {
namespace {

TEST_F(Gradcheck, EveryGradientBugFailsAndGradientAscentPasses) {
  for (Bug bug : all_bugs()) {
    if (bug == Bug::softmax_jacobian_twice) continue;  // xor's output is tanh + mse
    if (bug == Bug::sigmoid_prime_of_z || bug == Bug::relu_prime_one) continue;  // no σ, no relu
    const int code = run("--preset xor --bug " + std::string(bug_name(bug)));
    if (bug_changes_gradient(bug)) {
      EXPECT_EQ(code, 1) << bug_name(bug) << ": " << out_ << err_;
      EXPECT_NE(out_.find("FAIL"), std::string::npos) << bug_name(bug);
    } else {
      EXPECT_EQ(code, 0) << bug_name(bug) << ": " << out_ << err_;
    }
  }
  EXPECT_EQ(run("--preset blobs3 --bug softmax-jacobian-twice"), 1) << out_ << err_;
}

// xor is 2-4-1: without f′ in the hidden δ, the 8 weights and 4 biases of
// layer 1 are wrong and the output layer's 5 parameters are right.
TEST_F(Gradcheck, ABugsFlaggedParametersAreListedWithEachLayersError) {
  EXPECT_EQ(run("--preset xor --bug no-activation-derivative"), 1) << out_ << err_;
  EXPECT_NE(out_.find("flagged (relative error >= 1e-06): 12 of 17:"), std::string::npos) << out_;
  for (const char* p : {"w⁽¹⁾₁₁", "w⁽¹⁾₄₂", "b⁽¹⁾₁", "b⁽¹⁾₄"})
    EXPECT_NE(out_.find(std::string(" ") + p), std::string::npos) << p << "\n" << out_;
  EXPECT_EQ(out_.find("w⁽²⁾"), std::string::npos) << out_;
  const std::size_t layer2 = out_.find("layer 2 ");
  ASSERT_NE(layer2, std::string::npos) << out_;
  EXPECT_LT(std::strtod(out_.c_str() + layer2 + 8, nullptr), 1e-6) << out_;
  // The correct engine flags nothing and says so by omission.
  EXPECT_EQ(run("--preset xor"), 0) << out_ << err_;
  EXPECT_EQ(out_.find("flagged"), std::string::npos) << out_;
  EXPECT_NE(out_.find("max relative error per layer: layer 1 "), std::string::npos) << out_;
}

TEST_F(Gradcheck, AnUnknownBugExitsTwoAndListsTheNames) {
  EXPECT_EQ(run("--preset xor --bug off-by-one"), 2);
  EXPECT_NE(err_.find("no-batch-mean"), std::string::npos) << err_;
  EXPECT_NE(err_.find("gradient-ascent"), std::string::npos) << err_;
}

}  // namespace
}  // namespace backstep
