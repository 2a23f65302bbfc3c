// `backstep gradcheck`: central finite differences against backprop on the
// batch of the session's pending step, through the session's CheckGradients
// command — the window's "verify gradients": every parameter of networks up to
// 5000, a seeded sample of 200 beyond. Exit 0 when the max relative error is
// below 1e-6, 1 otherwise.
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/setup.hpp"
#include "core/health.hpp"
#include "core/session_step.hpp"

namespace backstep::cli {
namespace {

constexpr double kTolerance = kGradCheckTolerance;

constexpr FlagSpec kOwnFlags[] = {
    {"--model", "M.json", "the network (backstep-model/1)"},
    {"--preset", "NAME", "or a preset's network"},
    {"--dataset", "NAME", "or a generated data set (xor, circle, spiral, …)"},
    {"--session", "S.json", "or a saved session, where it stands"},
    {"--seed", "S", "seed for drawn weights when the model has none, and of the batch order"},
    {"--batch-size", "B", "samples per step, 0 = full batch (default: the preset's, else full)"},
    {"--steps", "N", "train N steps first, then check the step after them"},
    {"--bug", "NAME", "check the gradient a Bug lab mistake computes (e.g. no-batch-mean)"},
    {"--max-params", "N",
     "check all parameters up to N, else a random sample of N (default: the window's rule)"},
    {"--sample-seed", "S", "seed of that random sample (default 1)"},
    {"--test-only-wrong-gradient", "F",
     "test hook: multiply the analytic dL/dw of layer 1, j=0, k=0 by F before comparing"},
};
constexpr auto kFlags = join_flags(kOwnFlags, kDataFlags);

// 1-based, as every text writes it: w⁽²⁾₁₃, b⁽¹⁾₂.
std::string describe(const ParamRef& p) {
  return parameter_name(p);
}

std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// The check with the command line's own sampling (--max-params, --sample-seed,
// the test hook): CheckGradients carries no options, so this calls the same
// core check on the same batch — the pending step's inputs a⁽⁰⁾ and targets.
GradCheckReport check_with_options(const Session& s, const Step& step,
                                   const GradCheckOptions& options) {
  GradCheckReport report;
  report.result = gradient_check(s.net, step.ws.a[0], step.t, s.hp.regularization, options);
  report.step = s.trainer.steps();
  report.batch = step.ws.batch;
  return report;
}

}  // namespace

int run_gradcheck(int argc, char** argv) {
  Result<Args> args = parse_args(argc, argv, 2, kFlags);
  if (!args) return fail(kExitUsage, args.error().message);
  if (args.value().help) {
    std::cout << format_help(
        "backstep gradcheck (--model M.json | --preset NAME | --session S.json)\n"
        "                          [--data D.csv [DATA FLAGS] | --dataset NAME] [--batch-size B]\n"
        "                          [--steps N] [--max-params N] [--sample-seed S]",
        "Compares every gradient backprop computes with the five-point central difference\n"
        "(8[L(θ+h) − L(θ−h)] − [L(θ+2h) − L(θ−2h)]) / 12h, h = 1e-4·max(1, |θ|), of the\n"
        "total loss on the batch of the pending step (the next one; a model file with\n"
        "--data and no --batch-size: every sample) — the window's \"verify gradients\".\n"
        "Networks with more than 5000 parameters are checked on a seeded random sample of\n"
        "200; --max-params N checks all up to N, else a sample of N (seed --sample-seed).\n"
        "Relative error = |a − n| / max(|a| + |n|, 1e-4·max(1, |L|)): the floor keeps\n"
        "round-off noise on vanishing gradients from reading as an error.\n"
        "Exit 0 when the maximum relative error is below 1e-6, 1 when it is not, 2 for\n"
        "bad input." +
            std::string(kDataFlagsHelp),
        kFlags);
    return kExitOk;
  }
  Result<std::optional<long>> max_params = integer_in(args.value(), "--max-params", 1, 100'000'000);
  if (!max_params) return fail(kExitUsage, max_params.error().message);
  Result<std::optional<std::uint64_t>> sample_seed = seed_value(args.value(), "--sample-seed");
  if (!sample_seed) return fail(kExitUsage, sample_seed.error().message);
  Result<std::optional<double>> wrong = positive_number(args.value(), "--test-only-wrong-gradient");
  if (!wrong) return fail(kExitUsage, wrong.error().message);

  Result<RunSession> loaded = load_run_session(args.value());
  if (!loaded) return fail(kExitUsage, loaded.error().message);
  Session& s = loaded.value().session;
  if (s.data.train.count() == 0) return fail(kExitUsage, "the data set has no samples");
  if (Status st = apply_hyperparameter_flags(args.value(), s, 0); !st) {
    return fail(kExitUsage, st.error().message);
  }
  if (auto failed = train_flag_steps(args.value(), s)) {
    return fail(failed->exit_code, failed->message);
  }

  const bool own_options = max_params.value() || sample_seed.value() || wrong.value();
  GradCheckOptions options;
  std::optional<GradCheckReport> own;
  if (own_options) {
    options.max_parameters = max_params.value().value_or(200);
    options.seed = sample_seed.value().value_or(1);
    options.bug = s.hp.bug;
    options.bug_hp = s.hp;
    if (const std::optional<double> factor = wrong.value()) {
      options.perturb_analytic = [f = *factor](Workspace& ws) { ws.grad_W[1](0, 0) *= f; };
    }
    const Step* step = pending_step(s);
    if (step == nullptr) return fail(kExitUsage, "the data does not fit the network");
    own = check_with_options(s, *step, options);
  } else if (Status st = apply(s, CheckGradients{}); !st) {
    return fail(kExitUsage, st.error().message);
  }
  const GradCheckReport& report = own ? *own : *s.gradcheck;
  const GradCheckResult& r = report.result;

  const bool pass = r.passed(kTolerance);
  std::cout << "gradcheck " << loaded.value().source << ": " << report.batch << " samples, loss "
            << num(r.loss) << "\n"
            << "parameters checked: " << r.checked << " of " << r.total
            << (r.sampled ? " (random sample, seed " + std::to_string(options.seed) + ")"
                          : " (all)")
            << "\n"
            << "max relative error: " << num(r.max_rel_error) << " at " << describe(r.worst)
            << " (backprop " << num(r.worst_analytic) << ", finite difference "
            << num(r.worst_numeric) << ")\n";
  // Per layer, then every flagged parameter (the first 256), so a homework
  // sheet can ask which layer a Bug lab mistake breaks first.
  std::cout << "max relative error per layer:";
  for (std::size_t l = 1; l < r.layer_max_rel_error.size(); ++l) {
    const double e = r.layer_max_rel_error[l];
    std::cout << (l > 1 ? ", " : " ") << "layer " << l << " " << (e < 0 ? "not checked" : num(e));
  }
  std::cout << "\n";
  if (r.flagged_count > 0) {
    std::cout << "flagged (relative error >= " << num(kTolerance) << "): " << r.flagged_count
              << " of " << r.checked << ":";
    for (const ParamRef& p : r.flagged) std::cout << " " << describe(p);
    if (r.flagged_count > static_cast<long>(r.flagged.size()))
      std::cout << " … (" << r.flagged_count - static_cast<long>(r.flagged.size()) << " more)";
    std::cout << "\n";
  }
  std::cout << (pass ? "PASS" : "FAIL") << ": max relative error " << (pass ? "< " : ">= ")
            << num(kTolerance) << "\n";
  return pass ? kExitOk : kExitRuntime;
}

}  // namespace backstep::cli
