// A numeric CSV table: comma-separated, one sample per line, optional header.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace backstep {

struct CsvTable {
  std::vector<std::string> header;        // empty when the file has none
  std::vector<std::vector<double>> rows;  // every row has columns() cells
  std::vector<int> lines;                 // 1-based source line of each row
  int columns() const {
    return rows.empty() ? static_cast<int>(header.size()) : static_cast<int>(rows.front().size());
  }
};

// Blank lines and lines starting with '#' are skipped; CRLF and a UTF-8 BOM
// are accepted; a cell may be wrapped in double quotes. The first row is a
// header when any of its cells is not a number. Errors name "<file>:<line>"
// (1-based, counting the header) and the column.
Result<CsvTable> parse_csv(const std::string& text, const std::string& file);

}  // namespace backstep
