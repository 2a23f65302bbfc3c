// Internal to core/computation_graph*.cpp: the builder both halves (the
// neuron, the loss) add their nodes through.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/computation_graph.hpp"
#include "core/trace_text.hpp"

namespace backstep::graph_detail {

// One input of an operation: the node, ∂op/∂input at the current values, and
// that derivative as a formula.
struct Input {
  int node = 0;
  double local = 0.0;
  std::string symbol;
};

std::string wrapped(const std::string& name);

struct Builder {
  explicit Builder(const Tracer& tracer);

  const Tracer& tr;
  const Mlp& net;
  const Workspace& ws;
  int s, batch, depth;
  ComputationGraph g;
  std::vector<bool> late_leaf;           // placed one column before its first consumer
  std::vector<std::vector<int>> inputs;  // per node, the edges into it
  std::set<int> seeded;       // gradients given by the engine (δ⁽ˡ⁺¹⁾ at the boundary)
  std::set<int> tracer_grad;  // gradient text taken from the tracer

  long z_step(int l, int j) const;
  long a_step(int l, int j) const;
  long delta_step(int l, int j) const;

  // A leaf with the engine's value; `late`: it enters just before its consumer.
  int leaf(GraphOp op, std::string name, double value, bool late = false);
  // An operation on `in`; formula and numbers are its right-hand sides.
  int node(GraphOp op, std::string name, std::string label, double value,
           const std::vector<Input>& in, std::string formula, std::string numbers);
  void connect(int from, int to, double local, std::string symbol);
  GraphNode& at(int id);
  // The node's value (gradient) text is the tracer's micro-step `step`.
  void tracer_value_text(int id, long step);
  void tracer_grad_text(int id, long step);

  // The neuron (core/computation_graph.cpp).
  int neuron_sum(int l, int j);
  int activation(int l, int j, int z);
  LargestTerms next_terms(int l, int j) const;
  void fan_out(int l, int j, int a);

  // The loss (core/computation_graph_loss.cpp).
  void loss_from_neuron(int j, int z);
  void whole_loss();
  std::vector<int> softmax(const std::vector<int>& z);
  int loss_term(int k, int a);
  void close_loss(const std::vector<int>& terms);
  void fused_shortcuts();

  void place_columns();
  void backward();
  void grad_texts();
  void notes();
  ComputationGraph finish();
};

const Tracer& correct_side(const Tracer& tracer);
std::string bug_note(const Tracer& tracer);

}  // namespace backstep::graph_detail
