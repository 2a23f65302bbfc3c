// The computation graph of a neuron: building it, its reverse-mode pass and
// its text. The loss part is in core/computation_graph_loss.cpp.
// GCC 12 reports a false -Wrestrict inside std::string's operator+ once it is
// inlined (GCC bug 105329); this file builds many strings that way.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "core/computation_graph.hpp"

#include <algorithm>
#include <cmath>

#include "core/computation_graph_builder.hpp"
#include "core/trace_text.hpp"
#include "core/trace_text_detail.hpp"

namespace backstep {

using namespace notation;
using trace_detail::num;
using trace_detail::operand;
using trace_detail::result;

std::string_view to_string(GraphOp op) {
  switch (op) {
    case GraphOp::input:
      return "input";
    case GraphOp::weight:
      return "weight";
    case GraphOp::bias:
      return "bias";
    case GraphOp::rest:
      return "rest";
    case GraphOp::multiply:
      return "multiply";
    case GraphOp::add:
      return "add";
    case GraphOp::activation:
      return "activation";
    case GraphOp::fan_out:
      return "fan-out";
    case GraphOp::next_neuron:
      return "next-neuron";
    case GraphOp::next_rest:
      return "next-rest";
    case GraphOp::output:
      return "output";
    case GraphOp::other_outputs:
      return "other-outputs";
    case GraphOp::target:
      return "target";
    case GraphOp::subtract:
      return "subtract";
    case GraphOp::square:
      return "square";
    case GraphOp::half:
      return "half";
    case GraphOp::exp:
      return "exp";
    case GraphOp::divide:
      return "divide";
    case GraphOp::log:
      return "log";
    case GraphOp::one_minus:
      return "one-minus";
    case GraphOp::negate:
      return "negate";
    case GraphOp::mean:
      return "mean";
    case GraphOp::other_samples:
      return "other-samples";
    case GraphOp::regularization:
      return "regularization";
  }
  return "?";
}

int ComputationGraph::columns() const {
  int n = 0;
  for (const GraphNode& node : nodes) n = std::max(n, node.column + 1);
  return n;
}

namespace graph_detail {

Builder::Builder(const Tracer& tracer)
    : tr(tracer),
      net(tracer.net()),
      ws(tracer.workspace()),
      s(tracer.sample()),
      batch(tracer.batch()),
      depth(tracer.net().depth()) {
  g.sample = s;
  g.batch = batch;
}

long Builder::z_step(int l, int j) const {
  return tr.index_of(TracePhase::forward, l, j);
}
long Builder::a_step(int l, int j) const {
  const long i = z_step(l, j);
  return i < 0 ? -1 : i + 1;
}
long Builder::delta_step(int l, int j) const {
  return tr.index_of(l == depth ? TracePhase::output_delta : TracePhase::hidden_delta, l, j);
}

// A compound name in parentheses where an operator or a ∂ touches it.
std::string wrapped(const std::string& name) {
  const bool compound = name.find(' ') != std::string::npos ||
                        name.find("·") != std::string::npos || name.find('/') != std::string::npos;
  return compound ? "(" + name + ")" : name;
}

int Builder::leaf(GraphOp op, std::string name, double value, bool late) {
  GraphNode n;
  n.op = op;
  n.name = std::move(name);
  n.value = value;
  n.value_formula = n.name;
  n.value_numbers = result(value);
  g.nodes.push_back(std::move(n));
  late_leaf.push_back(late);
  inputs.emplace_back();
  return static_cast<int>(g.nodes.size()) - 1;
}

int Builder::node(GraphOp op, std::string name, std::string label, double value,
                  const std::vector<Input>& in, std::string formula, std::string numbers) {
  GraphNode n;
  n.op = op;
  n.name = std::move(name);
  n.label = std::move(label);
  n.value = value;
  n.value_formula = n.name + " = " + formula;
  n.value_numbers = numbers + " = " + result(value);
  g.nodes.push_back(std::move(n));
  late_leaf.push_back(false);
  inputs.emplace_back();
  const int id = static_cast<int>(g.nodes.size()) - 1;
  for (const Input& i : in) connect(i.node, id, i.local, i.symbol);
  return id;
}

void Builder::connect(int from, int to, double local, std::string symbol) {
  GraphEdge e;
  e.from = from;
  e.to = to;
  e.local = local;
  e.symbol = std::move(symbol);
  const std::string lhs = "∂" + wrapped(g.nodes[static_cast<std::size_t>(to)].name) + "/∂" +
                          wrapped(g.nodes[static_cast<std::size_t>(from)].name);
  // A derivative that is a plain number ("1", "−1", "½") needs no second "=".
  const bool plain = e.symbol == "1" || e.symbol == "−1" || e.symbol == "½";
  e.text = lhs + " = " + e.symbol + (plain ? "" : " = " + num(local));
  inputs[static_cast<std::size_t>(to)].push_back(static_cast<int>(g.edges.size()));
  g.edges.push_back(std::move(e));
}

GraphNode& Builder::at(int id) {
  return g.nodes[static_cast<std::size_t>(id)];
}

void Builder::tracer_value_text(int id, long step) {
  GraphNode& n = at(id);
  n.value_step = step;
  if (step < 0) return;
  const TraceStep m = tr.at(step);
  n.value_formula = m.formula;
  n.value_numbers = m.substituted;
}

void Builder::tracer_grad_text(int id, long step) {
  GraphNode& n = at(id);
  n.grad_step = step;
  if (step < 0) return;
  const TraceStep m = tr.at(step);
  n.grad_formula = m.formula;
  n.grad_numbers = m.substituted;
  tracer_grad.insert(id);
}

// z⁽ˡ⁾ⱼ = Σₖ w⁽ˡ⁾ⱼₖ·a⁽ˡ⁻¹⁾ₖ + b⁽ˡ⁾ⱼ: the inputs and weights, their products,
// the bias and the sum. A wide layer lists the tracer's largest |w·a| terms
// and sums the rest into one exact node, as the tracer's text does.
int Builder::neuron_sum(int l, int j) {
  const int n_in = net.size(l - 1);
  const DenseLayer& layer = net.layer(l);
  const Matrix& a_in = ws.a[static_cast<std::size_t>(l - 1)];
  std::vector<int> shown;
  double rest_sum = 0.0;
  if (n_in <= kFullSumLimit) {
    for (int k = 0; k < n_in; ++k) shown.push_back(k);
  } else {
    LargestTerms top = largest_terms(layer.W, j, a_in, s);
    shown = std::move(top.shown);
    rest_sum = top.rest_sum;
  }
  const long zs = z_step(l, j), ds = delta_step(l, j);
  std::vector<Input> terms;
  for (int k : shown) {
    const int w = leaf(GraphOp::weight, weight_name(l, j, k), layer.W(j, k));
    at(w).layer = l;
    at(w).neuron = j;
    at(w).source = k;
    at(w).grad_step = tr.index_of_edge(l, j, k);
    at(w).batch_grad = ws.grad_W[static_cast<std::size_t>(l)](j, k);
    const int a = leaf(GraphOp::input, neuron_name("a", l - 1, k), a_in(k, s));
    at(a).layer = l - 1;
    at(a).neuron = k;
    at(a).value_step = l - 1 >= 1 ? a_step(l - 1, k) : -1;
    at(a).grad_step = ds;
    const GraphNode &wn = at(w), &an = at(a);
    // ∂(w·a)/∂w = a, ∂(w·a)/∂a = w
    const int p = node(GraphOp::multiply, wn.name + "·" + an.name, "×", wn.value * an.value,
                       {{w, an.value, an.name}, {a, wn.value, wn.name}}, wn.name + "·" + an.name,
                       num(wn.value) + "·" + operand(an.value));
    at(p).layer = l;
    at(p).neuron = j;
    at(p).source = k;
    at(p).value_step = zs;
    at(p).grad_step = ds;
    terms.push_back({p, 1.0, "1"});
  }
  double z = 0.0;
  for (const Input& t : terms) z += at(t.node).value;
  std::string sum_numbers;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const double v = at(terms[i].node).value;
    sum_numbers += i == 0 ? num(v) : " + " + operand(v);
  }
  if (n_in > kFullSumLimit) {
    const int rest_count = n_in - static_cast<int>(shown.size());
    const int r = leaf(GraphOp::rest, "Σ of the other " + std::to_string(rest_count) + " w·a",
                       rest_sum, true);
    at(r).label = "+ " + std::to_string(rest_count) + " more";
    at(r).layer = l;
    at(r).neuron = j;
    at(r).value_step = zs;
    at(r).grad_step = ds;
    terms.push_back({r, 1.0, "1"});
    z += rest_sum;
    sum_numbers += " + " + operand(rest_sum);
  }
  const int b = leaf(GraphOp::bias, bias_name(l, j), layer.b(j), true);
  at(b).layer = l;
  at(b).neuron = j;
  at(b).grad_step = tr.index_of(TracePhase::bias_gradient, l, j);
  at(b).batch_grad = ws.grad_b[static_cast<std::size_t>(l)](j);
  terms.push_back({b, 1.0, "1"});
  z += layer.b(j);
  sum_numbers += " + " + operand(layer.b(j));
  // ∂z/∂(w·a) = 1, ∂z/∂b = 1
  const int zn = node(GraphOp::add, neuron_name("z", l, j), "+", z, terms, "", sum_numbers);
  at(zn).layer = l;
  at(zn).neuron = j;
  tracer_value_text(zn, zs);
  tracer_grad_text(zn, ds);
  return zn;
}

// a⁽ˡ⁾ⱼ = f(z⁽ˡ⁾ⱼ), with ∂a/∂z = f′(z).
int Builder::activation(int l, int j, int z) {
  const Activation f = net.layer(l).activation;
  const double zv = at(z).value, av = activation_value(f, zv);
  const std::string z_name = at(z).name;
  const int a = node(
      GraphOp::activation, neuron_name("a", l, j), std::string(activation_symbol(f)), av,
      {{z, activation_derivative(f, zv, av), derivative_symbol(f) + "(" + z_name + ")"}}, "", "");
  at(a).layer = l;
  at(a).neuron = j;
  tracer_value_text(a, a_step(l, j));
  at(a).grad_step = delta_step(l, j);
  return a;
}

// Up to kLargestTerms of the indices i of Σᵢ w⁽ˡ⁺¹⁾ᵢⱼ·δ⁽ˡ⁺¹⁾ᵢ, largest |w·δ|
// first, when the next layer is wide — largest_terms' own rule on Wᵀ.
LargestTerms Builder::next_terms(int l, int j) const {
  const Matrix& W = net.layer(l + 1).W;
  const Matrix& d = ws.delta[static_cast<std::size_t>(l + 1)];
  if (W.rows() <= kFullSumLimit) {
    LargestTerms all;
    for (int i = 0; i < W.rows(); ++i) all.shown.push_back(i);
    return all;
  }
  const Matrix Wt = W.transpose();
  return largest_terms(Wt, j, d, s);
}

// a⁽ˡ⁾ⱼ handed on to layer l+1: z⁽ˡ⁺¹⁾ᵢ = … + w⁽ˡ⁺¹⁾ᵢⱼ·a⁽ˡ⁾ⱼ + …, so
// ∂L/∂a⁽ˡ⁾ⱼ = Σᵢ w⁽ˡ⁺¹⁾ᵢⱼ·δ⁽ˡ⁺¹⁾ᵢ, one term per neuron of layer l+1. Their δ
// are the engine's: the graph starts its backward pass from them.
void Builder::fan_out(int l, int j, int a) {
  const int fan =
      node(GraphOp::fan_out, "∂L/∂" + at(a).name + " from layer " + std::to_string(l + 1),
           "layer " + std::to_string(l + 1), at(a).value, {{a, 1.0, "1"}}, "", "");
  at(fan).value_formula = at(a).name + " → layer " + std::to_string(l + 1);
  at(fan).value_numbers = result(at(a).value);
  at(fan).layer = l;
  at(fan).neuron = j;
  at(fan).value_step = a_step(l, j);
  at(fan).grad_step = delta_step(l, j);
  const Matrix& W = net.layer(l + 1).W;
  const Matrix& d = ws.delta[static_cast<std::size_t>(l + 1)];
  const LargestTerms next = next_terms(l, j);
  for (int i : next.shown) {
    const std::string w_name = weight_name(l + 1, i, j);
    const int zi =
        node(GraphOp::next_neuron, neuron_name("z", l + 1, i), "layer " + std::to_string(l + 1),
             ws.z[static_cast<std::size_t>(l + 1)](i, s), {{fan, W(i, j), w_name}}, "", "");
    at(zi).layer = l + 1;
    at(zi).neuron = i;
    at(zi).grad = d(i, s);  // seeded: the engine's δ⁽ˡ⁺¹⁾ᵢ
    seeded.insert(zi);
    tracer_value_text(zi, z_step(l + 1, i));
    tracer_grad_text(zi, delta_step(l + 1, i));
  }
  const int rest_count = static_cast<int>(W.rows()) - static_cast<int>(next.shown.size());
  if (rest_count > 0) {
    const int r = node(
        GraphOp::next_rest,
        "the other " + std::to_string(rest_count) + " neurons of layer " + std::to_string(l + 1),
        "+ " + std::to_string(rest_count) + " more", 0.0, {{fan, 1.0, "1"}}, "", "");
    GraphNode& rn = at(r);
    rn.has_value = false;
    rn.value_formula = rn.value_numbers = "";
    rn.layer = l + 1;
    rn.grad = next.rest_sum;  // seeded: Σ of their w·δ
    rn.grad_formula = "∂L/∂" + wrapped(rn.name) + " = Σᵢ w" + layer_tag(l + 1) + "ᵢ" +
                      subscript(j + 1) + "·δ" + layer_tag(l + 1) + "ᵢ over them";
    rn.grad_numbers = result(next.rest_sum);
    rn.grad_step =
        tr.first_index(l + 1 == depth ? TracePhase::output_delta : TracePhase::hidden_delta);
    seeded.insert(r);
  }
}

// Leaves that enter late (a bias, a target, the other samples' loss) stand
// one column before their first consumer; every operation one column after
// its last input.
void Builder::place_columns() {
  const std::size_t n = g.nodes.size();
  for (std::size_t i = 0; i < n; ++i) {
    int col = 0;
    for (int e : inputs[i]) {
      col = std::max(
          col,
          g.nodes[static_cast<std::size_t>(g.edges[static_cast<std::size_t>(e)].from)].column + 1);
    }
    if (!inputs[i].empty()) g.nodes[i].column = col;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!late_leaf[i]) continue;
    int col = 1 << 20;
    for (const GraphEdge& e : g.edges) {
      if (e.from == static_cast<int>(i)) {
        col = std::min(col, g.nodes[static_cast<std::size_t>(e.to)].column - 1);
      }
    }
    g.nodes[i].column = std::max(col == 1 << 20 ? 0 : col, 0);
  }
}

