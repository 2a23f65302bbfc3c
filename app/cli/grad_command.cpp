// `backstep grad`: one forward and backward pass over the whole data set,
// printed as one JSON object with every number round-trip exact.
#include <iostream>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/json_out.hpp"
#include "app/cli/setup.hpp"
#include "formats/json_util.hpp"

namespace backstep::cli {
namespace {

constexpr FlagSpec kFlags[] = {
    {"--model", "M.json", "the network (backstep-model/1)"},
    {"--preset", "NAME", "or a preset's network"},
    {"--data", "D.json", "samples, JSON or CSV (the last n_L CSV columns are targets)"},
    {"--dataset", "NAME", "or a generated data set (xor, circle, spiral, …)"},
    {"--seed", "S", "seed for drawn weights when the model has none"},
};

}  // namespace

int run_grad(int argc, char** argv) {
  Result<Args> args = parse_args(argc, argv, 2, kFlags);
  if (!args) return fail(kExitUsage, args.error().message);
  if (args.value().help) {
    std::cout << format_help(
        "backstep grad (--model M.json | --preset NAME) (--data D.json | --dataset NAME)",
        "Prints one JSON object: loss (batch mean over all samples, including the model's\n"
        "regularization), data_loss, regularization_loss, outputs (one row per sample),\n"
        "grad_weights (nested like \"weights\": [l-1][j][k] = dL/dw_jk of layer l) and\n"
        "grad_biases. Numbers are round-trip exact.",
        kFlags);
    return kExitOk;
  }
  Result<RunSetup> setup = load_run_setup(args.value());
  if (!setup) return fail(kExitUsage, setup.error().message);
  const RunSetup& s = setup.value();

  Workspace ws;
  const LossParts loss =
      loss_and_gradients(s.net, s.data.train.x, s.data.train.t, s.hp.regularization, ws);
  OrderedJson out;
  out["loss"] = number_or_null(loss.total());
  out["data_loss"] = number_or_null(loss.data);
  out["regularization_loss"] = number_or_null(loss.regularization);
  const Matrix outputs = ws.a[s.net.depth()].transpose();  // one row per sample
  out["outputs"] = json_util::to_json(outputs);
  out["grad_weights"] = layers_json(ws.grad_W);
  out["grad_biases"] = layers_json(ws.grad_b);
  print_json_line(out);
  return kExitOk;
}

}  // namespace backstep::cli
