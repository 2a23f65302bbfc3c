// Importing a data file into the running session: read and check the file(s)
// an ImportSpec names, choose the target column, code the classes, hold out
// the test part, scale the inputs, and build the LoadDataset command. Nothing
// in the session changes until the command is applied, so a bad file (its
// error names the file, line and column) leaves the current data loaded.
#pragma once

#include <string>

#include "core/commands.hpp"
#include "core/import_spec.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"
#include "formats/model_io.hpp"

namespace backstep {

// Everything the spec says, for `net`:
//   - spec.path: CSV (by extension .csv, or a first character other than '{')
//     or JSON; formats/table_data.hpp says how the target is chosen and how a
//     class column is read. (An IDX file or directory is dispatched first.)
//   - classes: K one-hot rows, except two classes for a single-output network
//     that can express them (sigmoid, tanh): one target, the first class 0
//     (−1 for tanh) and the second 1, as the generated two-class sets. K
//     one-hot rows make core/data_fit's output K softmax units with ce.
//   - the test part: spec.test_path (same columns; the training file's class
//     list and coding), or spec.test_share of the file (core/holdout.hpp,
//     stratified by class, seeded by spec.split_seed), or none.
//   - spec.scaling fitted on the training part only and applied to both.
//   - spec.image: its pixel count must equal the input count.
// The result carries the spec (Session::data_import) and the path as source.
//
// `trained`: what a trained network's inputs and outputs already mean (a
// model file's "input_scaling" and "class_names"). Its class list and order
// code the labels (a class it lacks is an error naming the line), and its
// active scaling is applied instead of one fitted on this data.
Result<LoadDataset> import_dataset(const ImportSpec& spec, const Mlp& net,
                                   const ModelDataInfo* trained = nullptr);

// "standardized with the training set's mean and s.d." and the like, for
// messages and the man page's wording; "" for none.
std::string describe_scaling(ScalingMode mode);

}  // namespace backstep