// The backward pass over the graph: every node after its consumers (the nodes
// are in topological order), ∂L/∂from += ∂to/∂from · ∂L/∂to along each edge.
// A zero gradient passes nothing on, so a constant 0 factor (1 − t = 0 beside
// log(1 − a) = −∞) stays an exact 0 instead of 0·∞.
void Builder::backward() {
  for (int i = static_cast<int>(g.nodes.size()) - 1; i >= 0; --i) {
    const double grad = g.nodes[static_cast<std::size_t>(i)].grad;
    if (grad == 0.0) continue;
    for (int e : inputs[static_cast<std::size_t>(i)]) {
      const GraphEdge& edge = g.edges[static_cast<std::size_t>(e)];
      GraphNode& from = g.nodes[static_cast<std::size_t>(edge.from)];
      if (from.constant) continue;
      from.grad += edge.local * grad;
    }
  }
}

// ∂L/∂node = Σ over its consumers c of ∂L/∂c · ∂c/∂node, written out.
void Builder::grad_texts() {
  const int n = static_cast<int>(g.nodes.size());
  std::vector<std::vector<int>> out(static_cast<std::size_t>(n));
  for (int e = 0; e < static_cast<int>(g.edges.size()); ++e) {
    out[static_cast<std::size_t>(g.edges[static_cast<std::size_t>(e)].from)].push_back(e);
  }
  for (int i = 0; i < n; ++i) {
    GraphNode& node = g.nodes[static_cast<std::size_t>(i)];
    if (node.constant || tracer_grad.count(i) > 0 || seeded.count(i) > 0) continue;
    if (i == g.root) {
      node.grad_formula = "∂L/∂L = 1";
      node.grad_numbers = "1";
      continue;
    }
    const std::vector<int>& uses = out[static_cast<std::size_t>(i)];
    const int m = static_cast<int>(uses.size());
    node.grad_formula =
        "∂L/∂" + wrapped(node.name) + " = " + join_terms(m, [&](int u) {
          const GraphEdge& e = g.edges[static_cast<std::size_t>(uses[static_cast<std::size_t>(u)])];
          const std::string d = "∂L/∂" + wrapped(g.nodes[static_cast<std::size_t>(e.to)].name);
          return e.symbol == "1" ? d : d + "·" + wrapped(e.symbol);
        });
    node.grad_numbers =
        join_terms(m,
                   [&](int u) {
                     const GraphEdge& e =
                         g.edges[static_cast<std::size_t>(uses[static_cast<std::size_t>(u)])];
                     const double gc = g.nodes[static_cast<std::size_t>(e.to)].grad;
                     const std::string d = u == 0 ? num(gc) : operand(gc);
                     return e.symbol == "1" ? d : d + "·" + operand(e.local);
                   }) +
        " = " + result(node.grad);
  }
}

