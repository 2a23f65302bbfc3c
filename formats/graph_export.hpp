// A computation graph (core/computation_graph.hpp) as Graphviz DOT and as
// JSON, for `backstep graph` and anyone who wants the picture elsewhere.
#pragma once

#include <string>

#include "core/computation_graph.hpp"

namespace backstep {

// digraph, left to right: a record per node (its name and operation, "data"
// and "grad" with their numbers), each edge labelled with its local
// derivative. Renders with `dot -Tsvg`.
std::string graph_dot(const ComputationGraph& g);

// {"format": "backstep-graph/1", layer, neuron, sample, batch, nodes: [{id,
// op, name, label, value, grad, formula, numbers, grad_formula, grad_numbers,
// value_step, grad_step, column, …}], edges: [{from, to, local, symbol, text}],
// root, shortcuts}; one line, numbers exact (shortest round-trip), non-finite
// values null. Neurons and layers in the fields are 0-based as the engine's.
std::string graph_json(const ComputationGraph& g);

}  // namespace backstep
