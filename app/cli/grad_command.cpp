// `backstep grad`: the session's pending step — the batch the next update will
// use, its loss, outputs and gradients after regularization and clipping, and
// the update the optimizer proposes — as one JSON object with every number
// round-trip exact. The numbers are the pending step's (core/session_step.hpp),
// the object the window's tracer, graph cards and gradient health read.
#include <iostream>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/json_out.hpp"
#include "app/cli/setup.hpp"
#include "core/session_step.hpp"
#include "formats/json_util.hpp"

namespace backstep::cli {
namespace {

constexpr FlagSpec kOwnFlags[] = {
    {"--model", "M.json", "the network (backstep-model/1)"},
    {"--preset", "NAME", "or a preset's network, data and hyperparameters"},
    {"--session", "S.json", "or a saved session, where it stands"},
    {"--dataset", "NAME", "or a generated data set (xor, circle, spiral, …)"},
    {"--seed", "S", "seed for drawn weights when the model has none, and of the batch order"},
    {"--batch-size", "B", "samples per step, 0 = full batch (default: the preset's, else full)"},
    {"--lr", "X", "learning rate, in (0, 10]"},
    {"--optimizer", "NAME", "sgd, momentum, rmsprop or adam"},
    {"--clip", "C", "clip the gradient to global norm C"},
    {"--steps", "N", "train N steps first, then report the step after them"},
};
constexpr auto kFlags = join_flags(kOwnFlags, kDataFlags);

}  // namespace

int run_grad(int argc, char** argv) {
  Result<Args> args = parse_args(argc, argv, 2, kFlags);
  if (!args) return fail(kExitUsage, args.error().message);
  if (args.value().help) {
    std::cout << format_help(
        "backstep grad (--model M.json | --preset NAME | --session S.json)\n"
        "                     [--data D.csv [DATA FLAGS] | --dataset NAME] [--batch-size B] [--lr "
        "X]\n"
        "                     [--optimizer NAME] [--clip C] [--seed S] [--steps N]",
        "Prints the pending training step — the next one, at the current parameters — as\n"
        "one JSON object: loss (batch mean, including regularization), data_loss,\n"
        "regularization_loss, outputs (one row per batch sample), grad_weights (nested\n"
        "like \"weights\": [l-1][j][k] = dL/dw_jk of layer l) and grad_biases, after\n"
        "regularization and clipping; step (updates so far), batch (the dataset indices\n"
        "of the batch, in the order used), learning_rate (after the schedule),\n"
        "gradient_norm (before clipping), clip_scale (1: not clipped), and update_weights /\n"
        "update_biases, the update the optimizer proposes. A model file with --data and\n"
        "no --batch-size is the full batch in file order. Numbers are round-trip exact." +
            std::string(kDataFlagsHelp),
        kFlags);
    return kExitOk;
  }
  Result<RunSession> loaded = load_run_session(args.value());
  if (!loaded) return fail(kExitUsage, loaded.error().message);
  Session& s = loaded.value().session;
  if (Status st = apply_hyperparameter_flags(args.value(), s, 0); !st) {
    return fail(kExitUsage, st.error().message);
  }
  if (auto failed = train_flag_steps(args.value(), s)) {
    return fail(failed->exit_code, failed->message);
  }
  const Step* step = pending_step(s);
  if (step == nullptr) return fail(kExitUsage, loaded.value().source + ": no training data");

  const Workspace& ws = step->ws;
  OrderedJson out;
  out["loss"] = number_or_null(step->loss.total());
  out["data_loss"] = number_or_null(step->loss.data);
  out["regularization_loss"] = number_or_null(step->loss.regularization);
  const Matrix outputs = ws.a[s.net.depth()].transpose();  // one row per batch sample
  out["outputs"] = json_util::to_json(outputs);
  out["grad_weights"] = layers_json(ws.grad_W);
  out["grad_biases"] = layers_json(ws.grad_b);
  out["step"] = s.trainer.steps();
  out["batch"] = step->batch;
  out["learning_rate"] = number_or_null(step->learning_rate);
  out["gradient_norm"] = number_or_null(step->gradient_norm);
  out["clip_scale"] = number_or_null(step->clip_scale);
  out["update_weights"] = layers_json(step->after.last_update_W);
  out["update_biases"] = layers_json(step->after.last_update_b);
  print_json_line(out);
  return kExitOk;
}

}  // namespace backstep::cli
