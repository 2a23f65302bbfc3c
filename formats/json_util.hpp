// JSON helpers shared by the format readers and writers.
//
// Readers walk a parsed document with typed accessors that know their JSON
// path ("/weights/1/0/2"). A wrong type, a missing field, a non-finite number
// throws JsonError; each public reader catches it at its boundary and turns it
// into Error{"<file>:<path>: <what>"}. No exception leaves formats/.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/mlp.hpp"
#include "core/result.hpp"

namespace backstep::json_util {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

struct JsonError {
  std::string path;  // JSON pointer, "" for the document root
  std::string what;
};

// Parses text; a syntax error names the line and column ("<file>:3:7: …").
Result<Json> parse(const std::string& text, const std::string& file);
// Error{"<file>:<path>: <what>"}; the root is shown as "/".
Error to_error(const JsonError& e, const std::string& file);

std::string child(const std::string& path, std::string_view key);
std::string child(const std::string& path, std::size_t index);
// "a string", "null", "an array", … for messages.
std::string describe(const Json& v);

const Json& object_at(const Json& v, const std::string& path);
const Json& array_at(const Json& v, const std::string& path);
// The member `key` of object v (whose path is `path`); throws when missing.
const Json& member(const Json& v, std::string_view key, const std::string& path);
const Json* optional_member(const Json& v, std::string_view key);
double number_at(const Json& v, const std::string& path);  // finite
// An integer in [lo, hi] (a double holding an integral value is accepted).
std::int64_t integer_at(const Json& v, const std::string& path, std::int64_t lo, std::int64_t hi);
std::uint64_t seed_at(const Json& v, const std::string& path);
std::string string_at(const Json& v, const std::string& path);
bool bool_at(const Json& v, const std::string& path);
// A (rows × cols) matrix stored as rows: [[…], …].
Matrix matrix_at(const Json& v, const std::string& path, Eigen::Index rows, Eigen::Index cols,
                 std::string_view row_what);
Vector vector_at(const Json& v, const std::string& path, Eigen::Index size);

// Round-trip exact output (nlohmann writes the shortest digits that read back
// to the same double). Rows of a matrix become inner arrays.
OrderedJson to_json(const Matrix& m);
OrderedJson to_json(const Vector& v);

}  // namespace backstep::json_util
