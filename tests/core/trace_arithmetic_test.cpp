// Every formula the tracer writes, read with ordinary precedence, evaluates
// from its shown numbers to its shown result (DESIGN.md, "Notation").
//
// A small recursive-descent evaluator, written here and knowing nothing of the
// engine, parses each substituted formula ("0.153·(−0.8975) + … = −0.891149")
// in interval arithmetic: a shown number stands for every value that prints
// that way (4 significant digits for an operand, 6 for a result), so the
// formula holds when the interval of its expression meets the interval of its
// result. A negative number right after an operator ("0.001·−0.07229²") is a
// notation error, not a product with a negation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/bug.hpp"
#include "core/random.hpp"
#include "core/session.hpp"
#include "core/session_trace.hpp"
#include "core/tracer.hpp"
#include "formats/preset_io.hpp"
#include "tests/core/engine_test_util.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;

// ---- the evaluator ----------------------------------------------------------

constexpr double kInf = std::numeric_limits<double>::infinity();

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

Interval add(Interval a, Interval b) {
  return {a.lo + b.lo, a.hi + b.hi};
}
Interval sub(Interval a, Interval b) {
  return {a.lo - b.hi, a.hi - b.lo};
}
Interval neg(Interval a) {
  return {-a.hi, -a.lo};
}
Interval mul(Interval a, Interval b) {
  double lo = kInf, hi = -kInf;
  for (double x : {a.lo, a.hi}) {
    for (double y : {b.lo, b.hi}) {
      const double p = (x == 0.0 || y == 0.0) ? 0.0 : x * y;  // 0·∞ = 0 at an exact 0
      lo = std::min(lo, p);
      hi = std::max(hi, p);
    }
  }
  return {lo, hi};
}
Interval divide(Interval a, Interval b) {
  if (b.lo <= 0.0 && b.hi >= 0.0) return {-kInf, kInf};
  return mul(a, {1.0 / b.hi, 1.0 / b.lo});
}
Interval power(Interval a, int n) {
  Interval r{1.0, 1.0};
  if (n % 2 == 1 || a.lo >= 0.0) {
    r = {std::pow(a.lo, n), std::pow(a.hi, n)};
  } else if (a.hi <= 0.0) {
    r = {std::pow(a.hi, n), std::pow(a.lo, n)};
  } else {
    r = {0.0, std::pow(std::max(-a.lo, a.hi), n)};
  }
  return r;
}
// A monotonically increasing function, clamped into its domain [from, ∞).
template <class F>
Interval increasing(Interval a, F f, double from = -kInf) {
  if (a.hi < from) throw NotationError("a function applied outside its domain");
  return {f(std::max(a.lo, from)), f(a.hi)};
}

// Element by element, a scalar against every item of a list.
template <class F>
Value combine(const Value& a, const Value& b, F f) {
  if (a.list && b.list && (a.items.size() != b.items.size() || a.truncated != b.truncated)) {
    throw NotationError("lists of different lengths");
  }
  Value r;
  r.list = a.list || b.list;
  r.truncated = a.truncated || b.truncated;
  const std::size_t n = std::max(a.items.size(), b.items.size());
  for (std::size_t i = 0; i < n; ++i) {
    r.items.push_back(f(a.items[a.list ? i : 0], b.items[b.list ? i : 0]));
  }
  return r;
}
template <class F>
Value each(Value a, F f) {
  for (Interval& i : a.items) i = f(i);
  return a;
}

// UTF-8 of the characters the tracer uses.
constexpr std::string_view kMinus = "−", kDot = "·", kHalf = "½", kRoot = "√", kEllipsis = "…",
                           kInfinity = "∞", kHat = "\xCC\x82";  // U+0302, as in m̂ and v̂
