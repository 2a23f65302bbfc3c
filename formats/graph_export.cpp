#include "formats/graph_export.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace backstep {

namespace {

// A number for a DOT label: 6 significant digits, as the tracer prints a result.
std::string short_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Escapes for a double-quoted DOT string, and for record labels the record
// syntax's own characters ({ } | < >).
std::string escaped(const std::string& text, bool record) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\' ||
        (record && (c == '{' || c == '}' || c == '|' || c == '<' || c == '>'))) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

nlohmann::ordered_json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string graph_dot(const ComputationGraph& g) {
  std::string out =
      "digraph backstep {\n  rankdir=LR;\n  node [shape=record, fontname=\"DejaVu Sans\"];\n"
      "  edge [fontname=\"DejaVu Sans\", fontsize=10];\n";
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const GraphNode& n = g.nodes[i];
    std::string label = escaped(n.name, true);
    if (!n.label.empty()) label += " (" + escaped(n.label, true) + ")";
    label += n.has_value ? "|data " + short_number(n.value) : "|data —";
    label += n.constant ? "|constant" : "|grad " + short_number(n.grad);
    out += "  n" + std::to_string(i) + " [label=\"{" + label + "}\"";
    if (static_cast<int>(i) == g.root) out += ", penwidth=2";
    out += "];\n";
  }
  for (const GraphEdge& e : g.edges) {
    out += "  n" + std::to_string(e.from) + " -> n" + std::to_string(e.to) + " [label=\"" +
           escaped(e.symbol == "1" ? "1" : e.symbol + " = " + short_number(e.local), false) +
           "\"];\n";
  }
  return out + "}\n";
}

std::string graph_json(const ComputationGraph& g) {
  nlohmann::ordered_json j;
  j["format"] = "backstep-graph/1";
  j["layer"] = g.layer;
  j["neuron"] = g.neuron;
  j["sample"] = g.sample;
  j["batch"] = g.batch;
  j["root"] = g.root;
  if (!g.note.empty()) j["note"] = g.note;
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const GraphNode& n = g.nodes[i];
    nlohmann::ordered_json o;
    o["id"] = i;
    o["op"] = std::string(to_string(n.op));
    o["name"] = n.name;
    o["label"] = n.label;
    o["value"] = n.has_value ? number_or_null(n.value) : nlohmann::ordered_json(nullptr);
    o["grad"] = n.constant ? nlohmann::ordered_json(nullptr) : number_or_null(n.grad);
    o["formula"] = n.value_formula;
    o["numbers"] = n.value_numbers;
    o["grad_formula"] = n.grad_formula;
    o["grad_numbers"] = n.grad_numbers;
    o["value_step"] = n.value_step;
    o["grad_step"] = n.grad_step;
    o["column"] = n.column;
    o["layer"] = n.layer;
    o["neuron"] = n.neuron;
    o["source"] = n.source;
    if (n.op == GraphOp::weight || n.op == GraphOp::bias)
      o["batch_grad"] = number_or_null(n.batch_grad);
    if (!n.note.empty()) o["note"] = n.note;
    nodes.push_back(std::move(o));
  }
  j["nodes"] = std::move(nodes);
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (const GraphEdge& e : g.edges) {
    nlohmann::ordered_json o;
    o["from"] = e.from;
    o["to"] = e.to;
    o["local"] = number_or_null(e.local);
    o["symbol"] = e.symbol;
    o["text"] = e.text;
    edges.push_back(std::move(o));
  }
  j["edges"] = std::move(edges);
  nlohmann::ordered_json shortcuts = nlohmann::ordered_json::array();
  for (const FusedShortcut& f : g.shortcuts) {
    shortcuts.push_back({{"output", f.output},
                         {"formula", f.formula},
                         {"numbers", f.numbers},
                         {"value", number_or_null(f.value)}});
  }
  j["shortcuts"] = std::move(shortcuts);
  return j.dump() + "\n";
}

}  // namespace backstep
