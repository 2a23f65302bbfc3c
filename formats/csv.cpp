#include "formats/csv.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
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

// The cells of one line into `cells` (reused from line to line, so a large
// file is split without an allocation per line).
void split_cells(std::string_view line, std::vector<std::string_view>& cells) {
  cells.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(
        trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

// Appends rather than `"\"" + std::string(…)`, which trips a GCC 12 -Wrestrict
// false positive.
std::string in_quotes(std::string_view s) {
  std::string out = "\"";
  out.append(s).append("\"");
  return out;
}

enum class CellKind { number, text, empty, non_finite };

struct Cell {
  CellKind kind = CellKind::number;
  double value = 0.0;
};

// A number when the whole cell is number syntax; text when it is not even
// that ("x1", "setosa"); non-finite for "nan", "inf", "1e999".
Cell classify(std::string_view cell) {
  if (cell.empty()) return {CellKind::empty};
  std::string_view digits = cell;
  if (digits.front() == '+') digits.remove_prefix(1);
  double x = 0.0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
  if (end != digits.data() + digits.size() || ec == std::errc::invalid_argument) {
    return {CellKind::text};
  }
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves x untouched on overflow and on underflow; strtod tells
    // them apart (a denormal or 0 is fine, ±HUGE_VAL is not).
    x = std::strtod(std::string(digits).c_str(), nullptr);
  }
  if (!std::isfinite(x)) return {CellKind::non_finite};
  return {CellKind::number, x};
}

struct Line {
  int number = 0;  // 1-based
  std::string_view text;
};

// Non-blank, non-comment lines of the file.
std::vector<Line> content_lines(std::string_view rest) {
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  std::vector<Line> lines;
  int line_no = 0;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    ++line_no;
    const std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    lines.push_back({line_no, line});
  }
  return lines;
}

}  // namespace

std::string CsvTable::where(int r, int c) const {
  return file + ":" + std::to_string(lines[static_cast<std::size_t>(r)]) + ":" +
         std::to_string(c + 1);
}

std::string CsvTable::column_label(int c) const {
  const std::string& name = columns[static_cast<std::size_t>(c)].name;
  return "column " + std::to_string(c + 1) + (name.empty() ? "" : " (\"" + name + "\")");
}

Error CsvTable::not_a_number(int c) const {
  const CsvColumn& col = columns[static_cast<std::size_t>(c)];
  const int r = col.first_text_row;
  return Error{where(r, c) + ": " + column_label(c) + ": " +
               in_quotes(col.text[static_cast<std::size_t>(r)]) + " is not a number"};
}

Result<CsvTable> parse_csv(const std::string& text, const std::string& file) {
  const std::vector<Line> lines = content_lines(text);
  if (lines.empty()) return Error{file + ":1: empty file"};

  // Pass 1: widths, numbers, and which columns hold text. The first row's
  // problems wait until we know whether it is the header.
  CsvTable table;
  table.file = file;
  std::vector<std::string_view> cells;
  split_cells(lines.front().text, cells);
  const std::size_t width = cells.size();
  table.columns.resize(width);
  std::vector<std::string> first_cells(cells.begin(), cells.end());
  std::vector<Cell> first_kinds;
  for (std::string_view c : cells) first_kinds.push_back(classify(c));
  for (std::size_t c = 0; c < width; ++c) {
    table.columns[c].numbers.reserve(lines.size());
    table.columns[c].numbers.push_back(first_kinds[c].value);
  }
  std::vector<bool> text_below(width, false);  // a text cell in rows 2 … N
  const auto at = [&](int line, std::size_t c) {
    return file + ":" + std::to_string(line) + ":" + std::to_string(c + 1);
  };
  const auto label = [&](std::size_t c) {
    // The header is not known yet: name the column by the first row's cell
    // when that is text.
    return "column " + std::to_string(c + 1) +
           (first_kinds[c].kind == CellKind::text ? " (" + in_quotes(first_cells[c]) + ")" : "");
  };
  for (std::size_t i = 1; i < lines.size(); ++i) {
    split_cells(lines[i].text, cells);
    if (cells.size() != width) {
      const std::size_t col = std::min(cells.size(), width) + 1;
      return Error{at(lines[i].number, col - 1) + ": expected " + std::to_string(width) +
                   " columns (as on line " + std::to_string(lines.front().number) + "), got " +
                   std::to_string(cells.size())};
    }
    for (std::size_t c = 0; c < width; ++c) {
      const Cell cell = classify(cells[c]);
      if (cell.kind == CellKind::empty) {
        return Error{at(lines[i].number, c) + ": " + label(c) + ": empty cell"};
      }
      if (cell.kind == CellKind::non_finite) {
        return Error{at(lines[i].number, c) + ": " + label(c) + ": " + in_quotes(cells[c]) +
                     " is not a finite number"};
      }
      if (cell.kind == CellKind::text) text_below[c] = true;
      table.columns[c].numbers.push_back(cell.value);
    }
  }

  // The header: text above an all-number column, or nothing but text.
  bool any_text = false, all_text = true, over_numbers = false;
  for (std::size_t c = 0; c < width; ++c) {
    const bool t = first_kinds[c].kind == CellKind::text;
    any_text = any_text || t;
    all_text = all_text && t;
    over_numbers = over_numbers || (t && !text_below[c]);
  }
  table.has_header = lines.size() == 1 ? any_text : (over_numbers || all_text);
  if (table.has_header) {
    for (std::size_t c = 0; c < width; ++c) {
      table.columns[c].name = first_cells[c];
      table.columns[c].numbers.erase(table.columns[c].numbers.begin());
    }
  } else {
    for (std::size_t c = 0; c < width; ++c) {
      const CellKind k = first_kinds[c].kind;
      if (k == CellKind::empty)
        return Error{at(lines[0].number, c) + ": " + label(c) + ": empty cell"};
      if (k == CellKind::non_finite) {
        return Error{at(lines[0].number, c) + ": " + label(c) + ": " + in_quotes(first_cells[c]) +
                     " is not a finite number"};
      }
    }
  }
  const std::size_t first_row = table.has_header ? 1 : 0;
  for (std::size_t i = first_row; i < lines.size(); ++i) table.lines.push_back(lines[i].number);
  if (table.lines.empty()) {
    return Error{file + ":" + std::to_string(lines.back().number) +
                 ": no data rows after the header"};
  }

  // Pass 2, only for text columns: every cell as written (a label column's
  // "1" and "1.0" are different names), and where the first text cell is.
  bool any_text_column = false;
  for (std::size_t c = 0; c < width; ++c) {
    if (text_below[c] || (!table.has_header && first_kinds[c].kind == CellKind::text)) {
      table.columns[c].first_text_row = 0;  // marked; the real row is found below
      table.columns[c].text.reserve(table.lines.size());
      any_text_column = true;
    }
  }
  if (any_text_column) {
    for (std::size_t i = first_row; i < lines.size(); ++i) {
      split_cells(lines[i].text, cells);
      for (std::size_t c = 0; c < width; ++c) {
        CsvColumn& col = table.columns[c];
        if (!col.is_text()) continue;
        col.text.emplace_back(cells[c]);
      }
    }
    for (CsvColumn& col : table.columns) {
      if (!col.is_text()) continue;
      col.numbers.clear();
      col.numbers.shrink_to_fit();
      for (std::size_t r = 0; r < col.text.size(); ++r) {
        if (classify(col.text[r]).kind == CellKind::text) {
          col.first_text_row = static_cast<int>(r);
          break;
        }
      }
    }
  }
  return table;
}

}  // namespace backstep