constexpr std::string_view kSuperDigits[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

class Parser {
 public:
  Parser(std::string_view text, bool strict) : s_(text), strict_(strict) {}

  // One side of an "=": an expression, to the end of the text.
  Value whole() {
    Value v = expr();
    skip_spaces();
    if (pos_ != s_.size()) fail("unexpected text");
    return v;
  }

  // A lone name such as "v" or "m̂": the left-hand side of an update part.
  static bool is_name(std::string_view t) {
    if (t.empty()) return false;
    std::size_t i = 0;
    while (i < t.size() && std::isalpha(static_cast<unsigned char>(t[i]))) ++i;
    if (i == 0) return false;
    if (t.substr(i) == kHat) i = t.size();
    return i == t.size() && t != "e";
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw NotationError(what + " at byte " + std::to_string(pos_) + " of \"" + std::string(s_) +
                        "\"");
  }
  void skip_spaces() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
    // "(774 more)" after a number: how many terms that number sums (a wide
    // forward sum lists its largest terms and adds the rest as one number).
    if (pos_ + 6 < s_.size() && s_[pos_] == '(' &&
        std::isdigit(static_cast<unsigned char>(s_[pos_ + 1]))) {
      std::size_t i = pos_ + 1;
      while (i < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i]))) ++i;
      if (s_.substr(i, 6) == " more)") {
        pos_ = i + 6;
        skip_spaces();
        return;
      }
    }
    // An annotation, "(this sample)" or "(other 3)": words in parentheses, no math.
    if (pos_ + 4 < s_.size() && s_[pos_] == '(') {
      std::size_t i = pos_ + 1;
      while (i < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i]))) ++i;
      if (i - pos_ - 1 >= 3 && i < s_.size() && s_[i] == ' ') {
        const std::size_t close = s_.find(')', i);
        if (close == std::string_view::npos) fail("an unclosed annotation");
        pos_ = close + 1;
        skip_spaces();
      }
    }
  }
  bool at(std::string_view t) {
    skip_spaces();
    return s_.substr(pos_, t.size()) == t;
  }
  bool take(std::string_view t) {
    if (!at(t)) return false;
    pos_ += t.size();
    return true;
  }
  void expect(std::string_view t) {
    if (!take(t)) fail("expected \"" + std::string(t) + "\"");
  }
  bool at_minus() { return at(kMinus) || at("-"); }

  // expr := ["−"] term (("+" | "−") term)*. A leading minus negates the first
  // term, so −0.07² is −(0.07²) and −0.73·1 is −(0.73·1).
  Value expr() {
    if (at("-")) fail("an ASCII hyphen instead of the minus sign");
    const bool negate = take(kMinus);
    Value v = term();
    if (negate) v = each(v, neg);
    for (;;) {
      if (take("+")) {
        v = combine(v, term(), add);
      } else if (take(kMinus)) {
        v = combine(v, term(), sub);
      } else {
        return v;
      }
    }
  }
  // term := factor (("·" | "/") factor)*, and ½ multiplies a group it touches: ½(…)².
  Value term() {
    Value v = factor();
    for (;;) {
      if (take(kDot)) {
        v = combine(v, factor(), mul);
      } else if (take("/")) {
        v = combine(v, factor(), divide);
      } else {
        return v;
      }
    }
  }

  // factor := "√" factor | postfix. In strict mode a minus sign cannot start a
  // factor: "0.45·−0.04" must be written "0.45·(−0.04)".
  Value factor() {
    if (at_minus()) {
      if (strict_) fail("a negative number after an operator, not in parentheses");
      (void)(take(kMinus) || take("-"));
      return each(factor(), neg);
    }
    if (take(kRoot))
      return each(factor(), [](Interval a) {
        return increasing(
            a, [](double x) { return std::sqrt(x); }, 0.0);
      });
    return postfix();
  }

  // postfix := primary (superscript digits)*: 0.9¹⁰, (−0.07)².
  Value postfix() {
    Value v = primary();
    for (;;) {
      int n = 0;
      bool any = false;
      for (bool digit = true; digit;) {
        digit = false;
        for (int d = 0; d < 10; ++d) {
          if (s_.substr(pos_, kSuperDigits[d].size()) == kSuperDigits[d]) {
            pos_ += kSuperDigits[d].size();
            n = 10 * n + d;
            any = digit = true;
            break;
          }
        }
      }
      if (!any) return v;
      v = each(v, [n](Interval a) { return power(a, n); });
    }
  }

  Value scalar(Interval i) { return Value{{i}, false, false}; }

  Value primary() {
    skip_spaces();
    if (take(kHalf)) {
      if (at("(")) return combine(scalar({0.5, 0.5}), postfix(), mul);
      return scalar({0.5, 0.5});
    }
    if (take("(")) {
      Value v = expr();
      expect(")");
      return v;
    }
    if (take("[")) return list();
    if (at(kEllipsis)) {
      compact();
      throw Unevaluable("compact sum: the terms after the first four are not shown");
    }
    if (take(kInfinity)) throw Unevaluable("∞ in the formula");
    if (at("NaN")) throw Unevaluable("NaN in the formula");
    if (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) return number();
    if (take("e^")) {
      expect("(");
      Value v = expr();
      expect(")");
      return each(v,
                  [](Interval a) { return increasing(a, [](double x) { return std::exp(x); }); });
    }
    if (take("tanh")) {
      return each(group(),
                  [](Interval a) { return increasing(a, [](double x) { return std::tanh(x); }); });
    }
    if (take("log")) {
      // log x or log(x): the natural logarithm of the next primary.
      return each(primary(), [](Interval a) {
        if (a.hi <= 0.0) throw Unevaluable("log of 0");
        return increasing(
            a, [](double x) { return std::log(x); }, 0.0);
      });
    }
    if (take("max")) {
      expect("(");
      Value a = expr();
      expect(",");
      Value b = expr();
      expect(")");
      return combine(a, b, [](Interval x, Interval y) {
        return Interval{std::max(x.lo, y.lo), std::max(x.hi, y.hi)};
      });
    }
    fail("expected a number or a group");
  }

  Value group() {
    expect("(");
    Value v = expr();
    expect(")");
    return v;
  }

  // "[x, y, …]"; a trailing "… (+N more)" leaves the shown head. A bracket
  // without commas groups, as in −[t·log a + …].
  Value list() {
    Value out;
    for (;;) {
      if (at(kEllipsis)) {
        compact();
        out.truncated = true;
        expect("]");
        break;
      }
      Value item = expr();
      if (item.list) fail("a list inside a list");
      out.items.push_back(item.items[0]);
      if (take("]")) break;
      expect(",");
    }
    out.list = out.items.size() > 1 || out.truncated;
    return out;
  }

  void compact() {
    expect(kEllipsis);
    expect("(+");
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    expect("more)");
  }

  // A number as number() prints it: "0.07229", "1.2e−05", "12". It stands for
  // every value that rounds to it: ± half a unit in its last significant digit,
  // counting 4 digits when it shows at most 4 (an operand, or a result whose
  // trailing zeros were dropped) and 6 when it shows more (a result).
  Value number() {
    std::string plain;
    int digits = 0, lead = 0;  // significant digits; decimal position of the first one
    bool seen_nonzero = false, after_point = false;
    int int_digits = 0, zeros_after_point = 0;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        if (c != '0' || seen_nonzero) {
          seen_nonzero = true;
          ++digits;
        } else if (after_point) {
          ++zeros_after_point;
        }
        if (!after_point && seen_nonzero) ++int_digits;
      } else if (c == '.' && !after_point) {
        after_point = true;
      } else {
        break;
      }
      plain += c;
      ++pos_;
    }
    int exponent = 0;
    if (pos_ < s_.size() && s_[pos_] == 'e') {
      std::size_t i = pos_ + 1;
      bool negative = false;
      if (s_.substr(i, kMinus.size()) == kMinus) {
        negative = true;
        i += kMinus.size();
      }
      std::size_t e = i;
      while (e < s_.size() && std::isdigit(static_cast<unsigned char>(s_[e]))) ++e;
      if (e == i) fail("an exponent without digits");
      exponent = std::stoi(std::string(s_.substr(i, e - i))) * (negative ? -1 : 1);
      pos_ = e;
    }
    const double value = std::strtod(plain.c_str(), nullptr) * std::pow(10.0, exponent);
    if (!seen_nonzero) return scalar({0.0, 0.0});  // "0" is printed for an exact zero only
    lead = (int_digits > 0 ? int_digits - 1 : -(zeros_after_point + 1)) + exponent;
    const int shown = digits <= 4 ? 4 : std::max(digits, 6);
    const double half = 0.5 * std::pow(10.0, lead - shown + 1);
    return scalar({value - half, value + half});
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  bool strict_;
};

