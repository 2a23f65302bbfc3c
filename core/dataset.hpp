// Datasets: one sample per column. Generators in the spirit of TensorFlow
// Playground, deterministic for a seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/activation.hpp"
#include "core/feature_scaling.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"

namespace backstep {

struct Dataset {
  Matrix x;  // (n_in, N)
  Matrix t;  // (n_out, N)
  int count() const { return static_cast<int>(x.cols()); }
};

enum class Task { classification, regression };

// The inputs are the pixels of a width × height grey image, row by row
// (an IDX file, or a CSV read with --image WxH). 0 × 0: not an image.
struct ImageShape {
  int width = 0;
  int height = 0;
  bool is_image() const { return width > 0 && height > 0; }
  int pixels() const { return width * height; }
  bool operator==(const ImageShape&) const = default;
};

struct DataSplit {
  Dataset train;
  Dataset test;  // may be empty (0 columns)
  Task task = Task::classification;
  // Class k's name, for a class-label column read from a file: one per
  // one-hot output (k = 1 … n_L), or two (class 0, class 1) for a single
  // output. Empty when the classes have no names (generated or numeric data).
  std::vector<std::string> class_names;
  // Already applied to train.x and test.x (fitted on train only); the
  // decision plane and later evaluations apply it too.
  FeatureScaling scaling;
  ImageShape image;
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

// The one decision threshold of a single-output classifier, ŷ > it is class 1:
// midway between the two class targets the output is trained towards
// (class_values: 0/1, so 0.5, for sigmoid and linear; −1/+1, so 0, for tanh).
// Accuracy, the output panel's caption, colour bar and background, and the
// graph's output node colour all read it.
double class_threshold(Activation output_activation);
// The same for a network and task: the threshold for a single-output
// classifier, 0 otherwise (several outputs use argmax; regression has none).
double decision_threshold(const Mlp& net, Task task);

// Classification accuracy: argmax for several outputs, ŷ > class_threshold
// for one output.
double accuracy(const Matrix& outputs, const Matrix& targets, Activation output_activation);

}  // namespace backstep
