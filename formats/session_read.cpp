// Reading backstep-session/1 (formats/session_io.hpp). Every field is checked
// before a Session is built; the caller's own session is never touched, so a
// bad file costs nothing but a message naming the field.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <type_traits>
#include <utility>

#include "core/bug.hpp"
#include "core/session_validate.hpp"
#include "formats/data_import.hpp"
#include "formats/file_io.hpp"
#include "formats/model_io.hpp"
#include "formats/session_io.hpp"

namespace backstep {
namespace {

using json_util::child;
using json_util::Json;
using json_util::JsonError;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kMaxLong = std::numeric_limits<long>::max();
constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();

const Json& field(const Json& v, std::string_view key, const std::string& path) {
  return json_util::member(v, key, path);
}

double number_field(const Json& v, std::string_view key, const std::string& path) {
  return json_util::number_at(field(v, key, path), child(path, key));
}

std::int64_t integer_field(const Json& v, std::string_view key, const std::string& path,
                           std::int64_t lo, std::int64_t hi) {
  return json_util::integer_at(field(v, key, path), child(path, key), lo, hi);
}

// History values may be null (NaN: not measured); anything else must be a number.
double number_or_nan(const Json& v, const std::string& path) {
  return v.is_null() ? kNaN : json_util::number_at(v, path);
}

InitSpec parse_init_object(const Json& v, const std::string& path) {
  json_util::object_at(v, path);
  InitSpec spec;
  const std::string kind_path = child(path, "kind");
  const std::string kind = json_util::string_at(field(v, "kind", path), kind_path);
  const auto k = parse_init(kind);
  if (!k) throw JsonError{kind_path, "unknown init \"" + kind + "\""};
  spec.kind = *k;
  spec.uniform_range = number_field(v, "uniform_range", path);
  if (spec.uniform_range <= 0) throw JsonError{child(path, "uniform_range"), "must be > 0"};
  spec.seed = json_util::seed_at(field(v, "seed", path), child(path, "seed"));
  return spec;
}

GeneratorSpec parse_generator(const Json& v, const std::string& path) {
  json_util::object_at(v, path);
  GeneratorSpec g;
  const std::string name_path = child(path, "name");
  g.name = json_util::string_at(field(v, "name", path), name_path);
  if (!generator_task(g.name)) throw JsonError{name_path, "unknown dataset \"" + g.name + "\""};
  g.count = static_cast<int>(integer_field(v, "count", path, 2, 1000000));
  g.noise = number_field(v, "noise", path);
  if (g.noise < 0 || g.noise > 1) throw JsonError{child(path, "noise"), "must be in [0, 1]"};
  g.test_ratio = number_field(v, "test_ratio", path);
  if (g.test_ratio < 0 || g.test_ratio >= 1)
    throw JsonError{child(path, "test_ratio"), "must be in [0, 1)"};
  g.seed = json_util::seed_at(field(v, "seed", path), child(path, "seed"));
  return g;
}

// {"inputs": rows, "targets": rows}, one row a sample → one column a sample.
Dataset parse_dataset(const Json& v, const std::string& path, int n_in, int n_out) {
  json_util::object_at(v, path);
  const Json& inputs = json_util::array_at(field(v, "inputs", path), child(path, "inputs"));
  const auto count = static_cast<Eigen::Index>(inputs.size());
  Dataset d;
  d.x = json_util::matrix_at(inputs, child(path, "inputs"), count, n_in, "one per sample")
            .transpose();
  d.t = json_util::matrix_at(field(v, "targets", path), child(path, "targets"), count, n_out,
                             "one per sample, as many as inputs")
            .transpose();
  return d;
}

FileCheck parse_check(const Json& v, const std::string& path) {
  json_util::object_at(v, path);
  FileCheck c;
  c.size = static_cast<std::uint64_t>(integer_field(v, "size", path, 0, kMaxLong));
  const std::string hex = json_util::string_at(field(v, "fnv1a64", path), child(path, "fnv1a64"));
  const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), c.hash, 16);
  if (hex.size() != 16 || ec != std::errc() || end != hex.data() + hex.size()) {
    throw JsonError{child(path, "fnv1a64"), "expected 16 hex digits"};
  }
  return c;
}

