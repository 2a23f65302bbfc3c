#include "formats/csv.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace backstep {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

std::vector<std::string_view> split_cells(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(
        trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return cells;
}

// The whole cell must be a finite number; why not otherwise.
// Appends rather than `"\"" + std::string(…)`, which trips a GCC 12 -Wrestrict
// false positive.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  out.append(s).append("\"");
  return out;
}

struct Parsed {
  std::optional<double> value;
  std::string problem;
  bool text = false;  // not even number syntax ("x1", "abc"): header material
};

Parsed parse_number(std::string_view cell) {
  if (cell.empty()) return {std::nullopt, "empty cell"};
  std::string_view digits = cell;
  if (digits.front() == '+') digits.remove_prefix(1);
  double x = 0.0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
  if (end != digits.data() + digits.size() || ec == std::errc::invalid_argument) {
    return {std::nullopt, quoted(cell) + " is not a number", true};
  }
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves x untouched on overflow and on underflow; strtod tells
    // them apart (a denormal or 0 is fine, ±HUGE_VAL is not).
    x = std::strtod(std::string(digits).c_str(), nullptr);
  }
  if (!std::isfinite(x)) return {std::nullopt, quoted(cell) + " is not a finite number"};
  return {x, {}};
}

}  // namespace

Result<CsvTable> parse_csv(const std::string& text, const std::string& file) {
  std::string_view rest(text);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  CsvTable table;
  bool first = true;
  int line_no = 0;
  int header_line = 0;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    ++line_no;
    const std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;

    const std::vector<std::string_view> cells = split_cells(line);
    const std::string where = file + ":" + std::to_string(line_no);
    std::vector<double> row;
    row.reserve(cells.size());
    std::string problem;
    std::size_t bad_column = 0;
    bool has_text = false;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      Parsed p = parse_number(cells[c]);
      if (!p.value) {
        has_text = has_text || p.text;
        if (problem.empty()) {
          problem = p.problem;
          bad_column = c + 1;
        }
        continue;
      }
      row.push_back(*p.value);
    }
    if (first && has_text) {  // a non-numeric first row is the header
      for (std::string_view c : cells) table.header.emplace_back(c);
      header_line = line_no;
      first = false;
      continue;
    }
    first = false;
    const int expected = table.columns();
    if ((expected > 0 || header_line > 0) && static_cast<int>(cells.size()) != expected) {
      const int ref_line = table.rows.empty() ? header_line : table.lines.front();
      return Error{where + ": expected " + std::to_string(expected) + " columns (as on line " +
                   std::to_string(ref_line) + "), got " + std::to_string(cells.size())};
    }
    if (!problem.empty()) {
      std::string name;
      if (bad_column <= table.header.size() && !table.header[bad_column - 1].empty()) {
        name = " (\"" + table.header[bad_column - 1] + "\")";
      }
      return Error{where + ": column " + std::to_string(bad_column) + name + ": " + problem};
    }
    table.rows.push_back(std::move(row));
    table.lines.push_back(line_no);
  }
  if (table.rows.empty()) {
    return Error{file + ":" + std::to_string(std::max(line_no, 1)) +
                 (table.header.empty() ? ": empty file" : ": no data rows after the header")};
  }
  return table;
}

}  // namespace backstep
