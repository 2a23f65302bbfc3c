#include "core/ghost_run.hpp"

#include <cmath>
#include <limits>
#include <variant>

#include "core/step.hpp"

namespace backstep {

void start_ghost(GhostRun& g, Bug bug, const Mlp& net, const Trainer& trainer,
                 const HistoryPoint& first) {
  g.active = true;
  g.diverged = false;
  g.bug = bug;
  g.start_step = first.step;
  g.net = net;
  g.trainer = trainer;
  g.history.clear();
  HistoryPoint p = first;
  p.batch_loss = std::numeric_limits<double>::quiet_NaN();
  g.history.record_final(p);
}

void stop_ghost(GhostRun& g) {
  g.active = false;
  g.diverged = false;
  g.bug = Bug::none;
  g.history.clear();
}

void step_ghost(GhostRun& g, const Dataset& train, const Hyperparams& hp) {
  if (!g.active || g.diverged) return;
  Hyperparams correct = hp;
  correct.bug = Bug::none;
  const Step& next = g.trainer.prepare(g.net, train, correct);
  if (!step_is_finite(next, g.net)) {
    g.diverged = true;
    return;
  }
  g.trainer.commit(g.net);
}

void record_ghost_point(GhostRun& g, const DataSplit& data, const Hyperparams& hp, long step,
                        long epoch) {
  if (!g.active || g.diverged) return;
  Evaluation train, test;
  evaluate_into(g.net, data.train, hp.regularization, data.task, g.train_ws, train);
  const bool has_test = data.test.count() > 0;
  if (has_test) evaluate_into(g.net, data.test, hp.regularization, data.task, g.test_ws, test);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  g.history.record_final({step, epoch, train.loss.total(), has_test ? test.loss.total() : nan,
                          train.accuracy, has_test ? test.accuracy : nan, nan});
}

bool keeps_ghost(const Command& c) {
  return std::visit(
      [](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        return std::is_same_v<T, SetLearningRate> || std::is_same_v<T, SetOptimizer> ||
               std::is_same_v<T, SetRegularization> || std::is_same_v<T, SetClipNorm> ||
               std::is_same_v<T, SetSchedule> || std::is_same_v<T, SetInit>;
      },
      c);
}

}  // namespace backstep