Value evaluate(std::string_view text, bool strict = true) {
  return Parser(text, strict).whole();
}

// True when the two values can be equal: every item's intervals meet.
bool meets(const Value& a, const Value& b) {
  if (a.list != b.list || a.items.size() != b.items.size() || a.truncated != b.truncated) {
    throw NotationError("a list equated with a different list or a number");
  }
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    const Interval x = a.items[i], y = b.items[i];
    // Slack for the evaluator's own floating-point rounding.
    const double slack =
        1e-12 * std::max({std::abs(x.lo), std::abs(x.hi), std::abs(y.lo), std::abs(y.hi), 1e-300});
    if (x.hi + slack < y.lo || y.hi + slack < x.lo) return false;
  }
  return true;
}

bool unbounded(const Value& v) {
  for (const Interval& i : v.items) {
    if (std::isinf(i.lo) || std::isinf(i.hi)) return true;
  }
  return false;
}

std::vector<std::string> split(const std::string& text, const std::string& by) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t at = text.find(by); at != std::string::npos; at = text.find(by, from)) {
    out.push_back(text.substr(from, at - from));
    from = at + by.size();
  }
  out.push_back(text.substr(from));
  return out;
}

// The terms of a sum "t₀ + t₁ + …", split at " + " outside parentheses.
std::vector<std::string> split_terms(const std::string& text) {
  std::vector<std::string> out(1);
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')') --depth;
    if (depth == 0 && text.compare(i, 3, " + ") == 0) {
      out.emplace_back();
      i += 2;
      continue;
    }
    out.back() += text[i];
  }
  return out;
}

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
void check_formula(const std::string& substituted, Tally& tally, const std::string& where) {
  ++tally.formulas;
  for (const std::string& part : split(substituted, ";  ")) {
    ++tally.parts;
    std::vector<std::string> sides = split(part, " = ");
    if (Parser::is_name(sides.front())) sides.erase(sides.begin());
    if (sides.size() < 2) {
      // Only a number: nothing is computed in it (parse it all the same).
      try {
        (void)evaluate(sides.front());
        ++tally.plain;
      } catch (const NotationError& e) {
        tally.failures.push_back(where + ": " + e.what());
      } catch (const Unevaluable& e) {
        ++tally.skipped[e.what()];
      }
      continue;
    }
    try {
      std::vector<Value> values;
      for (const std::string& side : sides) values.push_back(evaluate(side));
      bool loose = false;
      for (std::size_t i = 0; i + 1 < values.size(); ++i) {
        loose = loose || unbounded(values[i]) || unbounded(values[i + 1]);
        if (!meets(values[i], values[i + 1])) {
          tally.failures.push_back(where + ": \"" + sides[i] + "\" is not \"" + sides[i + 1] +
                                   "\" in " + substituted);
        }
      }
      ++tally.checked;
      if (loose) ++tally.loose;
    } catch (const NotationError& e) {
      tally.failures.push_back(where + ": " + e.what());
    } catch (const Unevaluable& e) {
      ++tally.skipped[e.what()];
    }
  }
}

