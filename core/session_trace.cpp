#include "core/session_trace.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/session_step.hpp"

namespace backstep {

namespace {

// apply() bumps the revision after every successful command. A trace command
// leaves the model alone, so the tracer built for the old revision stays valid
// for the new one: mark it so and it is not rebuilt.
void keep_tracer_across_bump(Session& s) {
  if (s.trace.tracer && s.trace.built_for == s.revision) s.trace.built_for = s.revision + 1;
  if (s.pending.step && s.pending.built_for == s.revision) s.pending.built_for = s.revision + 1;
}

Status fail(std::string text) {
  return Error{std::move(text)};
}

}  // namespace

const Tracer* session_tracer(const Session& s) {
  const TraceCursor& c = s.trace;
  if (c.tracer && c.built_for == s.revision && c.tracer->granularity() == c.granularity) {
    return c.tracer.get();
  }
  c.tracer.reset();
  c.sample = -1;
  std::shared_ptr<const Step> step = shared_pending_step(s);
  if (!step || step->batch.empty()) return nullptr;
  const int column = shown_column(s);  // the selected sample when the batch holds it
  c.sample = step->batch[column];
  auto tracer = std::make_shared<Tracer>(s.net, std::move(step), column, s.hp,
                                         s.trainer.optimizer_state(), c.granularity);
  tracer->set_class_names(s.data.class_names);
  c.tracer = std::move(tracer);
  c.built_for = s.revision;
  return c.tracer.get();
}

long trace_index(const Session& s) {
  const Tracer* tr = session_tracer(s);
  if (!tr || tr->size() == 0) return 0;
  return std::clamp(s.trace.index, 0L, tr->size() - 1);
}

int traced_sample(const Session& s) {
  return session_tracer(s) ? s.trace.sample : -1;
}

Status apply_micro_step(Session& s, const MicroStep& c, const TrainOneStep& train_one) {
  const Tracer* tr = session_tracer(s);
  if (!tr) return fail("no training data to trace");
  long target = std::max(trace_index(s) + c.delta, 0L);
  // Past the last micro-step: the step is applied — by the engine, whose step
  // is exactly the one traced — and the cursor walks on into the next one.
  while (target >= tr->size()) {
    if (s.rewind.viewing_past()) {
      return fail("showing the past: resume from here or return to the present to train");
    }
    target -= tr->size();
    if (Status st = train_one(s); !st) {
      s.trace.index = 0;
      s.trace.tracer.reset();
      return st;
    }
    s.trace.tracer.reset();  // new parameters: the next step's tracer
    tr = session_tracer(s);
    if (!tr) return fail("no training data to trace");
  }
  s.trace.index = target;
  keep_tracer_across_bump(s);
  return Ok{};
}

Status apply_set_trace_index(Session& s, const SetTraceIndex& c) {
  const Tracer* tr = session_tracer(s);
  if (!tr) return fail("no training data to trace");
  if (c.index < 0 || c.index >= tr->size()) {
    return fail("micro-step " + std::to_string(c.index) + " does not exist (0 … " +
                std::to_string(tr->size() - 1) + ")");
  }
  s.trace.index = c.index;
  keep_tracer_across_bump(s);
  return Ok{};
}

// Switching granularity keeps the cursor on the same thing: the same neuron's
// step, or the row containing the weight (and back to its first weight).
Status apply_set_trace_granularity(Session& s, const SetTraceGranularity& c) {
  const Tracer* old_tracer = session_tracer(s);
  if (!old_tracer || c.granularity == s.trace.granularity) {
    s.trace.granularity = c.granularity;
    return Ok{};
  }
  const TraceLocus at = old_tracer->locate(trace_index(s));
  const std::shared_ptr<const Tracer> keep = s.trace.tracer;  // the old one, while mapping
  s.trace.granularity = c.granularity;
  const Tracer* tr = session_tracer(s);
  long index = -1;
  switch (at.phase) {
    case TracePhase::weight_gradient:
    case TracePhase::update:
      if (at.quantity == TraceQuantity::bias_update) {
        index = tr->index_of(TracePhase::update, at.layer, at.neuron) +
                (c.granularity == TraceGranularity::weight ? tr->net().size(at.layer - 1) : 1);
      } else {
        index = tr->index_of_edge(at.layer, at.neuron, std::max(at.source, 0), at.phase);
      }
      break;
    default:
      // Phases with one micro-step per neuron are laid out alike in both.
      index = tr->first_index(at.phase) + (at.index - old_tracer->first_index(at.phase));
      break;
  }
  s.trace.index = std::clamp(index, 0L, tr->size() - 1);
  keep_tracer_across_bump(s);
  return Ok{};
}

Status apply_jump_trace(Session& s, const JumpTrace& c) {
  const Tracer* tr = session_tracer(s);
  if (!tr) return fail("no training data to trace");
  long index = -1;
  if (c.layer < 0) {
    index = tr->phase_size(c.phase) > 0 ? tr->first_index(c.phase) : -1;
  } else if (c.source >= 0) {
    index = tr->index_of_edge(c.layer, c.neuron, c.source, c.phase);
  } else if (c.layer == 0) {
    index = tr->index_of_neuron(0, c.neuron);
  } else {
    index = tr->index_of(c.phase, c.layer, c.neuron);
  }
  if (index < 0) {
    return fail("the trace has no " + std::string(to_string(c.phase)) + " step there");
  }
  s.trace.index = index;
  keep_tracer_across_bump(s);
  return Ok{};
}

}  // namespace backstep
