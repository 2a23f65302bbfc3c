#include "core/session_step.hpp"

#include <algorithm>

namespace backstep {

std::shared_ptr<const Step> shared_pending_step(const Session& s) {
  const StepCache& c = s.pending;
  if (c.step && c.built_for == s.revision) return c.step;
  c.step.reset();
  const Dataset& train = s.data.train;
  if (train.count() == 0 || s.net.depth() == 0 || train.x.rows() != s.net.input_size() ||
      train.t.rows() != s.net.output_size()) {
    return nullptr;
  }
  auto step = std::make_shared<Step>();
  s.trainer.propose(s.net, train, s.hp, *step);
  c.step = std::move(step);
  c.built_for = s.revision;
  return c.step;
}

const Step* pending_step(const Session& s) {
  return shared_pending_step(s).get();
}

int pending_column(const Step& step, int index) {
  const auto it = std::find(step.batch.begin(), step.batch.end(), index);
  return it == step.batch.end() ? -1 : static_cast<int>(it - step.batch.begin());
}

int shown_column(const Session& s) {
  const Step* step = pending_step(s);
  if (step == nullptr || step->batch.empty()) return -1;
  return std::max(pending_column(*step, s.selected_sample), 0);
}

int shown_sample(const Session& s) {
  const int column = shown_column(s);
  return column < 0 ? -1 : pending_step(s)->batch[column];
}

bool selected_in_batch(const Session& s) {
  const Step* step = pending_step(s);
  return step != nullptr && pending_column(*step, s.selected_sample) >= 0;
}

}  // namespace backstep
