// `backstep gradcheck`: central finite differences against backprop on the
// whole data set, for every parameter (or a seeded sample of 200 in larger
// networks). Exit 0 when the max relative error is below 1e-6, 1 otherwise.
#include <cstdio>
#include <iostream>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/setup.hpp"
#include "core/health.hpp"

namespace backstep::cli {
namespace {

constexpr double kTolerance = 1e-6;

constexpr FlagSpec kFlags[] = {
    {"--model", "M.json", "the network (backstep-model/1)"},
    {"--preset", "NAME", "or a preset's network"},
    {"--data", "D.json", "samples, JSON or CSV (the last n_L CSV columns are targets)"},
    {"--dataset", "NAME", "or a generated data set (xor, circle, spiral, …)"},
    {"--seed", "S", "seed for drawn weights when the model has none"},
    {"--max-params", "N", "check all parameters up to N, else a random sample of N (default 200)"},
    {"--sample-seed", "S", "seed of that random sample (default 1)"},
    {"--test-only-wrong-gradient", "F",
     "test hook: multiply the analytic dL/dw of layer 1, j=0, k=0 by F before comparing"},
};

std::string describe(const ParamRef& p) {
  if (p.bias) return "b(" + std::to_string(p.layer) + ")[" + std::to_string(p.j) + "]";
  return "w(" + std::to_string(p.layer) + ")[" + std::to_string(p.j) + "," + std::to_string(p.k) +
         "]";
}

std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

int run_gradcheck(int argc, char** argv) {
  Result<Args> args = parse_args(argc, argv, 2, kFlags);
  if (!args) return fail(kExitUsage, args.error().message);
  if (args.value().help) {
    std::cout << format_help(
        "backstep gradcheck (--model M.json | --preset NAME) (--data D.json | --dataset NAME)",
        "Compares every gradient backprop computes with the five-point central difference\n"
        "(8[L(θ+h) − L(θ−h)] − [L(θ+2h) − L(θ−2h)]) / 12h, h = 1e-4·max(1, |θ|), of the\n"
        "total loss over all samples.\n"
        "Networks with more parameters than --max-params are checked on a seeded random\n"
        "sample. Relative error = |a − n| / max(|a| + |n|, 1e-4·max(1, |L|)): the floor\n"
        "keeps round-off noise on vanishing gradients from reading as an error.\n"
        "Exit 0 when the maximum relative error is below 1e-6, 1 when it is not, 2 for\n"
        "bad input.",
        kFlags);
    return kExitOk;
  }
  Result<std::optional<long>> max_params = integer_in(args.value(), "--max-params", 1, 100'000'000);
  if (!max_params) return fail(kExitUsage, max_params.error().message);
  Result<std::optional<std::uint64_t>> sample_seed = seed_value(args.value(), "--sample-seed");
  if (!sample_seed) return fail(kExitUsage, sample_seed.error().message);
  Result<std::optional<double>> wrong = positive_number(args.value(), "--test-only-wrong-gradient");
  if (!wrong) return fail(kExitUsage, wrong.error().message);

  Result<RunSetup> setup = load_run_setup(args.value());
  if (!setup) return fail(kExitUsage, setup.error().message);
  const RunSetup& s = setup.value();
  if (s.data.train.count() == 0) return fail(kExitUsage, "the data set has no samples");

  GradCheckOptions options;
  options.max_parameters = max_params.value().value_or(200);
  options.seed = sample_seed.value().value_or(1);
  if (const std::optional<double> factor = wrong.value()) {
    options.perturb_analytic = [f = *factor](Workspace& ws) { ws.grad_W[1](0, 0) *= f; };
  }
  const GradCheckResult r =
      gradient_check(s.net, s.data.train.x, s.data.train.t, s.hp.regularization, options);

  const bool pass = r.passed(kTolerance);
  std::cout << "gradcheck " << s.source << ": " << s.data.train.count() << " samples, loss "
            << num(r.loss) << "\n"
            << "parameters checked: " << r.checked << " of " << r.total
            << (r.sampled ? " (random sample, seed " + std::to_string(options.seed) + ")"
                          : " (all)")
            << "\n"
            << "max relative error: " << num(r.max_rel_error) << " at " << describe(r.worst)
            << " (backprop " << num(r.worst_analytic) << ", finite difference "
            << num(r.worst_numeric) << ")\n"
            << (pass ? "PASS" : "FAIL") << ": max relative error " << (pass ? "< " : ">= ")
            << num(kTolerance) << "\n";
  return pass ? kExitOk : kExitRuntime;
}

}  // namespace backstep::cli
