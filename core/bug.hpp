// The Bug lab's catalogue: the classic backprop mistakes, by stable name.
// Each is an exact, deterministic variant of one backward or update formula
// (core/bug_lab.hpp computes it). Off by default; `Bug::none` is the correct
// engine, bit for bit.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace backstep {

enum class Bug {
  none,
  sigmoid_prime_of_z,      // σ′ computed as z(1 − z): a(1 − a) applied to z
  tanh_prime_of_z,         // tanh′ computed as 1 − z² instead of 1 − a²
  loss_derivative_factor,  // ∂ℓ/∂a = 2(a − t) while the loss is ½(a − t)² (mse)
  no_batch_mean,           // the 1/B of the batch mean forgotten
  update_before_backprop,  // W⁽ᴸ⁾, b⁽ᴸ⁾ updated first; hidden δ through the updated W⁽ᴸ⁾
  no_activation_derivative,  // hidden δ without its f′(z) factor
  bias_sum_over_neurons,  // one scalar ∂L/∂b per layer (Σ over neurons and batch) for every bias
  softmax_jacobian_twice,  // softmax + ce with δ = (a − t) ⊙ a(1 − a)
  relu_prime_one,          // relu′ = 1 everywhere
  gradient_ascent,         // the update's sign flipped: θ + η·∂L/∂θ
};

// Every bug but none, in the catalogue's order.
const std::vector<Bug>& all_bugs();
// The command line's stable name: "sigmoid-prime-of-z", …; "none" for none.
std::string_view bug_name(Bug bug);
std::optional<Bug> parse_bug(std::string_view name);
// "none, sigmoid-prime-of-z, …": for the message of an unknown name.
std::string bug_name_list();
// Whether the bug changes ∂L/∂θ (a gradient check can catch it) or only the
// update (gradient-ascent: only the update's sign).
bool bug_changes_gradient(Bug bug);

}  // namespace backstep
