// Internal to the tracer's text (core/trace_text*.cpp): shared context and
// small formatting helpers.
#pragma once

#include <string>

#include "core/trace_text.hpp"
#include "core/tracer.hpp"

namespace backstep::trace_detail {

// Everything a description reads, gathered once per micro-step.
struct Ctx {
  const Tracer& tr;
  const Mlp& net;
  const Workspace& ws;
  int s;  // the traced column
  int batch;
  Bug bug;  // the Bug lab's mistake the step was computed with (none: correct)
};

inline std::string num(double v) {
  return notation::number(v, 4);
}  // an operand
inline std::string result(double v) {
  return notation::number(v, 6);
}  // a result
// An operand that an operator or a power touches: a negative in parentheses,
// "0.45·(−0.0381)", "a − (−1)", "(−0.07229)²". Only the first number of a
// formula is written without them ("−0.73·1 + …" reads as (−0.73)·1).
inline std::string operand(double v) {
  return v < 0.0 ? "(" + notation::number(v, 4) + ")" : notation::number(v, 4);
}
inline std::string target_name(int j) {
  return "t" + notation::subscript(j + 1);
}

// w⁽ˡ⁾_jk with a symbolic k: "w⁽²⁾₁ₖ"; with a symbolic j: "w⁽²⁾ₖ₁".
inline std::string row_weight_name(int l, int j) {
  return "w" + notation::layer_tag(l) + notation::subscript(j + 1) + (j + 1 >= 10 ? ",ₖ" : "ₖ");
}
inline std::string column_weight_name(int l, int k) {
  return "w" + notation::layer_tag(l) + "ₖ" + (k + 1 >= 10 ? "," : "") + notation::subscript(k + 1);
}

// Deltas and gradients (core/trace_text_backward.cpp), which hands the
// updates on to describe_update_step (core/trace_text_update.cpp).
void describe_backward_step(const Ctx& c, TraceStep& m);
void describe_update_step(const Ctx& c, TraceStep& m);

}  // namespace backstep::trace_detail
