#include "core/session_health.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>
#include <vector>

#include "core/command_kind.hpp"
#include "core/session.hpp"
#include "core/session_rewind.hpp"
#include "core/session_step.hpp"

namespace backstep {

namespace {

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

bool finite_layer(const DenseLayer& layer) {
  return layer.W.allFinite() && layer.b.allFinite();
}

// Walks the step in the order it ran — forward 1 … L, loss, backward L … 1,
// update — and stops at the first non-finite value: that is where it began,
// everything after is contamination.
void diagnose(const Mlp& bad, const Workspace& ws, const LossParts& loss, Divergence& d) {
  const int depth = bad.depth();
  const bool have_ws = static_cast<int>(ws.z.size()) == depth + 1;
  if (have_ws) {
    for (int l = 1; l <= depth; ++l) {
      if (!ws.z[l].allFinite() || !ws.a[l].allFinite()) {
        d.where = Overflow::forward;
        d.layer = l;
        return;
      }
    }
  }
  if (!std::isfinite(loss.total())) {
    // Finite outputs, infinite loss: e.g. a linear output of 1e160 squared.
    d.where = Overflow::loss;
    d.layer = depth;
    d.peak = have_ws ? ws.a[depth].cwiseAbs().maxCoeff() : 0.0;
    return;
  }
  if (have_ws) {
    for (int l = depth; l >= 1; --l) {
      if (!ws.grad_W[l].allFinite() || !ws.grad_b[l].allFinite()) {
        d.where = Overflow::gradient;
        d.layer = l;
        return;
      }
    }
  }
  d.where = Overflow::update;
  d.layer = 0;
  for (int l = 1; l <= depth; ++l) {
    if (!finite_layer(bad.layer(l))) {
      d.layer = l;
      return;
    }
  }
}

// Swaps the shown and the other network and re-evaluates what is shown.
void swap_shown(Session& s) {
  std::swap(s.net, s.divergence.other_net);
  s.divergence.inspecting = !s.divergence.inspecting;
  refresh_evaluation(s);
}

}  // namespace

std::string Divergence::summary() const {
  const std::string l = std::to_string(layer);
  std::string what;
  switch (where) {
    case Overflow::forward:
      what = "the forward pass overflowed at layer " + l + " (z or a became NaN/Inf)";
      break;
    case Overflow::loss:
      what = "the loss became NaN/Inf (loss " + fmt(loss) + ") from outputs as large as |a⁽" + l +
             "⁾| = " + fmt(peak);
      break;
    case Overflow::gradient:
      what = "the gradient of layer " + l + " overflowed (‖g‖ = " + fmt(gradient_norm) + ")";
      break;
    case Overflow::update:
      what = "the update made layer " + l + "'s parameters NaN/Inf (batch loss " + fmt(loss) +
             ", ‖g‖ = " + fmt(gradient_norm) + ")";
      break;
  }
  return "Training diverged at step " + std::to_string(step) + ": " + what +
         " with learning rate " + fmt(learning_rate) + ".";
}

std::string record_divergence(Session& s, const Step& step, long steps_before) {
  Divergence& d = s.divergence;
  d.active = true;
  d.inspecting = false;
  d.step = steps_before + 1;
  d.loss = step.loss.total();
  d.gradient_norm = step.gradient_norm;
  d.learning_rate = step.learning_rate;  // after the schedule: the rate that step used
  // Allocates, once per divergence: the network the step would have given is
  // kept for inspection.
  d.other_net = s.net;
  apply_update(step.after, d.other_net);
  diagnose(d.other_net, step.ws, step.loss, d);
  s.playing = false;
  return d.summary() +
         " Paused with the last good parameters: restore, lower the learning rate ×0.1, or "
         "inspect the diverged network.";
}

void before_command(Session& s, const Command& c) {
  // The banner's own actions and pure view changes leave the state alone.
  const CommandKind kind = command_kind(c);
  if (kind.looks_only || kind.divergence_action) return;
  if (s.divergence.inspecting) swap_shown(s);
  // Training on or re-initializing: the user has moved on from the banner.
  if (kind.trains || kind.reinitializes) s.divergence.active = false;
}

Status restore_last_good(Session& s) {
  if (s.divergence.inspecting) swap_shown(s);
  if (!s.divergence.active) return Error{"no divergence to restore from"};
  s.divergence.active = false;
  s.message =
      "restored the last good parameters (step " + std::to_string(s.divergence.step - 1) + ")";
  s.message_is_error = false;
  return Ok{};
}

// A step overflows only after the parameters have grown for a while: by the
// time the loss is Inf, the last good network's weights may be ~1e150, and
// ×0.1 on the rate cannot save it (it overflows again at once). So the run
// continues from its best point: the snapshot at or before the step with the
// lowest recorded loss, the later steps discarded as by "resume from here".
Status lower_learning_rate_and_continue(Session& s) {
  if (!s.divergence.active) return Error{"no divergence: set the learning rate directly"};
  const double lowered = s.hp.learning_rate * 0.1;
  if (!(lowered > 0.0)) return Error{"the learning rate cannot go lower"};
  if (s.divergence.inspecting) swap_shown(s);
  s.hp.learning_rate = lowered;
  s.divergence.active = false;

  long best_step = -1;
  double best_loss = std::numeric_limits<double>::infinity();
  for (const HistoryPoint& p : s.history.points()) {
    if (std::isfinite(p.train_loss) && p.train_loss < best_loss) {
      best_loss = p.train_loss;
      best_step = p.step;
    }
  }
  std::string from = "the last good step";
  const Snapshot* snap = best_step >= 0 ? s.rewind.history.at_or_before(best_step) : nullptr;
  if (snap != nullptr && snap->step < s.trainer.steps()) {
    const long step = snap->step;
    if (Status r = apply_rewind(s, Rewind{step}); !r.ok()) return r;
    if (Status r = apply_resume_from_rewind(s); !r.ok()) return r;
    from = "step " + std::to_string(step) + " (lowest loss, " + fmt(best_loss) + ")";
  }
  s.playing = true;
  s.message = "learning rate lowered to " + fmt(lowered) + "; training continues from " + from;
  s.message_is_error = false;
  return Ok{};
}

Status inspect_diverged(Session& s) {
  if (!s.divergence.active) return Error{"no diverged network to inspect"};
  if (!s.divergence.inspecting) swap_shown(s);
  s.playing = false;
  s.message = "showing the diverged network of step " + std::to_string(s.divergence.step) +
              " (NaN/Inf); any edit or training restores the last good one";
  s.message_is_error = false;
  return Ok{};
}

Status check_gradients(Session& s) {
  if (s.data.train.count() == 0) return Error{"no training data to check gradients on"};
  // The batch of the step under inspection: its inputs are the forward cache a⁽⁰⁾.
  const Step* step = pending_step(s);
  if (step == nullptr) return Error{"the data does not fit the network"};
  const Matrix& x = step->ws.a[0];
  const Matrix& t = step->t;
  const int batch = step->ws.batch;
  // Every parameter up to kCheckEveryUpTo (a 537-parameter deep net takes a
  // few milliseconds); past that, a seeded sample of 200, which is what keeps
  // a 784-100-10 network (79 510 parameters) interactive.
  constexpr long kCheckEveryUpTo = 5000;
  GradCheckOptions options;
  options.max_parameters = s.net.parameter_count() <= kCheckEveryUpTo ? 0 : 200;
  GradCheckReport report;
  report.result = gradient_check(s.net, x, t, s.hp.regularization, options);
  report.step = s.trainer.steps();
  report.batch = batch;
  const GradCheckResult& r = report.result;
  const ParamRef& p = r.worst;
  const std::string where = parameter_name(p);  // 1-based, as every text writes it
  s.message = std::string(r.passed() ? "gradient check passed" : "gradient check FAILED") +
              ": max relative error " + fmt(r.max_rel_error) + " at " + where + " (" +
              std::to_string(r.checked) + (r.sampled ? " sampled" : "") + " parameters)";
  s.message_is_error = !r.passed();
  s.gradcheck = std::move(report);
  return Ok{};
}

void clear_health(Session& s) {
  s.grad_history.clear();
  s.divergence.active = false;
  s.divergence.inspecting = false;
  s.gradcheck.reset();
}

}  // namespace backstep
