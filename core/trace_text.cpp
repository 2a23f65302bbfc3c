// The formula of every micro-step and the same formula with the engine's
// numbers substituted. Values always come from the Tracer (the batched engine);
// the numbers inside the text are rounded for reading.
// GCC 12 reports a false -Wrestrict inside std::string's operator+ once it is
// inlined (GCC bug 105329); this file builds many strings that way.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "core/trace_text.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/loss.hpp"
#include "core/trace_text_detail.hpp"
#include "core/tracer.hpp"

namespace backstep {

using namespace notation;
using namespace trace_detail;

namespace {

// ---- forward ---------------------------------------------------------------

// z⁽ˡ⁾_j = Σ_k w⁽ˡ⁾_jk a⁽ˡ⁻¹⁾_k + b⁽ˡ⁾_j
void describe_z(const Ctx& c, TraceStep& m) {
  const int l = m.layer, j = m.neuron, n_in = c.net.size(l - 1);
  const DenseLayer& layer = c.net.layer(l);
  const Matrix& a_in = c.ws.a[l - 1];
  m.value = c.ws.z[l](j, c.s);
  m.formula = neuron_name("z", l, j) + " = ";
  if (n_in <= kFullSumLimit) {
    m.formula += join_terms(
        n_in, [&](int k) { return weight_name(l, j, k) + "·" + neuron_name("a", l - 1, k); });
  } else {
    m.formula += "Σₖ " + row_weight_name(l, j) + "·a" + layer_tag(l - 1) + "ₖ";
    m.note = "k = 1 … " + std::to_string(n_in);
  }
  m.formula += " + " + bias_name(l, j);
  // Only the first weight leads the formula; every other number an operator touches.
  auto term = [&](int i, int k) {
    return (i == 0 ? num(layer.W(j, k)) : operand(layer.W(j, k))) + "·" + operand(a_in(k, c.s));
  };
  if (n_in <= kFullSumLimit) {
    m.substituted = join_terms(n_in, [&](int k) { return term(k, k); });
  } else {
    // A wide layer (784 pixels): the largest contributions |w·a| in full, the
    // rest as one number, so the shown sum still adds up to z:
    //   z = Σ_{k ∈ top} w_k a_k + (Σ_{k ∉ top} w_k a_k) + b.
    const LargestTerms top = largest_terms(layer.W, j, a_in, c.s);
    for (std::size_t i = 0; i < top.shown.size(); ++i) {
      if (i > 0) m.substituted += " + ";
      m.substituted += term(static_cast<int>(i), top.shown[i]);
    }
    const int rest = n_in - static_cast<int>(top.shown.size());
    m.substituted += " + " + operand(top.rest_sum) + " (" + std::to_string(rest) + " more)";
    m.note += "; the " + std::to_string(top.shown.size()) + " largest |w·a| shown, the other " +
              std::to_string(rest) + " summed";
  }
  m.substituted += " + " + operand(layer.b(j)) + " = " + result(m.value);
}

// a⁽ˡ⁾_j = f(z⁽ˡ⁾_j)
void describe_a(const Ctx& c, TraceStep& m) {
  const int l = m.layer, j = m.neuron;
  const Activation f = c.net.layer(l).activation;
  const Matrix& z = c.ws.z[l];
  const double zj = z(j, c.s);
  const std::string a_name = neuron_name("a", l, j), z_name = neuron_name("z", l, j);
  m.value = c.ws.a[l](j, c.s);
  switch (f) {
    case Activation::linear:
      m.formula = a_name + " = " + z_name;
      m.substituted = result(m.value);
      return;
    case Activation::sigmoid:
      m.formula = a_name + " = σ(" + z_name + ") = 1/(1 + e^(−" + z_name + "))";
      m.substituted = "1/(1 + e^(" + num(-zj) + ")) = " + result(m.value);
      return;
    case Activation::tanh:
      m.formula = a_name + " = tanh(" + z_name + ")";
      m.substituted = "tanh(" + num(zj) + ") = " + result(m.value);
      return;
    case Activation::relu:
      m.formula = a_name + " = relu(" + z_name + ") = max(0, " + z_name + ")";
      m.substituted = "max(0, " + num(zj) + ") = " + result(m.value);
      return;
    case Activation::leaky_relu:
      m.formula = a_name + " = lrelu(" + z_name + ") = " + z_name + " if > 0, else 0.01·" + z_name;
      m.substituted = (zj > 0.0 ? num(zj) : "0.01·" + operand(zj)) + " = " + result(m.value);
      return;
    case Activation::softmax: {
      const int n = c.net.size(l);
      m.formula = a_name + " = e^(" + z_name + ") / ";
      if (n <= kFullSumLimit) {
        m.formula +=
            "(" + join_terms(n, [&](int k) { return "e^(" + neuron_name("z", l, k) + ")"; }) + ")";
      } else {
        m.formula += "Σₖ e^(z" + layer_tag(l) + "ₖ)";
      }
      m.substituted = "e^(" + num(zj) + ") / (" +
                      join_terms(n, [&](int k) { return "e^(" + num(z(k, c.s)) + ")"; }) +
                      ") = " + result(m.value);
      return;
    }
  }
}

// ---- loss ------------------------------------------------------------------

// ℓₖ of output k for the traced sample: core/loss.cpp's own term.
double term_of(const Ctx& c, int k) {
  const int L = c.net.depth();
  return loss_term(c.net.loss, c.net.layer(L).activation, c.ws.z[L], c.ws.a[L], c.tr.targets(), k,
                   c.s);
}

void describe_loss_term(const Ctx& c, TraceStep& m) {
  const int L = m.layer, j = m.neuron;
  const Activation out = c.net.layer(L).activation;
  const double a = c.ws.a[L](j, c.s), t = c.tr.targets()(j, c.s);
  const std::string a_name = neuron_name("a", L, j), t_name = target_name(j);
  const std::string lhs = "ℓ" + subscript(j + 1) + " = ";
  m.value = term_of(c, j);
  switch (c.net.loss) {
    case Loss::mse:
      m.formula = lhs + "½(" + a_name + " − " + t_name + ")²";
      m.substituted = "½(" + num(a) + " − " + operand(t) + ")²";
      break;
    case Loss::bce:
      m.formula = lhs + "−[" + t_name + "·log " + a_name + " + (1 − " + t_name + ")·log(1 − " +
                  a_name + ")]";
      m.substituted = "−[" + num(t) + "·log " + operand(a) + " + " + operand(1.0 - t) + "·log " +
                      operand(1.0 - a) + "]";
      if (out == Activation::sigmoid) m.note = "computed stably from z: softplus(z) − t·z";
      break;
    case Loss::ce:
      m.formula = lhs + "−" + t_name + "·log " + a_name;
      m.substituted = "−" + operand(t) + "·log " + operand(a);
      if (out == Activation::softmax) m.note = "computed stably from z: −t·(z − log Σ e^z)";
      if (out == Activation::sigmoid) m.note = "computed stably from z: t·softplus(−z)";
      break;
  }
  m.substituted += " = " + result(m.value);
}

// "t = setosa (1, 0, 0)": the traced sample's class by name, and its
// target vector; "" without class names.
std::string named_target(const Ctx& c) {
  const std::vector<std::string>& names = c.tr.class_names();
  const Matrix& t = c.tr.targets();
  if (names.empty()) return "";
  Eigen::Index k = 0;
  if (t.rows() == 1) {
    k = t(0, c.s) > class_threshold(c.net.layer(c.net.depth()).activation) ? 1 : 0;
  } else {
    t.col(c.s).maxCoeff(&k);
  }
  if (k >= static_cast<Eigen::Index>(names.size())) return "";
  std::string out = "t = " + names[static_cast<std::size_t>(k)] + " (";
  for (Eigen::Index j = 0; j < t.rows(); ++j) out += (j > 0 ? ", " : "") + num(t(j, c.s));
  return out + ")";
}

void describe_sample_loss(const Ctx& c, TraceStep& m) {
  const int L = c.net.depth(), n = c.net.size(L);
  const Matrix& t = c.tr.targets();
  m.value = loss_of_sample(c.net.loss, c.net.layer(L).activation, c.ws.z[L], c.ws.a[L], t, c.s);
  // ℓ = Σₖ ℓₖ, the sample's loss (no 1/B).
  m.formula =
      "ℓ = " + (n <= kFullSumLimit ? join_terms(n, [&](int k) { return "ℓ" + subscript(k + 1); })
                                   : std::string("Σₖ ℓₖ"));
  auto term = [&](int k) { return k == 0 ? num(term_of(c, k)) : operand(term_of(c, k)); };
  m.substituted = n == 1 ? result(m.value) : join_terms(n, term) + " = " + result(m.value);
  if (c.batch > 1) {
    m.note = "the loss of sample " + std::to_string(c.s + 1) + " of the batch of " +
             std::to_string(c.batch);
  }
  if (const std::string t_named = named_target(c); !t_named.empty()) {
    m.note = m.note.empty() ? t_named : t_named + "; " + m.note;
  }
}

// L = (1/B)·Σ_samples ℓ + R, the objective the gradients are of.
void describe_batch_loss(const Ctx& c, TraceStep& m) {
  const LossParts parts = c.tr.batch_loss();
  const Regularization& reg = c.tr.hyperparams().regularization;
  m.neuron = -1;
  m.value = parts.total();
  m.formula = c.batch > 1 ? "L = (1/B)·Σ_samples ℓ" : "L = ℓ";
  m.substituted = c.batch > 1 ? "(1/" + std::to_string(c.batch) + ")·" + num(parts.data * c.batch)
                              : num(parts.data);
  if (reg.kind == RegularizationKind::l2) m.formula += " + λ/2·Σ w²";
  if (reg.kind == RegularizationKind::l1) m.formula += " + λ·Σ |w|";
  if (reg.kind != RegularizationKind::none) {
    m.substituted += " + " + operand(parts.regularization);
    m.note = "λ = " + num(reg.lambda) + "; biases are not regularized";
  }
  m.substituted += " = " + result(m.value);
}

}  // namespace

LargestTerms largest_terms(const Matrix& W, int j, const Matrix& a, int col) {
  const int n = static_cast<int>(W.cols());
  LargestTerms out;
  std::vector<int> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const auto size = [&](int k) { return std::abs(W(j, k) * a(k, col)); };
  // Largest first; equal magnitudes by index, so the text is deterministic.
  const int count = std::min(n, std::clamp(n / 4, kShownTerms, kLargestTerms));
  std::partial_sort(order.begin(), order.begin() + count, order.end(), [&](int p, int q) {
    return size(p) > size(q) || (size(p) == size(q) && p < q);
  });
  out.shown.assign(order.begin(), order.begin() + count);
  std::vector<char> listed(static_cast<std::size_t>(n), 0);
  for (int k : out.shown) listed[static_cast<std::size_t>(k)] = 1;
  for (int k = 0; k < n; ++k) {
    if (listed[static_cast<std::size_t>(k)] == 0) out.rest_sum += W(j, k) * a(k, col);
  }
  return out;
}

void describe_micro_step(const Tracer& tracer, TraceStep& m) {
  const Ctx c{tracer,          tracer.net(),   tracer.workspace(),
              tracer.sample(), tracer.batch(), tracer.hyperparams().bug};
  switch (m.quantity) {
    case TraceQuantity::z:
      describe_z(c, m);
      return;
    case TraceQuantity::a:
      describe_a(c, m);
      return;
    case TraceQuantity::loss_term:
      describe_loss_term(c, m);
      return;
    case TraceQuantity::sample_loss:
      describe_sample_loss(c, m);
      return;
    case TraceQuantity::batch_loss:
      describe_batch_loss(c, m);
      return;
    default:
      describe_backward_step(c, m);
      return;
  }
}

}  // namespace backstep
