// backstep-model/1: read and write model JSON exactly as DESIGN.md "Formats".
//
//   {"format": "backstep-model/1",
//    "layers": [{"size": 2}, {"size": 2, "activation": "sigmoid"}, …],
//    "loss": "mse",
//    "weights": [[[w⁽¹⁾_00, w⁽¹⁾_01], …], …],   weights[l−1][j][k] = w⁽ˡ⁾_jk
//    "biases":  [[b⁽¹⁾_0, …], …],
//    "init": "xavier", "seed": 1,                 used when weights are absent
//    "regularization": {"kind": "l2", "lambda": 1e-3},   optional
//    "input_scaling": {"mode": "standardize", "shift": […], "scale": […]},   optional
//    "class_names": ["setosa", …]}                      optional
//
// "input_scaling" is what the network was trained with on imported data:
// x' = (x − shift) / scale for each input, fitted on the training set. A
// reader of the model (backstep evaluate, the PyTorch export, train --model
// with --data) applies it to data in the file's units rather than fitting
// anew. "class_names" names the outputs (two for a single 0/1 output); data
// read for the model codes its labels in that order.
//
// Errors name the file and the JSON path: "m.json:/weights/1/0/2: expected a
// finite number, got null".
#pragma once

#include <string>

#include <vector>

#include "core/feature_scaling.hpp"
#include "core/init.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"
#include "formats/json_util.hpp"

namespace backstep {

inline constexpr const char* kModelFormat = "backstep-model/1";

// What a trained network's inputs and outputs mean for imported data.
struct ModelDataInfo {
  FeatureScaling scaling;                // none: the inputs as in the file
  std::vector<std::string> class_names;  // empty: unnamed outputs
};

struct ModelFile {
  Mlp net;                        // weights from the file, or drawn from `init`
  Regularization regularization;  // none unless the file sets it
  InitSpec init;                  // "init", "init_range", "seed" (defaults if absent)
  bool has_weights = false;       // "weights" was present
  ModelDataInfo data_info;        // "input_scaling", "class_names" (empty if absent)
};

Result<ModelFile> parse_model(const json_util::Json& doc, const std::string& file);
Result<ModelFile> parse_model_text(const std::string& text, const std::string& file);
Result<ModelFile> read_model(const std::string& path);

// The document as text: one matrix row per line, numbers round-trip exact.
// The regularization field is written only when its kind is not none.
// "input_scaling" and "class_names" are written only when set.
std::string model_to_string(const Mlp& net, const Regularization& reg = {},
                            const ModelDataInfo& info = {});
// Atomic: the file is the old one or the complete new one.
Status write_model(const std::string& path, const Mlp& net, const Regularization& reg = {},
                   const ModelDataInfo& info = {});

std::string_view to_string(RegularizationKind k);

namespace model_json {
// {"kind": "none"|"l1"|"l2", "lambda": λ ≥ 0}, for other readers in formats/.
// Throws json_util::JsonError.
Regularization parse_regularization(const json_util::Json& v, const std::string& path);
}  // namespace model_json

}  // namespace backstep
