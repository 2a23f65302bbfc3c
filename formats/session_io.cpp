#include "formats/session_io.hpp"

#include <cmath>
#include <utility>

#include "backstep/version.hpp"
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
  return {{"learning_rate", hp.learning_rate},
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
}

OrderedJson dataset_json(const Dataset& d) {
  // One row a sample, as in data files: the transpose of the column layout.
  return {{"inputs", json_util::to_json(Matrix(d.x.transpose()))},
          {"targets", json_util::to_json(Matrix(d.t.transpose()))}};
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
  return {{"source", s.data_source},
          {"task", s.data.task == Task::classification ? "classification" : "regression"},
          {"train", dataset_json(s.data.train)},
          {"test", dataset_json(s.data.test)}};
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
