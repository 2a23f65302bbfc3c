// Session::apply: every change to a run goes through here. Each command is
// validated completely before anything is touched, so an invalid command
// leaves the session exactly as it was (only the message changes).
#include "core/session.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include "core/architecture_edit.hpp"
#include "core/command_kind.hpp"
#include "core/data_fit.hpp"
#include "core/session_rewind.hpp"
#include "core/session_trace.hpp"
#include "core/session_validate.hpp"
#include "core/trace_text.hpp"

namespace backstep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void set_info(Session& s, std::string text) {
  s.message = std::move(text);
  s.message_is_error = false;
}

// Rebinds the trainer to a new network or dataset: step and epoch counters,
// optimizer state and history start over, since the old curve belongs to a
// different model.
void restart_training(Session& s) {
  s.trainer.reset(s.net, s.data.train, s.hp);
  s.history.clear();
  clear_health(s);
  clear_rewind(s);
  reset_watch(s);
  s.last_step = StepReport{};
  s.selected_sample =
      s.data.train.count() > 0 ? std::min(s.selected_sample, s.data.train.count() - 1) : 0;
  refresh_evaluation(s);
}

// Data for `net`: the generated dataset is regenerated when the output
// coding may have changed (class targets follow the output activation's range);
// imported data is kept and must fit.
Result<DataSplit> data_for(const Session& s, const Mlp& net) {
  const bool same_output =
      net.output_size() == s.net.output_size() &&
      net.layer(net.depth()).activation == s.net.layer(s.net.depth()).activation;
  if (!s.data_source.empty() || same_output) {
    if (s.data.train.x.rows() != net.input_size() || s.data.train.t.rows() != net.output_size()) {
      return Error{"the data has " + std::to_string(s.data.train.x.rows()) + " inputs and " +
                   std::to_string(s.data.train.t.rows()) + " targets; the network needs " +
                   std::to_string(net.input_size()) + " and " + std::to_string(net.output_size())};
    }
    return s.data;
  }
  Result<DataSplit> data =
      generate_dataset(s.data_spec, net.layer(net.depth()).activation, net.output_size());
  if (!data) return data;
  if (Status fit = check_data_fits(net, data.value()); !fit) return fit.error();
  return data;
}

// An architecture edit (core/architecture_edit.hpp): the run goes on — step
// and epoch counters, the loss curve (with a marker at the edit) — with the
// optimizer's moments reset (their shapes changed) and the status line saying
// which layers were drawn afresh and which kept their weights.
Status apply_architecture_edit(Session& s, ArchitectureEdit edit, const std::string& what) {
  if (Status v = validate_net(edit.net); !v) return v;
  Result<DataSplit> data = data_for(s, edit.net);
  if (!data) return data.error();
  const std::string summary = edit.summary();
  s.net = std::move(edit.net);
  s.data = std::move(data).value();
  reset_optimizer_state(s.net,
                        s.trainer.optimizer_state());  // the trainer rebinds on its next step
  s.last_step = StepReport{};
  clear_health(s);  // per-layer norms of another architecture
  clear_rewind(s);  // snapshots of another architecture (undo still restores it)
  s.history.mark(s.trainer.steps(), "architecture", "", "", what);
  reset_watch(s);  // another model: its loss starts a new best
  refresh_evaluation(s);
  set_info(s, what + ": " + summary + "; optimizer state reset");
  return Ok{};
}

Status err(std::string text) {
  return Error{std::move(text)};
}

// --- training ------------------------------------------------------------

HistoryPoint point_now(const Session& s, double batch_loss) {
  const bool test = s.data.test.count() > 0;
  return {s.trainer.steps(),
          s.trainer.epochs(),
          s.train_eval.loss.total(),
          test ? s.test_eval.loss.total() : kNaN,
          s.train_eval.accuracy,
          test ? s.test_eval.accuracy : kNaN,
          batch_loss};
}

