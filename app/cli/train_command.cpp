// `backstep train`: headless training with progress lines, a summary, and an
// atomic --out. The run is a Session driven through apply(): the flags become
// commands and training is TrainSteps in chunks of --log-every, so the batch
// order, the epoch arithmetic and the divergence guard (a diverging step is
// caught before it is applied) are the window's own.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/json_out.hpp"
#include "app/cli/setup.hpp"
#include "core/parallel.hpp"
#include "formats/model_io.hpp"
#include "formats/session_io.hpp"

namespace backstep::cli {
namespace {

constexpr long kDefaultSteps = 1000;
constexpr long kMaxCount = 1000000000;
constexpr long kMaxPerCommand = 100000000;  // TrainSteps' own limit

constexpr FlagSpec kOwnFlags[] = {
    {"--model", "M.json", "start from a backstep-model/1 file"},
    {"--preset", "NAME", "or from a preset (network, data and hyperparameters)"},
    {"--dataset", "NAME",
     "or a generated data set: xor, xor-cloud, circle, gaussians, spiral,"
     " moons, blobs3, sine, plane"},
    {"--steps", "N", "optimizer updates (default: the preset's, else 1000)"},
    {"--epochs", "N", "or passes over the training set"},
    {"--lr", "X", "learning rate, in (0, 10]"},
    {"--optimizer", "NAME", "sgd, momentum, rmsprop or adam"},
    {"--batch-size", "B", "samples per step (default: the preset's; full batch otherwise)"},
    {"--clip", "C", "clip the gradient to global norm C"},
    {"--bug", "NAME", "a Bug lab mistake, e.g. no-batch-mean (the window's Bug lab; none = off)"},
    {"--seed", "S", "seed of drawn weights and of the mini-batch order"},
    {"--log-every", "K", "a progress line every K steps (0: none; default: 10 lines)"},
    {"--out", "M2.json", "write the trained model (atomically)"},
    {"--session", "S.json", "resume a saved session (instead of --model/--preset)"},
    {"--save-session", "S2.json", "write the trained run as a session (atomically)"},
    {"--json", "", "progress and summary as JSON lines"},
    {"--threads", "N", "1 or 2 threads for the large products (default 2; same results)"},
};
constexpr auto kFlags = join_flags(kOwnFlags, kDataFlags);

struct TrainOptions {
  long steps = 0;  // steps to run in this invocation
  long log_every = 0;
  bool json = false;
  std::optional<std::string> out, session_out;
};

// Steps of `epochs` passes from where the trainer stands: the rest of the
// current epoch (the whole of it at its start), then ⌈N/B⌉ each — the
// trainer's own epoch arithmetic, so the run ends on an epoch boundary.
Result<long> steps_for_epochs(const Session& s, long epochs) {
  const int n = s.data.train.count();
  const int b = s.hp.batch_size;
  const long per_epoch = Trainer::steps_per_epoch(n, b);
  const int cursor = s.trainer.next_cursor(s.net, s.data.train, s.hp);
  const long first = Trainer::steps_per_epoch(n - cursor, b);
  if (epochs - 1 > (kMaxCount - first) / per_epoch) return Error{"--epochs: too many steps"};
  return first + (epochs - 1) * per_epoch;
}

Status read_options(const Args& args, const RunSession& run, TrainOptions& o) {
  Result<std::optional<long>> steps = integer_in(args, "--steps", 0, kMaxCount);
  Result<std::optional<long>> epochs = integer_in(args, "--epochs", 0, kMaxCount);
  if (!steps) return steps.error();
  if (!epochs) return epochs.error();
  if (steps.value() && epochs.value()) return Error{"--steps and --epochs: give only one"};
  if (epochs.value()) {
    if (run.session.data.train.count() == 0) return Error{"the data set has no samples"};
    o.steps = 0;
    if (*epochs.value() > 0) {
      Result<long> n = steps_for_epochs(run.session, *epochs.value());
      if (!n) return n.error();
      o.steps = n.value();
    }
  } else {
    o.steps = steps.value() ? *steps.value()
                            : (run.suggested_steps > 0 ? run.suggested_steps : kDefaultSteps);
  }
  Result<std::optional<long>> log_every = integer_in(args, "--log-every", 0, kMaxCount);
  if (!log_every) return log_every.error();
  o.log_every = log_every.value() ? *log_every.value() : std::max(1L, o.steps / 10);
  o.json = args.has("--json");
  o.out = args.get("--out");
  o.session_out = args.get("--save-session");
  return Ok{};
}

// A progress line from the session: its counters, the loss and accuracy over
// the whole training and test sets at this step (Session::train_eval and
// test_eval, the numbers the window's loss curve plots), and the report of the
// most recent update (its mini-batch loss, gradient norm and rate).
void print_progress(const Session& s, long last_step, const TrainOptions& o) {
  const StepReport& r = s.last_step;
  const bool classify = s.data.task == Task::classification;
  const bool has_test = s.data.test.count() > 0;
  if (o.json) {
    OrderedJson line;
    line["step"] = s.trainer.steps();
    line["epoch"] = s.trainer.epochs();
    line["train_loss"] = number_or_null(s.train_eval.loss.total());
    if (classify) line["train_accuracy"] = s.train_eval.accuracy;
    if (has_test) {
      line["test_loss"] = number_or_null(s.test_eval.loss.total());
      if (classify) line["test_accuracy"] = s.test_eval.accuracy;
    }
    line["batch_loss"] = number_or_null(r.loss.total());
    line["gradient_norm"] = number_or_null(r.gradient_norm);
    line["learning_rate"] = r.learning_rate;
    print_json_line(line);
    return;
  }
  std::printf("step %ld/%ld  epoch %ld  train %.6g", s.trainer.steps(), last_step,
              s.trainer.epochs(), s.train_eval.loss.total());
  if (classify) std::printf(" (%.1f%%)", 100.0 * s.train_eval.accuracy);
  if (has_test) {
    std::printf("  test %.6g", s.test_eval.loss.total());
    if (classify) std::printf(" (%.1f%%)", 100.0 * s.test_eval.accuracy);
  }
  std::printf("  batch %.4g  |grad| %.4g  lr %.4g\n", r.loss.total(), r.gradient_norm,
              r.learning_rate);
}

// The summary reads the session's evaluation of the final parameters (made by
// the last TrainSteps), the same numbers as the last point of the curve.
void print_summary(const Session& s, double seconds, const TrainOptions& o) {
  const bool classify = s.data.task == Task::classification;
  const bool has_test = s.data.test.count() > 0;
  const Evaluation& train = s.train_eval;
  const Evaluation& test = s.test_eval;
  if (o.json) {
    OrderedJson j;
    j["steps"] = s.trainer.steps();
    j["epochs"] = s.trainer.epochs();
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
  std::printf("trained %ld steps (%ld epochs) in %.3f s\n", s.trainer.steps(), s.trainer.epochs(),
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

// TrainSteps in chunks that end where a progress line is due (every step
// count divisible by --log-every, as the counters continue across a resume).
std::optional<TrainFailure> train_logged(Session& s, const TrainOptions& o) {
  const long last = s.trainer.steps() + o.steps;
  while (s.trainer.steps() < last) {
    const long now = s.trainer.steps();
    long chunk = std::min(last - now, kMaxPerCommand);
    if (o.log_every > 0) chunk = std::min(chunk, o.log_every - now % o.log_every);
    if (auto failed = train(s, TrainSteps{chunk})) return failed;
    if (o.log_every > 0 && s.trainer.steps() % o.log_every == 0) print_progress(s, last, o);
  }
  return std::nullopt;
}

}  // namespace

int run_train(int argc, char** argv) {
  Result<Args> args = parse_args(argc, argv, 2, kFlags);
  if (!args) return fail(kExitUsage, args.error().message);
  if (args.value().help) {
    std::cout << format_help(
        "backstep train (--model M.json | --preset NAME | --session S.json)\n"
        "                      [--data D.csv [DATA FLAGS] | --dataset NAME] [--steps N | --epochs "
        "N]\n"
        "                      [--lr X] [--optimizer NAME] [--batch-size B] [--clip C]\n"
        "                      [--seed S] [--log-every K] [--out M2.json]\n"
        "                      [--save-session S2.json] [--json]",
        "Trains headless: the run is a session, as in the window, and the flags are the\n"
        "window's commands. One step = one optimizer update on one mini-batch, in the\n"
        "trainer's shuffled order; one epoch = ceil(N/B) steps (the last batch is short),\n"
        "and --epochs N stops on an epoch boundary. With --json, every line is a JSON\n"
        "object and the last one is the summary: steps, epochs, train_loss, test_loss,\n"
        "train_accuracy and test_accuracy (classification), seconds.\n"
        "A step whose loss or parameters would be non-finite is caught before it is\n"
        "applied: training stops (exit 1) and --out holds the parameters before it.\n"
        "--session resumes a saved run bit for bit (counters, optimizer state, position\n"
        "in the epoch); --save-session writes the session itself." +
            std::string(kDataFlagsHelp),
        kFlags);
    return kExitOk;
  }
  Result<RunSession> loaded = load_run_session(args.value());
  if (!loaded) return fail(kExitUsage, loaded.error().message);
  RunSession& run = loaded.value();
  Session& s = run.session;
  // Nobody rewinds a headless run: keep the two snapshots the history never
  // thins, not 64 MB of them (2 MB each for 784-100-10 with adam).
  s.rewind.history.set_cap_bytes(0);
  Result<std::optional<long>> threads = integer_in(args.value(), "--threads", 1, 2);
  if (!threads) return fail(kExitUsage, threads.error().message);
  if (threads.value()) set_product_threads(static_cast<int>(*threads.value()));
  if (Status st = apply_hyperparameter_flags(args.value(), s, 1); !st) {
    return fail(kExitUsage, st.error().message);
  }
  TrainOptions options;
  if (Status st = read_options(args.value(), run, options); !st) {
    return fail(kExitUsage, st.error().message);
  }

  const auto start = std::chrono::steady_clock::now();
  const std::optional<TrainFailure> failed = train_logged(s, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failed && failed->exit_code != kExitRuntime) return fail(failed->exit_code, failed->message);
  if (!failed) print_summary(s, seconds, options);
  std::cout.flush();

  // After a divergence the session holds the last good parameters.
  if (options.out) {
    // With the scaling and class names of imported data, so `evaluate` and
    // the PyTorch export read new data as this run did.
    const ModelDataInfo info{s.data.scaling, s.data.class_names};
    if (Status st = write_model(*options.out, s.net, s.hp.regularization, info); !st) {
      return fail(kExitRuntime, st.error().message);
    }
  }
  // A diverged run stopped short of its steps: no session is written.
  if (options.session_out && !failed) {
    if (Status st = write_session(*options.session_out, s); !st) {
      return fail(kExitRuntime, st.error().message);
    }
  }
  if (failed) return fail(kExitRuntime, failed->message);
  return kExitOk;
}

}  // namespace backstep::cli
