// A CSV table as people write it: comma-separated, one sample per line, an
// optional header row, and columns that hold numbers or text (class labels
// such as "setosa"). Nothing here decides which columns are inputs or
// targets: formats/table_data.* does.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace backstep {

struct CsvColumn {
  std::string name;               // the header cell; empty when the file has no header
  std::vector<double> numbers;    // one per row when the column is numeric; empty otherwise
  std::vector<std::string> text;  // one per row when any cell is not a number; empty otherwise
  int first_text_row = -1;        // the first row whose cell is not a number (text columns)
  bool is_text() const { return first_text_row >= 0; }
};

struct CsvTable {
  std::string file;
  bool has_header = false;
  std::vector<CsvColumn> columns;  // every column has one cell per row
  std::vector<int> lines;          // 1-based source line of each row
  int column_count() const { return static_cast<int>(columns.size()); }
  int row_count() const { return static_cast<int>(lines.size()); }
  // "<file>:<line>:<column>" of row r (0-based) and column c (0-based).
  std::string where(int r, int c) const;
  // `column 2 ("b")`, or `column 2` without a header name.
  std::string column_label(int c) const;
  // The error for a text cell where a number is needed: names the first one.
  Error not_a_number(int c) const;
};

// Blank lines and lines starting with '#' are skipped; CRLF and a UTF-8 BOM
// are accepted; a cell may be wrapped in double quotes (no commas inside).
//
// The first row is the header when one of its cells is text above a column
// whose other cells are all numbers ("sepal length (cm)" over 5.1, 4.9, …),
// or when every one of its cells is text; a first row whose only text cells
// sit in text columns ("5.1,3.5,1.4,0.2,setosa") is data. A file of one row
// is a header when any cell is text (and then has no data rows).
//
// Errors name "<file>:<line>:<column>" (1-based, counting the header): an
// empty cell, a non-finite number ("nan", "1e999"), a row of another width
// than the first.
Result<CsvTable> parse_csv(const std::string& text, const std::string& file);

}  // namespace backstep