// Notes the parameters and inputs need: a sample's share against the batch's gradient.
void Builder::notes() {
  for (GraphNode& n : g.nodes) {
    if (n.op == GraphOp::weight || n.op == GraphOp::bias) {
      if (batch > 1 || n.batch_grad != n.grad) {
        n.note = "this sample's share; the update uses ∂L/∂" + n.name + " = " +
                 result(n.batch_grad) +
                 (batch > 1 ? " over the batch of " + std::to_string(batch) : std::string()) +
                 (tr.hyperparams().regularization.kind != RegularizationKind::none
                      ? ", with regularization"
                      : "") +
                 (tr.clip_scale() != 1.0 ? ", clipped" : "");
      }
    } else if (n.op == GraphOp::input && n.layer >= 1 &&
               ws.da.size() > static_cast<std::size_t>(n.layer) &&
               ws.da[static_cast<std::size_t>(n.layer)].size() > 0) {
      n.note = "through this neuron only; ∂L/∂" + n.name + " over all of layer " +
               std::to_string(n.layer + 1) + " = " +
               result(ws.da[static_cast<std::size_t>(n.layer)](n.neuron, s));
    }
  }
}

ComputationGraph Builder::finish() {
  if (g.root >= 0) at(g.root).grad = 1.0;
  place_columns();
  backward();
  grad_texts();
  notes();
  return std::move(g);
}

