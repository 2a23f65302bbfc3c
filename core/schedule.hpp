// Learning-rate schedules: lr(t) for optimizer step t = 0, 1, 2, …
#pragma once

#include <optional>
#include <string_view>

namespace backstep {

enum class ScheduleKind { constant, step, exponential, cosine };

struct Schedule {
  ScheduleKind kind = ScheduleKind::constant;
  long step_every = 1000;    // step: multiply by gamma every step_every steps
  double gamma = 0.5;        // step and exponential: lr·γ^(t / step_every)
  long total_steps = 10000;  // cosine: period of the half cosine
  double min_factor = 0.0;   // cosine: floor as a fraction of the base lr
};

std::string_view to_string(ScheduleKind k);
std::optional<ScheduleKind> parse_schedule(std::string_view name);

// step:        lr·γ^⌊t/s⌋
// exponential: lr·γ^(t/s)
// cosine:      lr·(m + (1−m)·½(1 + cos(π·min(t,T)/T)))
double scheduled_learning_rate(const Schedule& s, double base_lr, long t);

}  // namespace backstep
