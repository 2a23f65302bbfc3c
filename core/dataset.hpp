// Datasets: one sample per column. Generators in the spirit of TensorFlow
// Playground, deterministic for a seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/activation.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"

namespace backstep {

struct Dataset {
  Matrix x;  // (n_in, N)
  Matrix t;  // (n_out, N)
  int count() const { return static_cast<int>(x.cols()); }
};

enum class Task { classification, regression };

struct DataSplit {
  Dataset train;
  Dataset test;  // may be empty (0 columns)
  Task task = Task::classification;
};

struct GeneratorSpec {
  std::string name = "xor";  // xor, xor-cloud, circle, gaussians, spiral, moons, sine, plane, ...
  int count = 200;           // total samples before the split (xor: always 4)
  double noise = 0.0;        // 0 … 1, scaled per generator
  double test_ratio = 0.0;   // share of samples held out for testing
  std::uint64_t seed = 1;
};

// Names of all generators, in menu order: xor, xor-cloud, circle, gaussians,
// spiral, moons, blobs3 (three classes), sine (1-D input), plane (regression).
// Clean inputs lie in [−1, 1]² (xor: the corners {0, 1}²; gaussian blobs have
// tails beyond); noise may push a point slightly outside.
const std::vector<std::string>& generator_names();

// classification or regression for a generator name; nullopt if unknown.
std::optional<Task> generator_task(std::string_view name);

// Generates and splits. Class targets follow the output activation's range:
// {0, 1} for sigmoid/softmax/others, {−1, 1} for tanh; one-hot for softmax
// with more than one output. Unknown name → Error.
Result<DataSplit> generate_dataset(const GeneratorSpec& spec, Activation output_activation,
                                   int output_size);

// For loaded data: classification when every target is one of the output
// activation's two class values ({0, 1}, or {−1, 1} for tanh) and the output
// is not linear; regression otherwise.
Task infer_task(const Matrix& targets, Activation output_activation);

// Classification accuracy: argmax for several outputs, threshold at the middle
// of the activation's range for one output (0.5, or 0 for tanh).
double accuracy(const Matrix& outputs, const Matrix& targets, Activation output_activation);

}  // namespace backstep
