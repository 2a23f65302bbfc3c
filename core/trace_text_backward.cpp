// Text of the backward half of a step: output and hidden deltas, weight and
// bias gradients, and every parameter's update with the optimizer's formula.
// GCC 12 reports a false -Wrestrict inside std::string's operator+ once it is
// inlined (GCC bug 105329); this file builds many strings that way.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <cmath>
#include <functional>
#include <string>

#include "core/bug_lab.hpp"
#include "core/loss.hpp"
#include "core/trace_text_detail.hpp"

namespace backstep::trace_detail {

using namespace notation;

namespace {

void add_note(TraceStep& m, const std::string& note) {
  if (note.empty()) return;
  if (!m.note.empty()) m.note += "; ";
  m.note += note;
}

// Whether the traced δ lacks the 1/B of the batch mean (Bug lab: no-batch-mean).
bool lacks_batch_mean(const Ctx& c) {
  return c.bug == Bug::no_batch_mean && c.batch > 1;
}

std::string batch_note(const Ctx& c) {
  if (lacks_batch_mean(c)) return "";  // the output δ's Bug lab note says it
  return c.batch > 1 ? "δ includes the 1/B of the batch mean (B = " + std::to_string(c.batch) + ")"
                     : "";
}

// f′(z) as a formula writes it: "σ′(z⁽¹⁾₂)", or what the Bug lab's mistake
// computes instead: z(1 − z), 1 − z², 1.
std::string derivative_term(const Ctx& c, Activation f, const std::string& z_name) {
  if (!bug_replaces_derivative(c.bug, f)) return derivative_symbol(f) + "(" + z_name + ")";
  switch (f) {
    case Activation::sigmoid:
      return z_name + "(1 − " + z_name + ")";
    case Activation::tanh:
      return "(1 − " + z_name + "²)";
    default:
      return "1";
  }
}

// The Bug lab's remark on a replaced f′: what it computed and what the correct
// identity gives.
std::string buggy_derivative_note(const Ctx& c, Activation f, double z, double a) {
  const std::string right = num(activation_derivative(f, z, a));
  switch (f) {
    case Activation::sigmoid:
      return "Bug lab: σ′ computed as z(1 − z) = " + num(buggy_derivative(f, z, a, c.bug)) +
             " instead of a(1 − a) = " + right;
    case Activation::tanh:
      return "Bug lab: tanh′ computed as 1 − z² = " + num(buggy_derivative(f, z, a, c.bug)) +
             " instead of 1 − a² = " + right;
    default:
      return "Bug lab: relu′ taken as 1 everywhere (correct: " + right + ")";
  }
}

// "σ′(z⁽¹⁾₂) = a(1 − a) = 0.2413": the derivative's identity and its number.
std::string derivative_note(Activation f, int l, int j, double z, double a) {
  const std::string lhs = derivative_symbol(f) + "(" + neuron_name("z", l, j) + ")";
  const std::string v = num(activation_derivative(f, z, a));
  switch (f) {
    case Activation::sigmoid:
    case Activation::softmax:
      return lhs + " = a(1 − a) = " + v;
    case Activation::tanh:
      return lhs + " = 1 − a² = " + v;
    case Activation::relu:
      return lhs + (z > 0.0 ? " = 1 (z > 0)" : " = 0 (z ≤ 0)");
    case Activation::leaky_relu:
      return lhs + (z > 0.0 ? " = 1 (z > 0)" : " = 0.01 (z ≤ 0)");
    case Activation::linear:
      return lhs + " = 1";
  }
  return "";
}

// ---- deltas ----------------------------------------------------------------

// δ⁽ᴸ⁾_j = ∂L/∂z⁽ᴸ⁾_j. Which formula depends on the loss and the output
// activation, exactly as in core/loss.cpp's loss_backward.
void describe_output_delta(const Ctx& c, TraceStep& m) {
  const int L = m.layer, j = m.neuron, n = c.net.size(L);
  const Activation f = c.net.layer(L).activation;
  const Loss loss = c.net.loss;
  const Matrix& A = c.ws.a[L];
  const Matrix& T = c.tr.targets();
  const double a = A(j, c.s), z = c.ws.z[L](j, c.s), t = T(j, c.s);
  const std::string d_name = neuron_name("δ", L, j), a_name = neuron_name("a", L, j);
  const std::string t_name = target_name(j), z_name = neuron_name("z", L, j);
  // Bug lab: no-batch-mean drops the / B; loss-derivative-factor doubles ∂ℓ/∂a.
  const bool per_sample = c.batch > 1 && !lacks_batch_mean(c);
  const std::string per_b = per_sample ? " / B" : "";
  const std::string per_b_num = per_sample ? " / " + std::to_string(c.batch) : "";
  const bool doubled = c.bug == Bug::loss_derivative_factor && loss == Loss::mse;
  m.value = c.ws.delta[L](j, c.s);
  m.formula = d_name + " = ";
  if (c.bug == Bug::softmax_jacobian_twice && loss == Loss::ce && f == Activation::softmax) {
    // a − t already holds softmax's Jacobian; the bug multiplies by its diagonal again.
    m.formula += "(" + a_name + " − " + t_name + ")·" + a_name + "(1 − " + a_name + ")" + per_b;
    m.substituted = "(" + num(a) + " − " + operand(t) + ")·" + operand(a) + "·(1 − " + operand(a) +
                    ")" + per_b_num;
    m.note =
        "Bug lab: softmax + cross-entropy already gives ∂ℓ/∂z = a − t; multiplying by "
        "a(1 − a) applies softmax's Jacobian a second time";
  } else if ((loss == Loss::bce && f == Activation::sigmoid) ||
             (loss == Loss::ce && f == Activation::softmax)) {
    // Fused: f′ cancels the 1/a of ∂ℓ/∂a, leaving a − t.
    m.formula += "(" + a_name + " − " + t_name + ")" + per_b;
    m.substituted = "(" + num(a) + " − " + operand(t) + ")" + per_b_num;
    m.note = f == Activation::sigmoid ? "σ′ cancels ∂ℓ/∂a of bce: ∂ℓ/∂z = a − t"
                                      : "softmax + cross-entropy: ∂ℓ/∂z = a − t";
  } else if (loss == Loss::ce && f == Activation::sigmoid) {
    // ∂/∂z [t·softplus(−z)] = −t·σ(−z) = −t(1 − a)
    m.formula += "−" + t_name + "·(1 − " + a_name + ")" + per_b;
    m.substituted = "−" + operand(t) + "·(1 − " + operand(a) + ")" + per_b_num;
    m.note = "∂ℓ/∂z = ∂/∂z [t·softplus(−z)] = −t·(1 − σ(z))";
  } else {
    // g = ∂ℓ/∂a (core/loss.cpp's), then through f′ (softmax: its full Jacobian).
    auto g_of = [&](int k) { return loss_gradient_wrt_output(loss, A, T, k, c.s); };
    const std::string g_expr = loss == Loss::mse   ? "(a − t)"
                               : loss == Loss::bce ? "(−t/a + (1 − t)/(1 − a))"
                                                   : "(−t/a)";
    if (f == Activation::softmax) {
      // ∂a_k/∂z_j = a_k(δ_kj − a_j)  ⇒  δ_j = a_j (g_j − Σ_k a_k g_k)
      const std::string twice = doubled ? "2·" : "";
      m.formula +=
          twice + a_name + "·(g" + subscript(j + 1) + " − Σₖ a" + layer_tag(L) + "ₖ·gₖ)" + per_b;
      auto product = [&](int k) {
        return (k == 0 ? num(A(k, c.s)) : operand(A(k, c.s))) + "·" + operand(g_of(k));
      };
      m.substituted = twice + (doubled ? operand(a) : num(a)) + "·(" + num(g_of(j)) + " − (" +
                      join_terms(n, product) + "))" + per_b_num;
      m.note = "softmax Jacobian; g = ∂ℓ/∂a = " + g_expr;
    } else {
      const double fp = buggy_derivative(f, z, a, c.bug);  // f′ itself unless a bug replaces it
      std::string g_sym = g_expr, g_num;
      if (loss == Loss::mse) {
        const std::string twice = doubled ? "2·" : "";
        g_sym = twice + "(" + a_name + " − " + t_name + ")";
        g_num = twice + "(" + num(a) + " − " + operand(t) + ")";
      } else if (loss == Loss::bce) {
        g_sym = "(−" + t_name + "/" + a_name + " + (1 − " + t_name + ")/(1 − " + a_name + "))";
        g_num = "(−" + operand(t) + "/" + operand(a) + " + " + operand(1.0 - t) + "/" +
                operand(1.0 - a) + ")";
      } else {
        g_sym = "(−" + t_name + "/" + a_name + ")";
        g_num = "(−" + operand(t) + "/" + operand(a) + ")";
      }
      m.formula += g_sym + " · " + derivative_term(c, f, z_name) + per_b;
      m.substituted = g_num + " · " + operand(fp) + per_b_num;
      m.note = bug_replaces_derivative(c.bug, f) ? buggy_derivative_note(c, f, z, a)
                                                 : derivative_note(f, L, j, z, a);
    }
  }
  m.substituted += " = " + result(m.value);
  if (doubled) {
    add_note(m,
             "Bug lab: ∂ℓ/∂a written as 2(a − t), but the loss is ½(a − t)², whose "
             "derivative is a − t");
  }
  if (lacks_batch_mean(c)) {
    add_note(m, "Bug lab: the 1/B of the batch mean is missing, so δ is B = " +
                    std::to_string(c.batch) + " times too large");
  }
  add_note(m, batch_note(c));
}

// δ⁽ˡ⁾_j = (Σ_k w⁽ˡ⁺¹⁾_kj δ⁽ˡ⁺¹⁾_k) · f′(z⁽ˡ⁾_j), with the weights from before the step.
void describe_hidden_delta(const Ctx& c, TraceStep& m) {
  const int l = m.layer, j = m.neuron, n_next = c.net.size(l + 1);
  const Activation f = c.net.layer(l).activation;
  // Bug lab, update-before-backprop: δ⁽ᴸ⁻¹⁾ flows through W⁽ᴸ⁾ + ΔW⁽ᴸ⁾, the
  // weights already updated, instead of the ones the forward pass used.
  const bool updated = c.bug == Bug::update_before_backprop && l + 1 == c.net.depth();
  const Matrix& W = updated ? c.tr.computed_step().bug_backprop_W : c.net.layer(l + 1).W;
  const Matrix& d = c.ws.delta[l + 1];
  const double z = c.ws.z[l](j, c.s), a = c.ws.a[l](j, c.s);
  const std::string z_name = neuron_name("z", l, j);
  auto as_used = [&](const std::string& w) { return updated ? "(" + w + " + Δ" + w + ")" : w; };
  m.value = c.ws.delta[l](j, c.s);
  m.formula = neuron_name("δ", l, j) + " = (";
  if (n_next <= kFullSumLimit) {
    m.formula += join_terms(n_next, [&](int k) {
      return as_used(weight_name(l + 1, k, j)) + "·" + neuron_name("δ", l + 1, k);
    });
  } else {
    m.formula += "Σₖ " + as_used(column_weight_name(l + 1, j)) + "·δ" + layer_tag(l + 1) + "ₖ";
    m.note = "k = 1 … " + std::to_string(n_next);
  }
  // The first weight leads the sum; every other number an operator touches.
  auto product = [&](int k) {
    return (k == 0 ? num(W(k, j)) : operand(W(k, j))) + "·" + operand(d(k, c.s));
  };
  m.substituted = "(" + join_terms(n_next, product) + ")";
  if (c.bug == Bug::no_activation_derivative) {
    // The bug stops at ∂L/∂a: the factor f′(z) that turns it into ∂L/∂z is missing.
    m.formula += ")";
    m.substituted += " = " + result(m.value);
    add_note(m, "Bug lab: the factor " + derivative_symbol(f) + "(" + z_name +
                    ") is missing: this is ∂L/∂a, not ∂L/∂z (" + derivative_symbol(f) + " = " +
                    num(activation_derivative(f, z, a)) + ")");
  } else {
    m.formula += ") · " + derivative_term(c, f, z_name);
    m.substituted += " · " + operand(buggy_derivative(f, z, a, c.bug)) + " = " + result(m.value);
    add_note(m, bug_replaces_derivative(c.bug, f) ? buggy_derivative_note(c, f, z, a)
                                                  : derivative_note(f, l, j, z, a));
  }
  if (updated) {
    add_note(m, "Bug lab: W" + layer_tag(l + 1) +
                    " was updated before this δ was computed; backprop must use the weights the "
                    "forward pass used");
  }
  add_note(m, batch_note(c));
}

// ---- gradients -------------------------------------------------------------

// With B > 1, what one sample's term of a gradient is (p = "w" or "b").
std::string sample_term_note(const Ctx& c, const char* p) {
  if (lacks_batch_mean(c)) {
    return std::string(
               "δ lacks the 1/B (Bug lab): the batch sum is B times the batch-mean "
               "gradient ∂L/∂") +
           p;
  }
  return std::string("δ includes the 1/B: this sample's term is (1/B)·∂ℓ/∂") + p +
         ", and the batch sum is the batch-mean gradient; the update uses it";
}

// One parameter's number (an operand), or a row's [list] over k = 0 … n−1.
std::string numbers(bool row, int n, const std::function<double(int)>& v) {
  return row ? bracket_list(n, [&](int k) { return num(v(k)); }) : operand(v(0));
}

// Wraps a gradient expression in the regularization and clipping the engine
// applied: (core + λ·w)·c/‖g‖. The weights are w(k), k = 0 … n−1 (n = 0 for a
// bias, which is not regularized); a row shows them as a [list].
struct GradientExtras {
  std::string formula, substituted;
};

GradientExtras regularize_and_clip(const Ctx& c, const std::string& core_f,
                                   const std::string& core_s, const std::string& w_name, bool row,
                                   int n, const std::function<double(int)>& w, TraceStep& m) {
  const Regularization& reg = c.tr.hyperparams().regularization;
  GradientExtras out{core_f, core_s};
  if (n > 0 && reg.kind == RegularizationKind::l2) {
    out.formula += " + λ·" + w_name;
    out.substituted += " + " + num(reg.lambda) + "·" + numbers(row, n, w);
  } else if (n > 0 && reg.kind == RegularizationKind::l1) {
    out.formula += " + λ·sign(" + w_name + ")";
    out.substituted += " + " + num(reg.lambda) + "·" + numbers(row, n, [&](int k) {
                         const double wk = w(k);
                         return wk > 0 ? 1.0 : wk < 0 ? -1.0 : 0.0;
                       });
  }
  if (c.tr.clip_scale() != 1.0) {
    out.formula = "(" + out.formula + ")·c/‖g‖";
    out.substituted = "(" + out.substituted + ")·" + operand(c.tr.clip_scale());
    add_note(m, "clipped: ‖g‖ = " + num(c.tr.gradient_norm()) +
                    " > c = " + num(c.tr.hyperparams().clip_norm));
  }
  return out;
}

// ∂L/∂w⁽ˡ⁾_jk = Σ_samples δ⁽ˡ⁾_j a⁽ˡ⁻¹⁾_k, or ∂L/∂b⁽ˡ⁾_j = Σ_samples δ⁽ˡ⁾_j when
// k < 0: the sample's own term, the other samples' sum, and the gradient the
// update uses. δ carries the 1/B, so a sample's term is (1/B)·∂ℓ/∂w.
void describe_single_gradient(const Ctx& c, TraceStep& m, int k) {
  const int l = m.layer, j = m.neuron;
  const bool bias = k < 0;
  const double d = c.ws.delta[l](j, c.s);
  const double x = bias ? 1.0 : c.ws.a[l - 1](k, c.s);
  const double own = d * x;
  const double batch_sum =
      bias ? c.ws.delta[l].row(j).sum() : c.ws.delta[l].row(j).dot(c.ws.a[l - 1].row(k));
  const std::string d_name = neuron_name("δ", l, j);
  const std::string p_name = bias ? bias_name(l, j) : weight_name(l, j, k);
  m.value = bias ? c.ws.grad_b[l](j) : c.ws.grad_W[l](j, k);
  m.sample_value = own;
  std::string core_f = bias ? d_name : d_name + "·" + neuron_name("a", l - 1, k);
  std::string core_s = bias ? num(d) : num(d) + "·" + operand(x);
  if (bias && c.bug == Bug::bias_sum_over_neurons) {
    // np.sum(δ): every neuron's batch sum added into one number for the layer.
    const int n = c.net.size(l);
    core_f = "Σᵢ Σ_samples δ" + layer_tag(l) + "ᵢ";
    core_s = join_terms(n, [&](int i) {
      const double sum = c.ws.delta[l].row(i).sum();
      return i == 0 ? num(sum) : operand(sum);
    });
    add_note(m, "Bug lab: one sum over all " + std::to_string(n) +
                    " neurons of the layer, given to every bias; ∂L/∂" + p_name + " sums only " +
                    d_name + " over the samples");
  } else if (c.batch > 1) {
    core_f = "Σ_samples " + core_f;
    core_s += " (this sample) + " + operand(batch_sum - own) + " (other " +
              std::to_string(c.batch - 1) + ")";
    add_note(m, sample_term_note(c, bias ? "b" : "w"));
  }
  const Matrix& W = c.net.layer(l).W;
  const GradientExtras e = regularize_and_clip(
      c, core_f, core_s, p_name, false, bias ? 0 : 1, [&](int) { return W(j, k); }, m);
  m.formula = "∂L/∂" + p_name + " = " + e.formula;
  m.substituted = e.substituted + " = " + result(m.value);
}

// A neuron's whole row ∂L/∂w⁽ˡ⁾_jk, k = 1 … n_{l−1}, in one micro-step: the
// same terms as describe_single_gradient, each a [list] over k.
void describe_row_gradient(const Ctx& c, TraceStep& m) {
  const int l = m.layer, j = m.neuron, n_in = c.net.size(l - 1);
  const double d = c.ws.delta[l](j, c.s);
  const Matrix& a_in = c.ws.a[l - 1];
  const std::string a_k = "a" + layer_tag(l - 1) + "ₖ";
  m.values.resize(n_in);
  for (int k = 0; k < n_in; ++k) m.values[k] = c.ws.grad_W[l](j, k);
  m.value = c.ws.grad_W[l].row(j).norm();
  m.sample_value = std::abs(d) * a_in.col(c.s).norm();
  std::string core_f = neuron_name("δ", l, j) + "·" + a_k;
  std::string core_s = num(d) + "·" + bracket_list(n_in, [&](int k) { return num(a_in(k, c.s)); });
  if (c.batch > 1) {
    // The other samples' part of each entry: the batch sum minus this sample's term.
    auto others = [&](int k) { return c.ws.delta[l].row(j).dot(a_in.row(k)) - d * a_in(k, c.s); };
    core_f = "Σ_samples " + core_f;
    core_s += " (this sample) + " + bracket_list(n_in, [&](int k) { return num(others(k)); }) +
              " (other " + std::to_string(c.batch - 1) + ")";
    add_note(m, sample_term_note(c, "w"));
  }
  const Matrix& W = c.net.layer(l).W;
  const GradientExtras e = regularize_and_clip(
      c, core_f, core_s, row_weight_name(l, j), true, n_in, [&](int k) { return W(j, k); }, m);
  m.formula = "∂L/∂" + row_weight_name(l, j) + " = " + e.formula;
  add_note(m, "k = 1 … " + std::to_string(n_in));
  m.substituted =
      e.substituted + " = " + bracket_list(n_in, [&](int k) { return result(m.values[k]); });
}

}  // namespace

void describe_backward_step(const Ctx& c, TraceStep& m) {
  switch (m.quantity) {
    case TraceQuantity::delta:
      if (m.phase == TracePhase::output_delta) {
        describe_output_delta(c, m);
      } else {
        describe_hidden_delta(c, m);
      }
      return;
    case TraceQuantity::weight_gradient:
      if (m.source >= 0) {
        describe_single_gradient(c, m, m.source);
      } else {
        describe_row_gradient(c, m);
      }
      return;
    case TraceQuantity::bias_gradient:
      describe_single_gradient(c, m, -1);
      return;
    default:
      describe_update_step(c, m);
      return;
  }
}

}  // namespace backstep::trace_detail
