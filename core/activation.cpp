#include "core/activation.hpp"

#include <array>
#include <cassert>
#include <cmath>

#include "core/vector_math.hpp"

namespace backstep {

namespace {

struct ActivationName {
  Activation activation;
  std::string_view name;
  std::string_view symbol;
};

constexpr std::array<ActivationName, 6> kNames{{
    {Activation::linear, "linear", "id"},
    {Activation::sigmoid, "sigmoid", "σ"},
    {Activation::tanh, "tanh", "tanh"},
    {Activation::relu, "relu", "relu"},
    {Activation::leaky_relu, "leaky_relu", "lrelu"},
    {Activation::softmax, "softmax", "softmax"},
}};

// σ(z) = 1 / (1 + e^−z), written so that exp never overflows: for z < 0 use
// e^z / (1 + e^z), which is the same number.
double sigmoid(double z) {
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

}  // namespace

std::string_view to_string(Activation a) {
  for (const ActivationName& n : kNames) {
    if (n.activation == a) return n.name;
  }
  return "?";
}

std::optional<Activation> parse_activation(std::string_view name) {
  for (const ActivationName& n : kNames) {
    if (n.name == name) return n.activation;
  }
  return std::nullopt;
}

std::string_view activation_symbol(Activation a) {
  for (const ActivationName& n : kNames) {
    if (n.activation == a) return n.symbol;
  }
  return "?";
}

// a = f(z). z, a: (n, B). Element-wise except softmax, which normalizes each
// column (one sample) on its own.
void activation_forward(Activation f, const Eigen::MatrixXd& z, Eigen::MatrixXd& a) {
  a.resize(z.rows(), z.cols());  // no-op (no allocation) when the shape is unchanged
  switch (f) {
    case Activation::linear:
      a = z;
      break;
    case Activation::sigmoid:
      a = z.unaryExpr([](double v) { return sigmoid(v); });
      break;
    case Activation::tanh:
      tanh_array(z, a);  // vectorized; within 4 ulp of std::tanh
      break;
    case Activation::relu:
      a = z.array().max(0.0).matrix();
      break;
    case Activation::leaky_relu:
      a = (z.array() > 0.0).select(z.array(), kLeakySlope * z.array()).matrix();
      break;
    case Activation::softmax:
      // softmax(z)_k = e^{z_k − m} / Σ_j e^{z_j − m} with m = max_j z_j: the
      // shift cancels in the ratio and keeps every exponent ≤ 0 (no overflow).
      for (Eigen::Index c = 0; c < z.cols(); ++c) {
        const double m = z.col(c).maxCoeff();
        a.col(c) = (z.col(c).array() - m).exp().matrix();
        a.col(c) /= a.col(c).sum();
      }
      break;
  }
}

// dz = ∂L/∂z from da = ∂L/∂a. Every branch reads da and writes dz coefficient
// by coefficient (softmax: after one dot product per column), so da and dz may
// be the same matrix.
void activation_backward(Activation f, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                         const Eigen::MatrixXd& da, Eigen::MatrixXd& dz) {
  dz.resize(z.rows(), z.cols());
  switch (f) {
    case Activation::linear:
      // d z/dz = 1
      dz = da;
      break;
    case Activation::sigmoid:
      // d σ(z)/dz = σ(z)(1 − σ(z)) = a(1 − a)
      dz = (da.array() * a.array() * (1.0 - a.array())).matrix();
      break;
    case Activation::tanh:
      // d tanh(z)/dz = 1 − tanh(z)² = 1 − a²
      dz = (da.array() * (1.0 - a.array().square())).matrix();
      break;
    case Activation::relu:
      // d max(0, z)/dz = 1 for z > 0, 0 for z < 0; at the kink we take 0.
      dz = (z.array() > 0.0).select(da.array(), 0.0).matrix();
      break;
    case Activation::leaky_relu:
      // d lrelu(z)/dz = 1 for z > 0, 0.01 for z < 0; at the kink we take 0.01.
      dz = (z.array() > 0.0).select(da.array(), kLeakySlope * da.array()).matrix();
      break;
    case Activation::softmax:
      // Not element-wise: ∂a_k/∂z_i = a_k(δ_ki − a_i), so per sample
      // ∂L/∂z_i = Σ_k g_k a_k(δ_ki − a_i) = a_i (g_i − aᵀg), with g = ∂L/∂a.
      for (Eigen::Index c = 0; c < z.cols(); ++c) {
        const double a_dot_g = a.col(c).dot(da.col(c));
        dz.col(c) = (a.col(c).array() * (da.col(c).array() - a_dot_g)).matrix();
      }
      break;
  }
}

double activation_value(Activation f, double z) {
  switch (f) {
    case Activation::linear:
      return z;
    case Activation::sigmoid:
      return sigmoid(z);
    case Activation::tanh:
      return std::tanh(z);
    case Activation::relu:
      return z > 0.0 ? z : 0.0;
    case Activation::leaky_relu:
      return z > 0.0 ? z : kLeakySlope * z;
    case Activation::softmax:
      break;
  }
  assert(false && "softmax is not element-wise: use activation_forward");
  return z;
}

// f′ given z and the cached a = f(z). For softmax this is the diagonal of the
// Jacobian, ∂a_k/∂z_k = a_k(1 − a_k); the full Jacobian is in activation_backward.
double activation_derivative(Activation f, double z, double a) {
  switch (f) {
    case Activation::linear:
      return 1.0;
    case Activation::sigmoid:
      return a * (1.0 - a);
    case Activation::tanh:
      return 1.0 - a * a;
    case Activation::relu:
      return z > 0.0 ? 1.0 : 0.0;
    case Activation::leaky_relu:
      return z > 0.0 ? 1.0 : kLeakySlope;
    case Activation::softmax:
      return a * (1.0 - a);
  }
  return 1.0;
}

}  // namespace backstep