// ---- the evaluator on its own ------------------------------------------------

Interval scalar_of(const std::string& text, bool strict = true) {
  const Value v = evaluate(text, strict);
  EXPECT_FALSE(v.list) << text;
  return v.items.at(0);
}

bool holds(const std::string& formula) {
  Tally t;
  check_formula(formula, t, "hand-written");
  return t.failures.empty() && t.checked + t.plain == t.parts;
}

// The values below were worked out by hand (and a pocket calculator), not by
// the code under test.
TEST(TraceArithmetic, EvaluatorReadsOrdinaryPrecedence) {
  // The old update text: with ordinary precedence the power binds first, so
  // 0.001·−0.07229² is 0.001·(−0.005226) < 0. Strict mode refuses to read it.
  const Interval old = scalar_of("0.001·−0.07229²", false);
  EXPECT_LT(old.hi, 0.0);
  EXPECT_NEAR(old.lo, -5.226e-6, 1e-8);
  EXPECT_THROW((void)evaluate("0.001·−0.07229²"), NotationError);
  // Written right it is positive.
  const Interval fixed = scalar_of("0.001·(−0.07229)²");
  EXPECT_GT(fixed.lo, 0.0);
  EXPECT_NEAR(0.5 * (fixed.lo + fixed.hi), 5.2259e-6, 1e-9);
  // A leading minus applies to the whole first term, as in ordinary precedence.
  EXPECT_LT(scalar_of("−0.07²").hi, 0.0);
  EXPECT_NEAR(scalar_of("−0.5·2 + 3").lo, 2.0, 1e-3);
  // · and / before + and −, left to right.
  EXPECT_NEAR(scalar_of("1 − 6/3·2").lo, -3.0, 1e-2);
  EXPECT_NEAR(scalar_of("½(3 − 1)²").lo, 2.0, 1e-2);
  EXPECT_NEAR(scalar_of("2 − (−1)").lo, 3.0, 1e-2);
  EXPECT_THROW((void)evaluate("2 − −1"), NotationError);
  EXPECT_THROW((void)evaluate("2 + −1"), NotationError);
  EXPECT_THROW((void)evaluate("2 - 1"), NotationError);  // ASCII hyphen
  EXPECT_NEAR(scalar_of("0.9¹⁰").lo, 0.34868, 1e-3);
  EXPECT_NEAR(scalar_of("√0.04 + 1").lo, 1.2, 1e-3);
  EXPECT_NEAR(scalar_of("1.2e−05·1e5").lo, 1.2, 1e-2);
  EXPECT_NEAR(scalar_of("max(0, −0.3)").hi, 0.0, 1e-12);
}

