// Bug lab, "Find the bug": which mistakes this network would show, and a
// secret pick among them. A mistake that changes nothing here (relu-prime-one
// on a tanh network, no-batch-mean at batch 1) would be unfair to hunt for.
#pragma once

#include <cstdint>
#include <vector>

#include "core/bug.hpp"
#include "core/session.hpp"

namespace backstep {

// The catalogue's mistakes that change the session's pending step: some
// gradient, or the update, differs from the correct engine's on this network,
// batch and optimizer state. In the catalogue's order.
std::vector<Bug> visible_bugs(const Session& s);

// One of visible_bugs(s), chosen by `seed` (none when the list is empty).
Bug pick_secret_bug(const Session& s, std::uint64_t seed);

}  // namespace backstep
