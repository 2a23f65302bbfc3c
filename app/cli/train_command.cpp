// `backstep train`: headless training with progress lines, a summary, and an
// atomic --out. A divergence guard stops on the first non-finite loss or
// parameter and keeps the last finite parameters.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/json_out.hpp"
#include "app/cli/session_train.hpp"
#include "app/cli/setup.hpp"
#include "formats/model_io.hpp"

namespace backstep::cli {
namespace {

constexpr long kDefaultSteps = 1000;
constexpr long kMaxCount = 1000000000;

constexpr FlagSpec kFlags[] = {
    {"--model", "M.json", "start from a backstep-model/1 file"},
    {"--preset", "NAME", "or from a preset (network, data and hyperparameters)"},
    {"--data", "D.json", "training data, JSON or CSV (no test set)"},
    {"--dataset", "NAME",
     "or a generated data set: xor, xor-cloud, circle, gaussians, spiral,"
     " moons, blobs3, sine, plane"},
    {"--steps", "N", "optimizer updates (default: the preset's, else 1000)"},
    {"--epochs", "N", "or passes over the training set"},
    {"--lr", "X", "learning rate"},
    {"--optimizer", "NAME", "sgd, momentum, rmsprop or adam"},
    {"--batch-size", "B", "samples per step (default: the preset's; full batch otherwise)"},
    {"--seed", "S", "seed of drawn weights and of the mini-batch order"},
    {"--log-every", "K", "a progress line every K steps (0: none; default: 10 lines)"},
    {"--out", "M2.json", "write the trained model (atomically)"},
    {"--session", "S.json", "resume a saved session (instead of --model/--preset)"},
    {"--save-session", "S2.json", "write the trained run as a session (atomically)"},
    {"--json", "", "progress and summary as JSON lines"},
};

struct TrainOptions {
  long steps = 0;  // total steps to run
  long log_every = 0;
  bool json = false;
  std::optional<std::string> out;
};

// Applies --lr, --optimizer, --batch-size; fills the step count and logging.
Status apply_flags(const Args& args, RunSetup& s, TrainOptions& o) {
  Result<std::optional<double>> lr = positive_number(args, "--lr");
  if (!lr) return lr.error();
  if (lr.value()) s.hp.learning_rate = *lr.value();
  if (const auto name = args.get("--optimizer")) {
    const auto kind = parse_optimizer(*name);
    if (!kind) {
      return Error{"--optimizer: unknown \"" + *name + "\" (known: sgd, momentum, rmsprop, adam)"};
    }
    s.hp.optimizer.kind = *kind;
  }
  Result<std::optional<long>> batch = integer_in(args, "--batch-size", 1, kMaxCount);
  if (!batch) return batch.error();
  if (batch.value()) s.hp.batch_size = static_cast<int>(*batch.value());

  Result<std::optional<long>> steps = integer_in(args, "--steps", 0, kMaxCount);
  Result<std::optional<long>> epochs = integer_in(args, "--epochs", 0, kMaxCount);
  if (!steps) return steps.error();
  if (!epochs) return epochs.error();
  if (steps.value() && epochs.value()) return Error{"--steps and --epochs: give only one"};
  if (epochs.value()) {
    // One epoch = ⌈N / B⌉ steps: the trainer's last batch of an epoch is short.
    const int n = s.data.train.count();
    const long per_epoch = (n + Trainer::effective_batch(n, s.hp.batch_size) - 1) /
                           Trainer::effective_batch(n, s.hp.batch_size);
    if (*epochs.value() > kMaxCount / per_epoch) return Error{"--epochs: too many steps"};
    o.steps = *epochs.value() * per_epoch;
  } else {
    o.steps = steps.value() ? *steps.value()
                            : (s.suggested_steps > 0 ? s.suggested_steps : kDefaultSteps);
  }
  Result<std::optional<long>> log_every = integer_in(args, "--log-every", 0, kMaxCount);
  if (!log_every) return log_every.error();
  o.log_every = log_every.value() ? *log_every.value() : std::max(1L, o.steps / 10);
  o.json = args.has("--json");
  o.out = args.get("--out");
  return Ok{};
}

void print_progress(const Trainer& trainer, const StepReport& r, const TrainOptions& o) {
  if (o.json) {
    OrderedJson line;
    line["step"] = trainer.steps();
    line["epoch"] = trainer.epochs();
    line["loss"] = number_or_null(r.loss.total());
    line["gradient_norm"] = number_or_null(r.gradient_norm);
    line["learning_rate"] = r.learning_rate;
    print_json_line(line);
  } else {
    std::printf("step %ld/%ld  epoch %ld  loss %.6g  |grad| %.4g  lr %.4g\n", trainer.steps(),
                o.steps, trainer.epochs(), r.loss.total(), r.gradient_norm, r.learning_rate);
  }
}

void print_summary(const RunSetup& s, const Trainer& trainer, double seconds,
                   const TrainOptions& o) {
  const bool classify = s.data.task == Task::classification;
  const bool has_test = s.data.test.count() > 0;
  const Evaluation train = evaluate(s.net, s.data.train, s.hp.regularization, s.data.task);
  Evaluation test;
  if (has_test) test = evaluate(s.net, s.data.test, s.hp.regularization, s.data.task);
  if (o.json) {
    OrderedJson j;
    j["steps"] = trainer.steps();
    j["epochs"] = trainer.epochs();
    j["train_loss"] = number_or_null(train.loss.total());
    j["test_loss"] = has_test ? number_or_null(test.loss.total()) : OrderedJson();
    if (classify) {
      j["train_accuracy"] = train.accuracy;
      j["test_accuracy"] = has_test ? OrderedJson(test.accuracy) : OrderedJson();
    }
    j["seconds"] = seconds;
    print_json_line(j);
    return;
  }
  std::printf("trained %ld steps (%ld epochs) in %.3f s\n", trainer.steps(), trainer.epochs(),
              seconds);
  std::printf("train: loss %.6g", train.loss.total());
  if (classify) std::printf("  accuracy %.1f%%", 100.0 * train.accuracy);
  std::printf("  (%d samples)\n", s.data.train.count());
  if (has_test) {
    std::printf("test:  loss %.6g", test.loss.total());
    if (classify) std::printf("  accuracy %.1f%%", 100.0 * test.accuracy);
    std::printf("  (%d samples)\n", s.data.test.count());
  }
}

}  // namespace

int run_train(int argc, char** argv) {
  Result<Args> args = parse_args(argc, argv, 2, kFlags);
  if (!args) return fail(kExitUsage, args.error().message);
  if (args.value().help) {
    std::cout << format_help(
        "backstep train (--model M.json | --preset NAME) [--data D.json | --dataset NAME]\n"
        "                      [--steps N | --epochs N] [--lr X] [--optimizer NAME]\n"
        "                      [--batch-size B] [--seed S] [--log-every K] [--out M2.json] "
        "[--json]",
        "Trains headless. One step = one optimizer update on one mini-batch. With --json,\n"
        "every line is a JSON object and the last one is the summary: steps, epochs,\n"
        "train_loss, test_loss, train_accuracy and test_accuracy (classification), seconds.\n"
        "A non-finite loss or parameter stops training (exit 1); --out then holds the\n"
        "last finite parameters.",
        kFlags);
    return kExitOk;
  }
  SessionTrain sessions;  // --session / --save-session (app/cli/session_train.cpp)
  Result<RunSetup> setup = RunSetup{};
  if (const auto path = args.value().get("--session")) {
    if (args.value().has("--model") || args.value().has("--preset"))
      return fail(kExitUsage, "--session: give it instead of --model/--preset");
    if (Status st = sessions.load(*path, setup.value()); !st)
      return fail(kExitUsage, st.error().message);
  } else {
    setup = load_run_setup(args.value());
  }
  if (!setup) return fail(kExitUsage, setup.error().message);
  RunSetup& s = setup.value();
  const auto session_out = args.value().get("--save-session");
  TrainOptions options;
  if (Status st = apply_flags(args.value(), s, options); !st) {
    return fail(kExitUsage, st.error().message);
  }

  Trainer trainer = sessions.start_trainer(s);
  StepReport last;
  Mlp previous = s.net;  // the last finite parameters, for the divergence guard
  std::string diverged;
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < options.steps; ++i) {
    previous = s.net;  // same shapes: Eigen assigns in place, no allocation
    const long steps_before = trainer.steps(), epochs_before = trainer.epochs();
    const StepReport r = trainer.step(s.net, s.data.train, s.hp);
    if (!std::isfinite(r.loss.total()) || !all_finite(s.net)) {
      s.net = previous;
      diverged = "training diverged at step " + std::to_string(i + 1) + ": the " +
                 (std::isfinite(r.loss.total()) ? "parameters" : "loss") +
                 " became non-finite (try a smaller --lr); keeping the parameters of step " +
                 std::to_string(i);
      break;
    }
    if (session_out) sessions.record(steps_before, epochs_before, r);
    last = r;
    if (options.log_every > 0 && trainer.steps() % options.log_every == 0) {
      print_progress(trainer, r, options);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (diverged.empty()) print_summary(s, trainer, seconds, options);
  std::cout.flush();

  if (options.out) {
    if (Status st = write_model(*options.out, s.net, s.hp.regularization); !st) {
      return fail(kExitRuntime, st.error().message);
    }
  }
  // A diverged run's optimizer state is past the kept parameters: no session.
  if (session_out && diverged.empty()) {
    if (Status st = sessions.save(*session_out, s, trainer, last); !st) {
      return fail(kExitRuntime, st.error().message);
    }
  }
  if (!diverged.empty()) return fail(kExitRuntime, diverged);
  return kExitOk;
}

}  // namespace backstep::cli