TEST(TraceArithmetic, EvaluatorPropagatesTheShownPrecision) {
  // 1.234 stands for [1.2335, 1.2345]: 1.2345 is in reach, 1.236 is not.
  EXPECT_TRUE(holds("1.234·1 = 1.2345"));
  EXPECT_FALSE(holds("1.234·1 = 1.236"));
  // Six digits on the result side: 0.100001 is 0.1000005 … 0.1000015.
  EXPECT_TRUE(holds("0.1·1 = 0.100001"));
  EXPECT_FALSE(holds("0.1·1 = 0.1002"));
  // Small exponents keep their relative precision.
  EXPECT_TRUE(holds("1e−08·2 = 2e−08"));
  EXPECT_FALSE(holds("1e−08·2 = 3e−08"));
  EXPECT_TRUE(holds("0 = 0"));
  EXPECT_FALSE(holds("0·5 = 1e−300"));  // "0" is an exact zero
}

TEST(TraceArithmetic, EvaluatorChecksTracerShapedFormulas) {
  // z of the xor preset's output neuron (x = (1, 1)): the numbers add up.
  EXPECT_TRUE(
      holds("0.153·(−0.8975) + 0.2963·(−0.7839) + (−0.8995)·0.4812 + 0.1231·(−0.721) + 0 "
            "= −0.891149"));
  EXPECT_FALSE(
      holds("0.153·(−0.8975) + 0.2963·(−0.7839) + (−0.8995)·0.4812 + 0.1231·(−0.721) + "
            "0 = −0.89"));
  // σ(0.5) = 1/(1 + e^(−0.5)) = 0.622459
  EXPECT_TRUE(holds("1/(1 + e^(−0.5)) = 0.622459"));
  EXPECT_FALSE(holds("1/(1 + e^(0.5)) = 0.622459"));
  // bce: −[0.3·ln 0.6 + 0.7·ln 0.4] = 0.794659
  EXPECT_TRUE(holds("−[0.3·log 0.6 + 0.7·log 0.4] = 0.794659"));
  EXPECT_TRUE(holds("tanh(−1.459) = −0.897541"));
  EXPECT_TRUE(holds("½(−0.712 − (−1))² = 0.041472"));
  EXPECT_TRUE(holds("max(0, −0.3) = 0"));
  // A sample's term and the other samples' (annotations are not math).
  EXPECT_TRUE(holds("0.03551 (this sample) + (−0.1472) (other 3) = −0.111662"));
  // Lists, element by element, with the shown head of a compact one.
  EXPECT_TRUE(holds("[−0.7322, −0.7272] − 0.3·[−0.01895, −0.01612] = [−0.72652, −0.722364]"));
  EXPECT_FALSE(holds("[−0.7322, −0.7272] − 0.3·[−0.01895, −0.01612] = [−0.72652, −0.73]"));
  EXPECT_TRUE(holds("2·[1, 2, 3, 4, … (+3 more)] = [2, 4, 6, 8, … (+3 more)]"));
  EXPECT_FALSE(holds("2·[1, 2, 3, 4, … (+3 more)] = [2, 4, 6, 9, … (+3 more)]"));
  // rmsprop's two parts, each checked; the old notation fails the first.
  EXPECT_TRUE(
      holds("s = 0.9·0 + 0.1·(−0.07229)² = 0.0005226;  0.5 − 0.001·(−0.07229)/(√0.0005226 "
            "+ 1e−08) = 0.503162"));
  EXPECT_FALSE(holds("s = 0.9·0 + 0.1·−0.07229² = 0.0005226"));
  // Read leniently, the old text computes −0.0005226, not the 0.0005226 it shows.
  const Interval old = scalar_of("0.9·0 + 0.1·−0.07229²", false);
  EXPECT_LT(old.hi, 0.0);
  // A wide sum: the listed terms, the others as one number, then b.
  EXPECT_TRUE(holds("0.5·2 + (−0.25)·1 + 0.3 (3 more) + 0.1 = 1.15"));
  EXPECT_FALSE(holds("0.5·2 + (−0.25)·1 + 0.3 (3 more) + 0.1 = 1.45"));
  // A compact sum cannot be checked; it is counted, with its reason.
  Tally t;
  check_formula("0.1·0.2 + … (+4 more) + 0.3 = 1", t, "compact");
  EXPECT_EQ(t.checked, 0);
  EXPECT_EQ(t.skipped.size(), 1u);
  EXPECT_TRUE(t.failures.empty());
}

