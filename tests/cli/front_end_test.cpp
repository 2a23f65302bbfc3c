// The command line as another front end of Session: what `grad`, `trace` and
// `train` print is the session's own pending step, traced sample and epoch
// arithmetic — the numbers the window's hover cards and tracer show.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/text/graph_card.hpp"
#include "core/session.hpp"
#include "core/session_step.hpp"
#include "formats/preset_io.hpp"
#include "formats/session_io.hpp"
#include "tests/support/preset_session.hpp"
#include "tests/support/run_process.hpp"
#include "tests/support/scratch_dir.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Outcome = test::ProcessOutcome;

class FrontEnd : public test::ScratchDirTest {
 protected:
  FrontEnd() : ScratchDirTest("front") {}

  Outcome run(std::vector<std::string> args) const {
    Outcome r = test::run_backstep(std::move(args), dir_ / "process");
    if (!r.started) ADD_FAILURE() << "cannot run " << BACKSTEP_EXE;
    return r;
  }
  json run_json(std::vector<std::string> args) const {
    const Outcome r = run(std::move(args));
    EXPECT_EQ(r.code, 0) << r.err;
    return json::parse(r.last_line(), nullptr, false);
  }
};

using test::preset_session;

// The value of the card line labelled ∂L/∂… (the batch gradient).
double card_gradient(const std::vector<CardLine>& card) {
  for (const CardLine& line : card) {
    if (line.kind == CardLine::Kind::value && line.text.rfind("∂L/∂", 0) == 0) return line.value;
  }
  ADD_FAILURE() << "no ∂L/∂ line on the card";
  return 0.0;
}

void expect_matrix(const json& j, const Matrix& m, double tol, const std::string& what) {
  ASSERT_EQ(j.size(), static_cast<std::size_t>(m.rows())) << what;
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    ASSERT_EQ(j[r].size(), static_cast<std::size_t>(m.cols())) << what;
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      EXPECT_NEAR(j[r][c].get<double>(), m(r, c), tol) << what << " (" << r << "," << c << ")";
    }
  }
}

TEST_F(FrontEnd, GradOfASessionFileIsThePendingStepOfThatSession) {
  const Outcome saved = run({"train", "--preset", "spiral", "--steps", "23", "--log-every", "0",
                             "--save-session", path("s.json")});
  ASSERT_EQ(saved.code, 0) << saved.err;
  const json g = run_json({"grad", "--session", path("s.json")});
  ASSERT_TRUE(g.is_object());

  Result<SessionFile> file = read_session(path("s.json"));
  ASSERT_TRUE(file.ok()) << file.error().message;
  const Session& s = file.value().session;
  const Step* step = pending_step(s);
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(g["step"].get<long>(), 23);
  EXPECT_EQ(g["batch"].get<std::vector<int>>(), step->batch);
  EXPECT_NEAR(g["loss"].get<double>(), step->loss.total(), 1e-12);
  EXPECT_NEAR(g["learning_rate"].get<double>(), step->learning_rate, 1e-12);
  EXPECT_NEAR(g["gradient_norm"].get<double>(), step->gradient_norm, 1e-12);
  EXPECT_NEAR(g["clip_scale"].get<double>(), step->clip_scale, 1e-12);
  expect_matrix(g["outputs"], step->ws.a[s.net.depth()].transpose(), 1e-12, "outputs");
  for (int l = 1; l <= s.net.depth(); ++l) {
    const std::string at = "layer " + std::to_string(l);
    expect_matrix(g["grad_weights"][l - 1], step->ws.grad_W[l], 1e-12, "∂L/∂W " + at);
    expect_matrix(g["update_weights"][l - 1], step->after.last_update_W[l], 1e-12, "ΔW " + at);
    for (int j = 0; j < s.net.size(l); ++j) {
      EXPECT_NEAR(g["grad_biases"][l - 1][j].get<double>(), step->ws.grad_b[l](j), 1e-12) << at;
      EXPECT_NEAR(g["update_biases"][l - 1][j].get<double>(), step->after.last_update_b[l](j),
                  1e-12)
          << at;
    }
  }
}

// grad's ∂L/∂w and ∂L/∂b are the numbers on the window's hover cards, for
// presets × batch sizes × clipping × steps already taken.
TEST_F(FrontEnd, GradEqualsTheHoverCards) {
  for (const std::string preset : {"xor", "spiral", "blobs3"}) {
    for (int batch : {0, 1, 7}) {
      for (double clip : {0.0, 0.05}) {
        for (long steps : {0L, 1L, 3L}) {
          const std::string what = preset + " B=" + std::to_string(batch) +
                                   " clip=" + std::to_string(clip) +
                                   " steps=" + std::to_string(steps);
          std::vector<std::string> args = {
              "grad",    "--preset",           preset, "--batch-size", std::to_string(batch),
              "--steps", std::to_string(steps)};
          if (clip > 0) args.insert(args.end(), {"--clip", "0.05"});
          const json g = run_json(args);
          ASSERT_TRUE(g.is_object()) << what;

          Session s = preset_session(preset);
          ASSERT_TRUE(apply(s, SetBatchSize{batch}).ok());
          if (clip > 0) {
            ASSERT_TRUE(apply(s, SetClipNorm{clip}).ok());
          }
          if (steps > 0) {
            ASSERT_TRUE(apply(s, TrainSteps{steps}).ok());
          }
          const Step* step = pending_step(s);
          ASSERT_NE(step, nullptr);
          EXPECT_EQ(g["batch"].get<std::vector<int>>(), step->batch) << what;
          for (int l = 1; l <= s.net.depth(); ++l) {
            for (int j = 0; j < s.net.size(l); ++j) {
              EXPECT_NEAR(g["grad_biases"][l - 1][j].get<double>(),
                          card_gradient(node_card(s, l, j)), 1e-12)
                  << what << " b" << l << "," << j;
              for (int k = 0; k < s.net.size(l - 1); ++k) {
                EXPECT_NEAR(g["grad_weights"][l - 1][j][k].get<double>(),
                            card_gradient(edge_card(s, l, j, k)), 1e-12)
                    << what << " w" << l << "," << j << "," << k;
              }
            }
          }
          if (clip > 0 && batch == 0) {
            EXPECT_LT(g["clip_scale"].get<double>(), 1.0) << what;
          }
        }
      }
    }
  }
}

