// The "differs:" line of the Bug lab: whole symbols on both sides.
#include "app/text/formula_diff.hpp"

#include <gtest/gtest.h>

namespace backstep {
namespace {

TEST(FormulaDifference, CutsAtSpacesAroundTheChangedSymbols) {
  const FormulaDifference d = formula_difference("δ⁽¹⁾₁ = (w⁽²⁾₁₁·δ⁽²⁾₁) · z⁽¹⁾₁(1 − z⁽¹⁾₁)",
                                                 "δ⁽¹⁾₁ = (w⁽²⁾₁₁·δ⁽²⁾₁) · σ′(z⁽¹⁾₁)");
  EXPECT_EQ(d.left, "z⁽¹⁾₁(1 − z⁽¹⁾₁)");
  EXPECT_EQ(d.right, "σ′(z⁽¹⁾₁)");
}

TEST(FormulaDifference, AMissingTailIsEmptyOnOneSide) {
  const FormulaDifference d = formula_difference("δ = (a − t) · σ′(z)", "δ = (a − t) · σ′(z) / B");
  EXPECT_EQ(d.left, "σ′(z)");
  EXPECT_EQ(d.right, "σ′(z) / B");
  const FormulaDifference e = formula_difference("w ← w − η·(−∂L/∂w)", "w ← w − η·∂L/∂w");
  EXPECT_EQ(e.left, "η·(−∂L/∂w)");
  EXPECT_EQ(e.right, "η·∂L/∂w");
}

TEST(FormulaDifference, EqualFormulasHaveNoDifference) {
  const FormulaDifference d = formula_difference("a = b", "a = b");
  EXPECT_TRUE(d.left.empty());
  EXPECT_TRUE(d.right.empty());
}

}  // namespace
}  // namespace backstep