// One optimizer update, applied only if it leads somewhere finite: the step is
// computed first (Trainer::prepare), checked, and only then committed, so a
// step that overflows never replaces the last good parameters.
//
// Every evaluation_every() steps, when the history keeps the point, the curve
// gets a point at the parameters this step starts from: the loss and accuracy
// over both whole sets, and this step's batch loss (measured on the same
// parameters). The early divergence warning reads that evaluation.
Status guarded_step(Session& s) {
  const long steps = s.trainer.steps();
  const Step& next = s.trainer.prepare(s.net, s.data.train, s.hp);
  if (!step_is_finite(next, s.net)) {
    return err(record_divergence(s, next, steps));  // keeps the bad net aside
  }
  if (steps % evaluation_every(s) == 0 && s.history.tick()) {
    refresh_evaluation(s);
    s.history.push(point_now(s, next.loss.total()));
    // The ghost has had the same `steps` updates: its point at the same step.
    record_ghost_point(s.ghost, s.data, s.hp, steps, s.trainer.epochs());
    if (Status w = watch_loss(s, steps); !w) return w;  // nothing committed
  }
  snapshot_before_step(s);
  s.last_step = s.trainer.commit(s.net);
  s.grad_history.record(steps, s.trainer.workspace());
  step_ghost(s.ghost, s.data.train, s.hp);  // lock-step: the same batch, no bug
  return Ok{};
}

void record_evaluation(Session& s) {
  refresh_evaluation(s);
  s.history.record_final(point_now(s, kNaN));
  record_ghost_point(s.ghost, s.data, s.hp, s.trainer.steps(), s.trainer.epochs());
}

// Bug lab: after a command that moved the run to a state the ghost did not
// share (a bug switched, an edit, a load, a rewind), the ghost starts over
// from the run's present; with no bug on, there is none.
void sync_ghost(Session& s) {
  if (s.hp.bug == Bug::none) {
    if (s.ghost.active) stop_ghost(s.ghost);
    return;
  }
  start_ghost(s.ghost, s.hp.bug, s.net, s.trainer, point_now(s, kNaN));
}

// Runs steps until `done(report)`; evaluation is refreshed once, at the end,
// unless `final_evaluation` is off: then the whole sets are evaluated only on
// the evaluation_every() interval (a Play slice of a few steps on 60 000
// images would otherwise spend ~1 s per frame evaluating 70 000 samples).
template <class Done>
Status train_until(Session& s, long max_steps, Done done, bool final_evaluation = true) {
  if (s.data.train.count() == 0) return err("no training data");
  Status result = Ok{};
  long done_steps = 0;
  for (long i = 0; i < max_steps; ++i) {
    result = guarded_step(s);
    if (!result) break;
    ++done_steps;
    result = watch_parameters(s);  // the step stands; a warning stops the run
    if (!result) break;
    if (done(s.last_step)) break;
  }
  if (final_evaluation) record_evaluation(s);
  if (result) result = watch_loss(s, s.trainer.steps());
  if (!result) {
    s.playing = false;
    // The steps before the failing one stand: views must see them.
    if (done_steps > 0) ++s.revision;
  } else if (s.message_is_error) {
    set_info(s, "");  // a successful step clears an old error banner
  }
  return result;
}

constexpr long kMaxStepsPerCommand = 100'000'000;

// --- the visitor ------------------------------------------------------------

struct Apply {
  Session& s;