TEST_F(FrontEnd, TraceSampleWalksThatDatasetSample) {
  Session s = preset_session("spiral");  // batches of 10 from 250 samples
  ASSERT_TRUE(apply(s, TrainSteps{3}).ok());
  const Step* step = pending_step(s);
  ASSERT_NE(step, nullptr);
  const int sample = step->batch[4];
  const Outcome r = run({"trace", "--preset", "spiral", "--steps", "3", "--sample",
                         std::to_string(sample), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;

  // The engine's z for that sample alone.
  Workspace ws;
  prepare_workspace(s.net, 1, ws);
  const Matrix x = s.data.train.x.col(sample);
  forward(s.net, x, ws);
  int checked = 0;
  for (const std::string& line : r.lines()) {
    const json m = json::parse(line);
    if (m["phase"] != "forward" || m["formula"].get<std::string>().rfind("z", 0) != 0) continue;
    const int l = m["layer"].get<int>(), j = m["neuron"].get<int>();
    EXPECT_NEAR(m["value"].get<double>(), ws.z[l](j, 0), 1e-12) << line;
    ++checked;
  }
  int neurons = 0;
  for (int l = 1; l <= s.net.depth(); ++l) neurons += s.net.size(l);
  EXPECT_EQ(checked, neurons) << r.out;
}

TEST_F(FrontEnd, TraceOfASampleOutsideThePendingBatchListsTheBatch) {
  Session s = preset_session("spiral");
  const Step* step = pending_step(s);
  ASSERT_NE(step, nullptr);
  int outside = 0;
  while (pending_column(*step, outside) >= 0) ++outside;
  const Outcome r = run({"trace", "--preset", "spiral", "--sample", std::to_string(outside)});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("not in the pending batch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(std::to_string(step->batch[0]) + ", " + std::to_string(step->batch[1])),
            std::string::npos)
      << r.err;
  // The full batch holds every sample.
  EXPECT_EQ(
      run({"trace", "--preset", "spiral", "--sample", std::to_string(outside), "--batch-size", "0"})
          .code,
      0);
}

TEST_F(FrontEnd, EpochsRunCeilNOverBStepsEach) {
  // 200 spiral training samples (250, a fifth held out) in batches of 7:
  // ⌈200/7⌉ = 29 steps an epoch, the last one of 4.
  const json j = run_json({"train", "--preset", "spiral", "--epochs", "2", "--batch-size", "7",
                           "--log-every", "0", "--json", "--save-session", path("s.json")});
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["steps"].get<long>(), 58);
  EXPECT_EQ(j["epochs"].get<long>(), 2);
  EXPECT_EQ(Trainer::steps_per_epoch(200, 7), 29);

  // The same as TrainEpochs in the session, bit for bit.
  Session s = preset_session("spiral");
  ASSERT_TRUE(apply(s, SetBatchSize{7}).ok());
  ASSERT_TRUE(apply(s, TrainEpochs{2}).ok());
  EXPECT_EQ(s.trainer.steps(), 58);
  Result<SessionFile> file = read_session(path("s.json"));
  ASSERT_TRUE(file.ok()) << file.error().message;
  for (int l = 1; l <= s.net.depth(); ++l) {
    EXPECT_TRUE(file.value().session.net.layer(l).W == s.net.layer(l).W) << "layer " << l;
    EXPECT_TRUE(file.value().session.net.layer(l).b == s.net.layer(l).b) << "layer " << l;
  }

  // From mid-epoch, --epochs 1 finishes the epoch under way.
  const json resumed = run_json({"train", "--preset", "spiral", "--batch-size", "7", "--steps",
                                 "10", "--log-every", "0", "--save-session", path("mid.json")});
  (void)resumed;
  const json rest = run_json(
      {"train", "--session", path("mid.json"), "--epochs", "1", "--log-every", "0", "--json"});
  EXPECT_EQ(rest["steps"].get<long>(), 29);
  EXPECT_EQ(rest["epochs"].get<long>(), 1);
}

TEST_F(FrontEnd, ProgressLinesComeFromTheSession) {
  const Outcome r =
      run({"train", "--preset", "xor", "--steps", "30", "--log-every", "10", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<std::string> lines = r.lines();
  ASSERT_EQ(lines.size(), 4u) << r.out;  // three progress lines and the summary
  Session s = preset_session("xor");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(apply(s, TrainSteps{10}).ok());
    const json p = json::parse(lines[i]);
    EXPECT_EQ(p["step"].get<long>(), 10 * (i + 1));
    // The whole set's loss and accuracy, as the window's curve plots them,
    // and the last update's batch loss.
    EXPECT_EQ(p["train_loss"].get<double>(), s.train_eval.loss.total());
    EXPECT_EQ(p["train_accuracy"].get<double>(), s.train_eval.accuracy);
    EXPECT_EQ(p["train_loss"].get<double>(), s.history.points().back().train_loss);
    EXPECT_EQ(p["batch_loss"].get<double>(), s.last_step.loss.total());
    EXPECT_EQ(p["gradient_norm"].get<double>(), s.last_step.gradient_norm);
  }
}

}  // namespace
}  // namespace backstep
