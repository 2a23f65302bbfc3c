// The loss of one sample as scalar operations, from the output layer's z to
// L, and the fused shortcut the engine takes beside it.
// GCC 12 reports a false -Wrestrict inside std::string's operator+ once it is
// inlined (GCC bug 105329); this file builds many strings that way.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <cmath>

#include "core/computation_graph_builder.hpp"
#include "core/loss.hpp"
#include "core/trace_text_detail.hpp"

namespace backstep::graph_detail {

using namespace notation;
using trace_detail::num;
using trace_detail::operand;
using trace_detail::result;
using trace_detail::target_name;

namespace {

bool is_fused(Loss loss, Activation out) {
  return (loss == Loss::bce && out == Activation::sigmoid) ||
         (loss == Loss::ce && out == Activation::softmax) ||
         (loss == Loss::ce && out == Activation::sigmoid);
}

// x·y where x is a constant that may be 0 beside y = −∞ (t·log a with a = 0):
// the term is then exactly 0, as the engine's loss takes it.
double times(double constant, double y) {
  return constant == 0.0 ? 0.0 : constant * y;
}

}  // namespace

// aₖ = e^(zₖ) / Σᵢ e^(zᵢ), as exp, sum and divide:
//   ∂eₖ/∂zₖ = eₖ;  ∂S/∂eₖ = 1;  ∂aₖ/∂eₖ = 1/S;  ∂aₖ/∂S = −eₖ/S².
std::vector<int> Builder::softmax(const std::vector<int>& z) {
  const int n = static_cast<int>(z.size());
  std::vector<int> e(z.size()), a(z.size());
  double total = 0.0;
  for (int k = 0; k < n; ++k) {
    const GraphNode& zk = at(z[static_cast<std::size_t>(k)]);
    const double ev = std::exp(zk.value);
    const std::string name = "e^(" + zk.name + ")";
    const int id = node(GraphOp::exp, name, "exp", ev, {{z[static_cast<std::size_t>(k)], ev, name}},
                        name, "e^(" + num(zk.value) + ")");
    at(id).value_step = a_step(depth, k);
    at(id).grad_step = delta_step(depth, k);
    e[static_cast<std::size_t>(k)] = id;
    total += ev;
  }
  std::vector<Input> parts;
  std::string formula, numbers;
  for (int k = 0; k < n; ++k) {
    const GraphNode& ek = at(e[static_cast<std::size_t>(k)]);
    parts.push_back({e[static_cast<std::size_t>(k)], 1.0, "1"});
    formula += (k == 0 ? "" : " + ") + ek.name;
    numbers += k == 0 ? num(ek.value) : " + " + operand(ek.value);
  }
  const std::string s_name = "Σₖe^(z" + layer_tag(depth) + "ₖ)";
  const int sum = node(GraphOp::add, s_name, "+", total, parts, formula, numbers);
  at(sum).value_step = a_step(depth, 0);
  at(sum).grad_step = delta_step(depth, 0);
  for (int k = 0; k < n; ++k) {
    const GraphNode& ek = at(e[static_cast<std::size_t>(k)]);
    const double ev = ek.value;
    const std::string e_name = ek.name;
    const int id = node(GraphOp::divide, neuron_name("a", depth, k), "÷", ev / total,
                        {{e[static_cast<std::size_t>(k)], 1.0 / total, "1/" + s_name},
                         {sum, -ev / (total * total), "−" + e_name + "/(" + s_name + ")²"}},
                        e_name + "/" + s_name, num(ev) + "/" + operand(total));
    at(id).layer = depth;
    at(id).neuron = k;
    tracer_value_text(id, a_step(depth, k));
    at(id).grad_step = delta_step(depth, k);
    a[static_cast<std::size_t>(k)] = id;
  }
  return a;
}

// ℓₖ from aₖ and tₖ:
//   mse  ½(a − t)²:                 subtract, square, half;
//   ce   −t·log a:                  log, times t, negate;
//   bce  −[t·log a + (1 − t)·log(1 − a)]: log, 1 − a, log, the two products, add, negate.
int Builder::loss_term(int k, int a) {
  const long value_step = tr.index_of(TracePhase::loss, depth, k);
  const long grad_step = delta_step(depth, k);
  const std::string an = at(a).name, tn = target_name(k);
  const double av = at(a).value, tv = tr.targets()(k, s);
  const int t = leaf(GraphOp::target, tn, tv, true);
  at(t).constant = true;
  at(t).layer = depth;
  at(t).neuron = k;
  const std::string lk = "ℓ" + subscript(k + 1);
  std::vector<int> made;
  auto op = [&](GraphOp o, const std::string& name, const std::string& label, double v,
                const std::vector<Input>& in, const std::string& formula,
                const std::string& numbers) {
    const int id = node(o, name, label, v, in, formula, numbers);
    made.push_back(id);
    return id;
  };
  // log x with ∂/∂x = 1/x
  auto log_of = [&](int x) {
    const GraphNode& xn = at(x);
    const std::string name =
        xn.name.find(' ') == std::string::npos ? "log " + xn.name : "log(" + xn.name + ")";
    return op(GraphOp::log, name, "log", std::log(xn.value),
              {{x, 1.0 / xn.value, "1/" + wrapped(xn.name)}}, name, "log " + operand(xn.value));
  };
  // c·y for a constant c (a target): ∂/∂y = c
  auto scaled = [&](int c, int y) {
    const GraphNode &cn = at(c), &yn = at(y);
    return op(GraphOp::multiply, cn.name + "·" + yn.name, "×", times(cn.value, yn.value),
              {{c, yn.value, yn.name}, {y, cn.value, cn.name}}, cn.name + "·" + yn.name,
              num(cn.value) + "·" + operand(yn.value));
  };
  int term = -1;
  switch (net.loss) {
    case Loss::mse: {
      // d = a − t;  ∂d/∂a = 1, ∂d/∂t = −1
      const int d =
          op(GraphOp::subtract, an + " − " + tn, "−", av - tv, {{a, 1.0, "1"}, {t, -1.0, "−1"}},
             an + " − " + tn, num(av) + " − " + operand(tv));
      const double dv = at(d).value;
      const std::string dn = at(d).name;
      // d²;  ∂/∂d = 2d
      const int sq = op(GraphOp::square, "(" + dn + ")²", "x²", dv * dv,
                        {{d, 2.0 * dv, "2·(" + dn + ")"}}, "(" + dn + ")²", operand(dv) + "²");
      const double sv = at(sq).value;
      // ½·d²;  ∂/∂(d²) = ½
      term = op(GraphOp::half, lk, "½·", 0.5 * sv, {{sq, 0.5, "½"}}, "½·(" + dn + ")²",
                "½·" + operand(sv));
      break;
    }
    case Loss::ce: {
      const int lg = log_of(a);
      const int m = scaled(t, lg);
      const GraphNode& mn = at(m);
      // −m;  ∂/∂m = −1
      term = op(GraphOp::negate, lk, "−", -mn.value, {{m, -1.0, "−1"}}, "−" + wrapped(mn.name),
                "−" + operand(mn.value));
      break;
    }
    case Loss::bce: {
      const int lg1 = log_of(a);
      // 1 − a;  ∂/∂a = −1
      const int om = op(GraphOp::one_minus, "1 − " + an, "1 −", 1.0 - av, {{a, -1.0, "−1"}},
                        "1 − " + an, "1 − " + operand(av));
      const int lg2 = log_of(om);
      const int omt = op(GraphOp::one_minus, "1 − " + tn, "1 −", 1.0 - tv, {{t, -1.0, "−1"}},
                         "1 − " + tn, "1 − " + operand(tv));
      at(omt).constant = true;
      const int m1 = scaled(t, lg1), m2 = scaled(omt, lg2);
      const GraphNode &n1 = at(m1), &n2 = at(m2);
      const std::string sum_name = n1.name + " + " + n2.name;
      const int sum =
          op(GraphOp::add, sum_name, "+", n1.value + n2.value, {{m1, 1.0, "1"}, {m2, 1.0, "1"}},
             sum_name, num(n1.value) + " + " + operand(n2.value));
      const GraphNode& sn = at(sum);
      term = op(GraphOp::negate, lk, "−", -sn.value, {{sum, -1.0, "−1"}}, "−[" + sn.name + "]",
                "−" + operand(sn.value));
      break;
    }
  }
  for (int id : made) {
    at(id).value_step = value_step;
    at(id).grad_step = grad_step;
  }
  at(term).layer = depth;
  at(term).neuron = k;
  tracer_value_text(term, value_step);
  return term;
}

// ℓ = Σₖ ℓₖ; with B > 1, L = (1/B)·(ℓ + Σ ℓ of the other samples); with a
// penalty, + R. ∂L/∂ℓ = 1/B: the batch mean's factor, the one every δ carries.
void Builder::close_loss(const std::vector<int>& terms) {
  const Activation out = net.layer(depth).activation;
  const long first_delta = delta_step(depth, 0);
  const long loss_begin = tr.first_index(TracePhase::loss);
  const long sample_step = loss_begin + net.output_size();
  const long batch_step = tr.has_batch_objective() ? sample_step + 1 : sample_step;
  std::vector<Input> parts;
  std::string formula, numbers;
  double total = 0.0;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const GraphNode& t = at(terms[i]);
    parts.push_back({terms[i], 1.0, "1"});
    formula += (i == 0 ? "" : " + ") + t.name;
    numbers += i == 0 ? num(t.value) : " + " + operand(t.value);
    total += t.value;
  }
  int top = node(GraphOp::add, "ℓ", "+", total, parts, formula, numbers);
  tracer_value_text(top, sample_step);
  at(top).grad_step = first_delta;
  if (batch > 1) {
    double others = 0.0;
    for (int c = 0; c < batch; ++c) {
      if (c != s)
        others += loss_of_sample(net.loss, out, ws.z[depth], ws.a[depth], tr.targets(), c);
    }
    const int o = leaf(GraphOp::other_samples,
                       "Σ ℓ of the other " + std::to_string(batch - 1) + " samples", others, true);
    at(o).value_step = batch_step;
    at(o).grad_step = first_delta;
    const double inv = 1.0 / batch;
    const std::string b = std::to_string(batch), per = "1/" + b;
    const double lv = at(top).value;
    top = node(GraphOp::mean, "(1/B)·Σ_samples ℓ", "mean", (lv + others) * inv,
               {{top, inv, per}, {o, inv, per}}, "(ℓ + " + wrapped(at(o).name) + ")/B",
               "(" + num(lv) + " + " + operand(others) + ")/" + b);
    at(top).value_step = batch_step;
    at(top).grad_step = first_delta;
  }
  const Regularization& reg = tr.hyperparams().regularization;
  if (reg.kind != RegularizationKind::none) {
    const int r =
        leaf(GraphOp::regularization, reg.kind == RegularizationKind::l2 ? "λ/2·Σ w²" : "λ·Σ |w|",
             regularization_loss(net, reg), true);
    at(r).value_step = batch_step;
    at(r).grad_step = first_delta;
    const GraphNode &tn = at(top), &rn = at(r);
    top = node(GraphOp::add, "L", "+", tn.value + rn.value, {{top, 1.0, "1"}, {r, 1.0, "1"}},
               wrapped(tn.name) + " + " + wrapped(rn.name),
               num(tn.value) + " + " + operand(rn.value));
    at(top).grad_step = first_delta;
  } else if (batch > 1) {
    at(top).name = "L";
  }
  if (tr.has_batch_objective()) tracer_value_text(top, batch_step);
  if (at(top).name == "ℓ") at(top).note = "L = ℓ: one sample, no regularization";
  g.root = top;
}

