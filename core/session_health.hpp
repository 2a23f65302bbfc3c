// Gradient health at the session level: what the divergence guard records
// when a step produces NaN/Inf (and the user's three ways out), and the
// result of the "verify gradients" command. The Session holds one of each;
// apply() calls the functions below.
#pragma once

#include <limits>
#include <string>

#include "core/commands.hpp"
#include "core/health.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"
#include "core/step.hpp"
#include "core/trainer.hpp"

namespace backstep {

struct Session;

// Where a diverging step first went non-finite, in the order the step ran.
enum class Overflow {
  forward,   // Z⁽ˡ⁾ or A⁽ˡ⁾ of the batch (the loss follows)
  loss,      // every activation finite, the loss not
  gradient,  // ∂L/∂W⁽ˡ⁾ or ∂L/∂b⁽ˡ⁾ (searched from the output down, as computed)
  update,    // W⁽ˡ⁾ or b⁽ˡ⁾ after θ ← θ + Δθ
  // Early warnings, everything still finite (Divergence::early):
  growth,  // the full training-set loss ≥ kLossGrowthLimit × its best
  range,   // a parameter of layer `layer` left ±kParameterLimit
};

// Early warning thresholds. A run that diverges slowly (relu, linear output,
// lr 3 on xor) has a loss of 1e59 long before it overflows a double at ~1e308;
// a thousandfold growth over the best full-set loss, or a weight a million
// times the size initializers draw (|θ| ≲ 1), is divergence, not noise: SGD's
// fluctuations on the full-set loss stay within a small factor.
inline constexpr double kLossGrowthLimit = 1e3;
inline constexpr double kParameterLimit = 1e6;

// What the early warning compares against: the lowest full training-set loss
// since the loss last changed meaning (a new network, data, loss function or
// regularization), and the first, so a loss that was tiny never warns for
// growing back below where training started. One warning, then quiet until the
// user changes something (re-armed by any edit) or the run overflows.
struct DivergenceWatch {
  double best_loss = std::numeric_limits<double>::infinity();
  long best_step = -1;
  double first_loss = std::numeric_limits<double>::quiet_NaN();
  bool armed = true;
};

// The last divergence. While `active`, the UI shows a banner; the session's
// parameters are the last good ones unless the user chose to inspect.
struct Divergence {
  bool active = false;
  bool inspecting = false;  // true: Session::net is the diverged network
  long step = 0;            // the update that diverged (1-based: updates done + 1)
  Overflow where = Overflow::update;
  int layer = 0;      // first layer that went non-finite (the output layer for loss)
  double peak = 0.0;  // Overflow::loss: the largest |a⁽ᴸ⁾| of the batch
  double learning_rate = 0.0;
  double loss = 0.0;           // batch loss of the step, before its update
  double gradient_norm = 0.0;  // global ‖g‖ of the step, before clipping
  // Early warnings (Overflow::growth, Overflow::range): nothing overflowed,
  // `step` is the number of updates the shown parameters have had, and the
  // shown network is the diverging one (there is no other to inspect).
  bool early = false;
  double best_loss = 0.0;  // growth: the best full-set loss and its step
  long best_step = 0;
  double parameter = 0.0;  // range: the largest |θ| of `layer`
  // The last step whose parameters the session keeps: `step` for a warning,
  // the one before the diverged update otherwise.
  long kept_step() const { return early ? step : step - 1; }
  // The network not shown: the diverged one, or the good one while inspecting.
  Mlp other_net;
  std::string summary() const;  // one sentence for the banner and the status line
};

// The last "verify gradients": on the batch the next step would use.
struct GradCheckReport {
  GradCheckResult result;
  long step = 0;  // parameters after this many updates
  int batch = 0;  // samples in the batch
};

// --- called by apply() (core/session.cpp) -------------------------------------

// For a computed step whose loss or parameters would be non-finite, before it
// is applied (it never is): keeps the network it would give aside, diagnoses
// where the overflow began from the step, pauses, and returns the message.
std::string record_divergence(Session& s, const Step& step, long steps_before);

// Early warning, checked on the full-set evaluation just made (s.train_eval at
// `step` updates): records a new best, or warns (pauses, sets the banner and
// returns the message) when the loss has grown kLossGrowthLimit-fold.
Status watch_loss(Session& s, long step);
// Early warning, after an update: the largest |θ| against kParameterLimit.
Status watch_parameters(Session& s);
// The loss changed meaning: forget the best (and re-arm).
void reset_watch(Session& s);

// Before every command: while inspecting, anything but a view-only command
// first puts the good network back; training, reset and loading dismiss the
// banner (the user has moved on).
void before_command(Session& s, const Command& c);

// The banner's actions.
Status restore_last_good(Session& s);
Status lower_learning_rate_and_continue(Session& s);
Status inspect_diverged(Session& s);

// Finite differences against backprop on the batch the next step would use.
Status check_gradients(Session& s);

// Clears the gradient-norm history, the divergence record and the last check
// (the network or data they describe has gone).
void clear_health(Session& s);

}  // namespace backstep
