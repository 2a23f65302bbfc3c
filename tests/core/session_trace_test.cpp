// The tracer cursor in a Session, driven only through apply(): micro-steps
// never touch the network until the last one, which applies exactly the
// engine's step; training mid-trace stays consistent.
#include "core/session_trace.hpp"

#include <gtest/gtest.h>

#include <tuple>
#include <utility>

#include "formats/preset_io.hpp"

namespace backstep {
namespace {

Session xor_session() {
  Result<Preset> p = load_preset(std::string(BACKSTEP_SOURCE_DIR) + "/assets/presets", "xor");
  EXPECT_TRUE(p.ok()) << p.error().message;
  Result<Session> s = make_session(p.value());
  EXPECT_TRUE(s.ok());
  return std::move(s).value();
}

bool same_parameters(const Mlp& a, const Mlp& b) {
  for (int l = 1; l <= a.depth(); ++l) {
    if (a.layer(l).W != b.layer(l).W || a.layer(l).b != b.layer(l).b) return false;
  }
  return true;
}

TEST(SessionTrace, MicroSteppingAFullTraceEqualsOneEngineStep) {
  for (TraceGranularity g : {TraceGranularity::neuron, TraceGranularity::weight}) {
    Session s = xor_session();
    ASSERT_TRUE(apply(s, TrainSteps{3}).ok());  // a step that is not the first
    ASSERT_TRUE(apply(s, SetTraceGranularity{g}).ok());
    Session engine = s;
    ASSERT_TRUE(apply(engine, TrainSteps{1}).ok());

    const Mlp before = s.net;
    const long size = session_tracer(s)->size();
    ASSERT_GT(size, 10);
    for (long i = 1; i < size; ++i) {
      ASSERT_TRUE(apply(s, MicroStep{1}).ok());
      EXPECT_EQ(trace_index(s), i);
      ASSERT_TRUE(same_parameters(s.net, before)) << "half-updated network at " << i;
    }
    EXPECT_EQ(s.trainer.steps(), 3);
    ASSERT_TRUE(apply(s, MicroStep{1}).ok());  // past the last micro-step
    EXPECT_EQ(s.trainer.steps(), 4);
    EXPECT_EQ(trace_index(s), 0);
    EXPECT_TRUE(same_parameters(s.net, engine.net));
    EXPECT_EQ(s.history.points().size(), engine.history.points().size());
    // The tracer now walks the next step, from the new parameters.
    EXPECT_TRUE(same_parameters(session_tracer(s)->net(), engine.net));
  }
}

TEST(SessionTrace, TrainingMidTraceFinishesTheStepConsistently) {
  Session s = xor_session();
  Session plain = s;
  ASSERT_TRUE(apply(s, MicroStep{17}).ok());
  EXPECT_EQ(trace_index(s), 17);
  ASSERT_TRUE(apply(s, TrainSteps{5}).ok());
  ASSERT_TRUE(apply(plain, TrainSteps{5}).ok());
  EXPECT_TRUE(same_parameters(s.net, plain.net));
  EXPECT_EQ(trace_index(s), 0);
  // A jump of more than a whole trace applies each step it passes.
  const long size = session_tracer(s)->size();
  ASSERT_TRUE(apply(s, MicroStep{2 * size + 3}).ok());
  ASSERT_TRUE(apply(plain, TrainSteps{2}).ok());
  EXPECT_TRUE(same_parameters(s.net, plain.net));
  EXPECT_EQ(trace_index(s), 3);
}

TEST(SessionTrace, NavigationRoundTripsAndJumps) {
  Session s = xor_session();
  ASSERT_TRUE(apply(s, MicroStep{12}).ok());
  const TraceStep there = session_tracer(s)->at(trace_index(s));
  ASSERT_TRUE(apply(s, MicroStep{9}).ok());
  ASSERT_TRUE(apply(s, MicroStep{-9}).ok());
  const TraceStep back = session_tracer(s)->at(trace_index(s));
  EXPECT_EQ(back.index, there.index);
  EXPECT_EQ(back.formula, there.formula);
  EXPECT_EQ(back.substituted, there.substituted);
  ASSERT_TRUE(apply(s, MicroStep{-1000}).ok());  // clamps at the start of the step
  EXPECT_EQ(trace_index(s), 0);

  ASSERT_TRUE(apply(s, JumpTrace{TracePhase::hidden_delta, 1, 2}).ok());
  TraceLocus at = session_tracer(s)->locate(trace_index(s));
  EXPECT_EQ(at.phase, TracePhase::hidden_delta);
  EXPECT_EQ(std::make_pair(at.layer, at.neuron), std::make_pair(1, 2));

  ASSERT_TRUE(apply(s, SetTraceGranularity{TraceGranularity::weight}).ok());
  ASSERT_TRUE(apply(s, JumpTrace{TracePhase::update, 2, 0, 3}).ok());
  at = session_tracer(s)->locate(trace_index(s));
  EXPECT_EQ(at.source, 3);
  // Back to neuron granularity: the cursor stays on that neuron's row.
  ASSERT_TRUE(apply(s, SetTraceGranularity{TraceGranularity::neuron}).ok());
  at = session_tracer(s)->locate(trace_index(s));
  EXPECT_EQ(std::make_tuple(at.phase, at.layer, at.neuron, at.source),
            std::make_tuple(TracePhase::update, 2, 0, -1));

  const long size = session_tracer(s)->size();
  EXPECT_FALSE(apply(s, SetTraceIndex{size}).ok());
  EXPECT_TRUE(apply(s, SetTraceIndex{size - 1}).ok());
  EXPECT_FALSE(apply(s, JumpTrace{TracePhase::hidden_delta, 2, 0}).ok());  // output: no hidden δ
}

TEST(SessionTrace, TracesTheSelectedSampleAndFollowsEdits) {
  Session s = xor_session();
  ASSERT_TRUE(apply(s, SelectSample{2}).ok());
  EXPECT_EQ(traced_sample(s), 2);
  EXPECT_EQ(session_tracer(s)->sample(), 2);  // full batch: stored order
  ASSERT_TRUE(apply(s, MicroStep{3}).ok());
  ASSERT_TRUE(apply(s, SetWeight{1, 0, 0, 0.25}).ok());
  const Tracer* after = session_tracer(s);
  EXPECT_EQ(after->net().layer(1).W(0, 0), 0.25);  // rebuilt on the edited network
  EXPECT_EQ(trace_index(s), 3);
}

}  // namespace
}  // namespace backstep
