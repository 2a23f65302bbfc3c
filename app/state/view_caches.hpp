// The panels' view caches: numbers derived from the session (keyed by its
// revision), kept between frames so that an idle frame recomputes and
// allocates nothing. Never edited copies of model data. UiState owns them.
// The heatmaps hold GL objects: the frame loop (app/shell/gui.cpp) makes them
// once the GL context exists, and UiState is destroyed before the context.
#pragma once

#include <vector>

#include "app/gpu/heatmap_renderer.hpp"
#include "app/gpu/image_textures.hpp"
#include "app/panels/graph/graph_cache.hpp"
#include "app/panels/health_cache.hpp"
#include "app/panels/output/image_cache.hpp"
#include "app/panels/output/output_cache.hpp"

namespace backstep {

struct ViewCaches {
  GraphCache graph;                // the network graph's sample forward/backward and gradients
  HealthCache health;              // Gradient health's statistics and histograms
  OutputCache output;              // Data & output's predictions
  HeatmapsPtr heatmaps;            // every neuron's map and the decision view (GL textures)
  ImageTexturesPtr images;         // image inputs: sample pictures, weight images, gallery (GL)
  ImageViewCache image;            // image inputs: which gallery, which sample large
  std::vector<int> image_members;  // the gallery's samples this frame (kept: no allocation)
};

}  // namespace backstep
