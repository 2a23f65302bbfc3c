// Fitting the network to new data: when a dataset with a different number of
// inputs, targets or classes is generated or imported, the input and output
// layers follow it (hidden layers stay as the user built them).
#pragma once

#include <string>

#include "core/dataset.hpp"
#include "core/init.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"

namespace backstep {

// The output layer a task needs, starting from the current network's:
//   regression      → 1 output; tanh/linear kept, otherwise linear; loss mse
//   2 classes       → 1 or 2 outputs kept if the activation can express
//                     classes (not linear), otherwise 1 sigmoid with bce
//   K ≥ 3 classes   → K softmax outputs with ce
struct OutputCoding {
  int size = 1;
  Activation activation = Activation::sigmoid;
  Loss loss = Loss::bce;
};
OutputCoding output_coding_for(const Mlp& net, Task task, int classes);

// `net` with n_0 = inputs and the given output coding. Unchanged (same object
// value, weights kept) when it already fits; otherwise the same hidden layers,
// freshly initialized from `init`.
Mlp reshape_for(const Mlp& net, int inputs, const OutputCoding& out, const InitSpec& init);

// Generates `spec` for `net`, choosing the output coding the generator needs
// (probing the number of classes). `fitted` receives the network to use: the
// current one if it fits, else a reshaped one.
Result<DataSplit> generate_for(const GeneratorSpec& spec, const Mlp& net, const InitSpec& init,
                               Mlp& fitted);

// Imported data: the network reshaped to its input and target rows. The
// output coding: K ≥ 2 one-hot rows of named classes (a class column) →
// softmax + ce always; several one-hot targets → softmax + ce; 1 target keeps the
// activation unless it is softmax (→ sigmoid + bce for {0, 1} classes, else
// linear + mse).
Mlp fit_to_data(const Mlp& net, const DataSplit& data, const InitSpec& init);

// "2 → 8 → 8 → 1 tanh" for messages.
std::string describe_shape(const Mlp& net);

}  // namespace backstep
