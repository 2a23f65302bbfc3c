// The computation graph of a neuron and of the loss (core/computation_graph):
// its own reverse-mode pass against the batched engine, node by node; the
// chain rule as a sum over paths; each operation's slope by central
// difference; the worked example's printed gradient; the shown arithmetic by
// the interval evaluator; and the tracer's micro-steps filling it in order.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/computation_graph.hpp"
#include "core/loss.hpp"
#include "core/random.hpp"
#include "core/trace_text.hpp"
#include "core/tracer.hpp"
#include "tests/core/engine_test_util.hpp"
#include "tests/support/formula_check.hpp"

namespace backstep {
namespace {

struct Config {
  std::string name;
  std::vector<int> sizes;
  std::vector<Activation> activations;
  Loss loss;
  int batch;
  RegularizationKind reg = RegularizationKind::none;
  double clip = 0.0;
};

std::vector<Config> configs() {
  using A = Activation;
  return {
      {"tanh-sigmoid-mse", {2, 3, 2}, {A::tanh, A::sigmoid}, Loss::mse, 4},
      {"relu-softmax-ce", {2, 4, 3}, {A::relu, A::softmax}, Loss::ce, 5},
      {"sigmoid-sigmoid-bce", {3, 3, 2}, {A::sigmoid, A::sigmoid}, Loss::bce, 3},
      {"leaky-tanh-linear-mse", {2, 3, 3, 1}, {A::leaky_relu, A::tanh, A::linear}, Loss::mse, 2},
      {"tanh-softmax-mse", {2, 3, 2}, {A::tanh, A::softmax}, Loss::mse, 3},
      {"tanh-sigmoid-ce", {2, 3, 2}, {A::tanh, A::sigmoid}, Loss::ce, 2},
      {"one-sample", {2, 2, 1}, {A::tanh, A::tanh}, Loss::mse, 1},
      // Wider than 6: the largest terms and one exact node for the rest, both ways.
      {"wide", {9, 12, 8, 3}, {A::tanh, A::relu, A::softmax}, Loss::ce, 3},
      {"l2-clipped", {2, 3, 2}, {A::tanh, A::sigmoid}, Loss::bce, 4, RegularizationKind::l2, 0.05},
  };
}

struct Fixture {
  Mlp net;
  Matrix x, t;
  Hyperparams hp;
};

Fixture fixture(const Config& c, std::uint64_t seed = 7) {
  Fixture f;
  f.net = make_mlp(c.sizes, c.activations, c.loss);
  Rng rng(seed);
  test::randomize(f.net, rng);
  f.x = test::random_matrix(c.sizes.front(), c.batch, rng, -1.0, 1.0);
  f.t = test::random_targets(c.loss, c.sizes.back(), c.batch, rng);
  f.hp.regularization = {c.reg, c.reg == RegularizationKind::none ? 0.0 : 0.01};
  f.hp.clip_norm = c.clip;
  return f;
}

Tracer tracer_of(const Fixture& f, int sample, TraceGranularity g = TraceGranularity::neuron) {
  return Tracer(f.net, f.x, f.t, sample, f.hp, OptimizerState{}, 0, g);
}

// Agreement to 1e-12, relative for numbers above 1.
void expect_near(double graph, double engine, const std::string& what) {
  EXPECT_LE(std::abs(graph - engine), 1e-12 * std::max(1.0, std::abs(engine)))
      << what << ": graph " << graph << ", engine " << engine;
}

const GraphNode* find_node(const ComputationGraph& g, GraphOp op, const std::string& name) {
  for (const GraphNode& n : g.nodes)
    if (n.op == op && n.name == name) return &n;
  return nullptr;
}

// The engine's numbers each node of neuron (l, j)'s graph must equal.
void check_neuron(const Tracer& tr, const ComputationGraph& g, int l, int j,
                  const std::string& where) {
  const Workspace& ws = tr.workspace();
  const Mlp& net = tr.net();
  const int s = tr.sample(), depth = net.depth();
  const Matrix& a_in = ws.a[l - 1];
  const double delta = ws.delta[l](j, s);
  const GraphNode* z = find_node(g, GraphOp::add, notation::neuron_name("z", l, j));
  ASSERT_NE(z, nullptr) << where;
  expect_near(z->value, ws.z[l](j, s), where + " z");
  expect_near(z->grad, delta, where + " ∂L/∂z = δ");
  double listed = 0.0;
  for (const GraphNode& n : g.nodes) {
    const std::string at = where + " " + n.name;
    switch (n.op) {
      case GraphOp::weight:
        EXPECT_EQ(n.value, net.layer(l).W(j, n.source)) << at;
        expect_near(n.grad, delta * a_in(n.source, s), at + " (δ·a, this sample)");
        EXPECT_EQ(n.batch_grad, ws.grad_W[l](j, n.source)) << at;
        break;
      case GraphOp::input:
        EXPECT_EQ(n.value, a_in(n.neuron, s)) << at;
        expect_near(n.grad, net.layer(l).W(j, n.neuron) * delta, at + " (w·δ)");
        listed += net.layer(l).W(j, n.neuron) * a_in(n.neuron, s);
        break;
      case GraphOp::bias:
        expect_near(n.grad, delta, at);
        EXPECT_EQ(n.batch_grad, ws.grad_b[l](j)) << at;
        break;
      case GraphOp::multiply:
        if (n.source >= 0) {  // w·a, not a loss's t·log a
          expect_near(n.value, net.layer(l).W(j, n.source) * a_in(n.source, s), at);
          expect_near(n.grad, delta, at);
        }
        break;
      default:
        break;
    }
  }
  if (const GraphNode* rest = [&]() -> const GraphNode* {
        for (const GraphNode& n : g.nodes)
          if (n.op == GraphOp::rest) return &n;
        return nullptr;
      }()) {
    // The unlisted terms, summed here from the engine's a and W.
    const double all = (net.layer(l).W.row(j) * a_in.col(s))(0);
    expect_near(rest->value, all - listed, where + " rest");
    expect_near(rest->grad, delta, where + " rest grad");
  }
  if (l < depth) {
    const GraphNode* a = find_node(g, GraphOp::activation, notation::neuron_name("a", l, j));
    ASSERT_NE(a, nullptr) << where;
    expect_near(a->value, ws.a[l](j, s), where + " a");
    expect_near(a->grad, ws.da[l](j, s), where + " ∂L/∂a = Σ w·δ");
    EXPECT_EQ(g.root, -1) << where;
    return;
  }
  ASSERT_GE(g.root, 0) << where;
  expect_near(g.nodes[g.root].value, tr.batch_loss().total(), where + " L");
  const Activation out = net.layer(depth).activation;
  const GraphNode* ell = find_node(g, GraphOp::add, "ℓ");
  ASSERT_NE(ell, nullptr) << where;
  expect_near(ell->value, loss_of_sample(net.loss, out, ws.z[depth], ws.a[depth], tr.targets(), s),
              where + " ℓ");
  for (const GraphNode& n : g.nodes) {
    if (n.op == GraphOp::output) expect_near(n.grad, ws.delta[depth](n.neuron, s), where + n.name);
    if (n.op == GraphOp::divide || (n.op == GraphOp::activation && n.layer == depth)) {
      expect_near(n.value, ws.a[depth](n.neuron, s), where + " " + n.name);
    }
  }
}

TEST(ComputationGraph, EveryNodeMatchesTheEngine) {
  long graphs = 0;
  for (const Config& c : configs()) {
    const Fixture f = fixture(c);
    for (int s = 0; s < c.batch; ++s) {
      const Tracer tr = tracer_of(f, s);
      for (int l = 1; l <= f.net.depth(); ++l) {
        for (int j = 0; j < f.net.size(l); ++j) {
          Result<ComputationGraph> g = neuron_graph(tr, l, j);
          ASSERT_TRUE(g.ok()) << g.error().message;
          check_neuron(tr, g.value(), l, j,
                       c.name + " s" + std::to_string(s) + " " + notation::neuron_name("z", l, j));
          ++graphs;
        }
      }
    }
  }
  EXPECT_GT(graphs, 200);
}

TEST(ComputationGraph, TheLossGraphEndsInTheBatchObjectiveAndGivesEveryOutputDelta) {
  for (const Config& c : configs()) {
    const Fixture f = fixture(c);
    for (int s = 0; s < c.batch; ++s) {
      const Tracer tr = tracer_of(f, s);
      Result<ComputationGraph> r = loss_graph(tr);
      ASSERT_TRUE(r.ok());
      const ComputationGraph& g = r.value();
      const int depth = f.net.depth(), n_out = f.net.output_size();
      const Workspace& ws = tr.workspace();
      ASSERT_GE(g.root, 0);
      expect_near(g.nodes[g.root].value, tr.batch_loss().total(), c.name + " L");
      EXPECT_EQ(g.nodes[g.root].grad, 1.0);
      int outputs = 0;
      for (const GraphNode& n : g.nodes) {
        if (n.op != GraphOp::output) continue;
        ++outputs;
        EXPECT_EQ(n.value, ws.z[depth](n.neuron, s));
        expect_near(n.grad, ws.delta[depth](n.neuron, s), c.name + " δ of " + n.name);
      }
      EXPECT_EQ(outputs, n_out) << c.name;
      // The fused shortcut states the engine's δ, and the expanded graph, through
      // every operation, reaches the same number.
      const Activation out = f.net.layer(depth).activation;
      const bool fused =
          (c.loss == Loss::bce && out == Activation::sigmoid) ||
          (c.loss == Loss::ce && (out == Activation::softmax || out == Activation::sigmoid));
      EXPECT_EQ(g.shortcuts.size(), fused ? static_cast<std::size_t>(n_out) : 0u) << c.name;
      for (const FusedShortcut& sc : g.shortcuts) {
        EXPECT_EQ(sc.value, ws.delta[depth](sc.output, s));
        for (const GraphNode& n : g.nodes) {
          if (n.op == GraphOp::output && n.neuron == sc.output) {
            expect_near(n.grad, sc.value, c.name + " shortcut");
          }
        }
      }
    }
  }
}

// The sinks of the graph and the gradient each one brings, from the engine
// (δ⁽ˡ⁺¹⁾ᵢ, the unlisted neurons' Σ w·δ, or 1 at L).
double seed_of(const Tracer& tr, const ComputationGraph& g, int id, int l, int j,
               const std::vector<int>& listed_next) {
  const GraphNode& n = g.nodes[id];
  const Workspace& ws = tr.workspace();
  const int s = tr.sample();
  if (id == g.root) return 1.0;
  if (n.op == GraphOp::next_neuron) return ws.delta[n.layer](n.neuron, s);
  if (n.op == GraphOp::next_rest) {
    const Matrix& W = tr.net().layer(l + 1).W;
    double rest = (W.col(j).transpose() * ws.delta[l + 1].col(s))(0);
    for (int i : listed_next) rest -= W(i, j) * ws.delta[l + 1](i, s);
    return rest;
  }
  ADD_FAILURE() << "a sink that is neither L nor a neuron of the next layer: " << n.name;
  return 0.0;
}

// Σ over every path from node `from` to a sink of Π(local derivatives)·seed.
double path_sum(const Tracer& tr, const ComputationGraph& g, int from, int l, int j) {
  std::vector<int> listed_next;
  for (const GraphNode& n : g.nodes)
    if (n.op == GraphOp::next_neuron) listed_next.push_back(n.neuron);
  const std::function<double(int)> walk = [&](int id) {
    double sum = 0.0;
    bool sink = true;
    for (const GraphEdge& e : g.edges) {
      if (e.from != id) continue;
      sink = false;
      sum += e.local * walk(e.to);
    }
    return sink ? seed_of(tr, g, id, l, j, listed_next) : sum;
  };
  return walk(from);
}

TEST(ComputationGraph, PathsFromTheLossToAWeightSumToTheEngineGradient) {
  for (const Config& c : configs()) {
    if (c.reg != RegularizationKind::none || c.clip > 0.0) continue;  // the data gradient alone
    const Fixture f = fixture(c);
    for (int l = 1; l <= f.net.depth(); ++l) {
      for (int j = 0; j < f.net.size(l); ++j) {
        const int n_in = f.net.size(l - 1);
        // Summed over the batch's samples, each sample's graph's paths give ∂L/∂w.
        std::vector<double> batch_sum(static_cast<std::size_t>(n_in), 0.0);
        std::vector<int> seen(static_cast<std::size_t>(n_in), 0);
        Workspace ws;
        for (int s = 0; s < c.batch; ++s) {
          const Tracer tr = tracer_of(f, s);
          ws = tr.workspace();
          const ComputationGraph g = neuron_graph(tr, l, j).value();
          for (int id = 0; id < static_cast<int>(g.nodes.size()); ++id) {
            const GraphNode& n = g.nodes[id];
            if (n.op != GraphOp::weight) continue;
            const double paths = path_sum(tr, g, id, l, j);
            expect_near(paths, ws.delta[l](j, s) * ws.a[l - 1](n.source, s),
                        c.name + " paths to " + n.name);
            batch_sum[n.source] += paths;
            ++seen[n.source];
          }
        }
        for (int k = 0; k < n_in; ++k) {
          if (seen[k] != c.batch) continue;  // a wide layer did not list it for every sample
          expect_near(batch_sum[k], ws.grad_W[l](j, k),
                      c.name + " Σ_samples paths to " + notation::weight_name(l, j, k));
        }
      }
    }
  }
}

// Independent of the engine's backward: the graph's gradients, summed over
// the batch, against central differences of the batch loss.
TEST(ComputationGraph, WeightGradientsAgreeWithFiniteDifferences) {
  for (const Config& c : configs()) {
    if (c.sizes.front() > 6 || c.reg != RegularizationKind::none || c.clip > 0.0) continue;
    Fixture f = fixture(c, 11);
    for (int l = 1; l <= f.net.depth(); ++l) {
      for (int j = 0; j < f.net.size(l); ++j) {
        for (int k = 0; k < f.net.size(l - 1); ++k) {
          double graph = 0.0;
          for (int s = 0; s < c.batch; ++s) {
            const Tracer tr = tracer_of(f, s);
            const ComputationGraph g = neuron_graph(tr, l, j).value();
            for (const GraphNode& n : g.nodes)
              if (n.op == GraphOp::weight && n.source == k) graph += n.grad;
          }
          const double numeric = test::central_difference(
              f.net.layer(l).W(j, k), [&] { return test::total_loss(f.net, f.x, f.t, {}); });
          EXPECT_LT(test::relative_error(graph, numeric), 1e-7)
              << c.name << " " << notation::weight_name(l, j, k) << ": graph " << graph
              << ", finite difference " << numeric;
        }
      }
    }
  }
}

// "A step by step backpropagation example" (2-2-2 sigmoid, mse): hidden
// neuron h1's graph gives the printed ∂E/∂w1 = 0.000438567734474.
TEST(ComputationGraph, WorkedExampleHiddenNeuronGivesThePrintedGradient) {
  Fixture f;
  f.net = make_mlp({2, 2, 2}, {Activation::sigmoid, Activation::sigmoid}, Loss::mse);
  f.net.layer(1).W << 0.15, 0.20, 0.25, 0.30;
  f.net.layer(1).b << 0.35, 0.35;
  f.net.layer(2).W << 0.40, 0.45, 0.50, 0.55;
  f.net.layer(2).b << 0.60, 0.60;
  f.x.resize(2, 1);
  f.t.resize(2, 1);
  f.x << 0.05, 0.10;
  f.t << 0.01, 0.99;
  const Tracer tr = tracer_of(f, 0);
  const ComputationGraph g = neuron_graph(tr, 1, 0).value();
  const GraphNode* w1 = find_node(g, GraphOp::weight, "w⁽¹⁾₁₁");
  ASSERT_NE(w1, nullptr);
  EXPECT_NEAR(w1->grad, 0.000438567734474, 5e-16);
  // The printed forward values along the way: net_h1 = 0.3775, out_h1 = 0.593269992.
  EXPECT_NEAR(find_node(g, GraphOp::add, "z⁽¹⁾₁")->value, 0.3775, 1e-15);
  EXPECT_NEAR(find_node(g, GraphOp::activation, "a⁽¹⁾₁")->value, 0.593269992, 5e-10);
  // Its two next-layer neurons are o1 and o2; the output graph of o1 gives ∂E/∂w5.
  int next = 0;
  for (const GraphNode& n : g.nodes) next += n.op == GraphOp::next_neuron ? 1 : 0;
  EXPECT_EQ(next, 2);
  const ComputationGraph o1 = neuron_graph(tr, 2, 0).value();
  EXPECT_NEAR(find_node(o1, GraphOp::weight, "w⁽²⁾₁₁")->grad, 0.082167041, 5e-10);
  EXPECT_NEAR(o1.nodes[o1.root].value, 0.298371109, 5e-10);
}

// Each operation's local derivative, against a central difference of the
// operation written here.
double apply_op(GraphOp op, const std::vector<double>& in, int batch) {
  switch (op) {
    case GraphOp::multiply:
      return in.at(0) * in.at(1);
    case GraphOp::add: {
      double s = 0.0;
      for (double v : in) s += v;
      return s;
    }
    case GraphOp::subtract:
      return in.at(0) - in.at(1);
    case GraphOp::square:
      return in.at(0) * in.at(0);
    case GraphOp::half:
      return 0.5 * in.at(0);
    case GraphOp::exp:
      return std::exp(in.at(0));
    case GraphOp::divide:
      return in.at(0) / in.at(1);
    case GraphOp::log:
      return std::log(in.at(0));
    case GraphOp::one_minus:
      return 1.0 - in.at(0);
    case GraphOp::negate:
      return -in.at(0);
    case GraphOp::mean:
      return (in.at(0) + in.at(1)) / batch;
    case GraphOp::fan_out:
      return in.at(0);
    default:
      return std::nan("");
  }
}

TEST(ComputationGraph, EachEdgeIsItsOperationsSlope) {
  long checked = 0;
  for (const Config& c : configs()) {
    const Fixture f = fixture(c);
    const Tracer tr = tracer_of(f, 0);
    std::vector<ComputationGraph> graphs;
    for (int l = 1; l <= f.net.depth(); ++l)
      for (int j = 0; j < f.net.size(l); ++j) graphs.push_back(neuron_graph(tr, l, j).value());
    graphs.push_back(loss_graph(tr).value());
    for (const ComputationGraph& g : graphs) {
      for (int id = 0; id < static_cast<int>(g.nodes.size()); ++id) {
        const GraphNode& n = g.nodes[id];
        std::vector<int> in_edges;
        std::vector<double> in;
        for (int e = 0; e < static_cast<int>(g.edges.size()); ++e) {
          if (g.edges[e].to != id) continue;
          in_edges.push_back(e);
          in.push_back(g.nodes[g.edges[e].from].value);
        }
        if (in.empty() || std::isnan(apply_op(n.op, in, c.batch))) continue;
        expect_near(apply_op(n.op, in, c.batch), n.value, c.name + " value of " + n.name);
        for (std::size_t i = 0; i < in.size(); ++i) {
          const double h = 1e-6 * std::max(1.0, std::abs(in[i]));
          std::vector<double> up = in, down = in;
          up[i] += h;
          down[i] -= h;
          const double slope =
              (apply_op(n.op, up, c.batch) - apply_op(n.op, down, c.batch)) / (2.0 * h);
          const double local = g.edges[in_edges[i]].local;
          EXPECT_LT(test::relative_error(local, slope), 1e-5)
              << c.name << " " << g.edges[in_edges[i]].text << ": slope " << slope;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 500);
}

TEST(ComputationGraph, EveryShownFormulaAddsUp) {
  test::Tally tally;
  for (const Config& c : configs()) {
    const Fixture f = fixture(c);
    for (int s = 0; s < c.batch; ++s) {
      const Tracer tr = tracer_of(f, s);
      std::vector<ComputationGraph> graphs;
      for (int l = 1; l <= f.net.depth(); ++l)
        for (int j = 0; j < f.net.size(l); ++j) graphs.push_back(neuron_graph(tr, l, j).value());
      graphs.push_back(loss_graph(tr).value());
      for (const ComputationGraph& g : graphs) {
        for (const GraphNode& n : g.nodes) {
          const std::string where = c.name + " " + n.name;
          if (!n.value_numbers.empty())
            test::check_formula(n.value_numbers, tally, where + " value");
          if (!n.grad_numbers.empty()) test::check_formula(n.grad_numbers, tally, where + " grad");
        }
        for (const FusedShortcut& sc : g.shortcuts) test::check_formula(sc.numbers, tally, c.name);
      }
    }
  }
  std::string first;
  for (std::size_t i = 0; i < tally.failures.size() && i < 20; ++i)
    first += tally.failures[i] + "\n";
  EXPECT_TRUE(tally.failures.empty()) << tally.failures.size() << " do not add up:\n" << first;
  EXPECT_GT(tally.checked, 5000);
  for (const auto& [why, n] : tally.skipped) std::printf("skipped %ld: %s\n", n, why.c_str());
  std::printf("graph formulas: %ld parts, %ld checked, %ld plain\n", tally.parts, tally.checked,
              tally.plain);
}

// Stepping the tracer forward fills values left to right; the backward
// phases fill gradients right to left; each step is the micro-step of that
// node's own quantity.
TEST(ComputationGraph, TracerStepsFillValuesForwardAndGradientsBackward) {
  for (TraceGranularity gran : {TraceGranularity::neuron, TraceGranularity::weight}) {
    for (const Config& c : configs()) {
      const Fixture f = fixture(c);
      const Tracer tr = tracer_of(f, 0, gran);
      for (int l = 1; l <= f.net.depth(); ++l) {
        for (int j = 0; j < f.net.size(l); ++j) {
          const ComputationGraph g = neuron_graph(tr, l, j).value();
          for (const GraphEdge& e : g.edges) {
            const GraphNode &from = g.nodes[e.from], &to = g.nodes[e.to];
            // Not yet ordered: the softmax's shared sum Σe^z is computed with the
            // first output's a and read by every later one (known gap, issue 17).
            if (from.op == GraphOp::exp || to.op == GraphOp::exp ||
                from.name.rfind("Σₖe^", 0) == 0 || to.name.rfind("Σₖe^", 0) == 0)
              continue;
            if (from.value_step >= 0 && to.value_step >= 0) {
              EXPECT_LE(from.value_step, to.value_step) << c.name << " " << e.text;
            }
            if (!from.constant && from.grad_step >= 0 && to.grad_step >= 0) {
              EXPECT_LE(to.grad_step, from.grad_step) << c.name << " " << e.text;
            }
          }
          for (const GraphNode& n : g.nodes) {
            const std::string at = c.name + " " + n.name;
            if (n.op == GraphOp::weight) {
              const TraceLocus loc = tr.locate(n.grad_step);
              EXPECT_EQ(loc.phase, TracePhase::weight_gradient) << at;
              EXPECT_EQ(loc.layer, l);
              EXPECT_EQ(loc.neuron, j);
              EXPECT_EQ(loc.source, gran == TraceGranularity::weight ? n.source : -1) << at;
            }
            if (n.op == GraphOp::add && n.layer == l && n.neuron == j) {  // z
              EXPECT_EQ(tr.locate(n.value_step).quantity, TraceQuantity::z) << at;
              EXPECT_EQ(tr.locate(n.grad_step).quantity, TraceQuantity::delta) << at;
              EXPECT_EQ(tr.locate(n.grad_step).layer, l) << at;
              // Its texts are the tracer's own for those steps.
              EXPECT_EQ(n.value_numbers, tr.at(n.value_step).substituted) << at;
              EXPECT_EQ(n.grad_formula, tr.at(n.grad_step).formula) << at;
            }
            if (n.op == GraphOp::next_neuron) {
              EXPECT_EQ(tr.locate(n.grad_step).quantity, TraceQuantity::delta) << at;
              EXPECT_EQ(tr.locate(n.grad_step).layer, l + 1) << at;
            }
          }
        }
      }
    }
  }
}

TEST(ComputationGraph, RefusesANeuronOutsideTheNetwork) {
  const Fixture f = fixture(configs().front());
  const Tracer tr = tracer_of(f, 0);
  Result<ComputationGraph> input = neuron_graph(tr, 0, 0);
  ASSERT_FALSE(input.ok());
  EXPECT_NE(input.error().message.find("layer 0 is the input"), std::string::npos);
  Result<ComputationGraph> wide = neuron_graph(tr, 1, 3);
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.error().message.find("layer 1 has neurons 1 … 3"), std::string::npos)
      << wide.error().message;
  EXPECT_FALSE(neuron_graph(tr, 3, 0).ok());
}

// With a Bug lab mistake on, the graph is the correct chain rule: its δ is
// the correct engine's, not the buggy step's.
TEST(ComputationGraph, WithABugOnShowsTheCorrectChainRule) {
  Fixture f = fixture(configs().front());
  f.hp.bug = Bug::no_activation_derivative;
  const Tracer buggy = tracer_of(f, 1);
  ASSERT_NE(buggy.correct_tracer(), nullptr);
  const ComputationGraph g = neuron_graph(buggy, 1, 0).value();
  const double right = buggy.correct_tracer()->workspace().delta[1](0, 1);
  const double wrong = buggy.workspace().delta[1](0, 1);
  ASSERT_GT(std::abs(right - wrong), 1e-6);
  expect_near(find_node(g, GraphOp::add, "z⁽¹⁾₁")->grad, right, "δ with the bug on");
  EXPECT_FALSE(g.note.empty());
}

}  // namespace
}  // namespace backstep
