// Dataset generators in the spirit of TensorFlow Playground.
//
// Range: every 2-D generator places its clean points in [−1, 1]² (the 4-point
// XOR uses the corners {0, 1}²); noise may push a point slightly outside.
// Noise n ∈ [0, 1] is added to the inputs as a normal draw of standard
// deviation n · kNoiseScale (0.3, i.e. 15 % of the plane's width), except
// where a generator says otherwise. Labels always come from the clean point,
// as in Playground, so noise blurs the boundary without mislabelling.
//
// Determinism: one Rng(seed) draws every point, then the same Rng shuffles the
// indices for the train/test split. Only backstep::Rng is used (never a std
// distribution), so the data is bit-identical for a seed on every compiler.
#include "core/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/random.hpp"

namespace backstep {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kNoiseScale = 0.3;

// Samples before the targets are encoded: a class index or a regression value.
struct RawData {
  int dims = 2;
  std::vector<double> x;      // dims values per sample, sample after sample
  std::vector<int> label;     // classification
  std::vector<double> value;  // regression
  int classes = 2;            // 0 for regression
};

void add_point(RawData& d, double x0, double x1, int label) {
  d.x.push_back(x0);
  d.x.push_back(x1);
  d.label.push_back(label);
}

void make_xor(RawData& d) {
  // The classic truth table: class 1 when exactly one input is 1.
  add_point(d, 0, 0, 0);
  add_point(d, 0, 1, 1);
  add_point(d, 1, 0, 1);
  add_point(d, 1, 1, 0);
}

void make_xor_cloud(RawData& d, int n, double noise, Rng& rng) {
  // Uniform in the four quadrants, kept a margin of 0.05 off the axes (as
  // Playground does) so the clean classes never touch. Class 1 when the signs
  // differ, matching the 4-point XOR's (0,1) → 1.
  const double pad = 0.05;
  for (int i = 0; i < n; ++i) {
    double x0 = rng.uniform(-1.0, 1.0);
    double x1 = rng.uniform(-1.0, 1.0);
    x0 += x0 > 0 ? pad : -pad;
    x1 += x1 > 0 ? pad : -pad;
    x0 /= 1.0 + pad;
    x1 /= 1.0 + pad;
    const int label = (x0 * x1 < 0) ? 1 : 0;
    add_point(d, x0 + noise * kNoiseScale * rng.normal(), x1 + noise * kNoiseScale * rng.normal(),
              label);
  }
}

void make_circle(RawData& d, int n, double noise, Rng& rng) {
  // Class 1 inside radius 0.5, class 0 on the ring 0.7 … 1.0.
  for (int i = 0; i < n; ++i) {
    const bool inside = i < n / 2;
    const double r = inside ? rng.uniform(0.0, 0.5) : rng.uniform(0.7, 1.0);
    const double angle = rng.uniform(0.0, 2.0 * kPi);
    const double x0 = r * std::cos(angle) + noise * kNoiseScale * rng.normal();
    const double x1 = r * std::sin(angle) + noise * kNoiseScale * rng.normal();
    add_point(d, x0, x1, inside ? 1 : 0);
  }
}

void make_gaussians(RawData& d, int n, double noise, Rng& rng, int classes) {
  // `classes` round blobs on a circle of radius 0.5; the spread grows with the
  // noise from σ = 0.15 (well separated) to σ = 0.5 (heavily overlapping).
  const double sigma = 0.15 + 0.35 * noise;
  for (int i = 0; i < n; ++i) {
    const int c = i * classes / n;
    // Two classes sit on the diagonal (like Playground); three at 90°, 210°, 330°.
    const double angle = classes == 2 ? kPi / 4 + c * kPi : kPi / 2 + c * 2 * kPi / classes;
    const double x0 = 0.5 * std::cos(angle) + sigma * rng.normal();
    const double x1 = 0.5 * std::sin(angle) + sigma * rng.normal();
    add_point(d, x0, x1, c);
  }
}

void make_spiral(RawData& d, int n, double noise, Rng& rng) {
  // Two interleaved arms of 1.75 turns each, radius growing linearly to 0.9;
  // the second arm is the first rotated by π.
  const int half = std::max(1, n / 2);
  for (int i = 0; i < n; ++i) {
    const int c = i < half ? 0 : 1;
    const int k = c == 0 ? i : i - half;
    const double s = static_cast<double>(k) / half;
    const double r = 0.9 * s;
    const double angle = 1.75 * 2.0 * kPi * s + c * kPi;
    const double x0 = r * std::sin(angle) + noise * kNoiseScale * rng.normal();
    const double x1 = r * std::cos(angle) + noise * kNoiseScale * rng.normal();
    add_point(d, x0, x1, c);
  }
}

void make_moons(RawData& d, int n, double noise, Rng& rng) {
  // Two interleaving half circles: (cos θ, sin θ) and (1 − cos θ, ½ − sin θ)
  // for θ ∈ [0, π], an x-range of [−1, 2] and y-range of [−½, 1]. Shifting by
  // (−½, −¼) and scaling by ⅔ centres them in [−1, 1] × [−½, ½].
  for (int i = 0; i < n; ++i) {
    const int c = i < n / 2 ? 0 : 1;
    const double theta = rng.uniform(0.0, kPi);
    const double u = c == 0 ? std::cos(theta) : 1.0 - std::cos(theta);
    const double v = c == 0 ? std::sin(theta) : 0.5 - std::sin(theta);
    const double x0 = (u - 0.5) * (2.0 / 3.0) + noise * kNoiseScale * rng.normal();
    const double x1 = (v - 0.25) * (2.0 / 3.0) + noise * kNoiseScale * rng.normal();
    add_point(d, x0, x1, c);
  }
}

void make_sine(RawData& d, int n, double noise, Rng& rng) {
  // t = sin(π x) on x ∈ [−1, 1]: one full period. Noise goes on the target.
  d.dims = 1;
  d.classes = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-1.0, 1.0);
    d.x.push_back(x);
    d.value.push_back(std::sin(kPi * x) + noise * kNoiseScale * rng.normal());
  }
}

