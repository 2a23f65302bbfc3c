#include "formats/pytorch_export.hpp"

#include "backstep/version.hpp"
#include "formats/json_util.hpp"

namespace backstep {
namespace {

// The torch module for an activation; nullptr-equivalent "" for linear.
std::string torch_activation(Activation a) {
  switch (a) {
    case Activation::linear:
      return "";
    case Activation::sigmoid:
      return "nn.Sigmoid()";
    case Activation::tanh:
      return "nn.Tanh()";
    case Activation::relu:
      return "nn.ReLU()";
    case Activation::leaky_relu:
      return "nn.LeakyReLU(0.01)";
    case Activation::softmax:
      return "nn.Softmax(dim=1)";  // one sample per row in PyTorch
  }
  return "";
}

// backstep's per-sample loss, batch-averaged, in PyTorch terms (DESIGN.md).
std::string torch_loss(Loss l) {
  switch (l) {
    case Loss::mse:
      return "0.5 * ((outputs - targets) ** 2).sum(dim=1).mean()";
    case Loss::bce:
      return "-(targets * torch.log(outputs) + (1 - targets) * torch.log(1 - outputs))"
             ".sum(dim=1).mean()";
    case Loss::ce:
      return "-(targets * torch.log(outputs)).sum(dim=1).mean()";
  }
  return "";
}

}  // namespace

std::string pytorch_script(const Mlp& net, const std::string& source,
                           const FeatureScaling& scaling) {
  std::string layers, weights, biases;
  // x' = (x − shift) / scale before layer 1, the constants of the training set.
  const std::string shift =
      scaling.active() ? json_util::to_json(scaling.shift).dump() : std::string("None");
  const std::string scale =
      scaling.active() ? json_util::to_json(scaling.scale).dump() : std::string("None");
  for (int l = 1; l <= net.depth(); ++l) {
    const DenseLayer& layer = net.layer(l);
    layers += "    (" + std::to_string(net.size(l - 1)) + ", " + std::to_string(net.size(l)) +
              ", \"" + std::string(to_string(layer.activation)) + "\"),\n";
    // nn.Linear.weight is (out, in) with weight[j][k] joining input k to
    // output j: exactly backstep's W⁽ˡ⁾ and weights[l−1][j][k].
    weights += "    " + json_util::to_json(layer.W).dump() + ",\n";
    biases += "    " + json_util::to_json(layer.b).dump() + ",\n";
  }
  std::string act_cases;
  for (Activation a : {Activation::sigmoid, Activation::tanh, Activation::relu,
                       Activation::leaky_relu, Activation::softmax}) {
    act_cases +=
        "    \"" + std::string(to_string(a)) + "\": lambda: " + torch_activation(a) + ",\n";
  }
  return R"PY(#!/usr/bin/env python3
"""A backstep network as PyTorch (float64), exported from )PY" +
         source + " by backstep " + kVersion + R"PY(.

    python3 model.py INPUT     INPUT: a backstep data file — JSON {"inputs": [[...], ...]}
                               or CSV (header optional; the first columns are the inputs)
prints the network's outputs, one sample a line, each value exact (repr).
Import it instead to get the module: `from model import build; net = build()`.
"""
import csv
import json
import sys

import torch
from torch import nn

torch.set_default_dtype(torch.float64)

# (inputs, outputs, activation) of layers 1 … L
LAYERS = [
)PY" + layers +
         R"PY(]
# WEIGHTS[l-1][j][k] = w(l)_jk: input k of layer l-1 to neuron j of layer l
WEIGHTS = [
)PY" + weights +
         R"PY(]
BIASES = [
)PY" + biases +
         R"PY(]
# Input scaling fitted on the training set (")PY" +
         std::string(scaling_name(scaling.mode)) + R"PY("): x' = (x - SHIFT) / SCALE before
# layer 1, so the module takes inputs in the data file's units. None: no scaling.
SHIFT = )PY" +
         shift + R"PY(
SCALE = )PY" +
         scale + R"PY(
LOSS = ")PY" +
         std::string(to_string(net.loss)) +
         R"PY("

ACTIVATIONS = {
)PY" + act_cases +
         R"PY(}


class Scale(nn.Module):
    """x' = (x - shift) / scale per input: backstep's feature scaling."""

    def __init__(self, shift, scale):
        super().__init__()
        self.register_buffer("shift", torch.tensor(shift, dtype=torch.float64))
        self.register_buffer("scale", torch.tensor(scale, dtype=torch.float64))

    def forward(self, x):
        return (x - self.shift) / self.scale


def build():
    """nn.Sequential of the input scaling (if any), nn.Linear layers and
    activations, with the constants above."""
    modules = [] if SHIFT is None else [Scale(SHIFT, SCALE)]
    for (n_in, n_out, activation), w, b in zip(LAYERS, WEIGHTS, BIASES):
        linear = nn.Linear(n_in, n_out, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(w, dtype=torch.float64))
            linear.bias.copy_(torch.tensor(b, dtype=torch.float64))
        modules.append(linear)
        if activation != "linear":
            modules.append(ACTIVATIONS[activation]())
    return nn.Sequential(*modules)


def loss(outputs, targets):
    """backstep's batch loss: the mean over samples of the per-sample loss."""
    return )PY" +
         torch_loss(net.loss) +
         R"PY(


def read_inputs(path):
    n_in = LAYERS[0][0]
    with open(path) as f:
        text = f.read()
    if text.lstrip().startswith("{"):
        rows = json.loads(text)["inputs"]
    else:
        rows = []
        for cells in csv.reader(text.splitlines()):
            try:
                rows.append([float(c) for c in cells[:n_in]])
            except ValueError:
                continue  # a header line
    return torch.tensor(rows, dtype=torch.float64).reshape(-1, n_in)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    net = build()
    with torch.no_grad():
        outputs = net(read_inputs(sys.argv[1]))
    for row in outputs.tolist():
        print(" ".join(repr(v) for v in row))


if __name__ == "__main__":
    main()
)PY";
}

}  // namespace backstep
