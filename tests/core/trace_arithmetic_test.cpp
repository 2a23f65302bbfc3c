// Every formula the tracer writes, read with ordinary precedence, evaluates
// from its shown numbers to its shown result (DESIGN.md, "Notation"), by the
// interval evaluator of tests/support/formula_check.hpp, which knows nothing
// of the engine.
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
#include "tests/support/formula_check.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;
using namespace test;  // the evaluator: Interval, Value, evaluate, check_formula, Tally

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
