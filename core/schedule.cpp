#include "core/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace backstep {

std::string_view to_string(ScheduleKind k) {
  switch (k) {
    case ScheduleKind::constant:
      return "constant";
    case ScheduleKind::step:
      return "step";
    case ScheduleKind::exponential:
      return "exponential";
    case ScheduleKind::cosine:
      return "cosine";
  }
  return "?";
}

std::optional<ScheduleKind> parse_schedule(std::string_view name) {
  if (name == "constant") return ScheduleKind::constant;
  if (name == "step") return ScheduleKind::step;
  if (name == "exponential") return ScheduleKind::exponential;
  if (name == "cosine") return ScheduleKind::cosine;
  return std::nullopt;
}

double scheduled_learning_rate(const Schedule& s, double base_lr, long t) {
  t = std::max(t, 0L);
  // A non-positive period would divide by zero; treat it as 1 step.
  const long every = std::max(s.step_every, 1L);
  switch (s.kind) {
    case ScheduleKind::constant:
      return base_lr;
    case ScheduleKind::step:
      // lr·γ^⌊t/s⌋: integer division is the floor for t ≥ 0.
      return base_lr * std::pow(s.gamma, static_cast<double>(t / every));
    case ScheduleKind::exponential:
      // lr·γ^(t/s): the same decay as step, spread smoothly over each period.
      return base_lr * std::pow(s.gamma, static_cast<double>(t) / static_cast<double>(every));
    case ScheduleKind::cosine: {
      // lr·(m + (1−m)·½(1 + cos(π·min(t,T)/T))): from lr at t = 0 down to m·lr
      // at t = T, then held there.
      const long period = std::max(s.total_steps, 1L);
      const double progress =
          static_cast<double>(std::min(t, period)) / static_cast<double>(period);
      const double m = s.min_factor;
      return base_lr * (m + (1.0 - m) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress)));
    }
  }
  return base_lr;
}

}  // namespace backstep
