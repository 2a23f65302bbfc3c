// The tracer's index arithmetic: every micro-step exactly once, navigation
// round trips, and random access on a 784-100-10 network without a list.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/tracer.hpp"
#include "tests/core/engine_test_util.hpp"

namespace backstep {
namespace {

Tracer make_tracer(const std::vector<int>& sizes, TraceGranularity g, int batch = 1,
                   Regularization reg = {}) {
  Rng rng(5);
  std::vector<Activation> acts(sizes.size() - 1, Activation::tanh);
  acts.back() = Activation::sigmoid;
  Mlp net = make_mlp(sizes, acts, Loss::mse);
  test::randomize(net, rng, 0.5);
  const Matrix x = test::random_matrix(sizes.front(), batch, rng, 0.0, 1.0);
  const Matrix t = test::random_matrix(sizes.back(), batch, rng, 0.0, 1.0);
  Hyperparams hp;
  hp.regularization = reg;
  return Tracer(net, x, t, 0, hp, {}, 0, g);
}

// Counts by the rules of DESIGN.md, written out independently of the tracer.
long expected_phase_size(const std::vector<int>& n, TracePhase p, TraceGranularity g,
                         bool objective) {
  const int L = static_cast<int>(n.size()) - 1;
  long count = 0;
  for (int l = 1; l <= L; ++l) {
    const long row = g == TraceGranularity::neuron ? 1 : n[l - 1];
    switch (p) {
      case TracePhase::forward:
        count += 2L * n[l];
        break;
      case TracePhase::hidden_delta:
        if (l < L) count += n[l];
        break;
      case TracePhase::weight_gradient:
        count += n[l] * row;
        break;
      case TracePhase::bias_gradient:
        count += n[l];
        break;
      case TracePhase::update:
        count += n[l] * (row + 1);
        break;
      default:
        break;
    }
  }
  if (p == TracePhase::loss) count = n[L] + 1 + (objective ? 1 : 0);
  if (p == TracePhase::output_delta) count = n[L];
  return count;
}

TEST(TracerIndex, CoversEveryMicroStepExactlyOnce) {
  const std::vector<std::vector<int>> nets = {{2, 2, 2}, {3, 5, 4, 2}, {1, 1}, {4, 7, 3}};
  for (const auto& sizes : nets) {
    for (TraceGranularity g : {TraceGranularity::neuron, TraceGranularity::weight}) {
      for (int batch : {1, 3}) {
        const Tracer tr = make_tracer(sizes, g, batch);
        long total = 0;
        for (int p = 0; p < kTracePhaseCount; ++p) {
          const auto phase = static_cast<TracePhase>(p);
          EXPECT_EQ(tr.phase_size(phase), expected_phase_size(sizes, phase, g, batch > 1))
              << to_string(phase);
          EXPECT_EQ(tr.first_index(phase), total);
          total += tr.phase_size(phase);
        }
        EXPECT_EQ(total, tr.size());
        std::set<std::tuple<int, int, int, int, int>> seen;
        TracePhase last = TracePhase::forward;
        for (long i = 0; i < tr.size(); ++i) {
          const TraceLocus loc = tr.locate(i);
          ASSERT_EQ(loc.index, i);
          ASSERT_EQ(tr.at(i).index, i);
          EXPECT_GE(static_cast<int>(loc.phase), static_cast<int>(last));  // phases in order
          last = loc.phase;
          const bool fresh = seen.insert({static_cast<int>(loc.quantity), loc.layer, loc.neuron,
                                          loc.source, static_cast<int>(loc.phase)})
                                 .second;
          EXPECT_TRUE(fresh) << "micro-step " << i << " repeats a locus";
        }
        EXPECT_EQ(static_cast<long>(seen.size()), tr.size());
      }
    }
  }
}

TEST(TracerIndex, NavigationRoundTrips) {
  Tracer tr = make_tracer({3, 5, 4, 2}, TraceGranularity::weight, 2, {RegularizationKind::l2, 0.1});
  Rng rng(9);
  for (int trial = 0; trial < 50; ++trial) {
    const long i = static_cast<long>(rng.below(static_cast<std::uint64_t>(tr.size())));
    const long n = static_cast<long>(rng.below(static_cast<std::uint64_t>(tr.size() - i)));
    const TraceStep start = tr.at(i);
    long cursor = i;
    for (long s = 0; s < n; ++s) ++cursor;  // forward N …
    const TraceStep there = tr.at(cursor);
    EXPECT_EQ(there.index, i + n);
    for (long s = 0; s < n; ++s) --cursor;  // … and back N
    const TraceStep back = tr.at(cursor);
    EXPECT_EQ(back.index, start.index);
    EXPECT_EQ(back.formula, start.formula);
    EXPECT_EQ(back.substituted, start.substituted);
    EXPECT_EQ(back.value, start.value);
  }
  // Jumps land on what they name.
  for (TraceGranularity g : {TraceGranularity::neuron, TraceGranularity::weight}) {
    tr.set_granularity(g);
    for (int l = 1; l <= 3; ++l) {
      const int n = tr.net().size(l), n_in = tr.net().size(l - 1);
      for (int j = 0; j < n; ++j) {
        const TraceLocus z = tr.locate(tr.index_of_neuron(l, j));
        EXPECT_EQ(z.quantity, TraceQuantity::z);
        EXPECT_EQ(std::make_pair(z.layer, z.neuron), std::make_pair(l, j));
        const TracePhase delta = l == 3 ? TracePhase::output_delta : TracePhase::hidden_delta;
        const TraceLocus d = tr.locate(tr.index_of(delta, l, j));
        EXPECT_EQ(std::make_tuple(d.phase, d.layer, d.neuron), std::make_tuple(delta, l, j));
        for (int k = 0; k < n_in; ++k) {
          for (TracePhase p : {TracePhase::weight_gradient, TracePhase::update}) {
            const TraceLocus e = tr.locate(tr.index_of_edge(l, j, k, p));
            EXPECT_EQ(std::make_tuple(e.phase, e.layer, e.neuron), std::make_tuple(p, l, j));
            EXPECT_EQ(e.source, g == TraceGranularity::weight ? k : -1);
          }
        }
      }
    }
    EXPECT_EQ(tr.index_of(TracePhase::hidden_delta, 3, 0), -1);  // the output has no hidden δ
    EXPECT_EQ(tr.index_of_edge(1, 0, 9), -1);
    EXPECT_EQ(tr.phase_of(tr.first_index(TracePhase::update)), TracePhase::update);
    EXPECT_EQ(tr.phase_of(tr.first_index(TracePhase::update) - 1), TracePhase::bias_gradient);
  }
}

TEST(TracerIndex, Mnist784x100x10RandomAccessWithoutAList) {
  const std::vector<int> sizes = {784, 100, 10};
  Tracer tr = make_tracer(sizes, TraceGranularity::weight);
  // forward 2·110, loss 10 + 1, δ 10 + 100, ∂W 78 400 + 1 000, ∂b 110, updates 79 400 + 110
  EXPECT_EQ(tr.phase_size(TracePhase::weight_gradient), 79400);
  EXPECT_EQ(tr.size(), 220 + 11 + 10 + 100 + 79400 + 110 + 79510);
  Rng rng(1);
  for (int trial = 0; trial < 200; ++trial) {
    const long i = static_cast<long>(rng.below(static_cast<std::uint64_t>(tr.size())));
    const TraceStep m = tr.at(i);
    EXPECT_EQ(m.index, i);
    EXPECT_FALSE(m.substituted.empty());
  }
  // A first-layer z sums 784 terms: the text lists the 10 largest and sums
  // the other 774 into one number.
  const TraceStep z = tr.at(tr.index_of_neuron(1, 17));
  EXPECT_NE(z.substituted.find(" (774 more) + "), std::string::npos) << z.substituted;
  EXPECT_NE(z.formula.find("Σₖ"), std::string::npos) << z.formula;
  const TraceStep last = tr.at(tr.size() - 1);
  EXPECT_EQ(last.quantity, TraceQuantity::bias_update);
  EXPECT_EQ(std::make_pair(last.layer, last.neuron), std::make_pair(2, 9));
  // The same record in neuron granularity is a row with the compact list.
  tr.set_granularity(TraceGranularity::neuron);
  EXPECT_EQ(tr.phase_size(TracePhase::weight_gradient), 110);
  const TraceStep row = tr.at(tr.index_of_edge(1, 3, 500));
  EXPECT_EQ(row.values.size(), 784u);
  EXPECT_NE(row.substituted.find("(+780 more)"), std::string::npos);
}

}  // namespace
}  // namespace backstep
