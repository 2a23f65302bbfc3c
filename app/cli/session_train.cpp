#include "app/cli/session_train.hpp"

#include <limits>

#include "formats/session_io.hpp"

namespace backstep::cli {

Status SessionTrain::load(const std::string& path, RunSetup& setup) {
  Result<SessionFile> file = read_session(path);
  if (!file) return file.error();
  base_ = std::move(file.value().session);
  history_ = base_->history;
  setup.net = base_->net;
  setup.hp = base_->hp;
  setup.data = base_->data;
  setup.source = path;
  setup.suggested_steps = 0;
  return Ok{};
}

Trainer SessionTrain::start_trainer(const RunSetup& setup) const {
  Trainer trainer;
  if (base_) {
    trainer = base_->trainer;  // bound to the session's data and shapes
  } else {
    trainer.reset(setup.net, setup.data.train, setup.hp);
  }
  return trainer;
}

void SessionTrain::record(long steps_before, long epochs_before, const StepReport& r) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  history_.record({steps_before, epochs_before, r.loss.total(), nan, nan, nan});
}

Status SessionTrain::save(const std::string& path, const RunSetup& setup, const Trainer& trainer,
                          const StepReport& last) {
  Session s;
  if (base_) {
    s = *base_;
  } else {
    // Whatever the data came from, the file embeds it: the session stands alone.
    s.name = setup.source;
    s.data_source = setup.source;
  }
  s.net = setup.net;
  s.hp = setup.hp;
  s.data = setup.data;
  s.trainer = trainer;
  s.history = history_;
  s.last_step = last;
  refresh_evaluation(s);
  const double test_loss =
      s.data.test.count() > 0 ? s.test_eval.loss.total() : std::numeric_limits<double>::quiet_NaN();
  const double test_acc =
      s.data.test.count() > 0 ? s.test_eval.accuracy : std::numeric_limits<double>::quiet_NaN();
  s.history.record_final({trainer.steps(), trainer.epochs(), s.train_eval.loss.total(), test_loss,
                          s.train_eval.accuracy, test_acc});
  return write_session(path, s);
}

}  // namespace backstep::cli
