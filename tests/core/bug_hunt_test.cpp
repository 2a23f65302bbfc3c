// "Find the bug" picks only mistakes the network would show. The expected
// lists are worked out from each mistake's definition and the network, not
// read from the code under test.
#include "core/bug_hunt.hpp"

#include <gtest/gtest.h>

#include <set>

#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

TEST(BugHunt, OnlyMistakesThatChangeThisNetworksStepAreVisible) {
  // xor: 2-4-1, tanh hidden and output, mse, full batch of 4, sgd. No
  // sigmoid, softmax or relu anywhere: those three mistakes change nothing.
  Session xor_s = test::preset_session("xor");
  const std::vector<Bug> xor_bugs = visible_bugs(xor_s);
  const std::vector<Bug> xor_expected = {
      Bug::tanh_prime_of_z,        Bug::loss_derivative_factor,   Bug::no_batch_mean,
      Bug::update_before_backprop, Bug::no_activation_derivative, Bug::bias_sum_over_neurons,
      Bug::gradient_ascent};
  EXPECT_EQ(xor_bugs, xor_expected);

  // At batch 1 the batch mean divides by 1: no-batch-mean changes nothing.
  ASSERT_TRUE(apply(xor_s, SetBatchSize{1}).ok());
  const std::vector<Bug> single = visible_bugs(xor_s);
  EXPECT_EQ(std::count(single.begin(), single.end(), Bug::no_batch_mean), 0);
  // (The first sample, x = (0, 0), is degenerate besides: with zero biases
  // every z is 0, so tanh′ = 1 − z² = 1 − a² and even more mistakes hide.)
  EXPECT_LT(single.size(), xor_expected.size());

  // blobs3: softmax + ce output, so softmax-jacobian-twice shows; mse's
  // factor-of-two mistake does not (the loss is ce).
  Session blobs = test::preset_session("blobs3");
  const std::vector<Bug> b = visible_bugs(blobs);
  EXPECT_EQ(std::count(b.begin(), b.end(), Bug::softmax_jacobian_twice), 1);
  EXPECT_EQ(std::count(b.begin(), b.end(), Bug::loss_derivative_factor), 0);
}

TEST(BugHunt, TheSecretIsAVisibleMistakeAndEverySeedIsDeterministic) {
  Session s = test::preset_session("xor");
  const std::vector<Bug> visible = visible_bugs(s);
  std::set<Bug> seen;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const Bug b = pick_secret_bug(s, seed);
    EXPECT_EQ(b, pick_secret_bug(s, seed));
    EXPECT_NE(std::find(visible.begin(), visible.end(), b), visible.end()) << bug_name(b);
    seen.insert(b);
  }
  EXPECT_EQ(seen.size(), visible.size());  // 200 draws reach all seven
}

}  // namespace
}  // namespace backstep
