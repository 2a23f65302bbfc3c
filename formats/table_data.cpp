#include "formats/table_data.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "formats/data_io.hpp"
#include "formats/json_util.hpp"

namespace backstep {
namespace {

using json_util::Json;
using json_util::JsonError;

std::string in_quotes(std::string_view s) {
  std::string out = "\"";
  out.append(s).append("\"");
  return out;
}

std::string column_list(const CsvTable& t) {
  std::string out;
  for (int c = 0; c < t.column_count(); ++c) {
    if (c > 0) out += ", ";
    const std::string& name = t.columns[static_cast<std::size_t>(c)].name;
    out += name.empty() ? std::to_string(c + 1) : in_quotes(name);
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The target columns (0-based) `target` names, or the default.
Result<std::vector<int>> target_columns(const CsvTable& t, const std::string& target,
                                        int default_targets) {
  const int width = t.column_count();
  const std::string head = t.file + ":" + std::to_string(t.lines.front() - (t.has_header ? 1 : 0));
  std::vector<int> cols;
  if (target.empty()) {
    if (t.columns.back().is_text()) return std::vector<int>{width - 1};
    if (default_targets < 1) {
      return Error{head +
                   ": cannot tell inputs from targets (the number of target columns is "
                   "unknown)"};
    }
    if (default_targets >= width) {
      return Error{head + ": expected " + std::to_string(default_targets + 1) +
                   " columns (1 inputs + " + std::to_string(default_targets) + " targets), got " +
                   std::to_string(width)};
    }
    for (int c = width - default_targets; c < width; ++c) cols.push_back(c);
    return cols;
  }
  std::string_view rest = target;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string item(trimmed(rest.substr(0, comma)));
    int found = -1;
    for (int c = 0; c < width && found < 0; ++c) {
      if (!item.empty() && t.columns[static_cast<std::size_t>(c)].name == item) found = c;
    }
    if (found < 0 && all_digits(item)) {
      int index = 0;
      const auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), index);
      if (ec != std::errc() || index < 1 || index > width) {
        return Error{head + ": target column " + item + ": the file has " + std::to_string(width) +
                     " columns (1 … " + std::to_string(width) + ")"};
      }
      found = index - 1;
    }
    if (found < 0) {
      return Error{head + ": target " + in_quotes(item) +
                   ": no column of that name (the columns: " + column_list(t) + ")"};
    }
    if (std::find(cols.begin(), cols.end(), found) != cols.end()) {
      return Error{head + ": target " + in_quotes(item) + " is given twice"};
    }
    cols.push_back(found);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (static_cast<int>(cols.size()) >= width) {
    return Error{head + ": every column is a target: no inputs are left"};
  }
  return cols;
}

bool all_integers(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(),
                     [](double x) { return x == std::floor(x) && std::abs(x) < 9.0e15; });
}

std::string integer_name(double x) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(x));
  return std::string(buf, end);
}

Error too_many_classes(const std::string& where, const std::string& column) {
  return Error{where + ": " + column + " has more than " + std::to_string(kMaxClasses) +
               " distinct values: this does not look like a class column"};
}

// Each row's class name: the text as written, or the integer.
std::string class_name_of(const CsvColumn& col, std::size_t r) {
  return col.is_text() ? col.text[r] : integer_name(col.numbers[r]);
}

