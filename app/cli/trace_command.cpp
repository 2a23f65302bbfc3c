// `backstep trace`: one training step walked micro-step by micro-step —
// readable lines with the formulas and the numbers, or one JSON object a line.
#include <iostream>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/json_out.hpp"
#include "app/cli/setup.hpp"
#include "core/tracer.hpp"
#include "core/trainer.hpp"

namespace backstep::cli {
namespace {

constexpr FlagSpec kFlags[] = {
    {"--model", "M.json", "the network (backstep-model/1)"},
    {"--preset", "NAME", "or a preset's network, data and hyperparameters"},
    {"--data", "D.json", "samples, JSON or CSV (the last n_L CSV columns are targets)"},
    {"--dataset", "NAME", "or a generated data set (xor, circle, spiral, …)"},
    {"--seed", "S", "seed for drawn weights when the model has none"},
    {"--sample", "I", "the sample to walk: column I (0-based) of the first batch (default 0)"},
    {"--granularity", "G", "neuron (default: one gradient/update step per neuron) or weight"},
    {"--json", "", "one JSON object per micro-step instead of readable lines"},
};

OrderedJson step_json(const TraceStep& m) {
  OrderedJson j;
  j["index"] = m.index;
  j["phase"] = std::string(to_string(m.phase));
  j["layer"] = m.layer;
  j["neuron"] = m.neuron;
  j["source"] = m.source;
  j["formula"] = m.formula;
  j["substituted"] = m.substituted;
  if (m.values.empty()) {
    j["value"] = number_or_null(m.value);
  } else {
    OrderedJson row = OrderedJson::array();
    for (double v : m.values) row.push_back(number_or_null(v));
    j["value"] = row;  // a row step: one value per source neuron k
  }
  if (!m.note.empty()) j["note"] = m.note;
  return j;
}

}  // namespace

int run_trace(int argc, char** argv) {
  Result<Args> parsed = parse_args(argc, argv, 2, kFlags);
  if (!parsed) return fail(kExitUsage, parsed.error().message);
  const Args& args = parsed.value();
  if (args.help) {
    std::cout << format_help(
        "backstep trace (--model M.json | --preset NAME) (--data D.json | --dataset NAME)\n"
        "                [--sample I] [--granularity neuron|weight] [--json]",
        "Walks the chain rule through the first training step: forward (z, a), loss,\n"
        "output and hidden deltas, weight and bias gradients and every update, each with\n"
        "its formula and the numbers substituted. Neurons are 1-based in the text and\n"
        "0-based in the JSON fields (layer, neuron, source = k or -1). With --json each\n"
        "line is {index, phase, layer, neuron, source, formula, substituted, value[, note]};\n"
        "a row step's value is the list over k.",
        kFlags);
    return kExitOk;
  }
  TraceGranularity granularity = TraceGranularity::neuron;
  if (const auto g = args.get("--granularity")) {
    const auto parsed_g = parse_granularity(*g);
    if (!parsed_g) return fail(kExitUsage, "--granularity: '" + *g + "' is not neuron or weight");
    granularity = *parsed_g;
  }
  Result<RunSetup> setup = load_run_setup(args);
  if (!setup) return fail(kExitUsage, setup.error().message);
  const RunSetup& s = setup.value();
  const Dataset& train = s.data.train;
  if (train.count() == 0) return fail(kExitUsage, s.source + ": the data set has no samples");

  // The batch the first training step would use, in the trainer's order.
  Trainer trainer;
  trainer.reset(s.net, train, s.hp);
  std::vector<int> columns;
  trainer.next_batch_indices(columns, train, s.hp);
  const long batch = static_cast<long>(columns.size());
  Result<std::optional<long>> sample = integer_in(args, "--sample", 0, batch - 1);
  if (!sample) return fail(kExitUsage, sample.error().message);
  Matrix x(train.x.rows(), batch), t(train.t.rows(), batch);
  for (long c = 0; c < batch; ++c) {
    x.col(c) = train.x.col(columns[c]);
    t.col(c) = train.t.col(columns[c]);
  }

  const Tracer tracer(s.net, x, t, static_cast<int>(sample.value().value_or(0)), s.hp,
                      trainer.optimizer_state(), trainer.steps(), granularity);
  const bool json = args.has("--json");
  for (long i = 0; i < tracer.size(); ++i) {
    const TraceStep m = tracer.at(i);
    if (json) {
      print_json_line(step_json(m));
    } else {
      std::cout << format_line(m) << "\n";
    }
  }
  return kExitOk;
}

}  // namespace backstep::cli
