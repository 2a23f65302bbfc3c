// Result<T>: a value or an Error whose message names the file and the place.
// Recoverable failures (a file, a flag, a shape) travel as values; core never
// throws across its API and never calls exit().
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace backstep {

struct Error {
  std::string message;  // "<file>:<line or json path>: <what is wrong>"
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}
  Result(Error error) : data_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  const Error& error() const { return std::get<Error>(data_); }

 private:
  std::variant<T, Error> data_;
};

// For operations that return nothing but can fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace backstep