ImportSpec parse_import(const Json& v, const std::string& path) {
  json_util::object_at(v, path);
  ImportSpec spec;
  spec.path = json_util::string_at(field(v, "path", path), child(path, "path"));
  spec.test_path = json_util::string_at(field(v, "test_path", path), child(path, "test_path"));
  spec.target = json_util::string_at(field(v, "target", path), child(path, "target"));
  const std::string mode = json_util::string_at(field(v, "scaling", path), child(path, "scaling"));
  if (mode != "default") {
    const std::optional<ScalingMode> m = parse_scaling(mode);
    if (!m) throw JsonError{child(path, "scaling"), "unknown scaling \"" + mode + "\""};
    spec.scaling = *m;
  }
  spec.test_share = number_field(v, "test_share", path);
  spec.split_seed = json_util::seed_at(field(v, "split_seed", path), child(path, "split_seed"));
  const Json& image = json_util::array_at(field(v, "image", path), child(path, "image"));
  if (image.size() != 2) throw JsonError{child(path, "image"), "expected [width, height]"};
  spec.image.width =
      static_cast<int>(json_util::integer_at(image[0], child(path, "image"), 0, kMaxInt));
  spec.image.height =
      static_cast<int>(json_util::integer_at(image[1], child(path, "image"), 0, kMaxInt));
  // Optional arrays of strings: the classes' names, the header's column names.
  const auto strings = [&](const char* key, std::vector<std::string>& out) {
    const Json* names = json_util::optional_member(v, key);
    if (names == nullptr) return;
    const Json& a = json_util::array_at(*names, child(path, key));
    for (std::size_t i = 0; i < a.size(); ++i)
      out.push_back(json_util::string_at(a[i], child(path, key) + "/" + std::to_string(i)));
  };
  strings("label_names", spec.label_names);
  strings("columns", spec.columns);
  if (const Json* c = json_util::optional_member(v, "file_check")) {
    spec.file_check = parse_check(*c, child(path, "file_check"));
  }
  if (const Json* c = json_util::optional_member(v, "test_file_check")) {
    spec.test_file_check = parse_check(*c, child(path, "test_file_check"));
  }
  return spec;
}

// Class names, scaling and image shape of inline data (optional: files from
// before they existed have none).
void parse_data_extras(const Json& data, int n_in, int n_out, DataSplit& d) {
  if (const Json* names = json_util::optional_member(data, "class_names")) {
    json_util::array_at(*names, "/data/class_names");
    for (std::size_t k = 0; k < names->size(); ++k) {
      d.class_names.push_back(json_util::string_at((*names)[k], child("/data/class_names", k)));
    }
    const std::size_t expected = n_out == 1 ? 2u : static_cast<std::size_t>(n_out);
    if (d.class_names.size() != expected) {
      throw JsonError{"/data/class_names", "expected " + std::to_string(expected) + " names for " +
                                               std::to_string(n_out) + " output(s), got " +
                                               std::to_string(d.class_names.size())};
    }
  }
  if (const Json* sc = json_util::optional_member(data, "scaling")) {
    const std::string path = "/data/scaling";
    json_util::object_at(*sc, path);
    const std::string mode = json_util::string_at(field(*sc, "mode", path), child(path, "mode"));
    const std::optional<ScalingMode> m = parse_scaling(mode);
    if (!m) throw JsonError{child(path, "mode"), "unknown scaling \"" + mode + "\""};
    d.scaling.mode = *m;
    if (*m != ScalingMode::none) {
      d.scaling.shift = json_util::vector_at(field(*sc, "shift", path), child(path, "shift"), n_in);
      d.scaling.scale = json_util::vector_at(field(*sc, "scale", path), child(path, "scale"), n_in);
      if (!(d.scaling.scale.array() > 0.0).all()) {
        throw JsonError{child(path, "scale"), "every scale must be positive"};
      }
    }
  }
  if (const Json* image = json_util::optional_member(data, "image")) {
    json_util::array_at(*image, "/data/image");
    if (image->size() != 2) throw JsonError{"/data/image", "expected [width, height]"};
    d.image.width =
        static_cast<int>(json_util::integer_at((*image)[0], "/data/image/0", 1, kMaxInt));
    d.image.height =
        static_cast<int>(json_util::integer_at((*image)[1], "/data/image/1", 1, kMaxInt));
    if (d.image.pixels() != n_in) {
      throw JsonError{"/data/image", std::to_string(d.image.pixels()) + " pixels for " +
                                         std::to_string(n_in) + " inputs"};
    }
  }
}

