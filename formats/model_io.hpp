// backstep-model/1: read and write model JSON exactly as DESIGN.md "Formats".
//
//   {"format": "backstep-model/1",
//    "layers": [{"size": 2}, {"size": 2, "activation": "sigmoid"}, …],
//    "loss": "mse",
//    "weights": [[[w⁽¹⁾_00, w⁽¹⁾_01], …], …],   weights[l−1][j][k] = w⁽ˡ⁾_jk
//    "biases":  [[b⁽¹⁾_0, …], …],
//    "init": "xavier", "seed": 1,                 used when weights are absent
//    "regularization": {"kind": "l2", "lambda": 1e-3}}   optional
//
// Errors name the file and the JSON path: "m.json:/weights/1/0/2: expected a
// finite number, got null".
#pragma once

#include <string>

#include "core/init.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"
#include "formats/json_util.hpp"

namespace backstep {

inline constexpr const char* kModelFormat = "backstep-model/1";

struct ModelFile {
  Mlp net;                        // weights from the file, or drawn from `init`
  Regularization regularization;  // none unless the file sets it
  InitSpec init;                  // "init", "init_range", "seed" (defaults if absent)
  bool has_weights = false;       // "weights" was present
};

Result<ModelFile> parse_model(const json_util::Json& doc, const std::string& file);
Result<ModelFile> parse_model_text(const std::string& text, const std::string& file);
Result<ModelFile> read_model(const std::string& path);

// The document as text: one matrix row per line, numbers round-trip exact.
// The regularization field is written only when its kind is not none.
std::string model_to_string(const Mlp& net, const Regularization& reg = {});
// Atomic: the file is the old one or the complete new one.
Status write_model(const std::string& path, const Mlp& net, const Regularization& reg = {});

std::string_view to_string(RegularizationKind k);

namespace model_json {
// {"kind": "none"|"l1"|"l2", "lambda": λ ≥ 0}, for other readers in formats/.
// Throws json_util::JsonError.
Regularization parse_regularization(const json_util::Json& v, const std::string& path);
}  // namespace model_json

}  // namespace backstep
