// Data files: JSON {"inputs": [[…], …], "targets": [[…], …]} (one row a
// sample) or CSV (numeric columns, optional header, the last n_out columns
// are the targets). Loaded into a Dataset with one sample per column.
#pragma once

#include <string>

#include "core/dataset.hpp"
#include "core/result.hpp"

namespace backstep {

// Expected widths; 0 means "take it from the file" (a CSV file always needs
// n_out, since nothing else says where the targets start). A mismatch with a
// non-zero width is an error naming the file and the place.
struct DataShape {
  int inputs = 0;
  int outputs = 0;
};

Result<Dataset> parse_data_json(const std::string& text, const std::string& file, DataShape shape);
Result<Dataset> parse_data_csv(const std::string& text, const std::string& file, DataShape shape);
// CSV when the name ends in .csv, JSON when it ends in .json; otherwise by
// the first non-blank character ('{' → JSON).
Result<Dataset> read_data(const std::string& path, DataShape shape);

std::string data_to_json(const Dataset& data);
// Header "x1,…,xn,t1,…,tm"; numbers round-trip exact.
std::string data_to_csv(const Dataset& data);
// Atomic; the format follows the extension as in read_data (JSON by default).
Status write_data(const std::string& path, const Dataset& data);

}  // namespace backstep
