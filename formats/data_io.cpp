#include "formats/data_io.hpp"

#include "formats/csv.hpp"
#include "formats/file_io.hpp"
#include "formats/json_util.hpp"

namespace backstep {
namespace {

using json_util::Json;
using json_util::JsonError;

constexpr std::size_t kMaxWidth = 100000;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Rows of the JSON array `key` into the columns of `out` (width × N).
Matrix columns_from_rows(const Json& doc, const char* key, int width, std::size_t count) {
  const std::string path = std::string("/") + key;
  const Json& rows = json_util::array_at(json_util::member(doc, key, ""), path);
  if (rows.size() != count) {
    throw JsonError{path, "expected " + std::to_string(count) + " rows (one per input row), got " +
                              std::to_string(rows.size())};
  }
  Matrix out(width, static_cast<Eigen::Index>(count));
  for (std::size_t i = 0; i < count; ++i) {
    const std::string row_path = json_util::child(path, i);
    const Json& row = json_util::array_at(rows[i], row_path);
    if (static_cast<int>(row.size()) != width) {
      throw JsonError{row_path, "expected " + std::to_string(width) + " numbers, got " +
                                    std::to_string(row.size())};
    }
    for (int r = 0; r < width; ++r) {
      out(r, static_cast<Eigen::Index>(i)) =
          json_util::number_at(row[r], json_util::child(row_path, static_cast<std::size_t>(r)));
    }
  }
  return out;
}

// Width of the first row of `key`, or the expected width when given.
int row_width(const Json& doc, const char* key, int expected) {
  const std::string path = std::string("/") + key;
  const Json& rows = json_util::array_at(json_util::member(doc, key, ""), path);
  if (rows.empty()) throw JsonError{path, "no samples"};
  const Json& first = json_util::array_at(rows[0], path + "/0");
  if (first.empty() || first.size() > kMaxWidth) {
    throw JsonError{path + "/0", "a row needs 1 … " + std::to_string(kMaxWidth) + " numbers"};
  }
  const int width = static_cast<int>(first.size());
  if (expected > 0 && width != expected) {
    throw JsonError{path + "/0", "expected " + std::to_string(expected) + " numbers (the model's " +
                                     (key[0] == 'i' ? "input" : "output") + " size), got " +
                                     std::to_string(width)};
  }
  return width;
}

}  // namespace

Result<Dataset> parse_data_json(const std::string& text, const std::string& file, DataShape shape) {
  Result<Json> doc = json_util::parse(text, file);
  if (!doc) return doc.error();
  try {
    const Json& root = json_util::object_at(doc.value(), "");
    const int n_in = row_width(root, "inputs", shape.inputs);
    const int n_out = row_width(root, "targets", shape.outputs);
    const std::size_t count = json_util::member(root, "inputs", "").size();
    Dataset data;
    data.x = columns_from_rows(root, "inputs", n_in, count);
    data.t = columns_from_rows(root, "targets", n_out, count);
    return data;
  } catch (const JsonError& e) {
    return json_util::to_error(e, file);
  }
}

Result<Dataset> parse_data_csv(const std::string& text, const std::string& file, DataShape shape) {
  Result<CsvTable> table = parse_csv(text, file);
  if (!table) return table.error();
  const CsvTable& csv = table.value();
  const int columns = csv.column_count();
  const int first_line = csv.lines.front();
  if (shape.outputs < 1) {
    return Error{file + ":" + std::to_string(first_line) +
                 ": cannot tell inputs from targets (the number of target columns is unknown)"};
  }
  const int n_in = shape.inputs > 0 ? shape.inputs : columns - shape.outputs;
  if (n_in < 1 || n_in + shape.outputs != columns) {
    return Error{file + ":" + std::to_string(first_line) + ": expected " +
                 std::to_string(n_in > 0 ? n_in + shape.outputs : shape.outputs + 1) +
                 " columns (" + std::to_string(std::max(n_in, 1)) + " inputs + " +
                 std::to_string(shape.outputs) + " targets), got " + std::to_string(columns)};
  }
  // Every column is a number here (class labels: formats/table_data).
  for (int c = 0; c < columns; ++c) {
    if (csv.columns[static_cast<std::size_t>(c)].is_text()) return csv.not_a_number(c);
  }
  const Eigen::Index n = csv.row_count();
  Dataset data;
  data.x.resize(n_in, n);
  data.t.resize(shape.outputs, n);
  for (int c = 0; c < columns; ++c) {
    const std::vector<double>& col = csv.columns[static_cast<std::size_t>(c)].numbers;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double v = col[static_cast<std::size_t>(i)];
      if (c < n_in) {
        data.x(c, i) = v;
      } else {
        data.t(c - n_in, i) = v;
      }
    }
  }
  return data;
}

Result<Dataset> read_data(const std::string& path, DataShape shape) {
  Result<std::string> text = read_file(path);
  if (!text) return text.error();
  bool csv = ends_with(path, ".csv");
  if (!csv && !ends_with(path, ".json")) {
    const std::size_t at = text.value().find_first_not_of(" \t\r\n");
    csv = at != std::string::npos && text.value()[at] != '{';
  }
  return csv ? parse_data_csv(text.value(), path, shape)
             : parse_data_json(text.value(), path, shape);
}

std::string data_to_json(const Dataset& data) {
  // One sample per line; rows are the columns of x and t.
  std::string out = "{\n  \"inputs\": [\n";
  const Matrix xt = data.x.transpose();
  const Matrix tt = data.t.transpose();
  const json_util::OrderedJson xs = json_util::to_json(xt), ts = json_util::to_json(tt);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    out += "    " + xs[i].dump() + (i + 1 < xs.size() ? ",\n" : "\n");
  }
  out += "  ],\n  \"targets\": [\n";
  for (std::size_t i = 0; i < ts.size(); ++i) {
    out += "    " + ts[i].dump() + (i + 1 < ts.size() ? ",\n" : "\n");
  }
  out += "  ]\n}\n";
  return out;
}

std::string data_to_csv(const Dataset& data) {
  std::string out;
  for (Eigen::Index r = 0; r < data.x.rows(); ++r)
    out.append("x").append(std::to_string(r + 1)).append(",");
  for (Eigen::Index r = 0; r < data.t.rows(); ++r) {
    out.append("t").append(std::to_string(r + 1)).append(r + 1 < data.t.rows() ? "," : "\n");
  }
  for (Eigen::Index i = 0; i < data.x.cols(); ++i) {
    std::string line;
    for (Eigen::Index r = 0; r < data.x.rows(); ++r) line += Json(data.x(r, i)).dump() + ",";
    for (Eigen::Index r = 0; r < data.t.rows(); ++r) {
      line += Json(data.t(r, i)).dump() + (r + 1 < data.t.rows() ? "," : "\n");
    }
    out += line;
  }
  return out;
}

Status write_data(const std::string& path, const Dataset& data) {
  return write_file_atomic(path, ends_with(path, ".csv") ? data_to_csv(data) : data_to_json(data));
}

}  // namespace backstep
