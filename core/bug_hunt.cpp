#include "core/bug_hunt.hpp"

#include "core/random.hpp"
#include "core/session_step.hpp"
#include "core/step.hpp"

namespace backstep {

namespace {

// Whether two steps of the same network propose different updates or carry
// different gradients (bit for bit: every bug changes its terms by far more).
bool steps_differ(const Step& a, const Step& b, int depth) {
  for (int l = 1; l <= depth; ++l) {
    if (a.ws.grad_W[l] != b.ws.grad_W[l] || a.ws.grad_b[l] != b.ws.grad_b[l]) return true;
    if (a.after.last_update_W[l] != b.after.last_update_W[l]) return true;
    if (a.after.last_update_b[l] != b.after.last_update_b[l]) return true;
  }
  return false;
}

}  // namespace

std::vector<Bug> visible_bugs(const Session& s) {
  std::vector<Bug> out;
  const Step* pending = pending_step(s);
  if (pending == nullptr) return out;
  const OptimizerState& state = s.trainer.optimizer_state();
  Hyperparams hp = s.hp;
  hp.bug = Bug::none;
  Step correct;
  compute_step(s.net, pending->ws.a[0], pending->t, hp, state, pending->index, correct);
  Step buggy;
  for (Bug bug : all_bugs()) {
    hp.bug = bug;
    compute_step(s.net, pending->ws.a[0], pending->t, hp, state, pending->index, buggy);
    if (steps_differ(correct, buggy, s.net.depth())) out.push_back(bug);
  }
  return out;
}

Bug pick_secret_bug(const Session& s, std::uint64_t seed) {
  const std::vector<Bug> bugs = visible_bugs(s);
  if (bugs.empty()) return Bug::none;
  Rng rng(seed);
  return bugs[static_cast<std::size_t>(rng.below(bugs.size()))];
}

}  // namespace backstep
