// The arithmetic check of shown formulas (DESIGN.md, "Notation"): every
// formula read with ordinary precedence evaluates from its shown numbers to
// its shown result. The tracer's text (tests/core/trace_arithmetic_test.cpp)
// and the computation graph's (tests/core/computation_graph_test.cpp) are
// both held to it.
//
// A small recursive-descent evaluator, written here and knowing nothing of the
// engine, parses each substituted formula ("0.153·(−0.8975) + … = −0.891149")
// in interval arithmetic: a shown number stands for every value that prints
// that way (4 significant digits for an operand, 6 for a result), so the
// formula holds when the interval of its expression meets the interval of its
// result. A negative number right after an operator ("0.001·−0.07229²") is a
// notation error, not a product with a negation.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace backstep::test {

// The minus sign and the product dot of the notation, in UTF-8.
inline constexpr std::string_view kMinus = "−", kDot = "·";

struct Interval {
  double lo = 0.0, hi = 0.0;
};

// A scalar, or a [list] (its shown head only when it ends "… (+N more)").
struct Value {
  std::vector<Interval> items;
  bool list = false;
  bool truncated = false;
};

// The formula breaks the notation: the test fails on it.
struct NotationError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The formula cannot be checked, for a reason that is counted: the reason.
struct Unevaluable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One side of an "=": an expression, to the end of the text. Strict: a minus
// sign cannot start a factor ("0.45·−0.04" is a NotationError).
Value evaluate(std::string_view text, bool strict = true);
// True when the two values can be equal: every item's intervals meet.
bool meets(const Value& a, const Value& b);
// An item's interval reaches ±∞ (a divisor's interval held 0).
bool unbounded(const Value& v);
std::vector<std::string> split(const std::string& text, const std::string& by);
// The terms of a sum "t₀ + t₁ + …", split at " + " outside parentheses.
std::vector<std::string> split_terms(const std::string& text);

// What checking one formula found.
struct Tally {
  long formulas = 0;  // substituted formulas seen
  long parts = 0;     // "expr = result" parts of them
  long checked = 0;   // parts evaluated and compared
  long plain = 0;     // a single number, no operator (a = z of a linear output, ℓ = ℓ₁)
  long loose = 0;     // checked, but a divisor's interval held 0: any result passes
  long tracers = 0, clipped = 0;        // steps walked; of them, steps whose gradient was clipped
  long corrections = 0;                 // Bug lab: micro-steps with a correct side
  std::map<std::string, long> skipped;  // parts not evaluated, by reason
  std::vector<std::string> failures;
};

// Checks one substituted formula: each ";"-separated part is "[name =] e₀ = e₁ = …";
// every neighbouring pair must be able to be equal.
void check_formula(const std::string& substituted, Tally& tally, const std::string& where);

}  // namespace backstep::test
