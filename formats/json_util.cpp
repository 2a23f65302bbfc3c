#include "formats/json_util.hpp"

#include <cmath>
#include <limits>

namespace backstep::json_util {
namespace {

[[noreturn]] void fail(const std::string& path, std::string what) {
  throw JsonError{path, std::move(what)};
}

// 1-based line and column of byte offset `pos` (nlohmann reports the byte
// after the offending character, hence the caller's −1).
std::pair<int, int> line_column(const std::string& text, std::size_t pos) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// nlohmann's messages start "[json.exception.parse_error.101] parse error at
// line 2, column 7: "; keep what follows the last ": " prefix we recognise.
std::string strip_prefix(const std::string& what) {
  const std::string marker = "parse error";
  std::size_t at = what.find(marker);
  if (at != std::string::npos) {
    const std::size_t colon = what.find(": ", at);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const std::size_t bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

}  // namespace

Result<Json> parse(const std::string& text, const std::string& file) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error{file + ":1: empty file"};
  }
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    return Error{file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                 ": invalid JSON: " + strip_prefix(e.what())};
  } catch (const Json::exception& e) {
    // Number overflow ("1e999") is reported without a position; find the
    // token it quotes to name the line.
    std::string msg = strip_prefix(e.what());
    std::string where;
    const std::size_t q1 = msg.find('\''), q2 = msg.rfind('\'');
    if (q1 != std::string::npos && q2 > q1) {
      const std::size_t at = text.find(msg.substr(q1 + 1, q2 - q1 - 1));
      if (at != std::string::npos) where = ":" + std::to_string(line_column(text, at).first);
    }
    return Error{file + where + ": invalid JSON: " + msg};
  }
}

Error to_error(const JsonError& e, const std::string& file) {
  return Error{file + ":" + (e.path.empty() ? std::string("/") : e.path) + ": " + e.what};
}

std::string child(const std::string& path, std::string_view key) {
  return path + "/" + std::string(key);
}

std::string child(const std::string& path, std::size_t index) {
  return path + "/" + std::to_string(index);
}

std::string describe(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "the string " + v.dump();
    case Json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "the number " + v.dump();
    default:
      return "an unsupported value";
  }
}

const Json& object_at(const Json& v, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object, got " + describe(v));
  return v;
}

const Json& array_at(const Json& v, const std::string& path) {
  if (!v.is_array()) fail(path, "expected an array, got " + describe(v));
  return v;
}

const Json& member(const Json& v, std::string_view key, const std::string& path) {
  object_at(v, path);
  const auto it = v.find(key);
  if (it == v.end()) fail(child(path, key), "missing field \"" + std::string(key) + "\"");
  return *it;
}

const Json* optional_member(const Json& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  const auto it = v.find(key);
  return it == v.end() ? nullptr : &*it;
}

double number_at(const Json& v, const std::string& path) {
  if (!v.is_number()) fail(path, "expected a number, got " + describe(v));
  const double x = v.get<double>();
  if (!std::isfinite(x)) fail(path, "expected a finite number, got " + v.dump());
  return x;
}

std::int64_t integer_at(const Json& v, const std::string& path, std::int64_t lo, std::int64_t hi) {
  const auto range = [&] {
    return "expected an integer in " + std::to_string(lo) + " … " + std::to_string(hi) + ", got " +
           describe(v);
  };
  if (v.is_number_unsigned()) {
    const std::uint64_t u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(hi) || static_cast<std::int64_t>(u) < lo)
      fail(path, range());
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) {
    const std::int64_t i = v.get<std::int64_t>();
    if (i < lo || i > hi) fail(path, range());
    return i;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && d >= static_cast<double>(lo) &&
        d <= static_cast<double>(hi)) {
      return static_cast<std::int64_t>(d);
    }
  }
  fail(path, range());
}

std::uint64_t seed_at(const Json& v, const std::string& path) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  return static_cast<std::uint64_t>(
      integer_at(v, path, 0, std::numeric_limits<std::int64_t>::max()));
}

std::string string_at(const Json& v, const std::string& path) {
  if (!v.is_string()) fail(path, "expected a string, got " + describe(v));
  return v.get<std::string>();
}

bool bool_at(const Json& v, const std::string& path) {
  if (!v.is_boolean()) fail(path, "expected true or false, got " + describe(v));
  return v.get<bool>();
}

Matrix matrix_at(const Json& v, const std::string& path, Eigen::Index rows, Eigen::Index cols,
                 std::string_view row_what) {
  array_at(v, path);
  if (static_cast<Eigen::Index>(v.size()) != rows) {
    fail(path, "expected " + std::to_string(rows) + " rows (" + std::string(row_what) + "), got " +
                   std::to_string(v.size()));
  }
  Matrix m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const std::string row_path = child(path, static_cast<std::size_t>(r));
    const Json& row = array_at(v[r], row_path);
    if (static_cast<Eigen::Index>(row.size()) != cols) {
      fail(row_path,
           "expected " + std::to_string(cols) + " numbers, got " + std::to_string(row.size()));
    }
    for (Eigen::Index c = 0; c < cols; ++c) {
      m(r, c) = number_at(row[c], child(row_path, static_cast<std::size_t>(c)));
    }
  }
  return m;
}

Vector vector_at(const Json& v, const std::string& path, Eigen::Index size) {
  array_at(v, path);
  if (static_cast<Eigen::Index>(v.size()) != size) {
    fail(path, "expected " + std::to_string(size) + " numbers, got " + std::to_string(v.size()));
  }
  Vector out(size);
  for (Eigen::Index i = 0; i < size; ++i) {
    out(i) = number_at(v[i], child(path, static_cast<std::size_t>(i)));
  }
  return out;
}

OrderedJson to_json(const Matrix& m) {
  OrderedJson rows = OrderedJson::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    OrderedJson row = OrderedJson::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

OrderedJson to_json(const Vector& v) {
  OrderedJson out = OrderedJson::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) out.push_back(v(i));
  return out;
}

}  // namespace backstep::json_util
