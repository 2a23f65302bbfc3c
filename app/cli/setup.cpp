#include "app/cli/setup.hpp"

#include "app/cli/assets.hpp"
#include "core/init.hpp"
#include "formats/data_io.hpp"
#include "formats/model_io.hpp"
#include "formats/preset_io.hpp"

namespace backstep::cli {
namespace {

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

Status load_network(const Args& args, std::optional<std::uint64_t> seed, RunSetup& setup,
                    std::optional<GeneratorSpec>& preset_data) {
  const auto model = args.get("--model");
  const auto preset_name = args.get("--preset");
  if (model && preset_name) return Error{"--model and --preset: give only one"};
  if (!model && !preset_name) return Error{"needs --model M.json or --preset NAME"};

  InitSpec init;
  bool has_weights = true;
  if (model) {
    Result<ModelFile> m = read_model(*model);
    if (!m) return m.error();
    setup.net = std::move(m.value().net);
    setup.hp.regularization = m.value().regularization;
    init = m.value().init;
    has_weights = m.value().has_weights;
    setup.source = *model;
  } else {
    Result<Preset> p = load_preset(presets_dir(), *preset_name);
    if (!p) return p.error();
    setup.net = std::move(p.value().net);
    setup.hp = p.value().hyperparams;
    init = p.value().init;
    has_weights = p.value().has_weights;
    preset_data = p.value().dataset;
    setup.suggested_steps = p.value().steps;
    setup.source = "preset " + *preset_name;
  }
  if (seed) {
    setup.hp.shuffle_seed = *seed;
    init.seed = *seed;
    // Weights given in the file stay; only drawn weights follow the seed.
    if (!has_weights) initialize(setup.net, init);
  }
  return Ok{};
}

Status load_data(const Args& args, const std::optional<GeneratorSpec>& preset_data,
                 RunSetup& setup) {
  const auto file = args.get("--data");
  const auto name = args.get("--dataset");
  if (file && name) return Error{"--data and --dataset: give only one"};
  const Activation out = setup.net.layer(setup.net.depth()).activation;
  if (file) {
    Result<Dataset> d = read_data(*file, {setup.net.input_size(), setup.net.output_size()});
    if (!d) return d.error();
    setup.data.task = infer_task(d.value().t, out);
    setup.data.train = std::move(d.value());
    setup.data.test.x.resize(setup.data.train.x.rows(), 0);
    setup.data.test.t.resize(setup.data.train.t.rows(), 0);
    return Ok{};
  }
  if (!name && !preset_data) return Error{"needs --data D.json or --dataset NAME"};
  GeneratorSpec spec = preset_data ? *preset_data : default_spec(*name);
  if (name) spec.name = *name;
  Result<DataSplit> d = generate_dataset(spec, out, setup.net.output_size());
  if (!d) return d.error();
  if (d.value().train.x.rows() != setup.net.input_size()) {
    return Error{"dataset " + spec.name + " has " + std::to_string(d.value().train.x.rows()) +
                 " input(s), " + setup.source + " takes " + std::to_string(setup.net.input_size())};
  }
  setup.data = std::move(d.value());
  return Ok{};
}

}  // namespace

Result<RunSetup> load_run_setup(const Args& args) {
  Result<std::optional<std::uint64_t>> seed = seed_value(args, "--seed");
  if (!seed) return seed.error();
  RunSetup setup;
  std::optional<GeneratorSpec> preset_data;
  if (Status s = load_network(args, seed.value(), setup, preset_data); !s) return s.error();
  if (Status s = load_data(args, preset_data, setup); !s) return s.error();
  return setup;
}

}  // namespace backstep::cli