std::string check_text(const FileCheck& c) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(c.hash));
  return std::to_string(c.size) + " bytes, fnv1a64 " + hex;
}

// Large data the session did not store: read its file(s) again the same way,
// and refuse them when they are not the bytes the session was made from.
DataSplit reimport(const ImportSpec& spec, const Mlp& net) {
  if (!spec.file_check.known()) {
    throw JsonError{"/data/import", "no \"train\" data and no file_check to read it again"};
  }
  Result<LoadDataset> again = import_dataset(spec, net);
  if (!again)
    throw JsonError{"/data/import", "cannot read the data again: " + again.error().message};
  const ImportSpec& now = again.value().spec;
  if (now.file_check != spec.file_check) {
    throw JsonError{"/data/import/file_check", spec.path +
                                                   " changed since the session was saved (now " +
                                                   check_text(now.file_check) + ", saved " +
                                                   check_text(spec.file_check) + ")"};
  }
  if (!spec.test_path.empty() && now.test_file_check != spec.test_file_check) {
    throw JsonError{"/data/import/test_file_check",
                    spec.test_path + " changed since the session was saved (now " +
                        check_text(now.test_file_check) + ", saved " +
                        check_text(spec.test_file_check) + ")"};
  }
  return std::move(again).value().data;
}

Hyperparams parse_hyperparams(const Json& v, const std::string& path) {
  json_util::object_at(v, path);
  Hyperparams hp;
  hp.learning_rate = number_field(v, "learning_rate", path);
  const std::string opath = child(path, "optimizer");
  const Json& o = json_util::object_at(field(v, "optimizer", path), opath);
  const std::string kind = json_util::string_at(field(o, "kind", opath), child(opath, "kind"));
  const auto k = parse_optimizer(kind);
  if (!k) throw JsonError{child(opath, "kind"), "unknown optimizer \"" + kind + "\""};
  hp.optimizer.kind = *k;
  hp.optimizer.momentum = number_field(o, "momentum", opath);
  hp.optimizer.rho = number_field(o, "rho", opath);
  hp.optimizer.beta1 = number_field(o, "beta1", opath);
  hp.optimizer.beta2 = number_field(o, "beta2", opath);
  hp.optimizer.epsilon = number_field(o, "epsilon", opath);

  const std::string spath = child(path, "schedule");
  const Json& s = json_util::object_at(field(v, "schedule", path), spath);
  const std::string skind = json_util::string_at(field(s, "kind", spath), child(spath, "kind"));
  const auto sk = parse_schedule(skind);
  if (!sk) throw JsonError{child(spath, "kind"), "unknown schedule \"" + skind + "\""};
  hp.schedule.kind = *sk;
  hp.schedule.step_every = integer_field(s, "step_every", spath, 1, kMaxLong);
  hp.schedule.gamma = number_field(s, "gamma", spath);
  hp.schedule.total_steps = integer_field(s, "total_steps", spath, 1, kMaxLong);
  hp.schedule.min_factor = number_field(s, "min_factor", spath);

  hp.regularization = model_json::parse_regularization(field(v, "regularization", path),
                                                       child(path, "regularization"));
  hp.clip_norm = number_field(v, "clip_norm", path);
  hp.batch_size = static_cast<int>(integer_field(v, "batch_size", path, 0, kMaxInt));
  hp.shuffle_seed = json_util::seed_at(field(v, "shuffle_seed", path), child(path, "shuffle_seed"));
  if (const Json* b = json_util::optional_member(v, "bug")) {
    const std::string name = json_util::string_at(*b, child(path, "bug"));
    const std::optional<Bug> bug = parse_bug(name);
    if (!bug) {
      throw JsonError{child(path, "bug"),
                      "unknown Bug lab mistake \"" + name + "\" (valid: " + bug_name_list() + ")"};
    }
    hp.bug = *bug;
  }
  return hp;
}

