// Notation of DESIGN.md in UTF-8: superscript layer in parentheses, subscript
// 1-based neuron numbers, Unicode minus.
// GCC 12 reports a false -Wrestrict inside std::string's operator+ once it is
// inlined (GCC bug 105329); this file builds many strings that way.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <cmath>
#include <cstdio>
#include <string>

#include "core/trace_text.hpp"

namespace backstep::notation {

namespace {

constexpr const char* kSuperDigits[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
constexpr const char* kSubDigits[10] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};

std::string digits(int n, const char* const* table, const char* minus) {
  std::string out;
  if (n < 0) {
    out += minus;
    n = -n;
  }
  const std::string plain = std::to_string(n);
  for (char c : plain) out += table[c - '0'];
  return out;
}

}  // namespace

std::string superscript(int n) {
  return digits(n, kSuperDigits, "⁻");
}
std::string subscript(int n) {
  return digits(n, kSubDigits, "₋");
}
std::string layer_tag(int l) {
  return "⁽" + superscript(l) + "⁾";
}

std::string subscript_pair(int j, int k) {
  // Two single digits read unambiguously side by side (w₁₂); beyond 9 a comma
  // keeps "w₁₂,₃" from reading as w₁,₂₃.
  if (j < 10 && k < 10) return subscript(j) + subscript(k);
  return subscript(j) + "," + subscript(k);
}

std::string neuron_name(const char* symbol, int layer, int j) {
  return symbol + layer_tag(layer) + subscript(j + 1);
}

std::string weight_name(int layer, int j, int k) {
  return "w" + layer_tag(layer) + subscript_pair(j + 1, k + 1);
}

std::string bias_name(int layer, int j) {
  return neuron_name("b", layer, j);
}

std::string derivative_symbol(Activation f) {
  return std::string(activation_symbol(f)) + "′";
}

std::string number(double v, int digits) {
  if (v == 0.0) return "0";  // also turns −0 into 0
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  // Unicode minus everywhere; exponents without '+' or leading zeros.
  std::string out;
  const std::string s = buf;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '-') {
      out += "−";
    } else if (c == 'e') {
      out += 'e';
      std::size_t e = i + 1;
      if (s[e] == '-') {
        out += "−";
        ++e;
      } else if (s[e] == '+') {
        ++e;
      }
      while (e + 1 < s.size() && s[e] == '0') ++e;
      out += s.substr(e);
      break;
    } else {
      out += c;
    }
  }
  return out;
}

std::string join_terms(int n, const std::function<std::string(int)>& term, const char* separator) {
  std::string out;
  const bool compact = n > kFullSumLimit;
  const int shown = compact ? kShownTerms : n;
  for (int i = 0; i < shown; ++i) {
    if (i > 0) out += separator;
    out += term(i);
  }
  if (compact) {
    out += separator;
    out += "… (+" + std::to_string(n - shown) + " more)";
  }
  return out;
}

std::string bracket_list(int n, const std::function<std::string(int)>& term) {
  return "[" + join_terms(n, term, ", ") + "]";
}

}  // namespace backstep::notation
