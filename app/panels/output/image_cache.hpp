// View state of the views made for image inputs (app/panels/output/image_views.cpp,
// app/panels/graph/weight_images.cpp): which confusion cell's gallery is open,
// its page, and which sample is shown large. Owned by UiState
// (app/state/view_caches.hpp). No model data: indices, scales and a scratch buffer.
#pragma once

#include <vector>

namespace backstep {

struct ImageViewCache {
  // The confusion-matrix cell whose samples the gallery shows (−1: none), and
  // the set they are of.
  int gallery_true = -1, gallery_pred = -1;
  bool gallery_test = true;
  int gallery_page = 0;
  // A sample shown large instead of the selected one (a gallery click on a
  // test sample): its index in the test set, or −1.
  int large_test = -1;
  // The first-layer neuron whose weight image the mouse is over (−1: none),
  // for the large view beside its ∂L/∂w image.
  int hovered_weight_neuron = -1;
  // The colour scales of the weight images and of the ∂L/∂w image as last
  // uploaded (±scale at full colour), for their legends.
  double weights_scale = 1.0, gradient_scale = 1.0;
  std::vector<double> scale_scratch;  // quantile_scale's, kept between refreshes
};

}  // namespace backstep