// A per-layer list (layers 1 … L) of matrices shaped like the weights, or of
// vectors shaped like the biases; index 0 of the result stays empty.
template <class M>
std::vector<M> parse_per_layer(const Json& obj, std::string_view key, const std::string& path,
                               const Mlp& net) {
  const std::string p = child(path, key);
  const Json& list = json_util::array_at(field(obj, key, path), p);
  if (static_cast<int>(list.size()) != net.depth()) {
    throw JsonError{p, "expected " + std::to_string(net.depth()) +
                           " entries (one per layer after the input), got " +
                           std::to_string(list.size())};
  }
  std::vector<M> out(net.depth() + 1);
  for (int l = 1; l <= net.depth(); ++l) {
    const std::string lp = child(p, static_cast<std::size_t>(l - 1));
    if constexpr (std::is_same_v<M, Matrix>) {
      out[l] = json_util::matrix_at(
          list[l - 1], lp, net.size(l), net.size(l - 1),
          "layer " + std::to_string(l) + " has " + std::to_string(net.size(l)) + " neurons");
    } else {
      out[l] = json_util::vector_at(list[l - 1], lp, net.size(l));
    }
  }
  return out;
}

OptimizerState parse_optimizer_state(const Json& v, const std::string& path, const Mlp& net) {
  json_util::object_at(v, path);
  OptimizerState o;
  o.t = integer_field(v, "t", path, 0, kMaxLong);
  o.first_W = parse_per_layer<Matrix>(v, "first_W", path, net);
  o.second_W = parse_per_layer<Matrix>(v, "second_W", path, net);
  o.first_b = parse_per_layer<Vector>(v, "first_b", path, net);
  o.second_b = parse_per_layer<Vector>(v, "second_b", path, net);
  o.last_update_W = parse_per_layer<Matrix>(v, "last_update_W", path, net);
  o.last_update_b = parse_per_layer<Vector>(v, "last_update_b", path, net);
  // Second moments are running means of g²: a negative one would make √v NaN.
  for (int l = 1; l <= net.depth(); ++l) {
    if ((o.second_W[l].array() < 0).any())
      throw JsonError{child(child(path, "second_W"), static_cast<std::size_t>(l - 1)),
                      "second moments must be ≥ 0"};
    if ((o.second_b[l].array() < 0).any())
      throw JsonError{child(child(path, "second_b"), static_cast<std::size_t>(l - 1)),
                      "second moments must be ≥ 0"};
  }
  return o;
}

void parse_history(const Json& v, const std::string& path, LossHistory& history) {
  json_util::object_at(v, path);
  const long stride = integer_field(v, "stride", path, 1, kMaxLong);
  const long since_last = integer_field(v, "since_last", path, 0, stride - 1);
  const std::string pp = child(path, "points");
  const Json& list = json_util::array_at(field(v, "points", path), pp);
  if (list.size() > history.capacity()) {
    throw JsonError{pp, "at most " + std::to_string(history.capacity()) + " points, got " +
                            std::to_string(list.size())};
  }
  std::vector<HistoryPoint> points;
  points.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string ip = child(pp, i);
    const Json& row = json_util::array_at(list[i], ip);
    // Seven values since the curve is over the whole sets; six before.
    if (row.size() != 6 && row.size() != 7) {
      throw JsonError{ip,
                      "expected [step, epoch, train_loss, test_loss, train_accuracy, "
                      "test_accuracy, batch_loss], got " +
                          std::to_string(row.size()) + " values"};
    }
    HistoryPoint p;
    p.step = json_util::integer_at(row[0], child(ip, 0), 0, kMaxLong);
    p.epoch = json_util::integer_at(row[1], child(ip, 1), 0, kMaxLong);
    p.train_loss = number_or_nan(row[2], child(ip, 2));
    p.test_loss = number_or_nan(row[3], child(ip, 3));
    p.train_accuracy = number_or_nan(row[4], child(ip, 4));
    p.test_accuracy = number_or_nan(row[5], child(ip, 5));
    if (row.size() == 7) {
      p.batch_loss = number_or_nan(row[6], child(ip, 6));
    } else if (std::isnan(p.train_accuracy)) {
      // A six-value row without accuracies is an old per-step point: its
      // "train loss" was the mini-batch's, so that is what it is shown as.
      p.batch_loss = p.train_loss;
      p.train_loss = std::numeric_limits<double>::quiet_NaN();
    }
    if (!points.empty() && p.step < points.back().step)
      throw JsonError{child(ip, 0), "steps must not decrease"};
    points.push_back(p);
  }
  history.restore(std::move(points), stride, since_last);
  // Edit markers (optional: sessions written before they existed have none).
  std::vector<HistoryMarker> markers;
  if (v.contains("markers")) {
    const std::string mp = child(path, "markers");
    const Json& mlist = json_util::array_at(field(v, "markers", path), mp);
    if (mlist.size() > LossHistory::kMaxMarkers) {
      throw JsonError{mp, "at most " + std::to_string(LossHistory::kMaxMarkers) + " markers"};
    }
    for (std::size_t i = 0; i < mlist.size(); ++i) {
      const std::string ip = child(mp, i);
      const Json& m = json_util::object_at(mlist[i], ip);
      HistoryMarker marker;
      marker.step = integer_field(m, "step", ip, 0, kMaxLong);
      marker.key = json_util::string_at(field(m, "key", ip), child(ip, "key"));
      marker.from = json_util::string_at(field(m, "from", ip), child(ip, "from"));
      marker.label = json_util::string_at(field(m, "label", ip), child(ip, "label"));
      markers.push_back(std::move(marker));
    }
  }
  history.restore_markers(std::move(markers));
}

