#include "core/init.hpp"

#include <cmath>

#include "core/random.hpp"

namespace backstep {

std::string_view to_string(Init i) {
  switch (i) {
    case Init::automatic:
      return "auto";
    case Init::xavier:
      return "xavier";
    case Init::he:
      return "he";
    case Init::uniform:
      return "uniform";
    case Init::zeros:
      return "zeros";
  }
  return "?";
}

std::optional<Init> parse_init(std::string_view name) {
  if (name == "auto" || name == "automatic") return Init::automatic;
  if (name == "xavier") return Init::xavier;
  if (name == "he") return Init::he;
  if (name == "uniform") return Init::uniform;
  if (name == "zeros") return Init::zeros;
  return std::nullopt;
}

namespace {

// relu-like units zero half their inputs, so they need twice the variance to
// keep activations from shrinking layer by layer (He); saturating units are
// balanced between forward and backward variance (Glorot/Xavier).
Init resolve(Init kind, Activation f) {
  if (kind != Init::automatic) return kind;
  return (f == Activation::relu || f == Activation::leaky_relu) ? Init::he : Init::xavier;
}

}  // namespace

void initialize(Mlp& net, const InitSpec& spec) {
  // One generator for the whole network, consumed layer by layer, row by row,
  // so the same seed and architecture always give the same weights.
  Rng rng(spec.seed);
  for (DenseLayer& layer : net.layers) {
    const Init kind = resolve(spec.kind, layer.activation);
    const double n_in = static_cast<double>(layer.W.cols());
    const double n_out = static_cast<double>(layer.W.rows());
    const double xavier_limit = std::sqrt(6.0 / (n_in + n_out));  // Var = limit²/3 = 2/(n_in+n_out)
    const double he_std = std::sqrt(2.0 / n_in);                  // Var = 2/n_in
    for (Eigen::Index j = 0; j < layer.W.rows(); ++j) {
      for (Eigen::Index k = 0; k < layer.W.cols(); ++k) {
        double w = 0.0;
        switch (kind) {
          case Init::automatic:  // resolved above
          case Init::xavier:
            w = rng.uniform(-xavier_limit, xavier_limit);
            break;
          case Init::he:
            w = he_std * rng.normal();
            break;
          case Init::uniform:
            w = rng.uniform(-spec.uniform_range, spec.uniform_range);
            break;
          case Init::zeros:
            break;
        }
        layer.W(j, k) = w;
      }
    }
    layer.b.setZero();
  }
}

}  // namespace backstep