Status read_classes(const CsvTable& t, int c, const std::vector<std::string>* known,
                    TableData& out) {
  const CsvColumn& col = t.columns[static_cast<std::size_t>(c)];
  const std::size_t n = static_cast<std::size_t>(t.row_count());
  if (known) {
    out.class_names = *known;
  } else if (col.is_text()) {
    // Order of first appearance.
    std::map<std::string, int, std::less<>> seen;
    for (std::size_t r = 0; r < n; ++r) {
      if (seen.emplace(col.text[r], static_cast<int>(seen.size())).second) {
        if (static_cast<int>(seen.size()) > kMaxClasses) {
          return too_many_classes(t.where(static_cast<int>(r), c), t.column_label(c));
        }
        out.class_names.push_back(col.text[r]);
      }
    }
  } else {
    // Numeric order of the integers.
    std::set<double> values;
    for (std::size_t r = 0; r < n; ++r) {
      values.insert(col.numbers[r]);
      if (static_cast<int>(values.size()) > kMaxClasses) {
        return too_many_classes(t.where(static_cast<int>(r), c), t.column_label(c));
      }
    }
    for (double v : values) out.class_names.push_back(integer_name(v));
  }
  std::map<std::string, int, std::less<>> index;
  for (std::size_t k = 0; k < out.class_names.size(); ++k) {
    index.emplace(out.class_names[k], static_cast<int>(k));
  }
  out.labels.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::string name = class_name_of(col, r);
    const auto it = index.find(name);
    if (it == index.end()) {
      return Error{t.where(static_cast<int>(r), c) + ": " + t.column_label(c) + ": class " +
                   in_quotes(name) + " is not one of the training data's classes"};
    }
    out.labels[r] = it->second;
  }
  if (!known && out.class_names.size() < 2) {
    return Error{t.where(0, c) + ": " + t.column_label(c) + ": only one class (" +
                 in_quotes(out.class_names.front()) + "): nothing to tell apart"};
  }
  return Ok{};
}

}  // namespace

Result<TableData> table_data(const CsvTable& t, const std::string& target, int default_targets,
                             const std::vector<std::string>* known_classes) {
  Result<std::vector<int>> chosen = target_columns(t, target, default_targets);
  if (!chosen) return chosen.error();
  const std::vector<int>& targets = chosen.value();
  TableData out;
  for (const CsvColumn& col : t.columns) out.columns.push_back(col.name);
  out.lines = t.lines;
  const Eigen::Index n = t.row_count();

  // A class column: text, integers chosen by name or index, or whatever the
  // training file made a class column.
  const CsvColumn& first = t.columns[static_cast<std::size_t>(targets.front())];
  const bool classes = targets.size() == 1 && (known_classes || first.is_text() ||
                                               (!target.empty() && all_integers(first.numbers)));
  if (classes) {
    if (Status st = read_classes(t, targets.front(), known_classes, out); !st) return st.error();
    out.t.resize(0, n);
  } else {
    out.t.resize(static_cast<Eigen::Index>(targets.size()), n);
    for (std::size_t k = 0; k < targets.size(); ++k) {
      const CsvColumn& col = t.columns[static_cast<std::size_t>(targets[k])];
      if (col.is_text()) return t.not_a_number(targets[k]);
      for (Eigen::Index i = 0; i < n; ++i) {
        out.t(static_cast<Eigen::Index>(k), i) = col.numbers[static_cast<std::size_t>(i)];
      }
    }
  }

  const Eigen::Index n_in = t.column_count() - static_cast<Eigen::Index>(targets.size());
  out.x.resize(n_in, n);
  Eigen::Index row = 0;
  for (int c = 0; c < t.column_count(); ++c) {
    if (std::find(targets.begin(), targets.end(), c) != targets.end()) continue;
    const CsvColumn& col = t.columns[static_cast<std::size_t>(c)];
    if (col.is_text()) return t.not_a_number(c);
    for (Eigen::Index i = 0; i < n; ++i) out.x(row, i) = col.numbers[static_cast<std::size_t>(i)];
    ++row;
  }
  return out;
}