  Status operator()(const TrainSteps& c) {
    if (c.count < 1 || c.count > kMaxStepsPerCommand) return err("step count must be 1 … 10⁸");
    // Mid-trace, the first of these steps is exactly the traced one (the
    // network is never changed by micro-steps); the cursor starts over
    // (command_kind: ends_trace).
    return train_until(
        s, c.count, [](const StepReport&) { return false; }, c.final_evaluation);
  }
  Status operator()(const TrainEpochs& c) {
    if (c.count < 1 || c.count > 1'000'000) return err("epoch count must be 1 … 10⁶");
    long finished = 0;
    // An epoch is ⌈N/B⌉ steps; from mid-epoch the first one ends sooner.
    const long per_epoch = Trainer::steps_per_epoch(s.data.train.count(), s.hp.batch_size);
    return train_until(s, c.count * per_epoch, [&](const StepReport& r) {
      return r.epoch_finished && ++finished >= c.count;
    });
  }
  Status operator()(const SetPlaying& c) {
    // Pausing after Play slices that skipped their final evaluation: the
    // paused view's loss and accuracy are of the current parameters again.
    if (s.playing && !c.playing && s.data.train.count() > 0) record_evaluation(s);
    s.playing = c.playing;
    set_info(s, c.playing ? "training" : "paused");
    return Ok{};
  }
  Status operator()(const Reset& c) {
    InitSpec init = s.init;
    if (c.new_seed) ++init.seed;
    Mlp net = s.net;
    initialize(net, init);
    s.init = init;
    s.net = std::move(net);
    restart_training(s);
    set_info(s, "reset (seed " + std::to_string(s.init.seed) + ")");
    return Ok{};
  }
  Status operator()(const SetLearningRate& c) {
    if (!std::isfinite(c.value) || c.value <= 0.0 || c.value > 10.0)
      return err("learning rate must be in (0, 10], got " + fmt(c.value));
    s.history.mark(s.trainer.steps(), "lr", fmt(s.hp.learning_rate), fmt(c.value));
    s.hp.learning_rate = c.value;
    set_info(s, "learning rate " + fmt(c.value));
    return Ok{};
  }
  Status operator()(const SetOptimizer& c) {
    s.history.mark(s.trainer.steps(), "optimizer", std::string(to_string(s.hp.optimizer.kind)),
                   std::string(to_string(c.kind)));
    s.hp.optimizer.kind = c.kind;
    // Momentum/moment estimates of one optimizer mean nothing to another.
    reset_optimizer_state(s.net, s.trainer.optimizer_state());
    set_info(s, "optimizer " + std::string(to_string(c.kind)));
    return Ok{};
  }
  Status operator()(const SetBatchSize& c) {
    if (c.size < 0) return err("batch size must be ≥ 0 (0 = full batch)");
    const auto batch_text = [](int b) { return b == 0 ? std::string("all") : std::to_string(b); };
    s.history.mark(s.trainer.steps(), "batch", batch_text(s.hp.batch_size), batch_text(c.size));
    s.hp.batch_size = c.size;  // the trainer rebinds its buffers on the next step
    set_info(s, c.size == 0 ? std::string("full batch") : "batch size " + std::to_string(c.size));
    return Ok{};
  }
  Status operator()(const SetRegularization& c) {
    if (!std::isfinite(c.lambda) || c.lambda < 0.0 || c.lambda > 10.0)
      return err("regularization rate must be in [0, 10], got " + fmt(c.lambda));
    const auto reg_text = [](const Regularization& r) {
      return r.kind == RegularizationKind::none
                 ? std::string("none")
                 : (r.kind == RegularizationKind::l1 ? "L1 " : "L2 ") + fmt(r.lambda);
    };
    s.history.mark(s.trainer.steps(), "reg", reg_text(s.hp.regularization),
                   reg_text({c.kind, c.lambda}));
    s.hp.regularization = {c.kind, c.lambda};
    reset_watch(s);  // the loss now includes another R
    refresh_evaluation(s);
    set_info(s, "regularization updated");
    return Ok{};
  }
  Status operator()(const SetClipNorm& c) {
    if (!std::isfinite(c.max_norm) || c.max_norm < 0.0)
      return err("clip norm must be ≥ 0 (0 = off), got " + fmt(c.max_norm));
    s.history.mark(s.trainer.steps(), "clip", s.hp.clip_norm == 0.0 ? "off" : fmt(s.hp.clip_norm),
                   c.max_norm == 0.0 ? "off" : fmt(c.max_norm));
    s.hp.clip_norm = c.max_norm;
    set_info(s, c.max_norm == 0.0 ? std::string("clipping off") : "clip norm " + fmt(c.max_norm));
    return Ok{};
  }
  Status operator()(const SetBug& c) {
    if (c.secret) {
      s.history.mark(s.trainer.steps(), "bug", "", "", "secret bug on");
    } else {
      s.history.mark(s.trainer.steps(), "bug", std::string(bug_name(s.hp.bug)),
                     std::string(bug_name(c.bug)));
    }
    s.hp.bug = c.bug;
    set_info(s, c.bug == Bug::none ? std::string("Bug lab off: the correct engine")
                : c.secret         ? std::string("Bug lab: a secret mistake is on; find it")
                                   : "Bug lab: " + std::string(bug_name(c.bug)));
    return Ok{};
  }
  Status operator()(const SetSchedule& c) {
    if (Status v = validate_schedule(c.schedule); !v) return v;
    s.hp.schedule = c.schedule;
    set_info(s, "schedule " + std::string(to_string(c.schedule.kind)));
    return Ok{};
  }
  Status operator()(const SetInit& c) {
    s.init.kind = c.kind;
    set_info(s, "initializer " + std::string(to_string(c.kind)) + " (applies on reset)");
    return Ok{};
  }
  Status operator()(const SetSeed& c) {
    s.init.seed = c.seed;
    initialize(s.net, s.init);
    restart_training(s);
    set_info(s, "seed " + std::to_string(c.seed));
    return Ok{};
  }
  Status operator()(const SetActivation& c) {
    if (c.layer < 1 || c.layer > s.net.depth())
      return err("layer " + std::to_string(c.layer) + " does not exist (1 … " +
                 std::to_string(s.net.depth()) + ")");
    const bool output = c.layer == s.net.depth();
    if (Status v = validate_activation(s.net, c.layer, c.activation); !v) return v;
    const std::string what =
        "layer " + std::to_string(c.layer) + " activation " + std::string(to_string(c.activation));
    const auto mark = [&] {
      s.history.mark(s.trainer.steps(), "layer " + std::to_string(c.layer),
                     std::string(to_string(s.net.layer(c.layer).activation)),
                     std::string(to_string(c.activation)));
    };
    if (!output) {
      mark();
      // Live: weights, optimizer state and history stay; the next step uses it.
      s.net.layer(c.layer).activation = c.activation;
      refresh_evaluation(s);
      set_info(s, what);
      return Ok{};
    }
    // The output activation decides the target coding of generated data.
    Mlp net = s.net;
    net.layer(c.layer).activation = c.activation;
    Result<DataSplit> data = data_for(s, net);
    if (!data) return data.error();
    const bool data_changed = s.data_source.empty() && !(data.value().train.t == s.data.train.t);
    mark();
    s.net.layer(c.layer).activation = c.activation;
    s.data = std::move(data).value();
    if (data_changed) {
      s.history.clear();
      clear_rewind(s);  // snapshots of the old targets' run
    }
    reset_watch(s);  // another output: another loss scale
    refresh_evaluation(s);
    set_info(s, what);
    return Ok{};
  }
  Status operator()(const SetLoss& c) {
    if (Status v = validate_loss(s.net, c.loss); !v) return v;
    s.history.mark(s.trainer.steps(), "loss", std::string(to_string(s.net.loss)),
                   std::string(to_string(c.loss)));
    s.net.loss = c.loss;
    reset_watch(s);  // another loss function: another scale
    refresh_evaluation(s);
    set_info(s, "loss " + std::string(to_string(c.loss)));
    return Ok{};
  }
  Status operator()(const AddLayer& c) {
    const int depth = s.net.depth();
    if (c.position < 1 || c.position > depth)
      return err("a hidden layer goes at position 1 … " + std::to_string(depth));
    if (depth - 1 >= kMaxHiddenLayers)
      return err("at most " + std::to_string(kMaxHiddenLayers) + " hidden layers");
    if (Status v = validate_hidden_size(c.neurons); !v) return v;
    if (c.activation == Activation::softmax) return err("softmax is only for the output layer");
    return apply_architecture_edit(
        s, add_hidden_layer(s.net, c.position, c.neurons, c.activation, s.init),
        "added hidden layer " + std::to_string(c.position));
  }
  Status operator()(const RemoveLayer& c) {
    if (c.layer < 1 || c.layer >= s.net.depth())
      return err("only hidden layers can be removed (1 … " + std::to_string(s.net.depth() - 1) +
                 ")");
    return apply_architecture_edit(s, remove_hidden_layer(s.net, c.layer, s.init),
                                   "removed hidden layer " + std::to_string(c.layer));
  }
  Status operator()(const SetNeurons& c) {
    if (c.layer < 1 || c.layer >= s.net.depth())
      return err("only hidden layers can be resized (1 … " + std::to_string(s.net.depth() - 1) +
                 ")");
    if (Status v = validate_hidden_size(c.count); !v) return v;
    return apply_architecture_edit(
        s, resize_hidden_layer(s.net, c.layer, c.count, s.init),
        "layer " + std::to_string(c.layer) + ": " + std::to_string(c.count) + " neurons");
  }
  Status operator()(const SetWeight& c) {
    if (Status v = validate_weight_index(s.net, c.layer, c.j, c.k); !v) return v;
    if (!std::isfinite(c.value)) return err("a weight must be a finite number");
    s.net.layer(c.layer).W(c.j, c.k) = c.value;
    refresh_evaluation(s);
    set_info(s, notation::weight_name(c.layer, c.j, c.k) + " = " + fmt(c.value));
    return Ok{};
  }
  Status operator()(const SetBias& c) {
    if (Status v = validate_weight_index(s.net, c.layer, c.j, 0); !v) return v;
    if (!std::isfinite(c.value)) return err("a bias must be a finite number");
    s.net.layer(c.layer).b(c.j) = c.value;
    refresh_evaluation(s);
    set_info(s, notation::bias_name(c.layer, c.j) + " = " + fmt(c.value));
    return Ok{};
  }
  // The three loads take their command by mutable reference: apply owns the
  // command, so a data set of 60 000 images moves into the session instead of
  // being copied (twice: into the Command, then into s.data).
  Status operator()(LoadPreset& c) {
    Result<Session> fresh = make_session(c.preset, c.data ? &*c.data : nullptr);
    if (!fresh) return fresh.error();
    const std::uint64_t revision = s.revision;
    s = std::move(fresh).value();
    s.revision = revision;
    set_info(s, "preset " + s.name);
    return Ok{};
  }
  Status operator()(LoadModel& c) {
    if (Status v = validate_net(c.net); !v) return v;
    Result<DataSplit> data = c.data ? Result<DataSplit>(std::move(*c.data)) : data_for(s, c.net);
    if (!data) return data.error();
    if (Status v = check_data_fits(c.net, data.value()); !v) return v;
    s.net = c.net;
    s.data = std::move(data).value();
    if (c.data) {
      s.data_source = c.data_source;
      s.data_import = c.data_import;
    }
    s.selected_sample = 0;
    restart_training(s);
    set_info(s, "model loaded");
    return Ok{};
  }
  Status operator()(LoadDataset& c) {
    // The network's input/output layers follow the file's columns.
    Mlp net = fit_to_data(s.net, c.data, s.init);
    if (Status v = validate_net(net); !v) return v;
    if (Status v = check_data_fits(net, c.data); !v) return v;
    const bool reshaped = describe_shape(net) != describe_shape(s.net);
    s.net = std::move(net);
    s.data = std::move(c.data);
    if (reshaped) s.data.task = infer_task(s.data.train.t, s.net.layer(s.net.depth()).activation);
    s.data_source = c.source;
    s.data_import = c.spec;
    s.selected_sample = 0;
    restart_training(s);
    set_info(s, "data " + c.source);
    return Ok{};
  }
  Status operator()(const GenerateDataset& c) {
    // The input/output layers follow the data (core/data_fit.hpp): a 1-D or
    // 3-class generator reshapes the network, hidden layers kept.
    Mlp net;
    Result<DataSplit> data = generate_for(c.spec, s.net, s.init, net);
    if (!data) return data.error();
    if (Status v = validate_net(net); !v) return v;
    if (Status v = check_data_fits(net, data.value()); !v) return v;
    const bool reshaped = describe_shape(net) != describe_shape(s.net);
    s.net = std::move(net);
    s.data = std::move(data).value();
    s.data_spec = c.spec;
    s.data_source.clear();
    s.selected_sample = 0;
    restart_training(s);
    set_info(s, "data " + c.spec.name + (reshaped ? "; network now " + describe_shape(s.net) : ""));
    return Ok{};
  }
  Status operator()(const SelectSample& c) {
    if (c.index < 0 || c.index >= s.data.train.count())
      return err("sample " + std::to_string(c.index) + " does not exist (0 … " +
                 std::to_string(s.data.train.count() - 1) + ")");
    s.selected_sample = c.index;
    return Ok{};
  }
  // Gradient health: core/session_health.cpp.
  Status operator()(const CheckGradients&) { return check_gradients(s); }
  Status operator()(const RestoreLastGood&) { return restore_last_good(s); }
  Status operator()(const LowerLearningRate&) { return lower_learning_rate_and_continue(s); }
  Status operator()(const InspectDiverged&) { return inspect_diverged(s); }
  // Rewind and undo: core/session_rewind.cpp.
  Status operator()(const Rewind& c) { return apply_rewind(s, c); }
  Status operator()(const ResumeFromRewind&) { return apply_resume_from_rewind(s); }
  Status operator()(const ReturnToPresent&) { return apply_return_to_present(s); }
  Status operator()(const Undo&) { return apply_undo(s); }
  Status operator()(const Redo&) { return apply_redo(s); }
  Status operator()(const LoadSession& c) { return apply_load_session(s, c); }
  // Chain-rule tracer: core/session_trace.cpp.
  Status operator()(const MicroStep& c) {
    return apply_micro_step(s, c, [](Session& session) {
      session.trace.index = 0;
      return train_until(session, 1, [](const StepReport&) { return false; });
    });
  }
  Status operator()(const SetTraceIndex& c) { return apply_set_trace_index(s, c); }
  Status operator()(const SetTraceGranularity& c) { return apply_set_trace_granularity(s, c); }
  Status operator()(const JumpTrace& c) { return apply_jump_trace(s, c); }
};

}  // namespace

