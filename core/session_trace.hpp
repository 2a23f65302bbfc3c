// The chain-rule tracer inside a Session: the tracer of the next training step
// (the batch the trainer will use next, the selected sample when it is in that
// batch) and the trace commands. The network never changes mid-trace: moving
// past the last micro-step performs the engine's own training step, which is
// exactly the traced one.
#pragma once

#include <functional>

#include "core/commands.hpp"
#include "core/session.hpp"

namespace backstep {

// The tracer of the session's next step, built lazily (nullptr without data).
const Tracer* session_tracer(const Session& s);
// The cursor's micro-step index, clamped into the current tracer (0 without one).
long trace_index(const Session& s);
// The dataset index of the traced sample (−1 without a tracer).
int traced_sample(const Session& s);

// One engine training step (Session's guarded step), for when the cursor
// passes the last micro-step.
using TrainOneStep = std::function<Status(Session&)>;

Status apply_micro_step(Session& s, const MicroStep& c, const TrainOneStep& train_one);
Status apply_set_trace_index(Session& s, const SetTraceIndex& c);
Status apply_set_trace_granularity(Session& s, const SetTraceGranularity& c);
Status apply_jump_trace(Session& s, const JumpTrace& c);

}  // namespace backstep
