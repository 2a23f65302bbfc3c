#include "formats/preset_io.hpp"

#include <algorithm>
#include <limits>

#include "formats/file_io.hpp"
#include "formats/model_io.hpp"

namespace backstep {
namespace {

using json_util::Json;
using json_util::JsonError;

double positive_at(const Json& v, const std::string& path) {
  const double x = json_util::number_at(v, path);
  if (x <= 0) throw JsonError{path, "must be > 0"};
  return x;
}

double non_negative_at(const Json& v, const std::string& path) {
  const double x = json_util::number_at(v, path);
  if (x < 0) throw JsonError{path, "must be ≥ 0"};
  return x;
}

GeneratorSpec parse_dataset_spec(const Json& v) {
  const std::string path = "/dataset";
  json_util::object_at(v, path);
  GeneratorSpec spec;
  const std::string name_path = json_util::child(path, "name");
  spec.name = json_util::string_at(json_util::member(v, "name", path), name_path);
  if (!generator_task(spec.name)) {
    throw JsonError{name_path, "unknown dataset \"" + spec.name + "\""};
  }
  if (const Json* c = json_util::optional_member(v, "count")) {
    spec.count = static_cast<int>(json_util::integer_at(*c, path + "/count", 2, 1000000));
  }
  if (const Json* n = json_util::optional_member(v, "noise")) {
    spec.noise = json_util::number_at(*n, path + "/noise");
    if (spec.noise < 0 || spec.noise > 1) throw JsonError{path + "/noise", "must be in [0, 1]"};
  }
  if (const Json* r = json_util::optional_member(v, "test_ratio")) {
    spec.test_ratio = json_util::number_at(*r, path + "/test_ratio");
    if (spec.test_ratio < 0 || spec.test_ratio >= 1) {
      throw JsonError{path + "/test_ratio", "must be in [0, 1)"};
    }
  }
  if (const Json* s = json_util::optional_member(v, "seed")) {
    spec.seed = json_util::seed_at(*s, path + "/seed");
  }
  return spec;
}

Schedule parse_schedule_spec(const Json& v, const std::string& path) {
  json_util::object_at(v, path);
  Schedule s;
  const std::string kind_path = json_util::child(path, "kind");
  const std::string kind = json_util::string_at(json_util::member(v, "kind", path), kind_path);
  const auto k = parse_schedule(kind);
  if (!k) {
    throw JsonError{kind_path, "unknown schedule \"" + kind +
                                   "\" (known: constant, step, exponential, cosine)"};
  }
  s.kind = *k;
  constexpr std::int64_t kMax = std::numeric_limits<long>::max();
  if (const Json* x = json_util::optional_member(v, "step_every")) {
    s.step_every = json_util::integer_at(*x, path + "/step_every", 1, kMax);
  }
  if (const Json* x = json_util::optional_member(v, "gamma")) {
    s.gamma = positive_at(*x, path + "/gamma");
  }
  if (const Json* x = json_util::optional_member(v, "total_steps")) {
    s.total_steps = json_util::integer_at(*x, path + "/total_steps", 1, kMax);
  }
  if (const Json* x = json_util::optional_member(v, "min_factor")) {
    s.min_factor = non_negative_at(*x, path + "/min_factor");
  }
  return s;
}

void parse_training(const Json& v, Preset& preset) {
  const std::string path = "/training";
  json_util::object_at(v, path);
  Hyperparams& hp = preset.hyperparams;
  if (const Json* x = json_util::optional_member(v, "learning_rate")) {
    hp.learning_rate = positive_at(*x, path + "/learning_rate");
  }
  if (const Json* x = json_util::optional_member(v, "optimizer")) {
    const std::string name = json_util::string_at(*x, path + "/optimizer");
    const auto kind = parse_optimizer(name);
    if (!kind) {
      throw JsonError{path + "/optimizer",
                      "unknown optimizer \"" + name + "\" (known: sgd, momentum, rmsprop, adam)"};
    }
    hp.optimizer.kind = *kind;
  }
  if (const Json* x = json_util::optional_member(v, "batch_size")) {
    hp.batch_size = static_cast<int>(json_util::integer_at(*x, path + "/batch_size", 0, 100000000));
  }
  if (const Json* x = json_util::optional_member(v, "steps")) {
    preset.steps = json_util::integer_at(*x, path + "/steps", 1, 1000000000);
  }
  if (const Json* x = json_util::optional_member(v, "regularization")) {
    hp.regularization = model_json::parse_regularization(*x, path + "/regularization");
  }
  if (const Json* x = json_util::optional_member(v, "clip_norm")) {
    hp.clip_norm = non_negative_at(*x, path + "/clip_norm");
  }
  if (const Json* x = json_util::optional_member(v, "schedule")) {
    hp.schedule = parse_schedule_spec(*x, path + "/schedule");
  }
  if (const Json* x = json_util::optional_member(v, "shuffle_seed")) {
    hp.shuffle_seed = json_util::seed_at(*x, path + "/shuffle_seed");
  }
}

// "data": {"path", "package", "class_names"}: a data file or IDX directory
// instead of a generator.
void parse_data(const Json& v, Preset& preset) {
  const std::string path = "/data";
  json_util::object_at(v, path);
  ImportSpec spec;
  spec.path = json_util::string_at(json_util::member(v, "path", path), path + "/path");
  if (spec.path.empty()) throw JsonError{path + "/path", "must not be empty"};
  if (const Json* p = json_util::optional_member(v, "package")) {
    preset.data_package = json_util::string_at(*p, path + "/package");
  }
  if (const Json* n = json_util::optional_member(v, "class_names")) {
    const std::string names_path = path + "/class_names";
    const Json& a = json_util::array_at(*n, names_path);
    for (std::size_t i = 0; i < a.size(); ++i) {
      spec.label_names.push_back(json_util::string_at(a[i], names_path + "/" + std::to_string(i)));
    }
  }
  preset.data = std::move(spec);
}

}  // namespace

Result<Preset> parse_preset(const Json& doc, const std::string& file) {
  Result<ModelFile> model = parse_model(doc, file);
  if (!model) return model.error();
  try {
    Preset preset;
    preset.net = std::move(model.value().net);
    preset.has_weights = model.value().has_weights;
    preset.init = model.value().init;
    preset.hyperparams.regularization = model.value().regularization;
    // The run's seed also orders the mini-batches unless training says otherwise.
    preset.hyperparams.shuffle_seed = preset.init.seed;
    preset.name = json_util::string_at(json_util::member(doc, "name", ""), "/name");
    if (const Json* d = json_util::optional_member(doc, "description")) {
      preset.description = json_util::string_at(*d, "/description");
    }
    if (const Json* d = json_util::optional_member(doc, "data")) {
      parse_data(*d, preset);
      // A data preset may still name a generator (the Dataset panel's menu
      // starts there when the user switches to generated data).
      if (const Json* g = json_util::optional_member(doc, "dataset")) {
        preset.dataset = parse_dataset_spec(*g);
      }
    } else {
      preset.dataset = parse_dataset_spec(json_util::member(doc, "dataset", ""));
    }
    if (const Json* t = json_util::optional_member(doc, "training")) parse_training(*t, preset);
    return preset;
  } catch (const JsonError& e) {
    return json_util::to_error(e, file);
  }
}

Result<Preset> read_preset(const std::string& path) {
  Result<std::string> text = read_file(path);
  if (!text) return text.error();
  Result<Json> doc = json_util::parse(text.value(), path);
  if (!doc) return doc.error();
  return parse_preset(doc.value(), path);
}

Result<Preset> load_preset(const std::filesystem::path& dir, const std::string& name) {
  const std::vector<std::string> names = list_presets(dir);
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    return Error{"preset " + name + ": no such preset in " + dir.string() +
                 (known.empty() ? std::string(" (none found)") : " (available: " + known + ")")};
  }
  return read_preset((dir / (name + ".json")).string());
}

std::vector<std::string> list_presets(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) {
      names.push_back(it->path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Mlp preset_network(const Preset& preset) {
  Mlp net = preset.net;
  if (!preset.has_weights) initialize(net, preset.init);
  return net;
}

}  // namespace backstep
