// The words of the Data & output panel's legend for a single-output
// classifier: the caption and the colour bar's three labels. Written from the
// one decision threshold (core/dataset.hpp class_threshold) the accuracy, the
// background's neutral colour and the graph's output node use, so the legend
// cannot say "sign = class" while the app scores ŷ > 0.5. No GL.
#pragma once

#include <string>
#include <vector>

#include "core/activation.hpp"

namespace backstep {

struct ThresholdLegend {
  std::string caption;         // "Background: network output ŷ (ŷ > 0.5 → class 1)"
  std::string low, mid, high;  // the colour bar: "0: class 0", "0.5", "1: class 1"
};

// The background runs from threshold − scale (full class-0 colour) through the
// threshold (neutral) to threshold + scale (full class-1 colour).
// `class_names`: the two classes of imported data (class 0, class 1), or
// empty; named, the bar reads "0: cat" … "1: dog" and the caption "→ dog".
ThresholdLegend threshold_legend(Activation output, bool discretize, double scale,
                                 const std::vector<std::string>& class_names = {});

// Class k's label where classes appear (legend swatches, confusion matrix,
// graph output labels): its name from the data file, else "class k".
std::string class_label(const std::vector<std::string>& class_names, int k);

}  // namespace backstep
