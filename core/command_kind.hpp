// What kind each command is, in one table. apply() and its helpers ask only
// this: whether a command is an undoable edit, waits while the past is shown,
// ends the trace (the step the cursor walked is gone), re-initializes
// parameters, trains, or only looks. Every alternative of Command needs a row:
// kind_of() has no generic overload, so an unclassified command does not
// compile (command_kind() visits them all, and the static_assert below asks
// for a row of every alternative of the variant).
#pragma once

#include <utility>
#include <variant>

#include "core/commands.hpp"

namespace backstep {

struct CommandKind {
  bool undoable = false;           // an edit with an undo entry (core/session_rewind)
  bool blocked_in_past = false;    // waits for Resume / Return while a rewound step is shown
  bool ends_trace = false;         // the tracer's cursor starts over at micro-step 0
  bool reinitializes = false;      // parameters are drawn afresh
  bool trains = false;             // optimizer steps (dismisses a divergence banner)
  bool looks_only = false;         // changes what is shown, never the model
  bool divergence_action = false;  // one of the divergence banner's own buttons
};

namespace command_kinds {
inline constexpr CommandKind kTrain{.blocked_in_past = true, .ends_trace = true, .trains = true};
inline constexpr CommandKind kEdit{.undoable = true, .blocked_in_past = true};
// An edit after which the pending batch (and so the trace's layout) differs.
inline constexpr CommandKind kEditNewBatch{
    .undoable = true, .blocked_in_past = true, .ends_trace = true};
inline constexpr CommandKind kEditReinit{
    .undoable = true, .blocked_in_past = true, .ends_trace = true, .reinitializes = true};
inline constexpr CommandKind kLoad{.ends_trace = true};
inline constexpr CommandKind kLook{.looks_only = true};
inline constexpr CommandKind kTraceMove{};
inline constexpr CommandKind kBanner{.ends_trace = true, .divergence_action = true};
inline constexpr CommandKind kTimeTravel{.ends_trace = true};
inline constexpr CommandKind kUndo{.blocked_in_past = true, .ends_trace = true};
inline constexpr CommandKind kCheck{};
}  // namespace command_kinds

// clang-format off
// One row a command (the table reads best one line a row).
constexpr CommandKind kind_of(const TrainSteps&) { return command_kinds::kTrain; }
constexpr CommandKind kind_of(const TrainEpochs&) { return command_kinds::kTrain; }
// Play trains; pause only looks.
constexpr CommandKind kind_of(const SetPlaying& c) { return c.playing ? command_kinds::kTrain : command_kinds::kLook; }
constexpr CommandKind kind_of(const Reset&) { return command_kinds::kEditReinit; }
constexpr CommandKind kind_of(const SetLearningRate&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const SetOptimizer&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const SetBatchSize&) { return command_kinds::kEditNewBatch; }
constexpr CommandKind kind_of(const SetRegularization&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const SetClipNorm&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const SetBug&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const SetSchedule&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const SetInit&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const SetSeed&) { return command_kinds::kEditReinit; }
constexpr CommandKind kind_of(const SetActivation&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const SetLoss&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const AddLayer&) { return command_kinds::kEditReinit; }
constexpr CommandKind kind_of(const RemoveLayer&) { return command_kinds::kEditReinit; }
constexpr CommandKind kind_of(const SetNeurons&) { return command_kinds::kEditReinit; }
constexpr CommandKind kind_of(const SetWeight&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const SetBias&) { return command_kinds::kEdit; }
constexpr CommandKind kind_of(const LoadPreset&) { return command_kinds::kLoad; }
constexpr CommandKind kind_of(const LoadModel&) { return command_kinds::kLoad; }
constexpr CommandKind kind_of(const LoadDataset&) { return command_kinds::kLoad; }
constexpr CommandKind kind_of(const GenerateDataset&) { return command_kinds::kLoad; }
constexpr CommandKind kind_of(const SelectSample&) { return command_kinds::kLook; }
constexpr CommandKind kind_of(const CheckGradients&) { return command_kinds::kCheck; }
constexpr CommandKind kind_of(const RestoreLastGood&) { return command_kinds::kBanner; }
constexpr CommandKind kind_of(const LowerLearningRate&) { return command_kinds::kBanner; }
constexpr CommandKind kind_of(const InspectDiverged&) { return command_kinds::kBanner; }
constexpr CommandKind kind_of(const Rewind&) { return command_kinds::kTimeTravel; }
constexpr CommandKind kind_of(const ResumeFromRewind&) { return command_kinds::kTimeTravel; }
constexpr CommandKind kind_of(const ReturnToPresent&) { return command_kinds::kTimeTravel; }
constexpr CommandKind kind_of(const Undo&) { return command_kinds::kUndo; }
constexpr CommandKind kind_of(const Redo&) { return command_kinds::kUndo; }
// A session file carries its own trace cursor.
constexpr CommandKind kind_of(const LoadSession&) { return {}; }
// Passing the last micro-step trains through Session's own guarded step.
constexpr CommandKind kind_of(const MicroStep&) { return command_kinds::kTraceMove; }
constexpr CommandKind kind_of(const SetTraceIndex&) { return command_kinds::kLook; }
constexpr CommandKind kind_of(const SetTraceGranularity&) { return command_kinds::kLook; }
constexpr CommandKind kind_of(const JumpTrace&) { return command_kinds::kLook; }
// clang-format on

inline constexpr CommandKind command_kind(const Command& c) {
  return std::visit([](const auto& cmd) { return kind_of(cmd); }, c);
}

namespace detail {
// kind_of is callable for every alternative; fails to compile otherwise.
template <class V>
struct AllClassified;
template <class... T>
struct AllClassified<std::variant<T...>> {
  static constexpr bool value = ((sizeof(kind_of(std::declval<const T&>())) > 0) && ...);
};
}  // namespace detail
static_assert(detail::AllClassified<Command>::value, "every command needs a row in kind_of()");

}  // namespace backstep
