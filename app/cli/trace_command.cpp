// `backstep trace`: the session's pending step walked micro-step by
// micro-step — readable lines with the formulas and the numbers, or one JSON
// object a line. The tracer is the session's (core/session_trace.hpp): the
// window's inspector walks the same one, on the same sample.
#include <iostream>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/json_out.hpp"
#include "app/cli/setup.hpp"
#include "core/session_step.hpp"
#include "core/session_trace.hpp"
#include "core/tracer.hpp"

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
    {"--bug", "NAME", "a Bug lab mistake, e.g. no-batch-mean (the window's Bug lab; none = off)"},
    {"--steps", "N", "train N steps first, then trace the step after them"},
    {"--sample", "I",
     "the sample to walk: dataset index I (0-based, as the window's `select I`); it must be"
     " in the pending batch (default: the batch's first sample)"},
    {"--granularity", "G", "neuron (default: one gradient/update step per neuron) or weight"},
    {"--json", "", "one JSON object per micro-step instead of readable lines"},
};
constexpr auto kFlags = join_flags(kOwnFlags, kDataFlags);

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
  if (m.correct) {
    // Bug lab: the correct engine's formula and numbers for the same micro-step.
    OrderedJson c;
    c["formula"] = m.correct->formula;
    c["substituted"] = m.correct->substituted;
    if (m.correct->values.empty()) {
      c["value"] = number_or_null(m.correct->value);
    } else {
      OrderedJson row = OrderedJson::array();
      for (double v : m.correct->values) row.push_back(number_or_null(v));
      c["value"] = row;
    }
    if (!m.correct->note.empty()) c["note"] = m.correct->note;
    j["correct"] = c;
  }
  return j;
}

}  // namespace

int run_trace(int argc, char** argv) {
  Result<Args> parsed = parse_args(argc, argv, 2, kFlags);
  if (!parsed) return fail(kExitUsage, parsed.error().message);
  const Args& args = parsed.value();
  if (args.help) {
    std::cout << format_help(
        "backstep trace (--model M.json | --preset NAME | --session S.json)\n"
        "                      [--data D.csv [DATA FLAGS] | --dataset NAME] [--lr X] [--optimizer "
        "NAME]\n"
        "                      [--batch-size B] [--clip C] [--seed S] [--steps N]\n"
        "                      [--sample I] [--granularity neuron|weight] [--json]",
        "Walks the chain rule through the pending training step (the first one, or the\n"
        "one after --steps N): forward (z, a), loss, output and hidden deltas, weight and\n"
        "bias gradients and every update, each with its formula and the numbers\n"
        "substituted. The walked sample is dataset sample --sample I, as the window's\n"
        "selected sample; when the pending batch does not hold it the trace stops with\n"
        "exit 2 and lists the batch's samples. Neurons are 1-based in the text and\n"
        "0-based in the JSON fields (layer, neuron, source = k or -1). With --json each\n"
        "line is {index, phase, layer, neuron, source, formula, substituted, value[, note]\n"
        "[, correct]}; with --bug, correct holds the correct engine's formula, substituted\n"
        "and value wherever they differ from the buggy step's;\n"
        "a row step's value is the list over k." +
            std::string(kDataFlagsHelp),
        kFlags);
    return kExitOk;
  }
  TraceGranularity granularity = TraceGranularity::neuron;
  if (const auto g = args.get("--granularity")) {
    const auto parsed_g = parse_granularity(*g);
    if (!parsed_g) return fail(kExitUsage, "--granularity: '" + *g + "' is not neuron or weight");
    granularity = *parsed_g;
  }
  Result<RunSession> loaded = load_run_session(args);
  if (!loaded) return fail(kExitUsage, loaded.error().message);
  Session& s = loaded.value().session;
  const std::string& source = loaded.value().source;
  if (auto failed = prepare_pending_step(args, s, source)) {
    return fail(failed->exit_code, failed->message);
  }
  if (Status st = apply(s, SetTraceGranularity{granularity}); !st)
    return fail(kExitUsage, "--granularity: " + st.error().message);

  const Tracer* tracer = session_tracer(s);
  if (tracer == nullptr) return fail(kExitUsage, source + ": the data does not fit the network");
  const bool json = args.has("--json");
  for (long i = 0; i < tracer->size(); ++i) {
    const TraceStep m = tracer->at(i);
    if (json) {
      print_json_line(step_json(m));
    } else {
      std::cout << format_line(m) << "\n";
      // Bug lab: the correct engine's line under the buggy one, where they differ.
      if (m.correct) {
        std::cout << "    correct: " << m.correct->formula << " = " << m.correct->substituted
                  << "\n";
      }
    }
  }
  return kExitOk;
}

}  // namespace backstep::cli
