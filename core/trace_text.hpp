// The tracer's text: notation (z⁽¹⁾₂, w⁽²⁾₁₂, δ, σ′) and the formula of every
// micro-step, with numbers substituted. Used by core/tracer.cpp; the helpers
// are public so the UI can label things the same way.
#pragma once

#include <functional>
#include <string>

#include <vector>

#include "core/activation.hpp"
#include "core/mlp.hpp"

namespace backstep {

class Tracer;
struct TraceStep;

// The forward sum z = Σ_k w_jk a_k + b of a wide layer, abbreviated: the
// indices k of its largest contributions |w_jk·a_k| (largest first; n/4 of
// them, at least 4 and at most 10) and the exact sum of all the others, in
// index order. Row j of W, column `col` of a. The trace shows these.
struct LargestTerms {
  std::vector<int> shown;
  double rest_sum = 0.0;
};
LargestTerms largest_terms(const Matrix& W, int j, const Matrix& a, int col);

// Fills formula, substituted, note, value, values and sample_value of m,
// whose locus (phase, layer, neuron, source) is already set.
void describe_micro_step(const Tracer& tracer, TraceStep& m);

namespace notation {

std::string superscript(int n);  // 12 → "¹²", −1 → "⁻¹"
std::string subscript(int n);    // 12 → "₁₂"
std::string layer_tag(int l);    // "⁽ˡ⁾" with the number: 1 → "⁽¹⁾"
// Two 1-based indices as one subscript: (1, 2) → "₁₂"; (12, 3) → "₁₂,₃".
std::string subscript_pair(int j, int k);
// Names with 0-based engine indices, 1-based in the text.
std::string neuron_name(const char* symbol, int layer, int j);  // ("z", 1, 1) → "z⁽¹⁾₂"
std::string weight_name(int layer, int j, int k);               // w⁽ˡ⁾_jk
std::string bias_name(int layer, int j);                        // b⁽ˡ⁾_j
std::string derivative_symbol(Activation f);                    // "σ′", "tanh′", …
// A number with `digits` significant digits, Unicode minus, "1.2e−5" exponents.
std::string number(double v, int digits = 4);
// Terms joined with " + ": every term for n ≤ 6, else the first 4 and "… (+N more)".
std::string join_terms(int n, const std::function<std::string(int)>& term,
                       const char* separator = " + ");
// "[t₀, t₁, …]" with the same rule.
std::string bracket_list(int n, const std::function<std::string(int)>& term);

inline constexpr int kFullSumLimit = 6;  // sums longer than this are shown compactly
inline constexpr int kShownTerms = 4;
inline constexpr int kLargestTerms = 10;  // the most terms a wide forward sum lists

}  // namespace notation
}  // namespace backstep
