// Text of the update micro-steps: the optimizer's actual formula with its
// state terms (v; s; m, v, m̂, v̂) as numbers. The values are the ones the
// engine's optimizer_step produced (Tracer::net_after, state_after).
// GCC 12 reports a false -Wrestrict inside std::string's operator+ once it is
// inlined (GCC bug 105329); this file builds many strings that way.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <cmath>
#include <functional>
#include <string>

#include "core/schedule.hpp"
#include "core/trace_text_detail.hpp"

namespace backstep::trace_detail {

using namespace notation;

namespace {

// One parameter before and after the step; k < 0 is the bias b⁽ˡ⁾_j.
struct Param {
  double theta0, theta1;    // θ before and after
  double g;                 // ∂L/∂θ the update used
  double first0, first1;    // momentum v / adam m
  double second0, second1;  // rmsprop s / adam v
};

Param param(const Ctx& c, int l, int j, int k) {
  const OptimizerState& s0 = c.tr.state_before();
  const OptimizerState& s1 = c.tr.state_after();
  // Bug lab, gradient-ascent: the optimizer was handed −∂L/∂θ (exact: a sign).
  const double sign = c.bug == Bug::gradient_ascent ? -1.0 : 1.0;
  if (k < 0) {
    return {c.net.layer(l).b(j),      c.tr.net_after().layer(l).b(j),
            sign * c.ws.grad_b[l](j), s0.first_b[l](j),
            s1.first_b[l](j),         s0.second_b[l](j),
            s1.second_b[l](j)};
  }
  return {c.net.layer(l).W(j, k),      c.tr.net_after().layer(l).W(j, k),
          sign * c.ws.grad_W[l](j, k), s0.first_W[l](j, k),
          s1.first_W[l](j, k),         s0.second_W[l](j, k),
          s1.second_W[l](j, k)};
}

// "(g)²", or "g²" when g is already parenthesized.
std::string squared(const std::string& g) {
  return g.front() == '(' ? g + "²" : "(" + g + ")²";
}

// Symbolic update of parameter `p` with gradient name `g` (both may be rows).
std::string update_formula(const OptimizerConfig& o, const std::string& p, const std::string& g) {
  switch (o.kind) {
    case OptimizerKind::sgd:
      return p + " ← " + p + " − η·" + g;
    case OptimizerKind::momentum:
      return "v ← μ·v − η·" + g + ";  " + p + " ← " + p + " + v";
    case OptimizerKind::rmsprop:
      return "s ← ρ·s + (1 − ρ)·" + squared(g) + ";  " + p + " ← " + p + " − η·" + g + "/(√s + ε)";
    case OptimizerKind::adam:
      return "m ← β₁·m + (1 − β₁)·" + g + ";  v ← β₂·v + (1 − β₂)·" + squared(g) + ";  " + p +
             " ← " + p + " − η·m̂/(√v̂ + ε)";
  }
  return "";
}

std::string optimizer_note(const Ctx& c) {
  const OptimizerConfig& o = c.tr.hyperparams().optimizer;
  const Schedule& sched = c.tr.hyperparams().schedule;
  std::string note = "η = " + num(c.tr.learning_rate());
  if (sched.kind != ScheduleKind::constant) {
    note += " (" + std::string(to_string(sched.kind)) + " schedule at step " +
            std::to_string(c.tr.step()) + ")";
  }
  switch (o.kind) {
    case OptimizerKind::sgd:
      break;
    case OptimizerKind::momentum:
      note += ", μ = " + num(o.momentum);
      break;
    case OptimizerKind::rmsprop:
      note += ", ρ = " + num(o.rho) + ", ε = " + num(o.epsilon);
      break;
    case OptimizerKind::adam:
      note += ", m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), t = " + std::to_string(c.tr.state_after().t) +
              ", ε = " + num(o.epsilon);
      break;
  }
  if (c.batch > 1) note += "; the gradient is the batch mean";
  if (c.bug == Bug::gradient_ascent) {
    note +=
        "; Bug lab: gradient ascent — the optimizer is handed −∂L/∂θ, so each step climbs "
        "the loss";
  }
  return note;
}

// The substituted update for n parameters (one, or a row), each term given by
// `at(i)`. One parameter prints plain numbers, a row prints [lists]. Every
// number an operator or a power touches is an operand: a negative one in
// parentheses, "0.1·(−0.07229)²", unless it leads its part of the formula.
std::string update_numbers(const Ctx& c, int n, const std::function<Param(int)>& at) {
  const OptimizerConfig& o = c.tr.hyperparams().optimizer;
  const long t = c.tr.state_after().t;
  const double bias1 = 1.0 - std::pow(o.beta1, static_cast<double>(t));
  const double bias2 = 1.0 - std::pow(o.beta2, static_cast<double>(t));
  enum class As { lead, operand, result };
  auto many = [&](const std::function<double(const Param&)>& f, As as) {
    auto one = [&](int i) {
      const double v = f(at(i));
      return as == As::result ? result(v) : as == As::operand && n == 1 ? operand(v) : num(v);
    };
    return n == 1 ? one(0) : bracket_list(n, one);
  };
  const std::string eta = operand(c.tr.learning_rate());
  const std::string theta0 = many([](const Param& p) { return p.theta0; }, As::lead);
  const std::string theta1 = many([](const Param& p) { return p.theta1; }, As::result);
  const std::string g = many([](const Param& p) { return p.g; }, As::operand);
  const std::string f0 = many([](const Param& p) { return p.first0; }, As::operand);
  const std::string s0 = many([](const Param& p) { return p.second0; }, As::operand);
  // A state term is its part's result, then an operand of the next part.
  const std::string f1 = many([](const Param& p) { return p.first1; }, As::lead);
  const std::string f1_op = many([](const Param& p) { return p.first1; }, As::operand);
  const std::string s1 = many([](const Param& p) { return p.second1; }, As::lead);
  const std::string s1_op = many([](const Param& p) { return p.second1; }, As::operand);
  switch (o.kind) {
    case OptimizerKind::sgd:
      return theta0 + " − " + eta + "·" + g + " = " + theta1;
    case OptimizerKind::momentum:
      return "v = " + num(o.momentum) + "·" + f0 + " − " + eta + "·" + g + " = " + f1 + ";  " +
             theta0 + " + " + f1_op + " = " + theta1;
    case OptimizerKind::rmsprop:
      return "s = " + num(o.rho) + "·" + s0 + " + " + operand(1.0 - o.rho) + "·" + g + "² = " + s1 +
             ";  " + theta0 + " − " + eta + "·" + g + "/(√" + s1_op + " + " + operand(o.epsilon) +
             ") = " + theta1;
    case OptimizerKind::adam: {
      const std::string mh = many([&](const Param& p) { return p.first1 / bias1; }, As::lead);
      const std::string mh_op = many([&](const Param& p) { return p.first1 / bias1; }, As::operand);
      const std::string vh = many([&](const Param& p) { return p.second1 / bias2; }, As::lead);
      const std::string vh_op =
          many([&](const Param& p) { return p.second1 / bias2; }, As::operand);
      const std::string tt = superscript(static_cast<int>(t));
      return "m = " + num(o.beta1) + "·" + f0 + " + " + operand(1.0 - o.beta1) + "·" + g + " = " +
             f1 + ";  v = " + num(o.beta2) + "·" + s0 + " + " + operand(1.0 - o.beta2) + "·" + g +
             "² = " + s1 + ";  m̂ = " + f1 + "/(1 − " + operand(o.beta1) + tt + ") = " + mh +
             ";  v̂ = " + s1 + "/(1 − " + operand(o.beta2) + tt + ") = " + vh + ";  " + theta0 +
             " − " + eta + "·" + mh_op + "/(√" + vh_op + " + " + operand(o.epsilon) +
             ") = " + theta1;
    }
  }
  return "";
}

// The gradient the optimizer was handed, by name: ∂L/∂θ, or (−∂L/∂θ) under gradient-ascent.
std::string gradient_name(const Ctx& c, const std::string& p) {
  return c.bug == Bug::gradient_ascent ? "(−∂L/∂" + p + ")" : "∂L/∂" + p;
}

}  // namespace

void describe_update_step(const Ctx& c, TraceStep& m) {
  const int l = m.layer, j = m.neuron;
  const OptimizerConfig& o = c.tr.hyperparams().optimizer;
  m.note = optimizer_note(c);
  if (m.quantity == TraceQuantity::bias_update || m.source >= 0) {
    const int k = m.quantity == TraceQuantity::bias_update ? -1 : m.source;
    const std::string p = k < 0 ? bias_name(l, j) : weight_name(l, j, k);
    const Param one = param(c, l, j, k);
    m.value = one.theta1;
    m.formula = update_formula(o, p, gradient_name(c, p));
    m.substituted = update_numbers(c, 1, [&](int) { return one; });
    return;
  }
  const int n_in = c.net.size(l - 1);
  const std::string p = row_weight_name(l, j);
  m.values.resize(n_in);
  for (int k = 0; k < n_in; ++k) m.values[k] = c.tr.net_after().layer(l).W(j, k);
  m.value = c.tr.net_after().layer(l).W.row(j).norm();
  m.formula = update_formula(o, p, gradient_name(c, p));
  m.substituted = update_numbers(c, n_in, [&](int k) { return param(c, l, j, k); });
  m.note += "; k = 1 … " + std::to_string(n_in);
}

}  // namespace backstep::trace_detail
