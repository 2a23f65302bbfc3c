// The command-kind table (core/command_kind.hpp) is what apply() consults:
// its rows show up as behaviour — which commands restart the trace cursor,
// which wait while a rewound step is shown, which only look.
#include "core/command_kind.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/session.hpp"
#include "core/session_trace.hpp"
#include "formats/preset_io.hpp"

namespace backstep {
namespace {

Session xor_session() {
  Result<Preset> p =
      load_preset(std::filesystem::path(BACKSTEP_SOURCE_DIR) / "assets/presets", "xor");
  EXPECT_TRUE(p.ok());
  return std::move(make_session(p.value())).value();
}

TEST(CommandKind, TheTraceCursorRestartsExactlyWhenTheTableSaysSo) {
  struct Row {
    Command command;
    bool restarts;
  };
  const Row rows[] = {
      {SetLearningRate{0.05}, false},  // same step, new update: stay on the term
      {SelectSample{2}, false},
      {SetActivation{1, Activation::sigmoid}, false},
      {SetBatchSize{2}, true},  // another batch: another trace
      {TrainSteps{1}, true},
      {Reset{true}, true},
      {AddLayer{1, 3, Activation::tanh}, true},
  };
  for (const Row& row : rows) {
    Session s = xor_session();
    ASSERT_TRUE(apply(s, SetTraceIndex{5}).ok());
    ASSERT_TRUE(apply(s, row.command).ok());
    EXPECT_EQ(command_kind(row.command).ends_trace, row.restarts);
    EXPECT_EQ(s.trace.index, row.restarts ? 0 : 5) << s.message;
  }
}

TEST(CommandKind, EditsAndTrainingWaitWhileThePastIsShownLookingDoesNot) {
  Session s = xor_session();
  ASSERT_TRUE(apply(s, TrainSteps{50}).ok());
  ASSERT_TRUE(apply(s, Rewind{0}).ok());
  ASSERT_TRUE(s.rewind.viewing_past());
  for (const Command& c : {Command{SetLearningRate{0.2}}, Command{SetWeight{1, 0, 0, 0.5}},
                           Command{TrainSteps{1}}, Command{SetPlaying{true}}, Command{Undo{}}}) {
    EXPECT_TRUE(command_kind(c).blocked_in_past);
    EXPECT_FALSE(apply(s, c).ok());
  }
  for (const Command& c :
       {Command{SelectSample{1}}, Command{SetPlaying{false}}, Command{SetTraceIndex{2}}}) {
    EXPECT_TRUE(command_kind(c).looks_only);
    EXPECT_TRUE(apply(s, c).ok()) << s.message;
  }
}

}  // namespace
}  // namespace backstep
