// Activation functions f and their derivatives, switched in one place.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <string_view>

namespace backstep {

enum class Activation { linear, sigmoid, tanh, relu, leaky_relu, softmax };

inline constexpr double kLeakySlope = 0.01;

std::string_view to_string(Activation a);
std::optional<Activation> parse_activation(std::string_view name);
// Short symbol used in formulas: "σ", "tanh", "relu", "lrelu", "id", "softmax".
std::string_view activation_symbol(Activation a);

// a = f(z), column-wise for softmax (one sample per column). z, a: (n, B).
void activation_forward(Activation f, const Eigen::MatrixXd& z, Eigen::MatrixXd& a);
// dz = da ⊙ f′(z) for element-wise f; for softmax the full Jacobian product
// per column, dz = a ⊙ (da − aᵀda). a is the cached forward output. da and dz
// may be the same matrix (in-place).
void activation_backward(Activation f, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                         const Eigen::MatrixXd& da, Eigen::MatrixXd& dz);

// Scalar forms for the tracer and tests. Conventions at the kink:
// relu′(0) = 0, leaky_relu′(0) = 0.01.
double activation_value(Activation f, double z);  // element-wise f only
double activation_derivative(Activation f, double z, double a);

}  // namespace backstep