// ---- every formula the tracer writes ------------------------------------------

const fs::path kSource = BACKSTEP_SOURCE_DIR;

using test::preset_session;

void must(Session& s, const Command& c) {
  const Status r = apply(s, c);
  ASSERT_TRUE(r.ok()) << s.message;
}

// Both granularities of the session's next step.
void check_session(Session& s, Tally& tally, const std::string& what) {
  for (TraceGranularity g : {TraceGranularity::neuron, TraceGranularity::weight}) {
    must(s, SetTraceGranularity{g});
    const Tracer* tr = session_tracer(s);
    ASSERT_NE(tr, nullptr) << what;
    ++tally.tracers;
    if (tr->clip_scale() < 1.0) ++tally.clipped;
    for (long i = 0; i < tr->size(); ++i) {
      const TraceStep m = tr->at(i);
      check_formula(
          m.substituted, tally,
          what + "/" + std::string(to_string(g)) + " #" + std::to_string(i) + " " + m.formula);
      // Bug lab: the correct engine's side adds up by the same rules.
      if (m.correct) {
        ++tally.corrections;
        check_formula(m.correct->substituted, tally,
                      what + "/" + std::string(to_string(g)) + " #" + std::to_string(i) +
                          " (correct) " + m.correct->formula);
      }
    }
  }
}

struct Variant {
  OptimizerKind optimizer;
  RegularizationKind regularization;
  double clip;
};

// Every optimizer × regularization none/l1/l2 × clipping off and on.
std::vector<Variant> all_variants() {
  std::vector<Variant> out;
  for (OptimizerKind opt :
       {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::rmsprop, OptimizerKind::adam}) {
    for (RegularizationKind reg :
         {RegularizationKind::none, RegularizationKind::l1, RegularizationKind::l2}) {
      for (double clip : {0.0, 0.05}) out.push_back({opt, reg, clip});
    }
  }
  return out;
}

// Each optimizer once, the regularizations and clipping spread over them.
std::vector<Variant> some_variants() {
  return {{OptimizerKind::sgd, RegularizationKind::none, 0.0},
          {OptimizerKind::momentum, RegularizationKind::l1, 0.05},
          {OptimizerKind::rmsprop, RegularizationKind::l2, 0.0},
          {OptimizerKind::adam, RegularizationKind::l2, 0.05}};
}

// The step at 0 and 3 steps in, for each variant.
void check_training_variants(const std::function<Session()>& make,
                             const std::vector<Variant>& variants, Tally& tally,
                             const std::string& what) {
  for (const Variant& v : variants) {
    Session s = make();
    must(s, SetOptimizer{v.optimizer});
    must(s, SetRegularization{v.regularization, 0.01});
    must(s, SetClipNorm{v.clip});
    const std::string name = what + "/" + std::string(to_string(v.optimizer)) + "/reg" +
                             std::to_string(static_cast<int>(v.regularization)) + "/clip" +
                             std::to_string(v.clip);
    check_session(s, tally, name + "/step0");
    must(s, TrainSteps{3});
    check_session(s, tally, name + "/step3");
  }
}

std::string report(const Tally& t) {
  std::string out = std::to_string(t.tracers) + " steps (" + std::to_string(t.clipped) +
                    " clipped), " + std::to_string(t.formulas) + " formulas, " +
                    std::to_string(t.parts) + " parts: " + std::to_string(t.checked) +
                    " checked (" + std::to_string(t.loose) + " with a divisor that may be 0), " +
                    std::to_string(t.plain) + " a single number";
  for (const auto& [why, n] : t.skipped) out += ", " + std::to_string(n) + " not evaluated: " + why;
  return out;
}

void expect_clean(const Tally& t) {
  std::string first;
  for (std::size_t i = 0; i < t.failures.size() && i < 20; ++i) first += t.failures[i] + "\n";
  EXPECT_TRUE(t.failures.empty()) << t.failures.size() << " formulas do not add up:\n" << first;
}

