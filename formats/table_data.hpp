// A data file's columns turned into inputs and targets: which column is the
// target (a header name or a 1-based index), whether it holds class labels,
// and the class names. Encoding the classes for a network (one-hot or one
// 0/1 output), the test split and the scaling come after, in
// formats/data_import.
#pragma once

#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/result.hpp"
#include "formats/csv.hpp"

namespace backstep {

struct TableData {
  Matrix x;                              // (n_in, N)
  Matrix t;                              // (n_out, N) numeric targets; empty (0 rows) for classes
  std::vector<std::string> class_names;  // a class column's classes; empty for numeric targets
  std::vector<int> labels;               // each sample's class, 0 … K−1 (classes only)
  std::vector<std::string> columns;      // every column's header name (CSV with a header)
  std::vector<int> lines;                // each sample's source line (CSV), for messages
  bool is_classes() const { return !class_names.empty(); }
  int count() const { return static_cast<int>(x.cols()); }
};

// At most this many classes: a label column with more distinct values is an
// error ("this does not look like a class column").
inline constexpr int kMaxClasses = 100;

// `target`: empty, or comma-separated header names or 1-based column
// indices. Empty: the last column when it holds text (class labels), else the
// last `default_targets` columns as numbers. One chosen column that holds
// text, or only integers, is a class column; several chosen columns are
// numeric targets as they stand.
//
// Class order: names in order of first appearance in the file for text
// labels; numeric order for integer labels (the names are the integers,
// "0", "1", "2"). `known_classes` (a test file read against its training
// file): that list and order instead, and a label not in it is an error
// naming the line.
Result<TableData> table_data(const CsvTable& table, const std::string& target, int default_targets,
                             const std::vector<std::string>* known_classes);

// JSON: {"inputs": [[…], …], "targets": [[…], …]}, or "labels" instead of
// "targets": one class per sample, integers or strings. An optional
// "classes": ["setosa", …] gives the class names and their order: a string
// label must be one of them, an integer label k means classes[k] (0-based, as
// sklearn's target_names). Without "classes", string labels are ordered by
// first appearance and integer labels numerically. With "targets",
// "classes" names the one-hot outputs (one name per target row).
Result<TableData> json_data(const std::string& text, const std::string& file,
                            const std::vector<std::string>* known_classes);

}  // namespace backstep