void make_plane(RawData& d, int n, double noise, Rng& rng) {
  // t = (x₀ + x₁) / 2 ∈ [−1, 1], a tilted plane. Noise goes on the target.
  d.classes = 0;
  for (int i = 0; i < n; ++i) {
    const double x0 = rng.uniform(-1.0, 1.0);
    const double x1 = rng.uniform(-1.0, 1.0);
    d.x.push_back(x0);
    d.x.push_back(x1);
    d.value.push_back(0.5 * (x0 + x1) + noise * kNoiseScale * rng.normal());
  }
}

// The two ends of the output activation's range used as class values.
std::pair<double, double> class_values(Activation out) {
  return out == Activation::tanh ? std::pair{-1.0, 1.0} : std::pair{0.0, 1.0};
}

Result<Dataset> encode(const RawData& raw, const std::string& name, Activation out,
                       int output_size) {
  const int n =
      raw.classes == 0 ? static_cast<int>(raw.value.size()) : static_cast<int>(raw.label.size());
  Dataset data;
  data.x.resize(raw.dims, n);
  for (int i = 0; i < n; ++i) {
    for (int r = 0; r < raw.dims; ++r) data.x(r, i) = raw.x[i * raw.dims + r];
  }
  const auto [lo, hi] = class_values(out);
  if (raw.classes == 0) {
    if (output_size != 1) {
      return Error{"dataset " + name + ": a regression target needs 1 output, the network has " +
                   std::to_string(output_size)};
    }
    // Targets in [−1, 1]; a sigmoid output only reaches (0, 1), so map t ↦ (t + 1)/2.
    data.t.resize(1, n);
    for (int i = 0; i < n; ++i) {
      data.t(0, i) = out == Activation::sigmoid ? 0.5 * (raw.value[i] + 1.0) : raw.value[i];
    }
    return data;
  }
  if (output_size == 1 && raw.classes == 2) {
    data.t.resize(1, n);
    for (int i = 0; i < n; ++i) data.t(0, i) = raw.label[i] == 1 ? hi : lo;
    return data;
  }
  if (output_size != raw.classes) {
    return Error{"dataset " + name + ": " + std::to_string(raw.classes) + " classes need " +
                 (raw.classes == 2 ? std::string("1 or 2") : std::to_string(raw.classes)) +
                 " outputs, the network has " + std::to_string(output_size)};
  }
  // One-hot: column i holds hi in row label[i] and lo elsewhere.
  data.t.setConstant(output_size, n, lo);
  for (int i = 0; i < n; ++i) data.t(raw.label[i], i) = hi;
  return data;
}

Dataset take_columns(const Dataset& all, const std::vector<int>& order, int begin, int end) {
  Dataset part;
  part.x.resize(all.x.rows(), end - begin);
  part.t.resize(all.t.rows(), end - begin);
  for (int i = begin; i < end; ++i) {
    part.x.col(i - begin) = all.x.col(order[i]);
    part.t.col(i - begin) = all.t.col(order[i]);
  }
  return part;
}

}  // namespace

const std::vector<std::string>& generator_names() {
  static const std::vector<std::string> names = {
      "xor", "xor-cloud", "circle", "gaussians", "spiral", "moons", "blobs3", "sine", "plane"};
  return names;
}

