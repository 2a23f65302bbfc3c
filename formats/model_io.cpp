#include "formats/model_io.hpp"

#include "formats/file_io.hpp"

namespace backstep {
namespace {

using json_util::Json;
using json_util::JsonError;
using json_util::OrderedJson;
using namespace std::string_literals;

// Upper bounds that keep a hostile file from exhausting memory: a neuron count
// and the total number of parameters (20 M doubles = 160 MB).
constexpr std::int64_t kMaxLayerSize = 100000;
constexpr std::int64_t kMaxParameters = 20000000;
constexpr std::size_t kMaxLayers = 1000;

std::string join_names(std::initializer_list<std::string_view> names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

Activation parse_activation_at(const Json& v, const std::string& path) {
  const std::string name = json_util::string_at(v, path);
  if (const auto a = parse_activation(name)) return *a;
  throw JsonError{
      path, "unknown activation \"" + name + "\" (known: " +
                join_names({"linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"}) + ")"};
}

Loss parse_loss_at(const Json& v, const std::string& path) {
  const std::string name = json_util::string_at(v, path);
  if (const auto l = parse_loss(name)) return *l;
  throw JsonError{path, "unknown loss \"" + name + "\" (known: mse, bce, ce)"};
}

InitSpec parse_init_spec(const Json& doc) {
  InitSpec spec;
  if (const Json* v = json_util::optional_member(doc, "init")) {
    const std::string name = json_util::string_at(*v, "/init");
    const auto kind = parse_init(name);
    if (!kind) {
      throw JsonError{
          "/init", "unknown init \"" + name + "\" (known: automatic, xavier, he, uniform, zeros)"};
    }
    spec.kind = *kind;
  }
  if (const Json* v = json_util::optional_member(doc, "init_range")) {
    spec.uniform_range = json_util::number_at(*v, "/init_range");
    if (spec.uniform_range <= 0) throw JsonError{"/init_range", "must be > 0"};
  }
  if (const Json* v = json_util::optional_member(doc, "seed")) {
    spec.seed = json_util::seed_at(*v, "/seed");
  }
  return spec;
}

ModelDataInfo parse_data_info(const Json& doc, int n_in, int n_out) {
  ModelDataInfo info;
  if (const Json* sc = json_util::optional_member(doc, "input_scaling")) {
    const std::string path = "/input_scaling";
    json_util::object_at(*sc, path);
    const std::string mode =
        json_util::string_at(json_util::member(*sc, "mode", path), path + "/mode");
    const std::optional<ScalingMode> m = parse_scaling(mode);
    if (!m) {
      throw JsonError{path + "/mode",
                      "unknown scaling \"" + mode + "\" (known: none, standardize, minmax)"};
    }
    info.scaling.mode = *m;
    if (*m != ScalingMode::none) {
      info.scaling.shift =
          json_util::vector_at(json_util::member(*sc, "shift", path), path + "/shift", n_in);
      info.scaling.scale =
          json_util::vector_at(json_util::member(*sc, "scale", path), path + "/scale", n_in);
      if (!(info.scaling.scale.array() > 0.0).all()) {
        throw JsonError{path + "/scale", "every scale must be positive"};
      }
    }
  }
  if (const Json* names = json_util::optional_member(doc, "class_names")) {
    json_util::array_at(*names, "/class_names");
    for (std::size_t k = 0; k < names->size(); ++k) {
      info.class_names.push_back(
          json_util::string_at((*names)[k], json_util::child("/class_names", k)));
    }
    const std::size_t expected = n_out == 1 ? 2u : static_cast<std::size_t>(n_out);
    if (info.class_names.size() != expected) {
      throw JsonError{"/class_names", "expected " + std::to_string(expected) + " names for " +
                                          std::to_string(n_out) + " output(s), got " +
                                          std::to_string(info.class_names.size())};
    }
  }
  return info;
}

ModelFile model_from_json(const Json& doc) {
  json_util::object_at(doc, "");
  const std::string format = json_util::string_at(json_util::member(doc, "format", ""), "/format");
  if (format != kModelFormat) {
    throw JsonError{"/format",
                    "unsupported format \"" + format + "\" (expected \"" + kModelFormat + "\")"};
  }

  const Json& layers = json_util::array_at(json_util::member(doc, "layers", ""), "/layers");
  if (layers.size() < 2) {
    throw JsonError{"/layers", "need at least 2 layers (input and output), got " +
                                   std::to_string(layers.size())};
  }
  if (layers.size() > kMaxLayers) throw JsonError{"/layers", "too many layers"};
  const int depth = static_cast<int>(layers.size()) - 1;
  std::vector<int> sizes;
  std::vector<Activation> activations;
  std::int64_t parameters = 0;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const std::string path = json_util::child("/layers", l);
    const Json& layer = json_util::object_at(layers[l], path);
    sizes.push_back(static_cast<int>(json_util::integer_at(
        json_util::member(layer, "size", path), json_util::child(path, "size"), 1, kMaxLayerSize)));
    if (l == 0) continue;  // the input layer has no activation
    const std::string act_path = json_util::child(path, "activation");
    const Activation a =
        parse_activation_at(json_util::member(layer, "activation", path), act_path);
    if (a == Activation::softmax && static_cast<int>(l) != depth) {
      throw JsonError{act_path, "softmax is only allowed on the output layer"};
    }
    activations.push_back(a);
    parameters += static_cast<std::int64_t>(sizes[l]) * (sizes[l - 1] + 1);
    if (parameters > kMaxParameters) {
      throw JsonError{
          path, "network too large (more than " + std::to_string(kMaxParameters) + " parameters)"};
    }
  }

  const Loss loss = parse_loss_at(json_util::member(doc, "loss", ""), "/loss");
  const Activation out = activations.back();
  // bce and ce are defined on probabilities: their stable forms need the
  // matching output (sigmoid for bce, softmax for ce).
  if (loss == Loss::bce && out != Activation::sigmoid) {
    throw JsonError{
        "/loss", "bce needs a sigmoid output layer, the output is "s + std::string(to_string(out))};
  }
  if (loss == Loss::ce && out != Activation::softmax) {
    throw JsonError{
        "/loss", "ce needs a softmax output layer, the output is "s + std::string(to_string(out))};
  }

  ModelFile model;
  model.init = parse_init_spec(doc);
  if (const Json* r = json_util::optional_member(doc, "regularization")) {
    model.regularization = model_json::parse_regularization(*r, "/regularization");
  }
  model.net = make_mlp(sizes, activations, loss);

  const Json* weights = json_util::optional_member(doc, "weights");
  if (!weights) initialize(model.net, model.init);
  if (weights) {
    model.has_weights = true;
    json_util::array_at(*weights, "/weights");
    if (static_cast<int>(weights->size()) != depth) {
      throw JsonError{"/weights", "expected " + std::to_string(depth) +
                                      " matrices (one per layer after the input), got " +
                                      std::to_string(weights->size())};
    }
    for (int l = 1; l <= depth; ++l) {
      model.net.layer(l).W = json_util::matrix_at(
          (*weights)[l - 1], json_util::child("/weights", static_cast<std::size_t>(l - 1)),
          sizes[l], sizes[l - 1],
          "layer " + std::to_string(l) + " has " + std::to_string(sizes[l]) + " neurons");
    }
  }
  // Biases may be given on their own; absent, they keep the initializer's zeros.
  if (const Json* biases = json_util::optional_member(doc, "biases")) {
    json_util::array_at(*biases, "/biases");
    if (static_cast<int>(biases->size()) != depth) {
      throw JsonError{"/biases", "expected " + std::to_string(depth) +
                                     " vectors (one per layer after the input), got " +
                                     std::to_string(biases->size())};
    }
    for (int l = 1; l <= depth; ++l) {
      model.net.layer(l).b = json_util::vector_at(
          (*biases)[l - 1], json_util::child("/biases", static_cast<std::size_t>(l - 1)), sizes[l]);
    }
  }
  model.data_info = parse_data_info(doc, sizes.front(), sizes.back());
  return model;
}

}  // namespace

std::string_view to_string(RegularizationKind k) {
  switch (k) {
    case RegularizationKind::l1:
      return "l1";
    case RegularizationKind::l2:
      return "l2";
    case RegularizationKind::none:
      break;
  }
  return "none";
}

namespace model_json {

Regularization parse_regularization(const Json& v, const std::string& path) {
  json_util::object_at(v, path);
  Regularization reg;
  const std::string kind_path = json_util::child(path, "kind");
  const std::string kind = json_util::string_at(json_util::member(v, "kind", path), kind_path);
  if (kind == "none")
    reg.kind = RegularizationKind::none;
  else if (kind == "l1")
    reg.kind = RegularizationKind::l1;
  else if (kind == "l2")
    reg.kind = RegularizationKind::l2;
  else
    throw JsonError{kind_path, "unknown regularization \"" + kind + "\" (known: none, l1, l2)"};
  if (const Json* lambda = json_util::optional_member(v, "lambda")) {
    const std::string lambda_path = json_util::child(path, "lambda");
    reg.lambda = json_util::number_at(*lambda, lambda_path);
    if (reg.lambda < 0) throw JsonError{lambda_path, "must be ≥ 0"};
  } else if (reg.kind != RegularizationKind::none) {
    throw JsonError{json_util::child(path, "lambda"), "missing field \"lambda\""};
  }
  return reg;
}

}  // namespace model_json

Result<ModelFile> parse_model(const Json& doc, const std::string& file) {
  try {
    return model_from_json(doc);
  } catch (const JsonError& e) {
    return json_util::to_error(e, file);
  }
}

Result<ModelFile> parse_model_text(const std::string& text, const std::string& file) {
  Result<Json> doc = json_util::parse(text, file);
  if (!doc) return doc.error();
  return parse_model(doc.value(), file);
}

Result<ModelFile> read_model(const std::string& path) {
  Result<std::string> text = read_file(path);
  if (!text) return text.error();
  return parse_model_text(text.value(), path);
}

std::string model_to_string(const Mlp& net, const Regularization& reg, const ModelDataInfo& info) {
  // Hand-laid-out so a matrix row sits on one line: readable in a diff and
  // still valid JSON. Every number goes through nlohmann's round-trip dump.
  OrderedJson layers = OrderedJson::array();
  layers.push_back(OrderedJson{{"size", net.input_size()}});
  for (int l = 1; l <= net.depth(); ++l) {
    layers.push_back(OrderedJson{{"size", net.size(l)},
                                 {"activation", std::string(to_string(net.layer(l).activation))}});
  }
  std::string out = "{\n";
  out += "  \"format\": \""s + kModelFormat + "\",\n";
  out += "  \"layers\": " + layers.dump() + ",\n";
  out += "  \"loss\": \"" + std::string(to_string(net.loss)) + "\",\n";
  if (reg.kind != RegularizationKind::none) {
    const OrderedJson r{{"kind", std::string(to_string(reg.kind))}, {"lambda", reg.lambda}};
    out += "  \"regularization\": " + r.dump() + ",\n";
  }
  if (info.scaling.active()) {
    const OrderedJson sc{{"mode", std::string(scaling_name(info.scaling.mode))},
                         {"shift", json_util::to_json(info.scaling.shift)},
                         {"scale", json_util::to_json(info.scaling.scale)}};
    out += "  \"input_scaling\": " + sc.dump() + ",\n";
  }
  if (!info.class_names.empty()) {
    out += "  \"class_names\": " + OrderedJson(info.class_names).dump() + ",\n";
  }
  out += "  \"weights\": [\n";
  for (int l = 1; l <= net.depth(); ++l) {
    const OrderedJson rows = json_util::to_json(net.layer(l).W);
    out += "    [\n";
    for (std::size_t j = 0; j < rows.size(); ++j) {
      out += "      " + rows[j].dump() + (j + 1 < rows.size() ? ",\n" : "\n");
    }
    out += l < net.depth() ? "    ],\n" : "    ]\n";
  }
  out += "  ],\n  \"biases\": [\n";
  for (int l = 1; l <= net.depth(); ++l) {
    out += "    " + json_util::to_json(net.layer(l).b).dump() + (l < net.depth() ? ",\n" : "\n");
  }
  out += "  ]\n}\n";
  return out;
}

Status write_model(const std::string& path, const Mlp& net, const Regularization& reg,
                   const ModelDataInfo& info) {
  return write_file_atomic(path, model_to_string(net, reg, info));
}

}  // namespace backstep
