#include "app/cli/setup.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <memory>
#include <optional>

#include "app/cli/assets.hpp"
#include "core/init.hpp"
#include "core/preset.hpp"
#include "core/session_step.hpp"
#include "formats/data_import.hpp"
#include "formats/model_io.hpp"
#include "formats/preset_data.hpp"
#include "formats/preset_io.hpp"
#include "formats/session_io.hpp"

namespace backstep::cli {
namespace {

constexpr long kMaxCount = 1000000000;
constexpr long kMaxPerCommand = 100000000;  // TrainSteps' own limit

// --dataset without a preset: a Playground-sized default.
GeneratorSpec default_spec(const std::string& name) {
  GeneratorSpec spec;
  spec.name = name;
  spec.count = 200;
  spec.noise = 0.1;
  spec.test_ratio = 0.2;
  spec.seed = 1;
  return spec;
}

// A session file holds its network, data, seed and position: nothing to add.
Result<RunSession> from_session_file(const Args& args, const std::string& path) {
  for (const char* flag : {"--model", "--preset", "--dataset", "--seed"}) {
    if (args.has(flag)) return Error{std::string("--session: give it instead of ") + flag};
  }
  for (const FlagSpec& f : kDataFlags) {
    if (args.has(f.name)) {
      return Error{"--session: it holds its data; give it instead of " + std::string(f.name)};
    }
  }
  Result<SessionFile> file = read_session(path);
  if (!file) return file.error();
  RunSession run;
  run.source = path;
  auto loaded = std::make_shared<const Session>(std::move(file.value().session));
  if (Status st = apply(run.session, LoadSession{std::move(loaded), path}); !st) {
    return Error{path + ": " + st.error().message};
  }
  return run;
}

// The generated data set --dataset NAME asks for, checked against the network
// before anything is built (a session would reshape the network to fit it).
Result<GeneratorSpec> dataset_spec(const std::string& name, const GeneratorSpec* preset_spec,
                                   const Mlp& net, const std::string& source) {
  GeneratorSpec spec = preset_spec ? *preset_spec : default_spec(name);
  spec.name = name;
  Result<DataSplit> d =
      generate_dataset(spec, net.layer(net.depth()).activation, net.output_size());
  if (!d) return d.error();
  if (d.value().train.x.rows() != net.input_size()) {
    return Error{"dataset " + name + " has " + std::to_string(d.value().train.x.rows()) +
                 " input(s), " + source + " takes " + std::to_string(net.input_size())};
  }
  return spec;
}

Result<RunSession> from_preset(const Args& args, const std::string& name,
                               std::optional<std::uint64_t> seed) {
  Result<Preset> p = load_preset(presets_dir(), name);
  if (!p) return p.error();
  Preset& preset = p.value();
  RunSession run;
  run.source = "preset " + name;
  run.suggested_steps = preset.steps;
  if (seed) {
    preset.init.seed = *seed;  // drawn weights only: weights in the file stay
    preset.hyperparams.shuffle_seed = *seed;
  }
  if (const auto d = args.get("--dataset")) {
    Result<GeneratorSpec> spec = dataset_spec(*d, &preset.dataset, preset.net, run.source);
    if (!spec) return spec.error();
    preset.dataset = spec.value();
    preset.data.reset();  // a generator instead of the preset's file
  }
  // --data and its flags replace the preset's data; a data preset's own file
  // is read by preset_command (with the install hint when it is missing).
  Result<std::optional<ImportSpec>> spec = import_flags(args);
  if (!spec) return spec.error();
  Result<LoadPreset> command = preset_command(std::move(preset), spec.value());
  if (!command) return command.error();
  Result<Session> made =
      make_session(command.value().preset, command.value().data ? &*command.value().data : nullptr);
  if (!made) return made.error();
  run.session = std::move(made).value();
  return run;
}

// A model file is a preset without hyperparameters (core defaults) whose data
// comes from --data or --dataset.
Result<RunSession> from_model(const Args& args, const std::string& path,
                              std::optional<std::uint64_t> seed) {
  Result<ModelFile> m = read_model(path);
  if (!m) return m.error();
  ModelFile& model = m.value();
  if (seed) {
    model.init.seed = *seed;
    if (!model.has_weights) initialize(model.net, model.init);
  }
  Result<std::optional<ImportSpec>> spec = import_flags(args);
  if (!spec) return spec.error();
  const auto name = args.get("--dataset");
  if (!spec.value() && !name) return Error{"needs --data D.json or --dataset NAME"};
  RunSession run;
  run.source = path;
  Preset preset;
  preset.name = std::filesystem::path(path).filename().string();
  preset.net = model.net;
  preset.has_weights = true;  // read (or drawn) above
  preset.init = model.init;
  if (seed) preset.hyperparams.shuffle_seed = *seed;
  if (name) {
    Result<GeneratorSpec> spec = dataset_spec(*name, nullptr, model.net, path);
    if (!spec) return spec.error();
    preset.dataset = spec.value();
    Result<Session> made = make_session(preset);
    if (!made) return made.error();
    run.session = std::move(made).value();
  } else {
    // Weights from the file were made for the data's own units: their inputs
    // are not rescaled unless --scale says so (the worked example's numbers
    // stay the published ones). Drawn weights learn whatever scale they see.
    ImportSpec& import = *spec.value();
    if (model.has_weights && !args.has("--scale")) import.scaling = ScalingMode::none;
    // A model trained on imported data reads new data with its own scaling
    // and class order (formats/model_io.hpp "input_scaling", "class_names").
    const ModelDataInfo& info = model.data_info;
    if (info.scaling.active() && args.has("--scale")) {
      return Error{"--scale: " + path + " carries the scaling it was trained with"};
    }
    Result<LoadDataset> data = import_dataset(import, model.net, &info);
    if (!data) return data.error();
    const DataSplit& d = data.value().data;
    if (d.train.x.rows() != model.net.input_size() || d.train.t.rows() != model.net.output_size()) {
      // A model is not reshaped to its data: say what each has.
      return Error{data.value().source + ": " + std::to_string(d.train.x.rows()) +
                   " input(s) and " + std::to_string(d.train.t.rows()) + " target(s), where " +
                   path + " takes " + std::to_string(model.net.input_size()) +
                   " input(s) and has " + std::to_string(model.net.output_size()) + " output(s)"};
    }
    run.session.name = preset.name;
    run.session.init = preset.init;
    run.session.hp = preset.hyperparams;
    LoadDataset& c = data.value();
    if (Status st = apply(run.session, LoadModel{model.net, std::move(c.data), c.source, c.spec});
        !st) {
      return Error{path + ": " + st.error().message};
    }
  }
  if (model.regularization.kind != RegularizationKind::none) {
    const Regularization& r = model.regularization;
    if (Status st = apply(run.session, SetRegularization{r.kind, r.lambda}); !st) {
      return Error{path + ": " + st.error().message};
    }
  }
  return run;
}

// "28x28" → 28 × 28.
std::optional<ImageShape> parse_image(const std::string& text) {
  const std::size_t x = text.find_first_of("xX");
  if (x == std::string::npos) return std::nullopt;
  ImageShape shape;
  const char* a = text.data();
  const char* mid = a + x;
  const char* end = a + text.size();
  const auto [p1, e1] = std::from_chars(a, mid, shape.width);
  const auto [p2, e2] = std::from_chars(mid + 1, end, shape.height);
  if (e1 != std::errc() || e2 != std::errc() || p1 != mid || p2 != end || x == 0) {
    return std::nullopt;
  }
  if (shape.width < 1 || shape.height < 1 || shape.width > 100000 || shape.height > 100000) {
    return std::nullopt;
  }
  return shape;
}

}  // namespace

Result<std::optional<ImportSpec>> import_flags(const Args& args) {
  const auto data = args.get("--data");
  if (!data) {
    for (const FlagSpec& f : kDataFlags) {
      if (args.has(f.name)) return Error{std::string(f.name) + ": needs --data"};
    }
    return std::optional<ImportSpec>{};
  }
  ImportSpec spec;
  spec.path = *data;
  if (const auto t = args.get("--target")) {
    if (t->empty()) return Error{"--target: needs a column name or number"};
    spec.target = *t;
  }
  if (const auto m = args.get("--scale")) {
    const std::optional<ScalingMode> mode = parse_scaling(*m);
    if (!mode) {
      return Error{"--scale: unknown \"" + *m + "\" (known: standardize, minmax, none)"};
    }
    spec.scaling = *mode;
  }
  if (const auto x = args.get("--test-share")) {
    double share = -1.0;
    const char* end = x->data() + x->size();
    const auto [p, ec] = std::from_chars(x->data(), end, share);
    if (x->empty() || p != end || ec != std::errc() || !(share >= 0.0 && share <= 0.9)) {
      return Error{"--test-share: expected a number in 0 … 0.9, got \"" + *x + "\""};
    }
    spec.test_share = share;
  }
  if (const auto t = args.get("--test-data")) {
    if (args.has("--test-share")) return Error{"--test-data and --test-share: give only one"};
    spec.test_path = *t;
  }
  if (const auto i = args.get("--image")) {
    const std::optional<ImageShape> shape = parse_image(*i);
    if (!shape)
      return Error{"--image: expected WxH with positive integers, e.g. 8x8, got \"" + *i + "\""};
    spec.image = *shape;
  }
  // The split's seed follows --seed, as the batch order does.
  Result<std::optional<std::uint64_t>> seed = seed_value(args, "--seed");
  if (!seed) return seed.error();
  if (seed.value()) spec.split_seed = *seed.value();
  return std::optional<ImportSpec>{spec};
}

Result<RunSession> load_run_session(const Args& args) {
  if (const auto path = args.get("--session")) return from_session_file(args, *path);
  Result<std::optional<std::uint64_t>> seed = seed_value(args, "--seed");
  if (!seed) return seed.error();
  const auto model = args.get("--model");
  const auto preset = args.get("--preset");
  if (model && preset) return Error{"--model and --preset: give only one"};
  if (!model && !preset) return Error{"needs --model M.json or --preset NAME"};
  if (args.has("--data") && args.has("--dataset"))
    return Error{"--data and --dataset: give only one"};
  Result<RunSession> run =
      model ? from_model(args, *model, seed.value()) : from_preset(args, *preset, seed.value());
  if (run) {
    run.value().session.message.clear();
    run.value().session.message_is_error = false;
  }
  return run;
}

Status apply_hyperparameter_flags(const Args& args, Session& s, long min_batch) {
  // Everything is validated before the first command, so a bad flag changes nothing.
  Result<std::optional<double>> lr = positive_number(args, "--lr");
  if (!lr) return lr.error();
  std::optional<OptimizerKind> optimizer;
  if (const auto name = args.get("--optimizer")) {
    optimizer = parse_optimizer(*name);
    if (!optimizer) {
      return Error{"--optimizer: unknown \"" + *name + "\" (known: sgd, momentum, rmsprop, adam)"};
    }
  }
  Result<std::optional<long>> batch = integer_in(args, "--batch-size", min_batch, kMaxCount);
  if (!batch) return batch.error();
  Result<std::optional<double>> clip = positive_number(args, "--clip");
  if (!clip) return clip.error();
  std::optional<Bug> bug;
  if (const auto name = args.get("--bug")) {
    bug = parse_bug(*name);
    if (!bug) return Error{"--bug: unknown \"" + *name + "\" (known: " + bug_name_list() + ")"};
  }

  auto run = [&](const char* flag, const Command& c) -> Status {
    if (Status st = apply(s, c); !st) return Error{std::string(flag) + ": " + st.error().message};
    return Ok{};
  };
  if (lr.value() && *lr.value() != s.hp.learning_rate) {
    if (Status st = run("--lr", SetLearningRate{*lr.value()}); !st) return st;
  }
  // A new optimizer starts from zero moments; the same one keeps them.
  if (optimizer && *optimizer != s.hp.optimizer.kind) {
    if (Status st = run("--optimizer", SetOptimizer{*optimizer}); !st) return st;
  }
  if (batch.value() && *batch.value() != s.hp.batch_size) {
    if (Status st = run("--batch-size", SetBatchSize{static_cast<int>(*batch.value())}); !st)
      return st;
  }
  if (clip.value() && *clip.value() != s.hp.clip_norm) {
    if (Status st = run("--clip", SetClipNorm{*clip.value()}); !st) return st;
  }
  if (bug && *bug != s.hp.bug) {
    if (Status st = run("--bug", SetBug{*bug}); !st) return st;
  }
  return Ok{};
}

std::optional<TrainFailure> train(Session& s, const Command& command) {
  const long before = s.trainer.steps();
  if (Status st = apply(s, command); !st) {
    if (!s.divergence.active) return TrainFailure{kExitUsage, st.error().message};
    const long kept = s.divergence.kept_step();
    std::string message = s.divergence.summary();
    if (!message.empty()) message[0] = 't';  // "training diverged …", as a CLI error reads
    message += " Kept the parameters of step " + std::to_string(kept) + " (" +
               std::to_string(kept - before) + " step(s) of this run); try a smaller --lr.";
    return TrainFailure{kExitRuntime, message};
  }
  return std::nullopt;
}

std::optional<TrainFailure> train_flag_steps(const Args& args, Session& s) {
  Result<std::optional<long>> steps = integer_in(args, "--steps", 0, kMaxCount);
  if (!steps) return TrainFailure{kExitUsage, steps.error().message};
  for (long left = steps.value().value_or(0); left > 0;) {
    const long chunk = std::min(left, kMaxPerCommand);
    if (auto failed = train(s, TrainSteps{chunk})) return failed;
    left -= chunk;
  }
  return std::nullopt;
}

std::optional<TrainFailure> prepare_pending_step(const Args& args, Session& s,
                                                 const std::string& source) {
  if (s.data.train.count() == 0)
    return TrainFailure{kExitUsage, source + ": the data set has no samples"};
  Result<std::optional<long>> sample = integer_in(args, "--sample", 0, s.data.train.count() - 1);
  if (!sample) return TrainFailure{kExitUsage, sample.error().message};
  if (Status st = apply_hyperparameter_flags(args, s, 0); !st) {
    return TrainFailure{kExitUsage, st.error().message};
  }
  if (auto failed = train_flag_steps(args, s)) return failed;
  if (!sample.value()) return std::nullopt;
  const long i = *sample.value();
  if (Status st = apply(s, SelectSample{static_cast<int>(i)}); !st)
    return TrainFailure{kExitUsage, "--sample: " + st.error().message};
  if (!selected_in_batch(s)) {
    const Step* step = pending_step(s);
    return TrainFailure{kExitUsage,
                        "--sample " + std::to_string(i) + ": not in the pending batch of step " +
                            std::to_string(s.trainer.steps() + 1) + " (" +
                            std::to_string(step ? step->batch.size() : 0) +
                            " samples: " + (step ? batch_list(step->batch) : std::string()) +
                            "); pick one of those, or use the full batch with --batch-size 0"};
  }
  return std::nullopt;
}

std::string batch_list(const std::vector<int>& batch, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < batch.size() && i < limit; ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(batch[i]);
  }
  if (batch.size() > limit) out += ", … (" + std::to_string(batch.size()) + " in all)";
  return out;
}

}  // namespace backstep::cli