TEST(TraceArithmetic, EveryPresetFormulaAddsUp) {
  Tally tally;
  for (const std::string& name : test::generator_presets()) {
    check_training_variants([&] { return preset_session(name); }, all_variants(), tally, name);
  }
  RecordProperty("tally", report(tally));
  std::printf("presets: %s\n", report(tally).c_str());
  expect_clean(tally);
  EXPECT_GT(tally.checked, 300000);
  EXPECT_GT(tally.clipped, 0);
  // What could not be evaluated: compact sums only (a layer wider than six
  // shows four terms and "… (+N more)"), never anything else.
  for (const auto& [why, n] : tally.skipped) {
    EXPECT_EQ(why.rfind("compact sum", 0), 0u) << n << " parts: " << why;
  }
  long not_checked = 0;
  for (const auto& [why, n] : tally.skipped) not_checked += n;
  EXPECT_LT(not_checked * 5, tally.parts) << report(tally);  // under a fifth of all parts
}

// Every output activation and loss pair the session accepts, fused or not, and
// every hidden activation, on a 2-5-3 network (full sums), at B = 10 and B = 1.
TEST(TraceArithmetic, EveryActivationAndLossFormulaAddsUp) {
  struct Out {
    Activation f;
    Loss loss;
  };
  const Out outs[] = {{Activation::softmax, Loss::ce},  {Activation::softmax, Loss::bce},
                      {Activation::softmax, Loss::mse}, {Activation::sigmoid, Loss::bce},
                      {Activation::sigmoid, Loss::ce},  {Activation::sigmoid, Loss::mse},
                      {Activation::linear, Loss::mse},  {Activation::tanh, Loss::mse},
                      {Activation::relu, Loss::mse},    {Activation::leaky_relu, Loss::mse}};
  const Activation hidden[] = {Activation::tanh, Activation::sigmoid, Activation::relu,
                               Activation::leaky_relu, Activation::linear};
  Tally tally;
  for (const Out& o : outs) {
    for (Activation h : hidden) {
      for (int batch : {10, 1}) {
        auto make = [&] { return test::blobs_2_5_3(h, o.f, o.loss, batch); };
        check_training_variants(make, some_variants(), tally,
                                std::string(to_string(h)) + "-" + std::string(to_string(o.f)) +
                                    "-" + std::string(to_string(o.loss)) + "/B" +
                                    std::to_string(batch));
      }
    }
  }
  RecordProperty("tally", report(tally));
  std::printf("activations and losses: %s\n", report(tally).c_str());
  expect_clean(tally);
  EXPECT_GT(tally.clipped, 0);
  EXPECT_TRUE(tally.skipped.empty()) << report(tally);  // no sum is compact here
  EXPECT_EQ(tally.checked + tally.plain, tally.parts);
}

// Every Bug lab mistake (core/bug.hpp) on a 2-5-3 network: its buggy formulas
// evaluate to the buggy values the engine computed, and the correct side
// beside them to the correct engine's, by the same arithmetic.
TEST(TraceArithmetic, EveryBugFormulaAddsUp) {
  struct Out {
    Activation f;
    Loss loss;
  };
  const Out outs[] = {{Activation::softmax, Loss::ce},
                      {Activation::sigmoid, Loss::mse},
                      {Activation::softmax, Loss::mse},
                      {Activation::linear, Loss::mse}};
  const Activation hidden[] = {Activation::sigmoid, Activation::tanh, Activation::relu};
  Tally tally;
  for (Bug bug : all_bugs()) {
    for (const Out& o : outs) {
      for (Activation h : hidden) {
        for (int batch : {6, 1}) {
          auto make = [&] { return test::blobs_2_5_3(h, o.f, o.loss, batch, bug); };
          check_training_variants(make, some_variants(), tally,
                                  std::string(bug_name(bug)) + "/" + std::string(to_string(h)) +
                                      "-" + std::string(to_string(o.f)) + "-" +
                                      std::string(to_string(o.loss)) + "/B" +
                                      std::to_string(batch));
        }
      }
    }
  }
  RecordProperty("tally", report(tally));
  std::printf("bugs: %s\n", report(tally).c_str());
  expect_clean(tally);
  EXPECT_GT(tally.corrections, 10000);
  EXPECT_TRUE(tally.skipped.empty()) << report(tally);
  EXPECT_EQ(tally.checked + tally.plain, tally.parts);
}

