// `backstep evaluate`: a trained model on a data file — loss, accuracy and
// the confusion matrix as one JSON object. The data is read as the model was
// trained: a model written by `train --out` carries its "input_scaling" and
// "class_names" (formats/model_io.hpp), so the file's inputs are scaled with
// the training set's shift and scale (never refitted on the evaluated data)
// and its labels are coded in the model's class order.
#include <iostream>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/json_out.hpp"
#include "app/cli/setup.hpp"
#include "core/trainer.hpp"
#include "formats/data_import.hpp"
#include "formats/model_io.hpp"

namespace backstep::cli {
namespace {

constexpr FlagSpec kOwnFlags[] = {
    {"--model", "M.json", "the trained network (backstep-model/1, as train --out writes it)"},
    {"--seed", "S", "seed of the --test-share split (as given to train)"},
};
constexpr auto kFlags = join_flags(kOwnFlags, kDataFlags);

// Predicted class of each sample: argmax, or ŷ > threshold for one output.
std::vector<int> predicted(const Matrix& out, Activation act) {
  std::vector<int> k(static_cast<std::size_t>(out.cols()));
  for (Eigen::Index i = 0; i < out.cols(); ++i) {
    if (out.rows() == 1) {
      k[static_cast<std::size_t>(i)] = out(0, i) > class_threshold(act) ? 1 : 0;
    } else {
      Eigen::Index j = 0;
      out.col(i).maxCoeff(&j);
      k[static_cast<std::size_t>(i)] = static_cast<int>(j);
    }
  }
  return k;
}

// rows = true class, columns = predicted class; K = 2 for one output.
std::vector<std::vector<long>> confusion(const Matrix& out, const Matrix& t, Activation act) {
  const std::vector<int> guess = predicted(out, act);
  const std::vector<int> truth = predicted(t, act);
  const std::size_t k = out.rows() == 1 ? 2u : static_cast<std::size_t>(out.rows());
  std::vector<std::vector<long>> m(k, std::vector<long>(k, 0));
  for (std::size_t i = 0; i < guess.size(); ++i) {
    ++m[static_cast<std::size_t>(truth[i])][static_cast<std::size_t>(guess[i])];
  }
  return m;
}

Result<OrderedJson> evaluate_file(const Args& args) {
  const auto model_path = args.get("--model");
  if (!model_path) return Error{"needs --model M.json"};
  Result<std::optional<ImportSpec>> spec = import_flags(args);
  if (!spec) return spec.error();
  if (!spec.value()) return Error{"needs --data D.csv"};
  ImportSpec& import = *spec.value();
  if (!import.test_path.empty()) {
    return Error{"--test-data: evaluate reads one file; give it as --data"};
  }
  Result<ModelFile> m = read_model(*model_path);
  if (!m) return m.error();
  const ModelFile& model = m.value();
  if (model.data_info.scaling.active() && args.has("--scale")) {
    return Error{"--scale: " + *model_path +
                 " carries the scaling it was trained with, and that one is applied"};
  }
  // A model without "input_scaling" was trained on the data as it stands.
  if (!args.has("--scale")) import.scaling = ScalingMode::none;
  Result<LoadDataset> data = import_dataset(import, model.net, &model.data_info);
  if (!data) return data.error();
  const DataSplit& d = data.value().data;
  // With --test-share the held-out part is evaluated (the same samples as
  // `train` held out with the same seed); otherwise the whole file.
  const Dataset& set = import.test_share > 0.0 ? d.test : d.train;
  if (set.x.rows() != model.net.input_size() || set.t.rows() != model.net.output_size()) {
    return Error{import.path + ": " + std::to_string(set.x.rows()) + " input(s) and " +
                 std::to_string(set.t.rows()) + " target(s), where " + *model_path + " takes " +
                 std::to_string(model.net.input_size()) + " input(s) and has " +
                 std::to_string(model.net.output_size()) + " output(s)"};
  }
  if (set.count() == 0) return Error{import.path + ": no samples to evaluate"};
  const Activation act = model.net.layer(model.net.depth()).activation;
  const Task task = d.class_names.empty() ? infer_task(set.t, act) : Task::classification;
  const Evaluation e = evaluate(model.net, set, Regularization{}, task);

  OrderedJson j;
  j["model"] = *model_path;
  j["data"] = import.path;
  j["samples"] = set.count();
  j["loss"] = number_or_null(e.loss.data);
  if (task == Task::classification) {
    Workspace ws;
    prepare_workspace(model.net, set.count(), ws);
    forward(model.net, set.x, ws);
    j["accuracy"] = e.accuracy;
    const std::vector<std::vector<long>> c =
        confusion(ws.a[static_cast<std::size_t>(model.net.depth())], set.t, act);
    std::vector<std::string> names = d.class_names;
    if (names.empty()) {
      for (std::size_t k = 0; k < c.size(); ++k) names.push_back(std::to_string(k + 1));
    }
    j["classes"] = names;
    j["confusion"] = c;
  } else {
    j["accuracy"] = nullptr;
  }
  j["scaling"] = std::string(scaling_name(d.scaling.mode));
  return j;
}

}  // namespace

int run_evaluate(int argc, char** argv) {
  Result<Args> args = parse_args(argc, argv, 2, kFlags);
  if (!args) return fail(kExitUsage, args.error().message);
  if (args.value().help) {
    std::cout << format_help(
        "backstep evaluate --model M.json --data D.csv [--target COL] [--image WxH]\n"
        "                         [--test-share X [--seed S]] [--scale MODE]",
        "Evaluates a trained model on a data file and prints one JSON object: model,\n"
        "data, samples, loss (the mean per-sample loss, no regularization), accuracy,\n"
        "classes and confusion (rows = true class, columns = predicted, in the order of\n"
        "classes) for classification, and the scaling applied.\n"
        "A model written by `train --out` after imported data carries the scaling it was\n"
        "trained with (\"input_scaling\": the training set's shift and scale) and its class\n"
        "names; both are applied to the file, never refitted on it. A model without them\n"
        "reads the inputs as they are (unless --scale). With --test-share X the held-out\n"
        "part is evaluated: the same samples `train` held out with the same X and --seed." +
            std::string(kDataFlagsHelp),
        kFlags);
    return kExitOk;
  }
  Result<OrderedJson> j = evaluate_file(args.value());
  if (!j) return fail(kExitUsage, j.error().message);
  print_json_line(j.value());
  std::cout.flush();
  return std::cout ? kExitOk : kExitRuntime;
}

}  // namespace backstep::cli
