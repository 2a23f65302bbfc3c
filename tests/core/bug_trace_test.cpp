// The tracer with a Bug lab mistake on: each micro-step shows what the bug
// computed (the engine's buggy numbers) and, where it differs, the correct
// engine's step beside it. The correct side is checked against a second
// session that never had the bug; the buggy side against exact identities
// (×B, ×2, sign flips) and against the formulas' own shapes.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/bug.hpp"
#include "core/session.hpp"
#include "core/session_trace.hpp"
#include "core/tracer.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

void must(Session& s, const Command& c) {
  const Status r = apply(s, c);
  ASSERT_TRUE(r.ok()) << s.message;
}

// blobs3 as a 2-5-3 network with `hidden` and `out`/`loss`, batch 6.
Session blobs(Activation hidden, Activation out, Loss loss, Bug bug) {
  return test::blobs_2_5_3(hidden, out, loss, 6, bug);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(BugTrace, WithoutABugNoStepHasACorrectSide) {
  Session s = blobs(Activation::sigmoid, Activation::softmax, Loss::ce, Bug::none);
  const Tracer* tr = session_tracer(s);
  ASSERT_NE(tr, nullptr);
  EXPECT_EQ(tr->correct_tracer(), nullptr);
  for (long i = 0; i < tr->size(); ++i) EXPECT_FALSE(tr->at(i).correct) << i;
}

// For every bug: the correct side of each micro-step is the step a session
// without the bug traces, number for number and formula for formula; a step
// without a correct side equals it; the forward pass and the loss never differ.
TEST(BugTrace, TheCorrectSideIsTheCorrectEnginesStep) {
  for (Bug bug : all_bugs()) {
    for (Activation hidden : {Activation::sigmoid, Activation::tanh, Activation::relu}) {
      const Activation out =
          bug == Bug::softmax_jacobian_twice ? Activation::softmax : Activation::sigmoid;
      const Loss loss = bug == Bug::softmax_jacobian_twice ? Loss::ce : Loss::mse;
      Session buggy = blobs(hidden, out, loss, bug);
      Session right = blobs(hidden, out, loss, Bug::none);
      // A few steps in, so the optimizer state is not zero; both sessions
      // step the correct engine to get there.
      must(buggy, SetBug{Bug::none});
      must(buggy, TrainSteps{3});
      must(right, TrainSteps{3});
      must(buggy, SetBug{bug});
      const Tracer* tb = session_tracer(buggy);
      const Tracer* tr = session_tracer(right);
      ASSERT_NE(tb, nullptr);
      ASSERT_NE(tr, nullptr);
      ASSERT_EQ(tb->size(), tr->size());
      const std::string what = std::string(bug_name(bug)) + "/" + std::string(to_string(hidden));
      long corrected = 0;
      for (long i = 0; i < tb->size(); ++i) {
        const TraceStep b = tb->at(i), r = tr->at(i);
        if (b.phase == TracePhase::forward || b.phase == TracePhase::loss) {
          EXPECT_FALSE(b.correct) << what << " #" << i << " " << b.formula;
          EXPECT_EQ(b.value, r.value) << what << " #" << i;
          continue;
        }
        if (!b.correct) {
          EXPECT_EQ(b.formula, r.formula) << what << " #" << i;
          EXPECT_EQ(b.value, r.value) << what << " #" << i;
          continue;
        }
        ++corrected;
        EXPECT_EQ(b.correct->formula, r.formula) << what << " #" << i;
        EXPECT_EQ(b.correct->substituted, r.substituted) << what << " #" << i;
        EXPECT_EQ(b.correct->value, r.value) << what << " #" << i;
        EXPECT_EQ(b.correct->values, r.values) << what << " #" << i;
        EXPECT_EQ(b.correct->same_formula, b.formula == r.formula) << what << " #" << i;
      }
      // A derivative bug changes nothing where its activation is absent (the
      // sigmoid output keeps sigmoid-prime-of-z in play); every other bug
      // changes some step here, the update at least.
      const bool untouched = (bug == Bug::relu_prime_one && hidden != Activation::relu) ||
                             (bug == Bug::tanh_prime_of_z && hidden != Activation::tanh);
      if (untouched) {
        EXPECT_EQ(corrected, 0) << what;
      } else {
        EXPECT_GT(corrected, 0) << what;
      }
    }
  }
}

// The buggy side shows the mistake in its formula, as the bug computes it.
TEST(BugTrace, EachBugsFormulaShowsTheMistake) {
  struct Expect {
    Bug bug;
    Activation hidden, out;
    Loss loss;
    TracePhase phase;
    std::string buggy, correct;  // a part of each formula
  };
  const Expect cases[] = {
      {Bug::sigmoid_prime_of_z, Activation::sigmoid, Activation::sigmoid, Loss::mse,
       TracePhase::hidden_delta, "z⁽¹⁾₁(1 − z⁽¹⁾₁)", "σ′(z⁽¹⁾₁)"},
      {Bug::tanh_prime_of_z, Activation::tanh, Activation::sigmoid, Loss::mse,
       TracePhase::hidden_delta, "(1 − z⁽¹⁾₁²)", "tanh′(z⁽¹⁾₁)"},
      {Bug::relu_prime_one, Activation::relu, Activation::sigmoid, Loss::mse,
       TracePhase::hidden_delta, ") · 1", "relu′(z⁽¹⁾₁)"},
      {Bug::no_activation_derivative, Activation::tanh, Activation::sigmoid, Loss::mse,
       TracePhase::hidden_delta, "·δ⁽²⁾₃)", "tanh′(z⁽¹⁾₁)"},
      {Bug::loss_derivative_factor, Activation::tanh, Activation::sigmoid, Loss::mse,
       TracePhase::output_delta, "2·(a⁽²⁾₁ − t₁)", "= (a⁽²⁾₁ − t₁) · σ′"},
      {Bug::no_batch_mean, Activation::tanh, Activation::sigmoid, Loss::mse,
       TracePhase::output_delta, "σ′(z⁽²⁾₁)", "σ′(z⁽²⁾₁) / B"},
      {Bug::softmax_jacobian_twice, Activation::tanh, Activation::softmax, Loss::ce,
       TracePhase::output_delta, "(a⁽²⁾₁ − t₁)·a⁽²⁾₁(1 − a⁽²⁾₁)", "(a⁽²⁾₁ − t₁) / B"},
      {Bug::update_before_backprop, Activation::tanh, Activation::sigmoid, Loss::mse,
       TracePhase::hidden_delta, "(w⁽²⁾₁₁ + Δw⁽²⁾₁₁)", "w⁽²⁾₁₁·δ⁽²⁾₁"},
      {Bug::bias_sum_over_neurons, Activation::tanh, Activation::sigmoid, Loss::mse,
       TracePhase::bias_gradient, "Σᵢ Σ_samples δ⁽²⁾ᵢ", "Σ_samples δ⁽²⁾₁"},
      {Bug::gradient_ascent, Activation::tanh, Activation::sigmoid, Loss::mse, TracePhase::update,
       "(−∂L/∂w⁽¹⁾₁ₖ)", "·∂L/∂w⁽¹⁾₁ₖ"},
  };
  for (const Expect& e : cases) {
    Session s = blobs(e.hidden, e.out, e.loss, e.bug);
    const Tracer* tr = session_tracer(s);
    ASSERT_NE(tr, nullptr);
    const TraceStep m = tr->at(tr->first_index(e.phase));
    const std::string what = std::string(bug_name(e.bug)) + ": " + m.formula;
    ASSERT_TRUE(m.correct) << what;
    EXPECT_FALSE(m.correct->same_formula) << what;
    EXPECT_TRUE(contains(m.formula, e.buggy)) << what;
    EXPECT_TRUE(contains(m.correct->formula, e.correct)) << what << " | " << m.correct->formula;
    EXPECT_FALSE(contains(m.formula, e.correct)) << what;
    EXPECT_TRUE(contains(m.note, "Bug lab")) << what << " | " << m.note;
  }
}

// Exact identities between the two sides: ×B without the batch mean, ×2 for
// the loss-derivative factor, and the same gradients but a mirrored update
// for gradient ascent (sgd: w + η·g instead of w − η·g).
TEST(BugTrace, TheTwoSidesDifferByTheBugsExactFactor) {
  {
    Session s = blobs(Activation::tanh, Activation::sigmoid, Loss::mse, Bug::no_batch_mean);
    // No regularization or clipping, whose terms do not scale with δ.
    must(s, SetRegularization{RegularizationKind::none, 0.0});
    must(s, SetClipNorm{0.0});
    const Tracer* tr = session_tracer(s);
    ASSERT_NE(tr, nullptr);
    for (long i = tr->first_index(TracePhase::output_delta);
         i < tr->first_index(TracePhase::update); ++i) {
      const TraceStep m = tr->at(i);
      ASSERT_TRUE(m.correct) << m.formula;
      EXPECT_NEAR(m.value, 6.0 * m.correct->value, 1e-12 * std::abs(m.value) + 1e-300) << m.formula;
    }
  }
  {
    Session s =
        blobs(Activation::tanh, Activation::sigmoid, Loss::mse, Bug::loss_derivative_factor);
    must(s, SetClipNorm{0.0});
    const Tracer* tr = session_tracer(s);
    ASSERT_NE(tr, nullptr);
    const TraceStep m = tr->at(tr->first_index(TracePhase::output_delta));
    ASSERT_TRUE(m.correct);
    EXPECT_EQ(m.value, 2.0 * m.correct->value);  // ×2 is exact in binary
  }
  {
    Session s = blobs(Activation::tanh, Activation::sigmoid, Loss::mse, Bug::gradient_ascent);
    must(s, SetOptimizer{OptimizerKind::sgd});
    must(s, SetClipNorm{0.0});
    must(s, SetTraceGranularity{TraceGranularity::weight});
    const Tracer* tr = session_tracer(s);
    ASSERT_NE(tr, nullptr);
    for (long i = 0; i < tr->first_index(TracePhase::update); ++i) {
      EXPECT_FALSE(tr->at(i).correct) << tr->at(i).formula;  // the gradients are the true ones
    }
    const double eta = tr->learning_rate();
    for (long i = tr->first_index(TracePhase::update); i < tr->size(); ++i) {
      const TraceStep m = tr->at(i);
      ASSERT_TRUE(m.correct) << m.formula;
      const double theta = m.quantity == TraceQuantity::bias_update
                               ? s.net.layer(m.layer).b(m.neuron)
                               : s.net.layer(m.layer).W(m.neuron, m.source);
      const double g = m.quantity == TraceQuantity::bias_update
                           ? tr->workspace().grad_b[m.layer](m.neuron)
                           : tr->workspace().grad_W[m.layer](m.neuron, m.source);
      EXPECT_DOUBLE_EQ(m.value, theta + eta * g) << m.formula;
      EXPECT_DOUBLE_EQ(m.correct->value, theta - eta * g) << m.correct->formula;
    }
  }
}

}  // namespace
}  // namespace backstep
