// The shipped presets parse, fit their data, and say what they promise.
#include <gtest/gtest.h>

#include <algorithm>

#include "formats/preset_data.hpp"
#include "formats/preset_io.hpp"

namespace backstep {
namespace {

const std::filesystem::path kPresets =
    std::filesystem::path(BACKSTEP_SOURCE_DIR) / "assets/presets";

TEST(Presets, ListsEveryShippedPreset) {
  const std::vector<std::string> names = list_presets(kPresets);
  for (const char* expected : {"xor", "xor-cloud", "circle", "spiral", "gaussians", "moons", "sine",
                               "deep-sigmoid", "blobs3"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(Presets, EveryPresetParsesAndFitsItsData) {
  for (const std::string& name : list_presets(kPresets)) {
    Result<Preset> p = load_preset(kPresets, name);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p.value().name, name);
    EXPECT_FALSE(p.value().description.empty()) << name;
    EXPECT_GT(p.value().hyperparams.learning_rate, 0.0) << name;
    const Mlp net = preset_network(p.value());
    EXPECT_TRUE(all_finite(net)) << name;
    if (p.value().data) {
      // A data preset: its file, read as the app reads it, fits the network.
      Result<LoadPreset> cmd = preset_command(p.value());
      ASSERT_TRUE(cmd.ok()) << cmd.error().message;
      ASSERT_TRUE(cmd.value().data);
      EXPECT_EQ(cmd.value().data->data.train.x.rows(), net.input_size()) << name;
      EXPECT_EQ(cmd.value().data->data.train.t.rows(), net.output_size()) << name;
      continue;
    }
    Result<DataSplit> data =
        generate_dataset(p.value().dataset, net.layer(net.depth()).activation, net.output_size());
    ASSERT_TRUE(data.ok()) << name << ": " << data.error().message;
    EXPECT_EQ(data.value().train.x.rows(), net.input_size()) << name;
  }
}

TEST(Presets, XorAndSpiralHaveTheDocumentedShapes) {
  Result<Preset> xor_preset = load_preset(kPresets, "xor");
  ASSERT_TRUE(xor_preset.ok());
  const Preset& x = xor_preset.value();
  EXPECT_EQ(x.net.depth(), 2);
  EXPECT_EQ(x.net.size(1), 4);
  EXPECT_EQ(x.net.layer(2).activation, Activation::tanh);
  EXPECT_EQ(x.hyperparams.learning_rate, 0.3);
  EXPECT_EQ(x.hyperparams.optimizer.kind, OptimizerKind::sgd);
  EXPECT_EQ(x.hyperparams.batch_size, 0);
  EXPECT_EQ(x.init.kind, Init::automatic);

  Result<Preset> spiral = load_preset(kPresets, "spiral");
  ASSERT_TRUE(spiral.ok());
  EXPECT_EQ(spiral.value().net.depth(), 7);
  for (int l = 1; l <= 6; ++l) EXPECT_EQ(spiral.value().net.size(l), 8);
  EXPECT_EQ(spiral.value().hyperparams.batch_size, 50);
  Result<DataSplit> data = generate_dataset(spiral.value().dataset, Activation::tanh, 1);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data.value().train.count() + data.value().test.count(), 250);
  EXPECT_EQ(data.value().test.count(), 50);
}

TEST(Presets, DeepSigmoidShowsVanishingGradientsAtInit) {
  Result<Preset> p = load_preset(kPresets, "deep-sigmoid");
  ASSERT_TRUE(p.ok()) << p.error().message;
  const Mlp net = preset_network(p.value());
  Result<DataSplit> data =
      generate_dataset(p.value().dataset, net.layer(net.depth()).activation, net.output_size());
  ASSERT_TRUE(data.ok());
  Workspace ws;
  loss_and_gradients(net, data.value().train.x, data.value().train.t, {}, ws);
  const double first = ws.grad_W[1].norm();
  const double last = ws.grad_W[net.depth()].norm();
  std::cout << "[ deep    ] |dL/dW1| = " << first << ", |dL/dWL| = " << last << "\n";
  EXPECT_GT(last, 0.0);
  EXPECT_LT(first, 1e-2 * last);
}

TEST(Presets, UnknownPresetListsTheAvailableOnes) {
  Result<Preset> p = load_preset(kPresets, "nope");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("no such preset"), std::string::npos);
  EXPECT_NE(p.error().message.find("xor"), std::string::npos);
}

TEST(Presets, MalformedPresetNamesThePath) {
  Result<json_util::Json> doc = json_util::parse(
      R"({"format": "backstep-model/1", "name": "x", "layers": [{"size": 2}, {"size": 1,
      "activation": "tanh"}], "loss": "mse", "dataset": {"name": "circle"},
      "training": {"learning_rate": -1}})",
      "p.json");
  ASSERT_TRUE(doc.ok());
  Result<Preset> p = parse_preset(doc.value(), "p.json");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("p.json:/training/learning_rate: must be > 0"),
            std::string::npos)
      << p.error().message;
}

}  // namespace
}  // namespace backstep
