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
// An early warning has no other network (the shown one is the diverging
// one): only the flag changes.
void swap_shown(Session& s) {
  s.divergence.inspecting = !s.divergence.inspecting;
  if (s.divergence.early) return;
  std::swap(s.net, s.divergence.other_net);
  refresh_evaluation(s);
}

// The largest |θ| over W and b of every layer, and its layer (0 when all are 0).
double largest_parameter(const Mlp& net, int& layer) {
  double largest = 0.0;
  layer = 0;
  for (int l = 1; l <= net.depth(); ++l) {
    const DenseLayer& d = net.layer(l);
    const double m = std::max(d.W.size() > 0 ? d.W.cwiseAbs().maxCoeff() : 0.0,
                              d.b.size() > 0 ? d.b.cwiseAbs().maxCoeff() : 0.0);
    if (!(m <= largest)) {  // NaN counts as out of range
      largest = m;
      layer = l;
    }
  }
  return largest;
}

// Raises the early warning: the banner, paused, one warning per arming.
std::string warn(Session& s, Overflow where, long step) {
  Divergence& d = s.divergence;
  d.active = true;
  d.inspecting = false;
  d.early = true;
  d.where = where;
  d.step = step;
  d.loss = s.train_eval.loss.total();
  d.best_loss = s.watch.best_loss;
  d.best_step = s.watch.best_step;
  d.learning_rate =
      s.last_step.learning_rate > 0.0 ? s.last_step.learning_rate : s.hp.learning_rate;
  d.gradient_norm = s.last_step.gradient_norm;
  s.watch.armed = false;
  s.playing = false;
  return d.summary() +
         " Paused: restore the lowest-loss step, lower the learning rate ×0.1, or inspect the "
         "diverging network.";
}

// Rewinds to the snapshot at or before the lowest recorded full-set loss and
// resumes from there (later steps discarded, as by "resume from here").
// Returns the step the run now stands at, or −1 when it stayed put (no earlier
// snapshot); `best_loss` is that lowest loss.
long continue_from_best(Session& s, double& best_loss) {
  long best_step = -1;
  best_loss = std::numeric_limits<double>::infinity();
  for (const HistoryPoint& p : s.history.points()) {
    if (std::isfinite(p.train_loss) && p.train_loss < best_loss) {
      best_loss = p.train_loss;
      best_step = p.step;
    }
  }
  const Snapshot* snap = best_step >= 0 ? s.rewind.history.at_or_before(best_step) : nullptr;
  if (snap == nullptr || snap->step >= s.trainer.steps()) return -1;
  const long step = snap->step;
  if (!apply_rewind(s, Rewind{step}).ok() || !apply_resume_from_rewind(s).ok()) return -1;
  return step;
}

}  // namespace

std::string Divergence::summary() const {
  const std::string l = std::to_string(layer);
  std::string what;
  switch (where) {
    case Overflow::growth:
      what = "the training-set loss " + fmt(loss) + " is " + fmt(loss / best_loss) +
             " times its best (" + fmt(best_loss) + " at step " + std::to_string(best_step) + ")";
      break;
    case Overflow::range:
      what = "a parameter of layer " + l + " reached |θ| = " + fmt(parameter) + " (beyond " +
             fmt(kParameterLimit) + ")";
      break;
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
  const std::string head = early ? "Training is diverging at step " : "Training diverged at step ";
  return head + std::to_string(step) + ": " + what + " with learning rate " + fmt(learning_rate) +
         ".";
}

std::string record_divergence(Session& s, const Step& step, long steps_before) {
  Divergence& d = s.divergence;
  d.active = true;
  d.inspecting = false;
  d.early = false;
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

Status watch_loss(Session& s, long step) {
  DivergenceWatch& w = s.watch;
  const double loss = s.train_eval.loss.total();
  if (s.data.train.count() == 0) return Ok{};
  if (std::isnan(w.first_loss)) w.first_loss = loss;
  if (loss < w.best_loss) {
    w.best_loss = loss;
    w.best_step = step;
    return Ok{};
  }
  // Non-finite counts as grown (the whole set can overflow before a batch does).
  const bool grown =
      !std::isfinite(loss) || (loss >= kLossGrowthLimit * w.best_loss && loss >= w.first_loss);
  if (!w.armed || !std::isfinite(w.best_loss) || !grown) return Ok{};
  return Error{warn(s, Overflow::growth, step)};
}

Status watch_parameters(Session& s) {
  if (!s.watch.armed) return Ok{};
  int layer = 0;
  const double largest = largest_parameter(s.net, layer);
  if (largest <= kParameterLimit) return Ok{};
  s.divergence.layer = layer;
  s.divergence.parameter = largest;
  return Error{warn(s, Overflow::range, s.trainer.steps())};
}

void reset_watch(Session& s) {
  s.watch = DivergenceWatch{};
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
  if (s.divergence.early) {
    // Nothing overflowed: "last good" is the lowest-loss point of the run.
    s.divergence.active = false;
    s.watch.armed = true;
    double best = 0.0;
    const long step = continue_from_best(s, best);
    s.message = step < 0 ? std::string("kept the current parameters (no earlier snapshot)")
                         : "restored step " + std::to_string(step) + ", before the lowest loss (" +
                               fmt(best) + ")";
    s.message_is_error = false;
    return Ok{};
  }
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

  s.watch.armed = true;
  double best = 0.0;
  const long step = continue_from_best(s, best);
  const std::string from =
      step < 0 ? std::string("the last good step")
               : "step " + std::to_string(step) + " (lowest loss, " + fmt(best) + ")";
  s.playing = true;
  s.message = "learning rate lowered to " + fmt(lowered) + "; training continues from " + from;
  s.message_is_error = false;
  return Ok{};
}

Status inspect_diverged(Session& s) {
  if (!s.divergence.active) return Error{"no diverged network to inspect"};
  if (!s.divergence.inspecting) swap_shown(s);
  s.playing = false;
  s.message = s.divergence.early
                  ? "showing the diverging network of step " + std::to_string(s.divergence.step) +
                        "; training on continues from it"
                  : "showing the diverged network of step " + std::to_string(s.divergence.step) +
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
  options.bug = s.hp.bug;  // the Bug lab: check the gradient the session trains with
  options.bug_hp = s.hp;
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
