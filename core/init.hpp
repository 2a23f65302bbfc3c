// Parameter initializers. Biases start at zero for every scheme.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/mlp.hpp"

namespace backstep {

enum class Init {
  automatic,  // xavier for sigmoid/tanh/linear/softmax layers, he for relu/leaky_relu
  xavier,     // uniform(±√(6 / (n_in + n_out)))
  he,         // normal(0, √(2 / n_in))
  uniform,    // uniform(±a)
  zeros,      // all zero: shows the symmetry problem
};

struct InitSpec {
  Init kind = Init::automatic;
  double uniform_range = 0.5;  // a, for Init::uniform
  std::uint64_t seed = 1;
};

std::string_view to_string(Init i);
std::optional<Init> parse_init(std::string_view name);

// Draws every weight of `net` layer by layer, row by row (deterministic for a seed).
void initialize(Mlp& net, const InitSpec& spec);

}  // namespace backstep