// A shown number back to a double: "(−0.5)" → −0.5, "1.2e−05" → 1.2e-5.
double shown_number(std::string text) {
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, kMinus.size(), kMinus) == 0) {
      plain += '-';
      i += kMinus.size() - 1;
    } else if (text[i] != '(' && text[i] != ')' && text[i] != ' ') {
      plain += text[i];
    }
  }
  return std::strtod(plain.c_str(), nullptr);
}

// Within the rounding of a number shown with 4 significant digits.
void expect_shown(double shown, double exact, const std::string& what) {
  EXPECT_LE(std::abs(shown - exact), 5.01e-4 * std::abs(exact) + 1e-300) << what;
}

// An 8×8 image set (64 pixel inputs in [0, 1], three classes): a hidden
// neuron's forward step lists its ten largest w·a terms and sums the other
// 54, and the listed terms plus that sum plus b are the engine's z.
TEST(TraceArithmetic, WideForwardSumListsTheLargestTermsAndAddsUpExactly) {
  Rng rng(7);
  DataSplit split;
  constexpr int kCount = 30;
  split.train.x = test::random_matrix(64, kCount, rng, 0.0, 1.0);
  split.train.t = Matrix::Zero(3, kCount);
  for (int i = 0; i < kCount; ++i) split.train.t(i % 3, i) = 1.0;
  split.image = {8, 8};
  split.class_names = {"zero", "one", "two"};
  Session s = preset_session("blobs3");
  must(s, LoadDataset{split, "test", {}});
  must(s, SetBatchSize{5});
  ASSERT_EQ(s.net.input_size(), 64);
  ASSERT_EQ(s.data.image, (ImageShape{8, 8}));
  Tally tally;
  check_session(s, tally, "8x8");
  expect_clean(tally);
  for (const auto& [why, n] : tally.skipped) {
    EXPECT_EQ(why.find("compact sum"), std::string::npos) << why;  // z adds up now
  }

  must(s, SetTraceGranularity{TraceGranularity::neuron});
  const Tracer* tr = session_tracer(s);
  ASSERT_NE(tr, nullptr);
  const Matrix& W = s.net.layer(1).W;
  const int sample = tr->computed_step().batch[static_cast<std::size_t>(tr->sample())];
  int z_steps = 0;
  for (long i = 0; i < tr->size(); ++i) {
    const TraceStep m = tr->at(i);
    if (m.quantity != TraceQuantity::z || m.layer != 1) continue;
    ++z_steps;
    const int j = m.neuron;
    // The contributions, worked out here from the weights and the pixels.
    std::vector<double> p(64);
    for (int k = 0; k < 64; ++k) p[k] = W(j, k) * s.data.train.x(k, sample);
    std::vector<int> order(64);
    for (int k = 0; k < 64; ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return std::abs(p[a]) > std::abs(p[b]); });
    const std::string lhs = m.substituted.substr(0, m.substituted.rfind(" = "));
    const std::vector<std::string> terms = split_terms(lhs);
    ASSERT_EQ(terms.size(), 12u) << m.substituted;  // 10 products, the rest, b
    double listed = 0.0, rest = 0.0;
    for (int t = 0; t < 10; ++t) {
      const int k = order[t];
      const std::size_t dot = terms[t].find(kDot);
      ASSERT_NE(dot, std::string::npos) << terms[t];
      expect_shown(shown_number(terms[t].substr(0, dot)), W(j, k), m.substituted);
      expect_shown(shown_number(terms[t].substr(dot + kDot.size())), s.data.train.x(k, sample),
                   m.substituted);
      listed += p[k];
    }
    for (int t = 10; t < 64; ++t) rest += p[order[t]];
    const std::size_t more = terms[10].find(" (54 more)");
    ASSERT_NE(more, std::string::npos) << terms[10];
    expect_shown(shown_number(terms[10].substr(0, more)), rest, m.substituted);
    expect_shown(shown_number(terms[11]), s.net.layer(1).b(j), m.substituted);
    // Exact: the listed terms and the "more" sum are the engine's z.
    EXPECT_NEAR(listed + rest + s.net.layer(1).b(j), m.value, 1e-12) << m.substituted;
    EXPECT_EQ(m.value, tr->workspace().z[1](j, tr->sample()));
  }
  EXPECT_EQ(z_steps, s.net.size(1));
}

}  // namespace
}  // namespace backstep
