// Architecture edits that keep what they can: adding or removing a hidden
// layer, or changing its neuron count, redraws only the weights whose shape
// the edit changes. Untouched layers keep their weights; a resized layer keeps
// its existing neurons (rows of W⁽ˡ⁾ and b⁽ˡ⁾, columns of W⁽ˡ⁺¹⁾), and only
// the new ones are drawn. New values come from the session's InitSpec, drawn
// for the new shape exactly as a fresh network of that shape would draw them.
#pragma once

#include <string>
#include <vector>

#include "core/activation.hpp"
#include "core/init.hpp"
#include "core/mlp.hpp"

namespace backstep {

struct ArchitectureEdit {
  Mlp net;
  std::vector<int> redrawn;     // layers (new numbering) whose parameters were all drawn afresh
  std::vector<int> resized;     // layers that kept the parameters of their remaining neurons
  bool new_neurons = false;     // … and drew those of added neurons
  std::string summary() const;  // "new weights for layers 2–3; layer 1 kept"
};

// A hidden layer of `neurons` units becomes layer `position` (1 ≤ position ≤ L).
ArchitectureEdit add_hidden_layer(const Mlp& net, int position, int neurons, Activation f,
                                  const InitSpec& init);
// Hidden layer `layer` (1 ≤ layer < L) goes; its successor now reads layer − 1.
ArchitectureEdit remove_hidden_layer(const Mlp& net, int layer, const InitSpec& init);
// Hidden layer `layer` gets `count` neurons.
ArchitectureEdit resize_hidden_layer(const Mlp& net, int layer, int count, const InitSpec& init);

}  // namespace backstep
