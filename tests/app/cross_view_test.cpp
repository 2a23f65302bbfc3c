// One quantity, one number: for every preset, batch size, clipping and a few
// steps in, the graph's hover cards (the lines `describe node|edge` prints)
// and the chain-rule tracer show the same z, a, δ, ∂L/∂b and ∂L/∂w for the
// same neuron, edge and sample — and those equal an independent recomputation
// of the batch gradient from the engine's plain forward/backward.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app/automation/script.hpp"
#include "app/text/graph_card.hpp"
#include "app/text/strings.hpp"
#include "core/session_step.hpp"
#include "core/session_trace.hpp"
#include "core/trace_text.hpp"
#include "formats/preset_io.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

constexpr double kTol = 1e-12;

const std::filesystem::path kPresets =
    std::filesystem::path(BACKSTEP_SOURCE_DIR) / "assets/presets";

double card_value(const std::vector<CardLine>& card, const std::string& label_prefix) {
  for (const CardLine& line : card) {
    if (line.kind == CardLine::Kind::value && line.text.rfind(label_prefix, 0) == 0) {
      return line.value;
    }
  }
  ADD_FAILURE() << "no card line starting with " << label_prefix;
  return 0.0;
}

double traced(const Tracer& tr, long index) {
  EXPECT_GE(index, 0);
  return index >= 0 ? tr.at(index).value : 0.0;
}

// The batch gradient recomputed by hand from the session's batch order: gather
// the columns, forward, loss, backward, clip — without Step or the tracer.
Workspace independent_gradients(const Session& s) {
  std::vector<int> cols;
  s.trainer.next_batch_indices(cols, s.data.train, s.hp);
  Matrix x(s.net.input_size(), static_cast<Eigen::Index>(cols.size()));
  Matrix t(s.net.output_size(), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t i = 0; i < cols.size(); ++i) {
    x.col(static_cast<Eigen::Index>(i)) = s.data.train.x.col(cols[i]);
    t.col(static_cast<Eigen::Index>(i)) = s.data.train.t.col(cols[i]);
  }
  Workspace ws;
  (void)loss_and_gradients(s.net, x, t, s.hp.regularization, ws);
  if (s.hp.clip_norm > 0.0) clip_gradients(ws, s.hp.clip_norm);
  return ws;
}

void expect_views_agree(Session& s, const std::string& what) {
  const Step* step = pending_step(s);
  ASSERT_NE(step, nullptr) << what;
  // Walk a sample that is not the batch's first, so a view that fell back to
  // column 0 would be caught.
  const int column = step->ws.batch - 1;
  ASSERT_TRUE(apply(s, SelectSample{step->batch[column]}).ok());
  ASSERT_EQ(shown_sample(s), s.selected_sample);
  ASSERT_TRUE(apply(s, SetTraceGranularity{TraceGranularity::weight}).ok());
  const Tracer* tr = session_tracer(s);
  ASSERT_NE(tr, nullptr);
  ASSERT_EQ(tr->sample(), column) << what;
  const Workspace oracle = independent_gradients(s);
  using notation::bias_name;
  using notation::neuron_name;
  using notation::weight_name;
  const Mlp& net = s.net;
  for (int l = 1; l <= net.depth(); ++l) {
    const TracePhase delta_phase =
        l == net.depth() ? TracePhase::output_delta : TracePhase::hidden_delta;
    for (int j = 0; j < std::min(net.size(l), 4); ++j) {
      SCOPED_TRACE(what + ": layer " + std::to_string(l) + " neuron " + std::to_string(j + 1));
      const std::vector<CardLine> card = node_card(s, l, j);
      const long z_step = tr->index_of(TracePhase::forward, l, j);
      EXPECT_NEAR(card_value(card, neuron_name("z", l, j)), traced(*tr, z_step), kTol);
      EXPECT_NEAR(card_value(card, neuron_name("a", l, j)), traced(*tr, z_step + 1), kTol);
      const double delta = card_value(card, neuron_name("δ", l, j));
      EXPECT_NEAR(delta, traced(*tr, tr->index_of(delta_phase, l, j)), kTol);
      const double db = card_value(card, "∂L/∂" + bias_name(l, j));
      EXPECT_NEAR(db, traced(*tr, tr->index_of(TracePhase::bias_gradient, l, j)), kTol);
      EXPECT_NEAR(db, oracle.grad_b[l](j), kTol);
      for (int k = 0; k < std::min(net.size(l - 1), 4); ++k) {
        const double dw = card_value(edge_card(s, l, j, k), "∂L/∂" + weight_name(l, j, k));
        EXPECT_NEAR(dw, traced(*tr, tr->index_of_edge(l, j, k)), kTol);
        EXPECT_NEAR(dw, oracle.grad_W[l](j, k), kTol);
      }
    }
  }
}