// The tracer whose numbers the graph shows: with a Bug lab mistake on, the
// correct engine's (the graph is the chain rule done right; the inspector shows
// the mistake beside it).
const Tracer& correct_side(const Tracer& tracer) {
  return tracer.correct_tracer() != nullptr ? *tracer.correct_tracer() : tracer;
}

std::string bug_note(const Tracer& tracer) {
  return tracer.correct_tracer() != nullptr
             ? "the correct chain rule; the Bug lab's mistake shows in the inspector"
             : "";
}

}  // namespace graph_detail

Result<ComputationGraph> neuron_graph(const Tracer& tracer, int layer, int neuron) {
  using graph_detail::Builder;
  const Tracer& tr = graph_detail::correct_side(tracer);
  const Mlp& net = tr.net();
  const int depth = net.depth();
  if (layer < 1 || layer > depth) {
    return Error{"layer " + std::to_string(layer) + ": the network's layers with neurons are 1 … " +
                 std::to_string(depth) + " (layer 0 is the input)"};
  }
  if (neuron < 0 || neuron >= net.size(layer)) {
    return Error{"neuron " + std::to_string(neuron + 1) + ": layer " + std::to_string(layer) +
                 " has neurons 1 … " + std::to_string(net.size(layer))};
  }
  Builder b(tr);
  b.g.layer = layer;
  b.g.neuron = neuron;
  b.g.note = graph_detail::bug_note(tracer);
  const int z = b.neuron_sum(layer, neuron);
  if (layer < depth) {
    b.fan_out(layer, neuron, b.activation(layer, neuron, z));
  } else {
    b.loss_from_neuron(neuron, z);
  }
  return b.finish();
}

Result<ComputationGraph> loss_graph(const Tracer& tracer) {
  using graph_detail::Builder;
  const Tracer& tr = graph_detail::correct_side(tracer);
  Builder b(tr);
  b.g.layer = tr.net().depth();
  b.g.note = graph_detail::bug_note(tracer);
  b.whole_loss();
  return b.finish();
}

}  // namespace backstep