Result<Session> make_session(const Preset& preset, LoadDataset* data) {
  if (Status v = validate_net(preset.net); !v) return Error{preset.name + ": " + v.error().message};
  if (preset.data && !data) {
    return Error{preset.name + ": a data preset; its file " + preset.data->path +
                 " is read by formats/preset_data before the session is made"};
  }
  Session s;
  s.name = preset.name;
  s.net = preset.net;
  s.init = preset.init;
  if (!preset.has_weights) initialize(s.net, s.init);
  s.data_spec = preset.dataset;
  if (data) {
    // The network's input/output layers follow the file, as LoadDataset's do.
    Mlp net = fit_to_data(s.net, data->data, s.init);
    if (Status v = validate_net(net); !v) return Error{preset.name + ": " + v.error().message};
    if (Status v = check_data_fits(net, data->data); !v)
      return Error{data->source + ": " + v.error().message};
    s.net = std::move(net);
    s.data = std::move(data->data);
    s.data_source = data->source;
    s.data_import = data->spec;
  } else {
    Result<DataSplit> generated = generate_dataset(
        preset.dataset, s.net.layer(s.net.depth()).activation, s.net.output_size());
    if (!generated) return Error{preset.name + ": " + generated.error().message};
    if (Status v = check_data_fits(s.net, generated.value()); !v)
      return Error{preset.name + ": " + v.error().message};
    s.data = std::move(generated).value();
  }
  if (Status v = validate_hyperparams(preset.hyperparams); !v)
    return Error{preset.name + ": " + v.error().message};
  s.hp = preset.hyperparams;
  restart_training(s);
  return s;
}

