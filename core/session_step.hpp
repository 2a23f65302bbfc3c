// The session's step under inspection: the next training step at the current
// parameters — its batch, forward caches, loss terms and deltas, gradients
// after regularization and clipping, and the update the optimizer proposes.
// Computed once per session revision by the trainer (Trainer::propose, the same
// arithmetic Trainer::step commits); the tracer, the graph, gradient health and
// the command line read it and recompute nothing.
#pragma once

#include <memory>

#include "core/session.hpp"
#include "core/step.hpp"

namespace backstep {

// The pending step, built lazily; nullptr without training data.
const Step* pending_step(const Session& s);
std::shared_ptr<const Step> shared_pending_step(const Session& s);

// The column of dataset sample `index` in the pending batch, or −1 when the
// batch does not contain it.
int pending_column(const Step& step, int index);

// The sample every view shows and the tracer walks: the selected one when the
// pending batch holds it, else the batch's first. Its column in the batch, and
// its dataset index (−1 without a pending step).
int shown_column(const Session& s);
int shown_sample(const Session& s);
// Whether the selected sample is in the pending batch (views say so when not).
bool selected_in_batch(const Session& s);

}  // namespace backstep
