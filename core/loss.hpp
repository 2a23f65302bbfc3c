// Losses: batch loss = mean over the B samples (columns) of the per-sample loss.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <string_view>

#include "core/activation.hpp"

namespace backstep {

enum class Loss { mse, bce, ce };

std::string_view to_string(Loss l);
std::optional<Loss> parse_loss(std::string_view name);

// Mean per-sample loss. z and a are the output layer's pre-activation and
// activation, t the targets, all (n_L, B). bce with a sigmoid output and ce with
// a softmax output are computed stably from z.
double loss_forward(Loss loss, Activation out, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                    const Eigen::MatrixXd& t);
// ℓ = Σₖ ℓₖ, the loss of sample `col` (no 1/B), used by the tracer and the UI.
double loss_of_sample(Loss loss, Activation out, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                      const Eigen::MatrixXd& t, int col);
// ℓₖ, output k's term of the loss of sample `col` (no 1/B), from z where the
// loss is fused with its activation, exactly as loss_of_sample sums it.
double loss_term(Loss loss, Activation out, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                 const Eigen::MatrixXd& t, int k, int col);
// ∂ℓ/∂aₖ of sample `col` (no 1/B), on the clamped a for bce and ce; the g that
// loss_backward sends through f′ (or softmax's Jacobian) when no pair is fused.
double loss_gradient_wrt_output(Loss loss, const Eigen::MatrixXd& a, const Eigen::MatrixXd& t,
                                int k, int col);

// δ⁽ᴸ⁾ = ∂L/∂Z⁽ᴸ⁾ including the 1/B of the batch mean (the only place it is
// applied). Fused (A−T)/B for sigmoid+bce and softmax+ce; softmax with any
// other loss goes through its full Jacobian. `scratch` avoids allocation.
void loss_backward(Loss loss, Activation out, const Eigen::MatrixXd& z, const Eigen::MatrixXd& a,
                   const Eigen::MatrixXd& t, Eigen::MatrixXd& dz, Eigen::MatrixXd& scratch);

}  // namespace backstep