std::optional<Task> generator_task(std::string_view name) {
  if (name == "sine" || name == "plane") return Task::regression;
  const auto& names = generator_names();
  if (std::find(names.begin(), names.end(), name) != names.end()) return Task::classification;
  return std::nullopt;
}

Result<DataSplit> generate_dataset(const GeneratorSpec& spec, Activation output_activation,
                                   int output_size) {
  if (!generator_task(spec.name)) {
    std::string known;
    for (const auto& n : generator_names()) known += (known.empty() ? "" : ", ") + n;
    return Error{"dataset: unknown generator \"" + spec.name + "\" (known: " + known + ")"};
  }
  const bool classic_xor = spec.name == "xor";
  if (!classic_xor && (spec.count < 2 || spec.count > 1000000)) {
    return Error{"dataset " + spec.name + ": count must be 2 … 1000000, got " +
                 std::to_string(spec.count)};
  }
  if (!(spec.noise >= 0.0 && spec.noise <= 1.0)) {
    return Error{"dataset " + spec.name + ": noise must be in [0, 1]"};
  }
  if (!(spec.test_ratio >= 0.0 && spec.test_ratio < 1.0)) {
    return Error{"dataset " + spec.name + ": test_ratio must be in [0, 1)"};
  }

  Rng rng(spec.seed);
  RawData raw;
  const int n = spec.count;
  const double noise = spec.noise;
  if (classic_xor)
    make_xor(raw);
  else if (spec.name == "xor-cloud")
    make_xor_cloud(raw, n, noise, rng);
  else if (spec.name == "circle")
    make_circle(raw, n, noise, rng);
  else if (spec.name == "gaussians")
    make_gaussians(raw, n, noise, rng, 2);
  else if (spec.name == "blobs3") {
    raw.classes = 3;
    make_gaussians(raw, n, noise, rng, 3);
  } else if (spec.name == "spiral")
    make_spiral(raw, n, noise, rng);
  else if (spec.name == "moons")
    make_moons(raw, n, noise, rng);
  else if (spec.name == "sine")
    make_sine(raw, n, noise, rng);
  else
    make_plane(raw, n, noise, rng);

  Result<Dataset> all = encode(raw, spec.name, output_activation, output_size);
  if (!all) return all.error();

  DataSplit split;
  split.task = *generator_task(spec.name);
  const int total = all.value().count();
  if (classic_xor) {  // four points, all of them for training
    split.train = std::move(all).value();
    split.test.x.resize(split.train.x.rows(), 0);
    split.test.t.resize(split.train.t.rows(), 0);
    return split;
  }
  // The test share comes off the front of a seeded shuffle; at least one
  // sample always stays in the training set.
  std::vector<int> order(total);
  for (int i = 0; i < total; ++i) order[i] = i;
  rng.shuffle(order);
  const int n_test = std::min(total - 1, static_cast<int>(std::lround(spec.test_ratio * total)));
  split.test = take_columns(all.value(), order, 0, n_test);
  split.train = take_columns(all.value(), order, n_test, total);
  return split;
}

Task infer_task(const Matrix& targets, Activation output_activation) {
  if (output_activation == Activation::linear || targets.size() == 0) return Task::regression;
  const auto [lo, hi] = class_values(output_activation);
  for (Eigen::Index i = 0; i < targets.size(); ++i) {
    const double v = targets.data()[i];
    if (v != lo && v != hi) return Task::regression;
  }
  return Task::classification;
}

double class_threshold(Activation output_activation) {
  const auto [lo, hi] = class_values(output_activation);
  return 0.5 * (lo + hi);
}

double decision_threshold(const Mlp& net, Task task) {
  if (task != Task::classification || net.depth() == 0 || net.output_size() != 1) return 0.0;
  return class_threshold(net.layer(net.depth()).activation);
}

double accuracy(const Matrix& outputs, const Matrix& targets, Activation output_activation) {
  const Eigen::Index n = outputs.cols();
  if (n == 0) return 0.0;
  long correct = 0;
  if (outputs.rows() == 1) {
    // One output: the class threshold, midway between the two class targets.
    const double mid = class_threshold(output_activation);
    for (Eigen::Index i = 0; i < n; ++i) {
      correct += (outputs(0, i) > mid) == (targets(0, i) > mid) ? 1 : 0;
    }
  } else {
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Index predicted = 0, expected = 0;
      outputs.col(i).maxCoeff(&predicted);
      targets.col(i).maxCoeff(&expected);
      correct += predicted == expected ? 1 : 0;
    }
  }
  return static_cast<double>(correct) / static_cast<double>(n);
}

}  // namespace backstep
