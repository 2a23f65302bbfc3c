#include "formats/session_io.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

#include "backstep/version.hpp"
#include "core/bug.hpp"
#include "formats/file_io.hpp"
#include "formats/model_io.hpp"

namespace backstep {
namespace {

using json_util::Json;
using json_util::OrderedJson;

// --- writing ----------------------------------------------------------------

// NaN/Inf have no JSON spelling; the history uses null for "not measured".
OrderedJson number_or_null(double v) {
  return std::isfinite(v) ? OrderedJson(v) : OrderedJson();
}

OrderedJson schedule_json(const Schedule& s) {
  return {{"kind", std::string(to_string(s.kind))},
          {"step_every", s.step_every},
          {"gamma", s.gamma},
          {"total_steps", s.total_steps},
          {"min_factor", s.min_factor}};
}

OrderedJson hyperparams_json(const Hyperparams& hp) {
  const OptimizerConfig& o = hp.optimizer;
  OrderedJson j = {{"learning_rate", hp.learning_rate},
                   {"optimizer",
                    {{"kind", std::string(to_string(o.kind))},
                     {"momentum", o.momentum},
                     {"rho", o.rho},
                     {"beta1", o.beta1},
                     {"beta2", o.beta2},
                     {"epsilon", o.epsilon}}},
                   {"schedule", schedule_json(hp.schedule)},
                   {"regularization",
                    {{"kind", std::string(to_string(hp.regularization.kind))},
                     {"lambda", hp.regularization.lambda}}},
                   {"clip_norm", hp.clip_norm},
                   {"batch_size", hp.batch_size},
                   {"shuffle_seed", hp.shuffle_seed}};
  // The Bug lab's mistake, only when one is on: a file without it is the
  // correct engine, as every file written before the Bug lab.
  if (hp.bug != Bug::none) j["bug"] = std::string(bug_name(hp.bug));
  return j;
}

OrderedJson dataset_json(const Dataset& d) {
  // One row a sample, as in data files: the transpose of the column layout.
  return {{"inputs", json_util::to_json(Matrix(d.x.transpose()))},
          {"targets", json_util::to_json(Matrix(d.t.transpose()))}};
}

OrderedJson check_json(const FileCheck& c) {
  // The hash as 16 hex digits: a JSON number would lose bits above 2⁵³.
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(c.hash));
  return {{"size", c.size}, {"fnv1a64", std::string(hex)}};
}

OrderedJson import_json(const ImportSpec& spec) {
  OrderedJson j{{"path", spec.path},
                {"test_path", spec.test_path},
                {"target", spec.target},
                // "default": the format's own (standardize for tables, none for IDX)
                {"scaling", spec.scaling ? std::string(scaling_name(*spec.scaling)) : "default"},
                {"test_share", spec.test_share},
                {"split_seed", spec.split_seed},
                {"image", {spec.image.width, spec.image.height}}};
  if (!spec.label_names.empty()) j["label_names"] = spec.label_names;
  if (!spec.columns.empty()) j["columns"] = spec.columns;
  if (spec.file_check.known()) j["file_check"] = check_json(spec.file_check);
  if (spec.test_file_check.known()) j["test_file_check"] = check_json(spec.test_file_check);
  return j;
}

// Whether the numbers go into the file: small data always; large data only
// when the file it came from cannot be checked and read again.
bool inline_data(const Session& s) {
  const DataSplit& d = s.data;
  const double numbers =
      static_cast<double>(d.train.x.size() + d.train.t.size() + d.test.x.size() + d.test.t.size());
  const ImportSpec& spec = s.data_import;
  const bool rereadable = !spec.path.empty() && spec.file_check.known() &&
                          (spec.test_path.empty() || spec.test_file_check.known());
  return numbers <= kInlineDataLimit || !rereadable;
}

OrderedJson data_json(const Session& s) {
  if (s.data_source.empty()) {
    const GeneratorSpec& g = s.data_spec;
    return {{"generator",
             {{"name", g.name},
              {"count", g.count},
              {"noise", g.noise},
              {"test_ratio", g.test_ratio},
              {"seed", g.seed}}}};
  }
  const DataSplit& d = s.data;
  OrderedJson out{{"source", s.data_source},
                  {"task", d.task == Task::classification ? "classification" : "regression"}};
  const ImportSpec& spec = s.data_import;
  if (!spec.path.empty()) out["import"] = import_json(spec);
  if (!d.class_names.empty()) out["class_names"] = d.class_names;
  if (d.scaling.active()) {
    out["scaling"] = {{"mode", std::string(scaling_name(d.scaling.mode))},
                      {"shift", json_util::to_json(d.scaling.shift)},
                      {"scale", json_util::to_json(d.scaling.scale)}};
  }
  if (d.image.is_image()) out["image"] = {d.image.width, d.image.height};
  // Large data is read again from its file on load (checked by size and
  // hash) rather than written out: the autosave of a 60 000-image set would
  // otherwise be hundreds of megabytes of JSON every few seconds.
  if (!inline_data(s)) return out;
  out["train"] = dataset_json(d.train);
  out["test"] = dataset_json(d.test);
  return out;
}

// Layers 1 … L of a per-layer state vector (index 0 is unused).
template <class M>
OrderedJson per_layer_json(const std::vector<M>& blocks, int depth) {
  OrderedJson out = OrderedJson::array();
  for (int l = 1; l <= depth; ++l) {
    out.push_back(l < static_cast<int>(blocks.size()) ? json_util::to_json(blocks[l])
                                                      : OrderedJson::array());
  }
  return out;
}

OrderedJson optimizer_state_json(const OptimizerState& o, int depth) {
  return {{"t", o.t},
          {"first_W", per_layer_json(o.first_W, depth)},
          {"second_W", per_layer_json(o.second_W, depth)},
          {"first_b", per_layer_json(o.first_b, depth)},
          {"second_b", per_layer_json(o.second_b, depth)},
          {"last_update_W", per_layer_json(o.last_update_W, depth)},
          {"last_update_b", per_layer_json(o.last_update_b, depth)}};
}

OrderedJson history_json(const LossHistory& h) {
  OrderedJson points = OrderedJson::array();
  for (const HistoryPoint& p : h.points()) {
    points.push_back(
        OrderedJson::array({p.step, p.epoch, number_or_null(p.train_loss),
                            number_or_null(p.test_loss), number_or_null(p.train_accuracy),
                            number_or_null(p.test_accuracy), number_or_null(p.batch_loss)}));
  }
  OrderedJson markers = OrderedJson::array();
  for (const HistoryMarker& m : h.markers()) {
    markers.push_back({{"step", m.step}, {"key", m.key}, {"from", m.from}, {"label", m.label}});
  }
  return {{"stride", h.stride()},
          {"since_last", h.since_last()},
          {"points", std::move(points)},
          {"markers", std::move(markers)}};
}

// A compact dump with each element of a top-level array on its own line, so
// a long history or a matrix stays diffable without one number per line.
std::string lines_of(const OrderedJson& v, const std::string& indent) {
  if (!v.is_array() || v.empty()) return v.dump();
  std::string out = "[\n";
  for (std::size_t i = 0; i < v.size(); ++i) {
    out += indent + "  " + v[i].dump() + (i + 1 < v.size() ? ",\n" : "\n");
  }
  return out + indent + "]";
}

std::string object_lines(const OrderedJson& obj, const std::string& indent) {
  std::string out = "{\n";
  std::size_t i = 0;
  for (auto it = obj.begin(); it != obj.end(); ++it, ++i) {
    out += indent + "  " + OrderedJson(it.key()).dump() + ": " + lines_of(*it, indent + "  ") +
           (i + 1 < obj.size() ? ",\n" : "\n");
  }
  return out + indent + "}";
}

std::string indent_block(const std::string& text, const std::string& indent) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\n' && i + 1 < text.size()) out += indent;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

std::string session_to_string(const Session& s, const Json& view) {
  // While the past is shown, the file keeps the present: saving (or an
  // autosave) must never lose the steps the user may still return to.
  const Snapshot* present = s.rewind.present ? &*s.rewind.present : nullptr;
  const Mlp& net = present ? present->net : s.net;
  const OptimizerState& opt = present ? present->opt : s.trainer.optimizer_state();
  const int depth = net.depth();
  const Trainer& tr = s.trainer;
  const OrderedJson trainer{
      {"steps", present ? present->step : tr.steps()},
      {"epochs", present ? present->epoch : tr.epochs()},
      {"cursor", present ? present->cursor : tr.next_cursor(s.net, s.data.train, s.hp)}};
  const OrderedJson init{{"kind", std::string(to_string(s.init.kind))},
                         {"uniform_range", s.init.uniform_range},
                         {"seed", s.init.seed}};
  const OrderedJson last{{"loss", number_or_null(s.last_step.loss.data)},
                         {"regularization", number_or_null(s.last_step.loss.regularization)},
                         {"gradient_norm", number_or_null(s.last_step.gradient_norm)},
                         {"learning_rate", number_or_null(s.last_step.learning_rate)}};
  std::string out = "{\n";
  out += "  \"format\": \"" + std::string(kSessionFormat) + "\",\n";
  out += "  \"backstep_version\": \"" + std::string(kVersion) + "\",\n";
  out += "  \"name\": " + OrderedJson(s.name).dump() + ",\n";
  out += "  \"model\": " + indent_block(model_to_string(net), "  ") + ",\n";
  out += "  \"init\": " + init.dump() + ",\n";
  out += "  \"data\": " + object_lines(data_json(s), "  ") + ",\n";
  out += "  \"hyperparams\": " + hyperparams_json(s.hp).dump() + ",\n";
  out += "  \"optimizer_state\": " + object_lines(optimizer_state_json(opt, depth), "  ") + ",\n";
  out += "  \"trainer\": " + trainer.dump() + ",\n";
  out += "  \"history\": " + object_lines(history_json(s.history), "  ") + ",\n";
  out += "  \"last_step\": " + last.dump() + ",\n";
  out += "  \"selected_sample\": " + std::to_string(s.selected_sample) + ",\n";
  // Where the chain-rule inspector stands in the next step, so a class can
  // reopen a session at the very term they were discussing.
  const OrderedJson tracer{{"index", s.trace.index},
                           {"granularity", std::string(to_string(s.trace.granularity))}};
  out += "  \"tracer\": " + tracer.dump();
  if (!view.is_null()) out += ",\n  \"view\": " + view.dump();
  out += "\n}\n";
  return out;
}

Status write_session(const std::string& path, const Session& s, const Json& view) {
  return write_file_atomic(path, session_to_string(s, view));
}

// Reading lives in session_read.cpp.

}  // namespace backstep