// The fused pairs: the activation's derivative cancels the loss's 1/a, and
// the engine writes δ⁽ᴸ⁾ₖ in one line. The graph's ∂L/∂z⁽ᴸ⁾ₖ, through every
// operation, comes to the same number.
void Builder::fused_shortcuts() {
  const Activation out = net.layer(depth).activation;
  if (!is_fused(net.loss, out)) return;
  const bool sigmoid_ce = net.loss == Loss::ce && out == Activation::sigmoid;
  const std::string per_b = batch > 1 ? "/" + std::to_string(batch) : "";
  const std::string per_sym = batch > 1 ? "/B" : "";
  for (int k = 0; k < net.output_size(); ++k) {
    FusedShortcut f;
    f.output = k;
    f.value = ws.delta[static_cast<std::size_t>(depth)](k, s);
    const double av = ws.a[static_cast<std::size_t>(depth)](k, s), tv = tr.targets()(k, s);
    const std::string an = neuron_name("a", depth, k), tn = target_name(k);
    const std::string lhs = neuron_name("δ", depth, k) + " = ";
    if (sigmoid_ce) {
      // ∂/∂z [t·softplus(−z)] = −t·σ(−z) = −t·(1 − a)
      f.formula = lhs + "−" + tn + "·(1 − " + an + ")" + per_sym;
      f.numbers = "−" + operand(tv) + "·(1 − " + operand(av) + ")" + per_b;
    } else {
      // sigmoid + bce: σ′ = a(1 − a) cancels (a − t)/(a(1 − a)); softmax + ce:
      // Σₖ tₖ = 1 turns −tᵢ + aᵢ·Σₖ tₖ into aᵢ − tᵢ.
      f.formula = lhs + (batch > 1 ? "(" + an + " − " + tn + ")/B" : an + " − " + tn);
      f.numbers = batch > 1 ? "(" + num(av) + " − " + operand(tv) + ")" + per_b
                            : num(av) + " − " + operand(tv);
    }
    f.numbers += " = " + result(f.value);
    g.shortcuts.push_back(std::move(f));
  }
}

