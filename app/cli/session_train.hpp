// `backstep train --session S.json` (resume a saved session) and
// `--save-session S2.json` (write the trained run as a session). The loop
// itself stays in train_command.cpp; this keeps the session side apart.
#pragma once

#include <optional>
#include <string>

#include "app/cli/setup.hpp"
#include "core/session.hpp"

namespace backstep::cli {

class SessionTrain {
 public:
  // Reads S.json into `setup` (network, hyperparameters, data). Errors name the field.
  Status load(const std::string& path, RunSetup& setup);
  bool resumed() const { return base_.has_value(); }
  // The trainer to continue with: the session's (counters, optimizer state,
  // position in the epoch), or a fresh one bound to `setup`.
  Trainer start_trainer(const RunSetup& setup) const;

  // Records one step into the loss history, as the window does.
  void record(long steps_before, long epochs_before, const StepReport& r);
  // Writes the session: the loaded one carried forward, or a new one whose
  // data is embedded (its source named by `setup.source`).
  Status save(const std::string& path, const RunSetup& setup, const Trainer& trainer,
              const StepReport& last);

 private:
  std::optional<Session> base_;
  LossHistory history_;
};

}  // namespace backstep::cli
