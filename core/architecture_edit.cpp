#include "core/architecture_edit.hpp"

#include <algorithm>
#include <cassert>

namespace backstep {
namespace {

std::vector<int> sizes_of(const Mlp& net) {
  std::vector<int> sizes;
  for (int l = 0; l <= net.depth(); ++l) sizes.push_back(net.size(l));
  return sizes;
}

std::vector<Activation> activations_of(const Mlp& net) {
  std::vector<Activation> acts;
  for (const DenseLayer& layer : net.layers) acts.push_back(layer.activation);
  return acts;
}

Mlp drawn(const std::vector<int>& sizes, const std::vector<Activation>& acts, Loss loss,
          const InitSpec& init) {
  Mlp net = make_mlp(sizes, acts, loss);
  initialize(net, init);
  return net;
}

// "2", "2–3", "1, 4"
std::string layer_list(const std::vector<int>& layers) {
  std::string out;
  for (std::size_t i = 0; i < layers.size();) {
    std::size_t j = i;
    while (j + 1 < layers.size() && layers[j + 1] == layers[j] + 1) ++j;
    if (!out.empty()) out += ",";  // no space: the phrase table takes it as one token
    out += std::to_string(layers[i]);
    if (j > i) out += "–" + std::to_string(layers[j]);
    i = j + 1;
  }
  return out;
}

// Copies the block both shapes share (the first rows and columns) from `from`.
void keep_overlap(const DenseLayer& from, DenseLayer& to) {
  const Eigen::Index r = std::min(from.W.rows(), to.W.rows());
  const Eigen::Index c = std::min(from.W.cols(), to.W.cols());
  to.W.topLeftCorner(r, c) = from.W.topLeftCorner(r, c);
  to.b.head(r) = from.b.head(r);
}

}  // namespace

std::string ArchitectureEdit::summary() const {
  std::vector<int> kept;
  for (int l = 1; l <= net.depth(); ++l) {
    const bool touched = std::find(redrawn.begin(), redrawn.end(), l) != redrawn.end() ||
                         std::find(resized.begin(), resized.end(), l) != resized.end();
    if (!touched) kept.push_back(l);
  }
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  if (!redrawn.empty()) {
    add(std::string(redrawn.size() > 1 ? "new weights for layers " : "new weights for layer ") +
        layer_list(redrawn));
  }
  if (!resized.empty()) {
    add(resized.size() > 1
            ? "layers " + layer_list(resized) + " kept the weights of their remaining neurons"
            : "layer " + layer_list(resized) + " kept the weights of its remaining neurons");
    if (new_neurons) add("new neurons drawn");
  }
  if (!kept.empty())
    add(std::string(kept.size() > 1 ? "layers " : "layer ") + layer_list(kept) + " kept");
  return out;
}

ArchitectureEdit add_hidden_layer(const Mlp& net, int position, int neurons, Activation f,
                                  const InitSpec& init) {
  assert(position >= 1 && position <= net.depth());
  std::vector<int> sizes = sizes_of(net);
  std::vector<Activation> acts = activations_of(net);
  sizes.insert(sizes.begin() + position, neurons);
  acts.insert(acts.begin() + (position - 1), f);
  ArchitectureEdit e{drawn(sizes, acts, net.loss, init), {position, position + 1}, {}, false};
  // Layers before the new one are unchanged; the one after it reads a new
  // input width (drawn); every later layer keeps its weights.
  for (int l = 1; l < position; ++l) e.net.layer(l) = net.layer(l);
  for (int l = position + 2; l <= e.net.depth(); ++l) e.net.layer(l) = net.layer(l - 1);
  return e;
}

ArchitectureEdit remove_hidden_layer(const Mlp& net, int layer, const InitSpec& init) {
  assert(layer >= 1 && layer < net.depth());
  std::vector<int> sizes = sizes_of(net);
  std::vector<Activation> acts = activations_of(net);
  sizes.erase(sizes.begin() + layer);
  acts.erase(acts.begin() + (layer - 1));
  ArchitectureEdit e{drawn(sizes, acts, net.loss, init), {}, {}, false};
  // The old layer + 1 now reads layer − 1: drawn again unless the widths
  // happen to match, when its weights still fit and are kept.
  for (int l = 1; l < layer; ++l) e.net.layer(l) = net.layer(l);
  for (int l = layer; l <= e.net.depth(); ++l) {
    const DenseLayer& old = net.layer(l + 1);
    if (l > layer || old.W.cols() == e.net.layer(l).W.cols()) {
      e.net.layer(l) = old;
    } else {
      e.redrawn.push_back(l);
    }
  }
  return e;
}

ArchitectureEdit resize_hidden_layer(const Mlp& net, int layer, int count, const InitSpec& init) {
  assert(layer >= 1 && layer < net.depth());
  std::vector<int> sizes = sizes_of(net);
  sizes[layer] = count;
  ArchitectureEdit e{
      drawn(sizes, activations_of(net), net.loss, init), {}, {}, count > net.size(layer)};
  for (int l = 1; l <= e.net.depth(); ++l) {
    if (l == layer || l == layer + 1) {
      // Rows of W⁽ˡ⁾, b⁽ˡ⁾ (l = layer) or columns of W⁽ˡ⁺¹⁾: the old neurons keep theirs.
      keep_overlap(net.layer(l), e.net.layer(l));
      e.resized.push_back(l);
    } else {
      e.net.layer(l) = net.layer(l);
    }
  }
  return e;
}

}  // namespace backstep