Status apply(Session& s, const Command& c) {
  Command copy = c;
  return apply(s, std::move(copy));
}

Status apply(Session& s, Command&& c) {
  // While the past is shown, training and edits wait (core/session_rewind).
  if (Status gate = rewind_gate(s, c); !gate) {
    s.message = gate.error().message;
    s.message_is_error = true;
    return gate;
  }
  before_command(s, c);  // leaves an inspected diverged network first (core/session_health)
  UndoCapture undo = begin_command(s, c);
  Status result = std::visit(Apply{s}, c);
  end_command(s, c, std::move(undo), result.ok());
  if (!result) {
    s.message = result.error().message;
    s.message_is_error = true;
    return result;
  }
  const CommandKind kind = command_kind(c);
  if (kind.ends_trace) s.trace.index = 0;
  // An edit, a load, a rewind or an undo: a pass under way measures a state
  // that is no longer this run's history (a reset's step 40 000 is gone).
  const bool left_path = kind.undoable || (kind.ends_trace && !kind.trains);
  if (left_path) s.evaluation_pass.active = false;
  if (kind.undoable) s.watch.armed = true;  // an edit: the next divergence warns again
  // The ghost, likewise, unless both runs share the edit (core/ghost_run.hpp);
  // a loaded session replaced the run whole.
  const bool moved = left_path || std::holds_alternative<LoadSession>(c);
  if ((moved && !keeps_ghost(c)) || (s.ghost.active && s.hp.bug == Bug::none)) sync_ghost(s);
  ++s.revision;
  return result;
}

