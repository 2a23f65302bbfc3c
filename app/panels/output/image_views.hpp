// Data & output for image inputs (DataSplit::image): the selected sample as a
// picture with its label, the prediction and the class probabilities, the
// confusion matrix, and a gallery of the samples in a clicked cell.
#pragma once

#include <cstdint>
#include <string>

#include "app/state/command_queue.hpp"
#include "app/state/ui_state.hpp"
#include "core/session.hpp"

namespace backstep {

// A sample's picture as grey RGBA pixels (app/colormap/image_pixels.hpp),
// from its inputs in the file's units: unscaled first when the data are
// scaled (standardized pixels would show every pixel's own z-score).
void sample_pixels(const Session& s, const double* inputs, std::uint8_t* rgba);

// Class k's name: the data's class name, else "class k".
std::string class_label(const Session& s, int k);

// The network's outputs (n_L, N) on the whole training or test set: the
// session's last full-set evaluation (the numbers its loss and accuracy are
// of), or, when that does not fit the set, the output panel's own forward
// pass (app/panels/output/output_cache.hpp). Null for an empty set.
const Matrix* set_outputs(const Session& s, UiState& ui, bool test);

// The whole view for image inputs.
void draw_image_output(const Session& s, UiState& ui, CommandQueue& q);

}  // namespace backstep