Result<TableData> json_data(const std::string& text, const std::string& file,
                            const std::vector<std::string>* known_classes) {
  Result<Json> doc = json_util::parse(text, file);
  if (!doc) return doc.error();
  const Json& root = doc.value();
  if (!root.is_object() || !json_util::optional_member(root, "labels")) {
    // The plain form: inputs and one-hot or numeric targets.
    Result<Dataset> plain = parse_data_json(text, file, {});
    if (!plain) return plain.error();
    TableData out;
    out.x = std::move(plain.value().x);
    out.t = std::move(plain.value().t);
    try {
      if (const Json* names = json_util::optional_member(root, "classes")) {
        json_util::array_at(*names, "/classes");
        if (static_cast<Eigen::Index>(names->size()) != out.t.rows()) {
          throw JsonError{"/classes", "expected " + std::to_string(out.t.rows()) +
                                          " names (one per target), got " +
                                          std::to_string(names->size())};
        }
        for (std::size_t k = 0; k < names->size(); ++k) {
          out.class_names.push_back(
              json_util::string_at((*names)[k], json_util::child("/classes", k)));
        }
      }
    } catch (const JsonError& e) {
      return json_util::to_error(e, file);
    }
    return out;
  }
  try {
    const Json& inputs = json_util::array_at(json_util::member(root, "inputs", ""), "/inputs");
    if (inputs.empty()) throw JsonError{"/inputs", "no samples"};
    const Json& first = json_util::array_at(inputs[0], "/inputs/0");
    if (first.empty()) throw JsonError{"/inputs/0", "a row needs at least one number"};
    const Eigen::Index n = static_cast<Eigen::Index>(inputs.size());
    TableData out;
    out.x = json_util::matrix_at(inputs, "/inputs", n, static_cast<Eigen::Index>(first.size()),
                                 "one per sample")
                .transpose();
    out.t.resize(0, n);
    const Json& labels = json_util::array_at(json_util::member(root, "labels", ""), "/labels");
    if (static_cast<Eigen::Index>(labels.size()) != n) {
      throw JsonError{"/labels", "expected " + std::to_string(n) +
                                     " labels (one per input row), got " +
                                     std::to_string(labels.size())};
    }
    const Json* names = json_util::optional_member(root, "classes");
    if (known_classes) {
      out.class_names = *known_classes;
    } else if (names) {
      json_util::array_at(*names, "/classes");
      for (std::size_t k = 0; k < names->size(); ++k) {
        out.class_names.push_back(
            json_util::string_at((*names)[k], json_util::child("/classes", k)));
      }
    }
    const bool text_labels = labels[0].is_string();
    if (!known_classes && !names) {
      if (text_labels) {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < labels.size(); ++i) {
          const std::string s = json_util::string_at(labels[i], json_util::child("/labels", i));
          if (seen.insert(s).second) out.class_names.push_back(s);
          if (static_cast<int>(seen.size()) > kMaxClasses) {
            throw JsonError{json_util::child("/labels", i),
                            "more than " + std::to_string(kMaxClasses) +
                                " distinct labels: this does not look like a class column"};
          }
        }
      } else {
        std::set<std::int64_t> seen;
        for (std::size_t i = 0; i < labels.size(); ++i) {
          seen.insert(json_util::integer_at(labels[i], json_util::child("/labels", i), -1000000000,
                                            1000000000));
          if (static_cast<int>(seen.size()) > kMaxClasses) {
            throw JsonError{json_util::child("/labels", i),
                            "more than " + std::to_string(kMaxClasses) +
                                " distinct labels: this does not look like a class column"};
          }
        }
        for (std::int64_t v : seen) out.class_names.push_back(std::to_string(v));
      }
    }
    std::map<std::string, int, std::less<>> index;
    for (std::size_t k = 0; k < out.class_names.size(); ++k) {
      index.emplace(out.class_names[k], static_cast<int>(k));
    }
    // With an explicit class list, an integer label indexes it (0-based).
    const bool by_index = (names || known_classes) && !text_labels;
    out.labels.resize(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::string path = json_util::child("/labels", i);
      int k = -1;
      if (text_labels) {
        const std::string s = json_util::string_at(labels[i], path);
        const auto it = index.find(s);
        if (it == index.end()) {
          throw JsonError{path, in_quotes(s) + " is not one of the classes"};
        }
        k = it->second;
      } else if (by_index) {
        k = static_cast<int>(json_util::integer_at(
            labels[i], path, 0, static_cast<std::int64_t>(out.class_names.size()) - 1));
      } else {
        const std::int64_t v = json_util::integer_at(labels[i], path, -1000000000, 1000000000);
        k = index.at(std::to_string(v));
      }
      out.labels[i] = k;
    }
    if (out.class_names.size() < 2)
      throw JsonError{"/labels", "only one class: nothing to tell apart"};
    return out;
  } catch (const JsonError& e) {
    return json_util::to_error(e, file);
  }
}

}  // namespace backstep
