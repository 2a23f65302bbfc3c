// A self-contained PyTorch script (float64) that builds the same network —
// nn.Linear layers and the same activations, softmax at the output if used —
// with the same weights. Run as `python3 model.py INPUT` it prints the
// network's outputs, one sample a line, so they can be compared with backstep's.
#pragma once

#include <string>

#include "core/feature_scaling.hpp"
#include "core/mlp.hpp"

namespace backstep {

// `source` is named in the script's header comment (e.g. the model file).
// An active `scaling` becomes the module's first step, x' = (x − shift) /
// scale, so the script reads data in the file's units as backstep does.
std::string pytorch_script(const Mlp& net, const std::string& source,
                           const FeatureScaling& scaling = {});

}  // namespace backstep
