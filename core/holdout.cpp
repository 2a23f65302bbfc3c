#include "core/holdout.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/random.hpp"

namespace backstep {
namespace {

// round(share · n), leaving at least one sample for training when n ≥ 1.
int held_out_count(int n, double share) {
  if (n <= 1 || share <= 0.0) return 0;
  const int k = static_cast<int>(std::floor(share * n + 0.5));
  return std::min(k, n - 1);
}

}  // namespace

std::vector<int> holdout_indices(const std::vector<int>& labels, int count, double share,
                                 std::uint64_t seed) {
  assert(labels.empty() || static_cast<int>(labels.size()) == count);
  std::vector<int> held;
  if (share <= 0.0 || count <= 1) return held;
  Rng rng(seed);
  if (labels.empty()) {
    std::vector<int> order(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) order[static_cast<std::size_t>(i)] = i;
    rng.shuffle(order);
    order.resize(static_cast<std::size_t>(held_out_count(count, share)));
    held = std::move(order);
  } else {
    const int classes = *std::max_element(labels.begin(), labels.end()) + 1;
    std::vector<std::vector<int>> members(static_cast<std::size_t>(classes));
    for (int i = 0; i < count; ++i) members[static_cast<std::size_t>(labels[i])].push_back(i);
    for (std::vector<int>& m : members) {  // class order: the same draws everywhere
      rng.shuffle(m);
      const int k = held_out_count(static_cast<int>(m.size()), share);
      held.insert(held.end(), m.begin(), m.begin() + k);
    }
  }
  std::sort(held.begin(), held.end());
  return held;
}

void split_columns(const Dataset& all, const std::vector<int>& held_out, Dataset& train,
                   Dataset& test) {
  const Eigen::Index n = all.x.cols();
  const Eigen::Index n_test = static_cast<Eigen::Index>(held_out.size());
  train.x.resize(all.x.rows(), n - n_test);
  train.t.resize(all.t.rows(), n - n_test);
  test.x.resize(all.x.rows(), n_test);
  test.t.resize(all.t.rows(), n_test);
  Eigen::Index next_held = 0, tr = 0, te = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (next_held < n_test && held_out[static_cast<std::size_t>(next_held)] == i) {
      test.x.col(te) = all.x.col(i);
      test.t.col(te++) = all.t.col(i);
      ++next_held;
    } else {
      train.x.col(tr) = all.x.col(i);
      train.t.col(tr++) = all.t.col(i);
    }
  }
}

}  // namespace backstep
