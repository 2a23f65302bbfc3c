// `backstep graph`: one neuron of the pending step (or its loss) as a
// computation graph — every multiply, add and activation with its value and
// gradient, each edge with its local derivative — as Graphviz DOT or JSON.
// The graph is built from the session's tracer, as the window's panel is.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/setup.hpp"
#include "core/computation_graph.hpp"
#include "core/session_trace.hpp"
#include "formats/graph_export.hpp"

namespace backstep::cli {
namespace {

constexpr FlagSpec kOwnFlags[] = {
    {"--model", "M.json", "the network (backstep-model/1)"},
    {"--preset", "NAME", "or a preset's network, data and hyperparameters"},
    {"--session", "S.json", "or a saved session, where it stands"},
    {"--dataset", "NAME", "or a generated data set (xor, circle, spiral, …)"},
    {"--seed", "S", "seed for drawn weights when the model has none, and of the batch order"},
    {"--lr", "X", "learning rate, in (0, 10]"},
    {"--optimizer", "NAME", "sgd, momentum, rmsprop or adam"},
    {"--batch-size", "B", "samples per step, 0 = full batch (default: the preset's, else full)"},
    {"--clip", "C", "clip the gradient to global norm C"},
    {"--bug", "NAME", "a Bug lab mistake (the graph shows the correct chain rule beside it)"},
    {"--steps", "N", "train N steps first, then show the step after them"},
    {"--sample", "I",
     "dataset sample I (0-based, as the window's `select I`); it must be in the pending batch"},
    {"--neuron", "L J", "the neuron: layer L (1 … output), neuron J (1-based); also L,J"},
    {"--loss", "", "or the loss of the sample, expanded from the output layer's z to L"},
    {"--format", "F", "dot (Graphviz, the default) or json"},
};
constexpr auto kFlags = join_flags(kOwnFlags, kDataFlags);

// "--neuron L J" takes two words; the flag parser takes one value a flag, so
// the two are joined into "L,J" before it reads them.
std::vector<std::string> joined_neuron_words(int argc, char** argv) {
  std::vector<std::string> words(argv, argv + argc);
  for (std::size_t i = 0; i + 2 < words.size(); ++i) {
    const std::string& next = words[i + 2];
    if (words[i] == "--neuron" && !next.empty() && next[0] != '-') {
      words[i + 1] += "," + next;
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(i) + 2);
    }
  }
  return words;
}

// "2,1" → (2, 1), both whole numbers; the range is the network's to check.
Result<std::pair<int, int>> neuron_value(const std::string& text) {
  const std::size_t comma = text.find(',');
  const std::string bad = "--neuron: '" + text + "' is not a layer and a neuron, e.g. --neuron 1 2";
  if (comma == std::string::npos) return Error{bad};
  try {
    std::size_t used_l = 0, used_j = 0;
    const std::string l = text.substr(0, comma), j = text.substr(comma + 1);
    const int layer = std::stoi(l, &used_l), neuron = std::stoi(j, &used_j);
    if (used_l != l.size() || used_j != j.size()) return Error{bad};
    return std::pair<int, int>{layer, neuron};
  } catch (const std::exception&) {
    return Error{bad};
  }
}

}  // namespace

int run_graph(int argc, char** argv) {
  std::vector<std::string> words = joined_neuron_words(argc, argv);
  std::vector<char*> word_ptrs;
  for (std::string& w : words) word_ptrs.push_back(w.data());
  Result<Args> parsed = parse_args(static_cast<int>(word_ptrs.size()), word_ptrs.data(), 2, kFlags);
  if (!parsed) return fail(kExitUsage, parsed.error().message);
  const Args& args = parsed.value();
  if (args.help) {
    std::cout << format_help(
        "backstep graph (--model M.json | --preset NAME | --session S.json)\n"
        "                      [--data D.csv [DATA FLAGS] | --dataset NAME]\n"
        "                      (--neuron L J | --loss) [--sample I] [--steps N]\n"
        "                      [--format dot|json]",
        "Prints the computation graph of one neuron for one sample at the pending step:\n"
        "the inputs a and weights w, their products, the sum z = Σ w·a + b, the\n"
        "activation a = f(z), and then either the neurons of the next layer the\n"
        "gradient comes back from (∂L/∂a = Σᵢ w·δ) or, for an output neuron, the loss\n"
        "expanded into scalar operations down to L. Every node has its value (data) and\n"
        "its gradient ∂L/∂node (grad); every edge its local derivative. With B > 1 a\n"
        "parameter's grad is this sample's share; JSON gives batch_grad too. A layer\n"
        "wider than 6 lists its largest |w·a| terms and one exact node for the rest.\n"
        "DOT renders with Graphviz (dot -Tsvg). JSON: {format, layer, neuron, sample,\n"
        "batch, root, nodes: [{id, op, name, label, value, grad, formula, numbers,\n"
        "grad_formula, grad_numbers, value_step, grad_step, column, …}], edges: [{from,\n"
        "to, local, symbol, text}], shortcuts}; layer and neuron fields are 0-based\n"
        "neurons as in `trace --json`, steps index the trace's micro-steps." +
            std::string(kDataFlagsHelp),
        kFlags);
    return kExitOk;
  }
  const bool loss = args.has("--loss");
  std::pair<int, int> which{0, 0};
  if (const auto n = args.get("--neuron")) {
    if (loss) return fail(kExitUsage, "--neuron and --loss: choose one");
    Result<std::pair<int, int>> v = neuron_value(*n);
    if (!v) return fail(kExitUsage, v.error().message);
    which = v.value();
  } else if (!loss) {
    return fail(kExitUsage, "which graph: give --neuron L J (layer, 1-based neuron) or --loss");
  }
  const std::string format = args.get("--format").value_or("dot");
  if (format != "dot" && format != "json") {
    return fail(kExitUsage, "--format: '" + format + "' is not dot or json");
  }
  Result<RunSession> loaded = load_run_session(args);
  if (!loaded) return fail(kExitUsage, loaded.error().message);
  Session& s = loaded.value().session;
  const std::string& source = loaded.value().source;
  if (auto failed = prepare_pending_step(args, s, source)) {
    return fail(failed->exit_code, failed->message);
  }
  const Tracer* tracer = session_tracer(s);
  if (tracer == nullptr) return fail(kExitUsage, source + ": the data does not fit the network");
  Result<ComputationGraph> graph =
      loss ? loss_graph(*tracer) : neuron_graph(*tracer, which.first, which.second - 1);
  if (!graph) return fail(kExitUsage, "--neuron: " + graph.error().message);
  std::cout << (format == "dot" ? graph_dot(graph.value()) : graph_json(graph.value()));
  return kExitOk;
}

}  // namespace backstep::cli
