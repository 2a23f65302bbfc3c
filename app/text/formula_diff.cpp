#include "app/text/formula_diff.hpp"

#include <algorithm>

namespace backstep {

FormulaDifference formula_difference(std::string_view a, std::string_view b) {
  if (a == b) return {};
  const std::size_t most = std::min(a.size(), b.size());
  // The common prefix, backed up to just after its last space (a whole word
  // or symbol on each side stays together).
  std::size_t p = 0;
  while (p < most && a[p] == b[p]) ++p;
  while (p > 0 && a[p - 1] != ' ') --p;
  // The common suffix within what is left, starting right after a space in
  // both (or at the start of a side).
  std::size_t q = 0;
  while (q < most - p && a[a.size() - 1 - q] == b[b.size() - 1 - q]) ++q;
  auto starts_word = [](std::string_view s, std::size_t at) { return at == 0 || s[at - 1] == ' '; };
  while (q > 0 && !(starts_word(a, a.size() - q) && starts_word(b, b.size() - q))) --q;
  auto middle = [&](std::string_view s) {
    std::string out(s.substr(p, s.size() - p - q));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  };
  return {middle(a), middle(b)};
}

}  // namespace backstep
