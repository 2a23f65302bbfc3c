#include "core/data_fit.hpp"

#include <algorithm>

namespace backstep {

namespace {

bool can_express_classes(Activation a) {
  return a != Activation::linear;
}

// Loss for an output activation when the old one no longer fits: the fused,
// well-conditioned pairs for probabilities, squared error otherwise.
Loss natural_loss(Activation a) {
  if (a == Activation::softmax) return Loss::ce;
  if (a == Activation::sigmoid) return Loss::bce;
  return Loss::mse;
}

// Number of classes a classification generator produces: 2 if it encodes into
// one sigmoid output, else the K for which it accepts K softmax outputs.
int probe_classes(const GeneratorSpec& spec) {
  GeneratorSpec tiny = spec;
  tiny.count = 64;
  tiny.test_ratio = 0.0;
  if (generate_dataset(tiny, Activation::sigmoid, 1)) return 2;
  for (int k = 3; k <= 16; ++k) {
    if (generate_dataset(tiny, Activation::softmax, k)) return k;
  }
  return 2;
}

bool targets_are_classes(const Matrix& t) {
  return t.size() > 0 && (t.array() == 0.0 || t.array() == 1.0).all();
}

}  // namespace

OutputCoding output_coding_for(const Mlp& net, Task task, int classes) {
  const Activation act = net.layer(net.depth()).activation;
  OutputCoding keep{net.output_size(), act, net.loss};
  if (task == Task::regression) {
    if (act == Activation::tanh || act == Activation::linear) {
      return {1, act, Loss::mse};
    }
    return {1, Activation::linear, Loss::mse};
  }
  if (classes >= 3) return {classes, Activation::softmax, Loss::ce};
  if (act == Activation::softmax) return {2, Activation::softmax, Loss::ce};
  if (!can_express_classes(act)) return {1, Activation::sigmoid, Loss::bce};
  if (keep.size > 2) keep.size = 1;
  return keep;
}

Mlp reshape_for(const Mlp& net, int inputs, const OutputCoding& out, const InitSpec& init) {
  const int depth = net.depth();
  const Activation act = net.layer(depth).activation;
  if (net.input_size() == inputs && net.output_size() == out.size && act == out.activation) {
    Mlp same = net;
    same.loss = out.loss;  // weights kept: only how the error is measured changes
    return same;
  }
  std::vector<int> sizes{inputs};
  std::vector<Activation> acts;
  for (int l = 1; l < depth; ++l) {
    sizes.push_back(net.size(l));
    acts.push_back(net.layer(l).activation);
  }
  sizes.push_back(out.size);
  acts.push_back(out.activation);
  Mlp fresh = make_mlp(sizes, acts, out.loss);
  initialize(fresh, init);
  return fresh;
}

Result<DataSplit> generate_for(const GeneratorSpec& spec, const Mlp& net, const InitSpec& init,
                               Mlp& fitted) {
  const std::optional<Task> task = generator_task(spec.name);
  if (!task) {
    // Unknown name: let the generator say so, listing the known ones.
    return generate_dataset(spec, net.layer(net.depth()).activation, net.output_size());
  }
  const int classes = *task == Task::classification ? probe_classes(spec) : 0;
  const OutputCoding out = output_coding_for(net, *task, classes);
  Result<DataSplit> data = generate_dataset(spec, out.activation, out.size);
  if (!data) return data;
  fitted = reshape_for(net, static_cast<int>(data.value().train.x.rows()), out, init);
  return data;
}

Mlp fit_to_data(const Mlp& net, const DataSplit& data, const InitSpec& init) {
  const int inputs = static_cast<int>(data.train.x.rows());
  const int targets = static_cast<int>(data.train.t.rows());
  const Activation act = net.layer(net.depth()).activation;
  OutputCoding out{targets, act, net.loss};
  const bool classes = targets_are_classes(data.train.t);
  // A class column read from a file (named classes, K ≥ 2 one-hot rows):
  // softmax + ce whatever the output was, so the outputs are the classes'
  // probabilities (two sigmoid or tanh outputs would not sum to one).
  const bool named_classes =
      !data.class_names.empty() && classes && static_cast<int>(data.class_names.size()) == targets;
  if (targets >= 2 && named_classes) {
    out = {targets, Activation::softmax, Loss::ce};
  } else if (targets >= 2 && targets != net.output_size()) {
    if (classes) {
      out = {targets, Activation::softmax, Loss::ce};
    } else if (act == Activation::softmax) {
      out = {targets, Activation::linear, Loss::mse};
    }
  } else if (targets == 1 && act == Activation::softmax) {
    out.activation = classes ? Activation::sigmoid : Activation::linear;
    out.loss = natural_loss(out.activation);
  }
  return reshape_for(net, inputs, out, init);
}

std::string describe_shape(const Mlp& net) {
  std::string text;
  for (int l = 0; l <= net.depth(); ++l) {
    if (l > 0) text += " → ";
    text += std::to_string(net.size(l));
  }
  text += " ";
  text += to_string(net.layer(net.depth()).activation);
  return text;
}

}  // namespace backstep
