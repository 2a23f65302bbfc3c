#include "core/session_validate.hpp"

#include <cmath>
#include <string>

namespace backstep {

namespace {

Status err(std::string text) {
  return Error{std::move(text)};
}
std::string num(long v) {
  return std::to_string(v);
}

bool output_in_unit_interval(Activation a) {
  return a == Activation::sigmoid || a == Activation::softmax;
}

Status loss_fits(Loss loss, Activation out) {
  if ((loss == Loss::bce || loss == Loss::ce) && !output_in_unit_interval(out)) {
    return err(std::string(to_string(loss)) + " takes the log of the output, so it needs a " +
               "sigmoid or softmax output layer (the output is " + std::string(to_string(out)) +
               ")");
  }
  return Ok{};
}

Status dataset_fits(const Mlp& net, const Dataset& d, const char* which) {
  if (d.x.cols() != d.t.cols())
    return err(std::string(which) + " data has " + num(d.x.cols()) + " inputs but " +
               num(d.t.cols()) + " targets");
  if (d.x.rows() != net.input_size())
    return err(std::string(which) + " data has " + num(d.x.rows()) +
               " input columns; the network's input layer has " + num(net.input_size()));
  if (d.t.rows() != net.output_size())
    return err(std::string(which) + " data has " + num(d.t.rows()) +
               " target columns; the network's output layer has " + num(net.output_size()));
  if (!d.x.allFinite() || !d.t.allFinite())
    return err(std::string(which) + " data contains NaN or Inf");
  return Ok{};
}

}  // namespace

Status validate_net(const Mlp& net) {
  if (net.depth() < 1) return err("the network needs at least an output layer");
  const int n0 = static_cast<int>(net.layers.front().W.cols());
  if (n0 < 1) return err("the input layer needs at least one neuron");
  int prev = n0;
  for (int l = 1; l <= net.depth(); ++l) {
    const DenseLayer& layer = net.layer(l);
    const std::string at = "layer " + num(l) + ": ";
    if (layer.W.rows() < 1) return err(at + "needs at least one neuron");
    if (layer.W.cols() != prev)
      return err(at + "W has " + num(layer.W.cols()) + " columns, layer " + num(l - 1) + " has " +
                 num(prev) + " neurons");
    if (layer.b.size() != layer.W.rows())
      return err(at + "b has " + num(layer.b.size()) + " entries, W has " + num(layer.W.rows()) +
                 " rows");
    if (!layer.W.allFinite() || !layer.b.allFinite()) return err(at + "a parameter is NaN or Inf");
    if (Status v = validate_activation(net, l, layer.activation); !v) return v;
    prev = static_cast<int>(layer.W.rows());
  }
  return validate_loss(net, net.loss);
}

Status validate_hidden_size(int n) {
  if (n < 1 || n > kMaxHiddenNeurons)
    return err("a hidden layer has 1 … " + num(kMaxHiddenNeurons) + " neurons, got " + num(n));
  return Ok{};
}

Status validate_activation(const Mlp& net, int layer, Activation a) {
  if (layer < 1 || layer > net.depth())
    return err("layer " + num(layer) + " does not exist (1 … " + num(net.depth()) + ")");
  const bool output = layer == net.depth();
  if (a == Activation::softmax) {
    if (!output) return err("softmax is only for the output layer");
    if (net.output_size() < 2) return err("softmax needs at least 2 output neurons");
  }
  if (output) return loss_fits(net.loss, a);
  return Ok{};
}

Status validate_loss(const Mlp& net, Loss loss) {
  return loss_fits(loss, net.layer(net.depth()).activation);
}

Status validate_weight_index(const Mlp& net, int layer, int j, int k) {
  if (layer < 1 || layer > net.depth())
    return err("layer " + num(layer) + " does not exist (1 … " + num(net.depth()) + ")");
  if (j < 0 || j >= net.size(layer))
    return err("neuron " + num(j) + " does not exist in layer " + num(layer) + " (0 … " +
               num(net.size(layer) - 1) + ")");
  if (k < 0 || k >= net.size(layer - 1))
    return err("neuron " + num(k) + " does not exist in layer " + num(layer - 1) + " (0 … " +
               num(net.size(layer - 1) - 1) + ")");
  return Ok{};
}

Status validate_schedule(const Schedule& s) {
  if (s.step_every < 1) return err("schedule: step_every must be ≥ 1");
  if (!std::isfinite(s.gamma) || s.gamma <= 0.0 || s.gamma > 1.0)
    return err("schedule: gamma must be in (0, 1]");
  if (s.total_steps < 1) return err("schedule: total_steps must be ≥ 1");
  if (!std::isfinite(s.min_factor) || s.min_factor < 0.0 || s.min_factor > 1.0)
    return err("schedule: min_factor must be in [0, 1]");
  return Ok{};
}

Status validate_hyperparams(const Hyperparams& hp) {
  if (!std::isfinite(hp.learning_rate) || hp.learning_rate <= 0.0 || hp.learning_rate > 10.0)
    return err("learning rate must be in (0, 10]");
  if (hp.batch_size < 0) return err("batch size must be ≥ 0 (0 = full batch)");
  const double lambda = hp.regularization.lambda;
  if (!std::isfinite(lambda) || lambda < 0.0 || lambda > 10.0)
    return err("regularization rate must be in [0, 10]");
  if (!std::isfinite(hp.clip_norm) || hp.clip_norm < 0.0) return err("clip norm must be ≥ 0");
  const OptimizerConfig& o = hp.optimizer;
  auto unit = [](double v) { return std::isfinite(v) && v >= 0.0 && v < 1.0; };
  if (!unit(o.momentum) || !unit(o.rho) || !unit(o.beta1) || !unit(o.beta2))
    return err("optimizer: momentum, rho, beta1, beta2 must be in [0, 1)");
  if (!std::isfinite(o.epsilon) || o.epsilon <= 0.0) return err("optimizer: epsilon must be > 0");
  return validate_schedule(hp.schedule);
}

Status check_data_fits(const Mlp& net, const DataSplit& data) {
  if (data.train.count() < 1) return err("the training set is empty");
  if (Status v = dataset_fits(net, data.train, "training"); !v) return v;
  if (data.test.count() > 0 || data.test.t.cols() > 0) {
    if (Status v = dataset_fits(net, data.test, "test"); !v) return v;
  }
  return Ok{};
}

}  // namespace backstep