// Output neuron j: its a (or, for softmax, every output's share of the
// softmax) runs on through the loss. An element-wise output's other terms
// do not depend on neuron j: one leaf holds their sum.
void Builder::loss_from_neuron(int j, int z) {
  const Activation out = net.layer(depth).activation;
  const int n_out = net.output_size();
  std::vector<int> terms;
  if (out == Activation::softmax) {
    std::vector<int> zs;
    for (int k = 0; k < n_out; ++k) {
      if (k == j) {
        zs.push_back(z);
        continue;
      }
      const int id = leaf(GraphOp::output, neuron_name("z", depth, k),
                          ws.z[static_cast<std::size_t>(depth)](k, s), true);
      at(id).layer = depth;
      at(id).neuron = k;
      tracer_value_text(id, z_step(depth, k));
      tracer_grad_text(id, delta_step(depth, k));
      zs.push_back(id);
    }
    const std::vector<int> a = softmax(zs);
    for (int k = 0; k < n_out; ++k) terms.push_back(loss_term(k, a[static_cast<std::size_t>(k)]));
  } else {
    terms.push_back(loss_term(j, activation(depth, j, z)));
    if (n_out > 1) {
      double others = 0.0;
      for (int k = 0; k < n_out; ++k) {
        if (k != j)
          others +=
              backstep::loss_term(net.loss, out, ws.z[depth], ws.a[depth], tr.targets(), k, s);
      }
      const int o =
          leaf(GraphOp::other_outputs,
               "Σ ℓₖ of the other " + std::to_string(n_out - 1) + " outputs", others, true);
      at(o).value_step = tr.index_of(TracePhase::loss, depth, n_out - 1);
      at(o).grad_step = delta_step(depth, 0);
      terms.push_back(o);
    }
  }
  close_loss(terms);
  fused_shortcuts();
  if (out != Activation::softmax) {
    // Only output j's shortcut belongs to this graph.
    std::erase_if(g.shortcuts, [&](const FusedShortcut& f) { return f.output != j; });
  }
}

// The loss alone: every output's z⁽ᴸ⁾ₖ (a leaf with the engine's value), its
// activation or the softmax, every ℓₖ, ℓ and L.
void Builder::whole_loss() {
  const Activation out = net.layer(depth).activation;
  const int n_out = net.output_size();
  std::vector<int> zs, as;
  for (int k = 0; k < n_out; ++k) {
    const int id = leaf(GraphOp::output, neuron_name("z", depth, k),
                        ws.z[static_cast<std::size_t>(depth)](k, s));
    at(id).layer = depth;
    at(id).neuron = k;
    tracer_value_text(id, z_step(depth, k));
    tracer_grad_text(id, delta_step(depth, k));
    zs.push_back(id);
  }
  if (out == Activation::softmax) {
    as = softmax(zs);
  } else {
    for (int k = 0; k < n_out; ++k)
      as.push_back(activation(depth, k, zs[static_cast<std::size_t>(k)]));
  }
  std::vector<int> terms;
  for (int k = 0; k < n_out; ++k) terms.push_back(loss_term(k, as[static_cast<std::size_t>(k)]));
  close_loss(terms);
  fused_shortcuts();
}

}  // namespace backstep::graph_detail
