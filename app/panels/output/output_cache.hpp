// The Data & output panel's numbers, kept between frames: the network's
// outputs on the whole dataset (recomputed only when the session changes; the
// views for more than 2 inputs draw every sample every frame) and the
// one-point forward pass of the hover read-out. Owned by UiState
// (app/state/view_caches.hpp).
#pragma once

#include <cstdint>

#include "core/mlp.hpp"
#include "core/session.hpp"

namespace backstep {

struct Predictions {
  std::uint64_t revision = ~std::uint64_t{0};
  const Session* session = nullptr;
  Workspace train, test;
};

struct OutputCache {
  Predictions predictions;
  Workspace point_ws;  // describe_output_at: one sample
  Matrix point_x;
};

}  // namespace backstep
