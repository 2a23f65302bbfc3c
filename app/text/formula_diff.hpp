// The part where two formulas differ, for the Bug lab's "differs:" line: the
// buggy formula against the correct one, their common start and end removed.
#pragma once

#include <string>
#include <string_view>

namespace backstep {

struct FormulaDifference {
  std::string left, right;  // what only `a`, and only `b`, has there
};

// The common prefix and suffix are cut at spaces, so neither side starts or
// ends inside a symbol ("σ′(z⁽¹⁾₁)", never "′(z⁽¹⁾"), and never inside a UTF-8
// character. Equal formulas give two empty parts.
FormulaDifference formula_difference(std::string_view a, std::string_view b);

}  // namespace backstep
