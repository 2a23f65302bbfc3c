// JSON on stdout for scripts: one object per line, numbers round-trip exact
// (nlohmann writes the shortest decimal that reads back to the same double;
// a non-finite value becomes null).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/mlp.hpp"

namespace backstep::cli {

using OrderedJson = nlohmann::ordered_json;

// Writes `j` compactly on one line to stdout.
void print_json_line(const OrderedJson& j);
// A finite value, or null.
OrderedJson number_or_null(double x);
// Per-layer matrices/vectors (index = layer l, index 0 unused) nested like the
// model file's "weights" / "biases".
OrderedJson layers_json(const std::vector<Matrix>& per_layer);
OrderedJson layers_json(const std::vector<Vector>& per_layer);

}  // namespace backstep::cli