// Turns a core validation error into one naming the file and the field it concerns.
void check(const Status& s, const std::string& path) {
  if (!s) throw JsonError{path, s.error().message};
}

SessionFile session_from_json(const Json& doc, const std::string& file) {
  json_util::object_at(doc, "");
  const std::string format = json_util::string_at(field(doc, "format", ""), "/format");
  if (format != kSessionFormat) {
    throw JsonError{"/format",
                    "unsupported format \"" + format + "\" (expected \"" + kSessionFormat + "\")"};
  }
  SessionFile out;
  // Optional: files written before 0.1.0 recorded no version.
  if (const Json* v = json_util::optional_member(doc, "backstep_version"))
    out.written_by = json_util::string_at(*v, "/backstep_version");
  Session& s = out.session;
  s.name = json_util::string_at(field(doc, "name", ""), "/name");

  // The model reader reports paths from its own root: re-root them at /model.
  Result<ModelFile> model = parse_model(field(doc, "model", ""), file);
  if (!model) {
    const std::string prefix = file + ":";
    std::string msg = model.error().message;
    std::string rest = msg.rfind(prefix, 0) == 0 ? msg.substr(prefix.size()) : msg;
    const std::size_t colon = rest.find(": ");
    std::string where = rest.substr(0, colon);
    if (where == "/") where.clear();
    throw JsonError{"/model" + where, colon == std::string::npos ? rest : rest.substr(colon + 2)};
  }
  if (!model.value().has_weights) throw JsonError{"/model/weights", "missing field \"weights\""};
  s.net = std::move(model.value().net);
  check(validate_net(s.net), "/model");
  s.init = parse_init_object(field(doc, "init", ""), "/init");

  const Json& data = json_util::object_at(field(doc, "data", ""), "/data");
  if (const Json* gen = json_util::optional_member(data, "generator")) {
    s.data_spec = parse_generator(*gen, "/data/generator");
    Result<DataSplit> split =
        generate_dataset(s.data_spec, s.net.layer(s.net.depth()).activation, s.net.output_size());
    if (!split) throw JsonError{"/data/generator", split.error().message};
    s.data = std::move(split).value();
  } else {
    s.data_source = json_util::string_at(field(data, "source", "/data"), "/data/source");
    if (s.data_source.empty()) throw JsonError{"/data/source", "must not be empty"};
    const std::string task = json_util::string_at(field(data, "task", "/data"), "/data/task");
    if (task == "classification") {
      s.data.task = Task::classification;
    } else if (task == "regression") {
      s.data.task = Task::regression;
    } else {
      throw JsonError{"/data/task", "expected \"classification\" or \"regression\""};
    }
    const int n_in = s.net.input_size(), n_out = s.net.output_size();
    if (const Json* spec = json_util::optional_member(data, "import")) {
      s.data_import = parse_import(*spec, "/data/import");
    }
    if (json_util::optional_member(data, "train") || s.data_import.path.empty()) {
      s.data.train = parse_dataset(field(data, "train", "/data"), "/data/train", n_in, n_out);
      s.data.test = parse_dataset(field(data, "test", "/data"), "/data/test", n_in, n_out);
      parse_data_extras(data, n_in, n_out, s.data);
    } else {
      const Task task = s.data.task;  // as saved: the network may have been reshaped since
      s.data = reimport(s.data_import, s.net);
      s.data.task = task;
    }
  }
  check(check_data_fits(s.net, s.data), "/data");

  s.hp = parse_hyperparams(field(doc, "hyperparams", ""), "/hyperparams");
  check(validate_hyperparams(s.hp), "/hyperparams");
  OptimizerState opt =
      parse_optimizer_state(field(doc, "optimizer_state", ""), "/optimizer_state", s.net);

  const Json& tr = json_util::object_at(field(doc, "trainer", ""), "/trainer");
  const long steps = integer_field(tr, "steps", "/trainer", 0, kMaxLong);
  const long epochs = integer_field(tr, "epochs", "/trainer", 0, kMaxLong);
  const int cursor = static_cast<int>(
      integer_field(tr, "cursor", "/trainer", 0, std::max(0, s.data.train.count() - 1)));

  parse_history(field(doc, "history", ""), "/history", s.history);

  if (const Json* last = json_util::optional_member(doc, "last_step")) {
    json_util::object_at(*last, "/last_step");
    auto value = [&](std::string_view key) {
      const Json* v = json_util::optional_member(*last, key);
      return v ? number_or_nan(*v, child("/last_step", key)) : kNaN;
    };
    s.last_step.loss.data = value("loss");
    s.last_step.loss.regularization = value("regularization");
    s.last_step.gradient_norm = value("gradient_norm");
    s.last_step.learning_rate = value("learning_rate");
  }
  s.selected_sample = static_cast<int>(
      integer_field(doc, "selected_sample", "", 0, std::max(0, s.data.train.count() - 1)));
  // Optional (files written before the tracer existed have none). The index
  // is clamped into the tracer's range when it is read, like the UI's.
  if (const Json* tracer = json_util::optional_member(doc, "tracer")) {
    json_util::object_at(*tracer, "/tracer");
    s.trace.index = integer_field(*tracer, "index", "/tracer", 0, kMaxLong);
    const std::string g =
        json_util::string_at(field(*tracer, "granularity", "/tracer"), "/tracer/granularity");
    const auto granularity = parse_granularity(g);
    if (!granularity) throw JsonError{"/tracer/granularity", "unknown granularity \"" + g + "\""};
    s.trace.granularity = *granularity;
  }
  if (const Json* view = json_util::optional_member(doc, "view")) {
    out.view = json_util::object_at(*view, "/view");
  }

  // Bind the trainer to the restored shapes, then put back its state.
  s.trainer.reset(s.net, s.data.train, s.hp);
  s.trainer.optimizer_state() = std::move(opt);
  s.trainer.set_position(steps, epochs, cursor);
  refresh_evaluation(s);
  s.message = "session loaded";
  return out;
}

}  // namespace

Result<SessionFile> parse_session(const Json& doc, const std::string& file) {
  try {
    return session_from_json(doc, file);
  } catch (const JsonError& e) {
    return json_util::to_error(e, file);
  }
}

Result<SessionFile> parse_session_text(const std::string& text, const std::string& file) {
  Result<Json> doc = json_util::parse(text, file);
  if (!doc) return doc.error();
  return parse_session(doc.value(), file);
}

Result<SessionFile> read_session(const std::string& path) {
  Result<std::string> text = read_file(path);
  if (!text) return text.error();
  return parse_session_text(text.value(), path);
}

Status load_session(const std::string& path, Session& s, Json* view) {
  Result<SessionFile> file = read_session(path);
  if (!file) return file.error();
  const std::uint64_t revision = s.revision;
  s = std::move(file.value().session);
  s.revision = revision + 1;
  s.message = "session loaded from " + path;
  if (view) *view = std::move(file.value().view);
  return Ok{};
}

}  // namespace backstep
