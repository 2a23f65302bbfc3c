// Holding out a test set from one imported file: which samples are tested
// on, and the two data sets that result. Deterministic for a seed on every
// platform (core/random.hpp's Rng, our own shuffle).
#pragma once

#include <cstdint>
#include <vector>

#include "core/dataset.hpp"

namespace backstep {

// The 0-based sample indices to hold out, ascending. `labels` holds each
// sample's class (0 … K−1) for classification: the split is stratified, each
// class k giving round(share · n_k) of its n_k samples, drawn by shuffling its
// indices (classes in order, one Rng seeded with `seed`) and taking the first
// ones; a class always keeps at least one training sample. Empty `labels`
// (regression): round(share · count) of all samples, by one seeded shuffle.
// share is in [0, 1); 0 holds out nothing.
std::vector<int> holdout_indices(const std::vector<int>& labels, int count, double share,
                                 std::uint64_t seed);

// Columns of `all` into train (the rest, in file order) and test (`held_out`,
// ascending, in file order).
void split_columns(const Dataset& all, const std::vector<int>& held_out, Dataset& train,
                   Dataset& test);

}  // namespace backstep
