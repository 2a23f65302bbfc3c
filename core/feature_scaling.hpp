// Feature scaling for imported data: each input is shifted and divided,
// x' = (x − shift) / scale, with shift and scale fitted on the training part
// only and then applied unchanged to the test part, to the decision plane and
// to any later file evaluated against the model. The Dataset holds the scaled
// values (what the network sees); unscale() recovers the file's units for
// display.
#pragma once

#include <optional>
#include <string_view>

#include "core/mlp.hpp"

namespace backstep {

enum class ScalingMode {
  none,         // x' = x
  standardize,  // shift = mean, scale = population standard deviation (as sklearn's StandardScaler)
  minmax,       // shift = min, scale = max − min: the training inputs span [0, 1]
};

std::string_view scaling_name(ScalingMode mode);  // "none", "standardize", "minmax"
std::optional<ScalingMode> parse_scaling(std::string_view name);

struct FeatureScaling {
  ScalingMode mode = ScalingMode::none;
  Vector shift;  // one per input; empty for none
  Vector scale;  // one per input, every entry > 0; empty for none
  bool active() const { return mode != ScalingMode::none && shift.size() > 0; }
};

// Fitted on x (n_in, N), one sample per column. A constant input (s.d. or
// range 0) gets scale 1, so it maps to 0 rather than to a division by zero.
// Fitting on N = 0 samples gives the identity (shift 0, scale 1).
FeatureScaling fit_scaling(const Matrix& x, ScalingMode mode);

// x ← (x − shift) / scale column by column; no-op for none. x.rows() must
// equal the fitted input count.
void apply_scaling(const FeatureScaling& s, Matrix& x);
// The inverse, for showing an input in the file's units.
Vector unscale(const FeatureScaling& s, const Vector& x);

}  // namespace backstep
