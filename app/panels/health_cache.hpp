// The Gradient health panel's numbers: full-training-set statistics and
// histograms, recomputed when the session changes (at most every 0.25 s while
// playing). Buffers keep their size between frames, so an idle frame
// allocates nothing. Owned by UiState (app/state/view_caches.hpp).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

#include "core/health.hpp"

namespace backstep {

struct HealthCache {
  std::uint64_t revision = ~std::uint64_t{0};
  double computed_at = -1.0;
  HealthWorkspace hw;
  std::vector<LayerHealth> rows;
  std::vector<Histogram> weights, gradients;  // index l − 1
  double max_abs_grad = 0.0;                  // over every layer (fallback scale)
  std::vector<ImVec2> line;                   // polyline scratch
  std::vector<float> label_y, label_at;       // the norm lines' end labels, index l − 1
  std::vector<int> label_order;
};

}  // namespace backstep
