// The computation graph of one neuron, or of the loss: the scalar operations
// backprop walks through, each with its value and its gradient ∂L/∂node, as
// micrograd's draw_dot shows a toy engine's — here for a neuron of the real
// network, at the step under inspection (core/step.hpp), for the traced sample.
//
// A neuron j of layer l expands to
//   a⁽ˡ⁻¹⁾ₖ, w⁽ˡ⁾ⱼₖ → w·a (×) → z⁽ˡ⁾ⱼ = Σ w·a + b (+) → a⁽ˡ⁾ⱼ = f(z) →
//     hidden: "∂L/∂a⁽ˡ⁾ⱼ from layer l+1" (a handed on) → z⁽ˡ⁺¹⁾ᵢ, whose δ the engine computed;
//     output: the loss, expanded into scalar operations, → L.
// The loss expands mse as subtract, square, half, sum, mean; ce as exp, sum,
// divide (the softmax), log, times t, sum, negate, mean; bce likewise.
//
// The graph is its own small reverse-mode differentiator: values flow from
// the engine's inputs through each operation, gradients from L = 1 (or the
// engine's δ⁽ˡ⁺¹⁾ at the boundary) back through each edge's local derivative.
// The tests hold every value and gradient against the batched engine, which
// makes the graph an independent check of it, not a copy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/tracer.hpp"

namespace backstep {

enum class GraphOp {
  input,           // a⁽ˡ⁻¹⁾ₖ (xₖ below layer 1): the engine's value, a leaf
  weight,          // w⁽ˡ⁾ⱼₖ, a parameter
  bias,            // b⁽ˡ⁾ⱼ, a parameter
  rest,            // a wide neuron's unlisted w·a terms, summed exactly
  multiply,        // x·y
  add,             // x + y + …
  activation,      // f(z), element-wise
  fan_out,         // a⁽ˡ⁾ⱼ handed on to layer l+1: its gradient is ∂L/∂a from there
  next_neuron,     // z⁽ˡ⁺¹⁾ᵢ: where the engine's δ⁽ˡ⁺¹⁾ᵢ comes in
  next_rest,       // the unlisted neurons of a wide layer l+1, together
  output,          // an output's z (the loss graph) or another output's z, a leaf
  other_outputs,   // Σ ℓₖ of the outputs other than j, a leaf (element-wise outputs)
  target,          // tₖ, a constant
  subtract,        // x − y
  square,          // x²
  half,            // ½x
  exp,             // eˣ
  divide,          // x / y
  log,             // log x
  one_minus,       // 1 − x
  negate,          // −x
  mean,            // (1/B)·(x + y): this sample's ℓ and the other samples' together
  other_samples,   // Σ ℓ over the batch's other samples, a leaf
  regularization,  // R, a leaf
};
inline constexpr int kGraphOpCount = 24;
std::string_view to_string(GraphOp op);  // "input", "multiply", "fan-out", …

struct GraphNode {
  GraphOp op = GraphOp::input;
  std::string name;  // the quantity: "z⁽¹⁾₂", "w⁽¹⁾₂₁·a⁽⁰⁾₁", "ℓ₁", "L"
  std::string label;  // what the node does, short: "×", "+", "tanh", "exp", "log", "½·"
  double value = 0.0;
  bool has_value = true;  // false only for next_rest (several neurons, no one value)
  double grad = 0.0;      // ∂L/∂node through this graph (a parameter: this sample's share)
  bool constant = false;  // a target: no gradient is taken
  // value = the formula, read with the numbers: "w⁽¹⁾₁₁·a⁽⁰⁾₁" and "0.15·0.05 = 0.0075". Where
  // the tracer has a micro-step for the quantity (z, a, ℓₖ, ℓ, L, δ), these are its text.
  std::string value_formula, value_numbers;
  // ∂L/∂node by the chain rule over the node's consumers (or the tracer's δ text).
  std::string grad_formula, grad_numbers;
  std::string note;  // a remark: "this sample's share of the batch gradient …"
  // The tracer's micro-steps that compute the value and the gradient (−1: none;
  // a leaf's value is known from the start). Values fill left to right as the
  // forward phase reaches them, gradients right to left in the backward phases.
  long value_step = -1, grad_step = -1;
  int column = 0;  // left to right, for drawing
  // The engine's locus: a neuron (layer, neuron) or a parameter's (layer, neuron,
  // source); −1 where none. Output nodes of the loss: layer L, neuron k.
  int layer = -1, neuron = -1, source = -1;
  // Parameters: ∂L/∂θ over the whole batch as the update uses it (after
  // regularization and clipping), beside this sample's share in `grad`.
  double batch_grad = 0.0;
};

struct GraphEdge {
  int from = 0, to = 0;  // `from` is an input of `to`
  double local = 0.0;    // ∂to/∂from at the current values
  std::string symbol;    // the same as a formula: "a⁽⁰⁾₂", "tanh′(z⁽¹⁾₁)", "1"
  std::string text;      // "∂z⁽¹⁾₁/∂w⁽¹⁾₁₂ = a⁽⁰⁾₂ = 0.1"
};

// The shortcut the engine takes for a fused output (sigmoid + bce, softmax +
// ce, sigmoid + ce), beside the expanded loss: δ⁽ᴸ⁾ₖ = (aₖ − tₖ)/B.
struct FusedShortcut {
  int output = 0;  // k, 0-based
  std::string formula, numbers;
  double value = 0.0;  // the engine's δ⁽ᴸ⁾ₖ
};

struct ComputationGraph {
  int layer = 0;                 // the expanded neuron's layer l; the loss graph: L
  int neuron = -1;               // j (0-based); −1 for the loss graph
  int sample = 0;                // the traced column of the batch
  int batch = 1;                 // B
  std::vector<GraphNode> nodes;  // in topological order: every input before its consumers
  std::vector<GraphEdge> edges;
  int root = -1;  // the node L, when the graph reaches the loss
  std::vector<FusedShortcut> shortcuts;
  std::string note;  // "(the correct engine's; the Bug lab's mistake is in the inspector)", …
  int columns() const;
};

// Neuron j (0-based) of layer l (1 ≤ l ≤ L) for the tracer's sample, at its
// step. An output neuron's graph runs on through the loss to L.
Result<ComputationGraph> neuron_graph(const Tracer& tracer, int layer, int neuron);
// The loss of the tracer's sample, from the output layer's z to L.
Result<ComputationGraph> loss_graph(const Tracer& tracer);

}  // namespace backstep