TEST(CrossView, CardsTracerAndEngineShowOneNumber) {
  int checked = 0;
  for (const std::string& preset : test::generator_presets()) {
    for (int batch : {1, 4, 0}) {        // exact SGD, a mini-batch, the full batch
      for (double clip : {0.0, 0.01}) {  // 0.01 clips every preset's first steps
        for (long steps : {0L, 1L, 3L}) {
          Result<Preset> p = load_preset(kPresets, preset);
          ASSERT_TRUE(p.ok()) << p.error().message;
          Result<Session> made = make_session(p.value());
          ASSERT_TRUE(made.ok());
          Session s = std::move(made).value();
          ASSERT_TRUE(apply(s, SetBatchSize{batch}).ok());
          ASSERT_TRUE(apply(s, SetClipNorm{clip}).ok());
          if (steps > 0) {
            ASSERT_TRUE(apply(s, TrainSteps{steps}).ok());
          }
          expect_views_agree(s, preset + " batch " + std::to_string(batch) + " clip " +
                                    std::to_string(clip) + " after " + std::to_string(steps));
          ++checked;
        }
      }
    }
  }
  EXPECT_GE(checked, 10 * 3 * 2 * 3);
}

// `describe` prints exactly the card's lines.
TEST(CrossView, DescribePrintsTheCardLines) {
  Result<StringTable> strings =
      read_string_tables(std::filesystem::path(BACKSTEP_SOURCE_DIR) / "assets/strings");
  ASSERT_TRUE(strings.ok()) << strings.error().message;
  install_strings(std::move(strings).value());
  set_language(Language::en);
  Result<Preset> p = load_preset(kPresets, "xor");
  ASSERT_TRUE(p.ok());
  Session s = std::move(make_session(p.value())).value();
  ASSERT_TRUE(apply(s, TrainSteps{1}).ok());
  Result<Script> script =
      parse_script("describe node 1 2\ndescribe edge 2 1 3\n", "d.txt", kPresets);
  ASSERT_TRUE(script.ok()) << script.error().message;
  testing::internal::CaptureStdout();
  ASSERT_TRUE(run_script_headless(s, script.value()).ok());
  const std::string printed = testing::internal::GetCapturedStdout();
  std::string expected;
  for (const CardLine& line : node_card(s, 1, 1)) expected += format_card_line(line) + "\n";
  for (const CardLine& line : edge_card(s, 2, 0, 2)) expected += format_card_line(line) + "\n";
  EXPECT_EQ(printed, expected);
  EXPECT_NE(printed.find("δ⁽¹⁾₂ = ∂L/∂z = "), std::string::npos) << printed;
  EXPECT_NE(printed.find("∂L/∂w⁽²⁾₁₃ = "), std::string::npos) << printed;
  EXPECT_NE(printed.find("last update Δw = "), std::string::npos) << printed;
  // A neuron that does not exist is an error naming it, 1-based.
  Result<Script> bad = parse_script("describe node 1 9\n", "d.txt", kPresets);
  ASSERT_TRUE(bad.ok());
  const Status st = run_script_headless(s, bad.value());
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("node 1 9 does not exist"), std::string::npos)
      << st.error().message;
}

}  // namespace
}  // namespace backstep
