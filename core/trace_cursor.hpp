// The session's tracer cursor: which micro-step of the next training step is
// shown, at which granularity, and a cache of the Tracer itself (rebuilt on
// demand by session_tracer() in core/session_trace.hpp).
#pragma once

#include <cstdint>
#include <memory>

#include "core/tracer.hpp"

namespace backstep {

struct TraceCursor {
  long index = 0;  // clamped into the tracer's range when read
  TraceGranularity granularity = TraceGranularity::neuron;
  // Cache, not state: a pure function of the session at `built_for` (its
  // revision) and the granularity. Shared between copies of a Session.
  mutable std::shared_ptr<const Tracer> tracer;
  mutable std::uint64_t built_for = ~std::uint64_t{0};
  mutable int sample = -1;  // the dataset index of the traced sample
};

}  // namespace backstep
