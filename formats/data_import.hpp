// Importing a data file into the running session: read and check the file,
// then build the LoadDataset command. Nothing in the session changes until the
// command is applied, so a bad file (its error names the file and line)
// leaves the current data loaded.
#pragma once

#include <string>

#include "core/commands.hpp"
#include "core/mlp.hpp"
#include "core/result.hpp"

namespace backstep {

// `target_columns`: for CSV, how many trailing columns are targets (0: the
// network's output size). JSON files say it themselves. The whole file
// becomes the training set; the task is inferred from the targets.
Result<LoadDataset> import_dataset(const std::string& path, const Mlp& net, int target_columns);

}  // namespace backstep
