#include "tests/support/formula_check.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace backstep::test {

namespace {

// ---- the evaluator ----------------------------------------------------------

constexpr double kInf = std::numeric_limits<double>::infinity();

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

// UTF-8 of the other characters the tracer uses.
constexpr std::string_view kHalf = "½", kRoot = "√", kEllipsis = "…", kInfinity = "∞",
                           kHat = "\xCC\x82";  // U+0302, as in m̂ and v̂
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

}  // namespace

Value evaluate(std::string_view text, bool strict) {
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

}  // namespace backstep::test
