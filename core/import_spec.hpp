// How an imported data set was read: the file(s) and every choice made while
// reading them. A session keeps it so the data can be read again the same
// way (a session file of a large data set stores this, not the numbers), and
// the Dataset panel and the command line's data flags edit it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/feature_scaling.hpp"

namespace backstep {

// What a file held when it was imported: its size and a 64-bit FNV-1a hash
// of its bytes (formats/file_io.hpp), so a session that stores only the spec
// can tell that the file it reads again is the same one. 0/0: not known.
struct FileCheck {
  std::uint64_t size = 0;
  std::uint64_t hash = 0;
  bool known() const { return size > 0 || hash > 0; }
  bool operator==(const FileCheck&) const = default;
};

struct ImportSpec {
  // A CSV or JSON file; an IDX images file (its labels file is found beside
  // it); or a directory holding an IDX train/t10k pair.
  std::string path;
  // A separate test file in the same format; empty: test_share of `path`
  // (or t10k for an IDX directory).
  std::string test_path;
  // The CSV target column: a header name or a 1-based column index. Empty:
  // the last n_L columns, as before (the network's output size).
  std::string target;
  // nullopt: the default for the format, which import_dataset resolves:
  // standardized inputs for CSV and JSON, none for IDX pixels (already in
  // [0, 1], and a standardized image would no longer look like one). Given:
  // that mode for any format (--scale).
  std::optional<ScalingMode> scaling;
  double test_share = 0.0;       // 0 … 0.9: held out, stratified for classes
  std::uint64_t split_seed = 1;  // the split's shuffle
  ImageShape image;              // --image WxH for a CSV of pixels
  // Names of integer class labels 0, 1, …, K−1 where the file has only
  // numbers (an IDX labels file): a data preset's "class_names".
  std::vector<std::string> label_names;
  // Filled in by the import (formats/data_import), not chosen by the user.
  FileCheck file_check;       // of `path`
  FileCheck test_file_check;  // of `test_path`
  // A CSV's header names, one a column (empty without a header, for JSON and
  // IDX): what the Dataset panel's target picker offers.
  std::vector<std::string> columns;
  bool operator==(const ImportSpec&) const = default;
};

}  // namespace backstep