void refresh_evaluation(Session& s) {
  s.evaluated_step = s.trainer.steps();
  evaluate_into(s.net, s.data.train, s.hp.regularization, s.data.task, s.train_eval_ws,
                s.train_eval);
  if (s.data.test.count() > 0) {
    evaluate_into(s.net, s.data.test, s.hp.regularization, s.data.task, s.test_eval_ws,
                  s.test_eval);
  } else {
    s.test_eval = Evaluation{{kNaN, kNaN}, kNaN, Matrix()};
  }
}

bool advance_evaluation(Session& s, int columns) {
  EvaluationPass& p = s.evaluation_pass;
  if (!p.active) {
    start_pass(p, s.net, s.hp.regularization, s.trainer.steps(), s.trainer.epochs(), s.data);
  }
  if (!advance_pass(p, s.data, columns)) return false;
  // Swapped, not copied: the pass keeps the old buffers for the next one.
  s.evaluated_step = p.step;
  const bool test = s.data.test.count() > 0;
  std::swap(s.train_eval, p.train);
  if (test) {
    std::swap(s.test_eval, p.test);
  } else {
    s.test_eval = Evaluation{{kNaN, kNaN}, kNaN, Matrix()};
  }
  // A point of the curve at the pass's step, unless the curve already has
  // one there or later (the interval's own evaluation, a final one).
  const std::vector<HistoryPoint>& points = s.history.points();
  if ((points.empty() || points.back().step < p.step) && s.history.tick()) {
    s.history.push({p.step, p.epoch, s.train_eval.loss.total(),
                    test ? s.test_eval.loss.total() : kNaN, s.train_eval.accuracy,
                    test ? s.test_eval.accuracy : kNaN, kNaN});
  }
  ++s.revision;
  return true;
}

long evaluation_every(const Session& s) {
  return evaluation_interval(s.data.train.count(), s.data.test.count(),
                             Trainer::effective_batch(s.data.train.count(), s.hp.batch_size));
}

}  // namespace backstep
