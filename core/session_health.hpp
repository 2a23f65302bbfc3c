// Gradient health at the session level: what the divergence guard records
// when a step produces NaN/Inf (and the user's three ways out), and the
// result of the "verify gradients" command. The Session holds one of each;
// apply() calls the functions below.
#pragma once

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
