// backstep-model/1: round trips are bit-exact, and every malformed input
// gives an Error naming the file, the JSON path and the problem.
#include <gtest/gtest.h>

#include <cstring>

#include "core/init.hpp"
#include "formats/model_io.hpp"
#include "tests/support/bit_identical.hpp"

namespace backstep {
namespace {

using test::bit_identical;

const std::string kData = std::string(BACKSTEP_SOURCE_DIR) + "/tests/data/";

TEST(ModelIo, ReadsTheDesignExampleWithWeightIndexing) {
  Result<ModelFile> m = read_model(kData + "worked_example.json");
  ASSERT_TRUE(m.ok()) << m.error().message;
  const Mlp& net = m.value().net;
  ASSERT_EQ(net.depth(), 2);
  EXPECT_EQ(net.input_size(), 2);
  EXPECT_EQ(net.layer(2).activation, Activation::sigmoid);
  EXPECT_EQ(net.loss, Loss::mse);
  // weights[l−1][j][k] = w⁽ˡ⁾_jk: row j is the receiving neuron.
  EXPECT_EQ(net.layer(1).W(1, 0), 0.25);
  EXPECT_EQ(net.layer(1).W(0, 1), 0.20);
  EXPECT_EQ(net.layer(2).W(1, 1), 0.55);
  EXPECT_EQ(net.layer(2).b(0), 0.60);
  EXPECT_TRUE(m.value().has_weights);
  EXPECT_EQ(m.value().regularization.kind, RegularizationKind::none);
}

TEST(ModelIo, RoundTripIsBitExact) {
  Mlp net = make_mlp({3, 5, 4, 2}, {Activation::relu, Activation::leaky_relu, Activation::softmax},
                     Loss::ce);
  initialize(net, InitSpec{Init::he, 0.5, 42});
  net.layer(1).b.setLinSpaced(-1.0 / 3.0, 1e-300);  // awkward decimals and a tiny value
  net.layer(3).W(1, 2) = 0.1 + 0.2;                 // 0.30000000000000004
  const Regularization reg{RegularizationKind::l2, 1e-3};

  const std::string text = model_to_string(net, reg);
  Result<ModelFile> back = parse_model_text(text, "mem.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back.value().net.depth(), 3);
  for (int l = 1; l <= 3; ++l) {
    EXPECT_TRUE(bit_identical(back.value().net.layer(l).W, net.layer(l).W)) << "layer " << l;
    EXPECT_TRUE(bit_identical(back.value().net.layer(l).b, net.layer(l).b)) << "layer " << l;
    EXPECT_EQ(back.value().net.layer(l).activation, net.layer(l).activation);
  }
  EXPECT_EQ(back.value().net.loss, Loss::ce);
  EXPECT_EQ(back.value().regularization.kind, RegularizationKind::l2);
  EXPECT_EQ(back.value().regularization.lambda, 1e-3);
  // Writing what was read gives the same bytes.
  EXPECT_EQ(model_to_string(back.value().net, back.value().regularization), text);
}

TEST(ModelIo, MissingWeightsAreDrawnFromInitAndSeed) {
  auto text = [](int seed) {
    return R"({"format": "backstep-model/1", "layers": [{"size": 2}, {"size": 4, "activation":
      "tanh"}, {"size": 1, "activation": "tanh"}], "loss": "mse", "init": "xavier", "seed": )" +
           std::to_string(seed) + "}";
  };
  Result<ModelFile> a = parse_model_text(text(7), "a.json");
  Result<ModelFile> b = parse_model_text(text(7), "b.json");
  Result<ModelFile> c = parse_model_text(text(8), "c.json");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_FALSE(a.value().has_weights);
  EXPECT_EQ(a.value().init.kind, Init::xavier);
  EXPECT_EQ(a.value().init.seed, 7u);
  EXPECT_TRUE(bit_identical(a.value().net.layer(1).W, b.value().net.layer(1).W));
  EXPECT_FALSE(bit_identical(a.value().net.layer(1).W, c.value().net.layer(1).W));
  EXPECT_GT(a.value().net.layer(1).W.cwiseAbs().maxCoeff(), 0.0);
}

struct Malformed {
  const char* name;
  std::string text;
  std::vector<std::string> expected;  // substrings of the message
};

// gtest prints a parameter by name, not as a dump of its bytes.
void PrintTo(const Malformed& c, std::ostream* os) {
  *os << c.name;
}

const std::string kHead = R"("format": "backstep-model/1", )";
const std::string kLayers221 =
    R"("layers": [{"size": 2}, {"size": 2, "activation": "tanh"}, {"size": 1, "activation": "tanh"}], )";

std::vector<Malformed> malformed_models() {
  return {
      {"empty", "", {"bad.json:1:", "empty file"}},
      {"bad_json",
       "{\n\"format\": \"backstep-model/1\",\n \"layers\": [}",
       {"bad.json:3:", "invalid JSON"}},
      {"not_object", "[1, 2]", {"bad.json:/:", "expected an object"}},
      {"missing_format", R"({"layers": [], "loss": "mse"})", {"/format", "missing field"}},
      {"wrong_format", R"({"format": "backstep-model/2"})", {"/format", "unsupported format"}},
      {"missing_layers", "{" + kHead + R"("loss": "mse"})", {"/layers", "missing field"}},
      {"one_layer",
       "{" + kHead + R"("layers": [{"size": 2}], "loss": "mse"})",
       {"/layers", "at least 2 layers"}},
      {"size_zero",
       "{" + kHead +
           R"("layers": [{"size": 0}, {"size": 1, "activation": "tanh"}], "loss": "mse"})",
       {"/layers/0/size", "integer in 1"}},
      {"size_string",
       "{" + kHead +
           R"("layers": [{"size": "2"}, {"size": 1, "activation": "tanh"}], "loss": "mse"})",
       {"/layers/0/size", "the string \"2\""}},
      {"unknown_activation",
       "{" + kHead +
           R"("layers": [{"size": 2}, {"size": 1, "activation": "swish"}], "loss": "mse"})",
       {"/layers/1/activation", "unknown activation \"swish\""}},
      {"missing_activation",
       "{" + kHead + R"("layers": [{"size": 2}, {"size": 1}], "loss": "mse"})",
       {"/layers/1/activation", "missing field"}},
      {"hidden_softmax",
       "{" + kHead +
           R"("layers": [{"size": 2}, {"size": 3, "activation": "softmax"}, {"size": 1, "activation": "tanh"}], "loss": "mse"})",
       {"/layers/1/activation", "softmax is only allowed on the output layer"}},
      {"unknown_loss", "{" + kHead + kLayers221 + R"("loss": "hinge"})", {"/loss", "unknown loss"}},
      {"bce_without_sigmoid",
       "{" + kHead + kLayers221 + R"("loss": "bce"})",
       {"/loss", "bce needs a sigmoid"}},
      {"weights_count",
       "{" + kHead + kLayers221 + R"("loss": "mse", "weights": [[[1, 2], [3, 4]]]})",
       {"/weights", "expected 2 matrices"}},
      {"weights_rows",
       "{" + kHead + kLayers221 + R"("loss": "mse", "weights": [[[1, 2]], [[1, 2]]]})",
       {"/weights/0", "expected 2 rows"}},
      {"weights_cols",
       "{" + kHead + kLayers221 + R"("loss": "mse", "weights": [[[1, 2], [3, 4]], [[1, 2, 3]]]})",
       {"/weights/1/0", "expected 2 numbers, got 3"}},
      {"nan_string",
       "{" + kHead + kLayers221 + R"("loss": "mse", "weights": [[[1, 2], [3, 4]], [[1, "nan"]]]})",
       {"/weights/1/0/1", "expected a number, got the string \"nan\""}},
      {"null_weight",
       "{" + kHead + kLayers221 + R"("loss": "mse", "weights": [[[1, null], [3, 4]], [[1, 2]]]})",
       {"/weights/0/0/1", "got null"}},
      {"overflow",
       "{" + kHead + kLayers221 +
           "\n\"loss\": \"mse\", \"weights\": [[[1, 2], [3, 4]], [[1, 1e999]]]}",
       {"bad.json:2", "overflow"}},
      {"bias_length",
       "{" + kHead + kLayers221 + R"("loss": "mse", "biases": [[0, 0], [0, 0]]})",
       {"/biases/1", "expected 1 numbers, got 2"}},
      {"bad_regularization",
       "{" + kHead + kLayers221 +
           R"("loss": "mse", "regularization": {"kind": "l3", "lambda": 1}})",
       {"/regularization/kind", "unknown regularization"}},
      {"negative_lambda",
       "{" + kHead + kLayers221 +
           R"("loss": "mse", "regularization": {"kind": "l2", "lambda": -1}})",
       {"/regularization/lambda", "≥ 0"}},
      {"unknown_init",
       "{" + kHead + kLayers221 + R"("loss": "mse", "init": "lecun"})",
       {"/init", "unknown init"}},
      {"negative_seed",
       "{" + kHead + kLayers221 + R"("loss": "mse", "seed": -3})",
       {"/seed", "integer"}},
      {"huge_layer",
       "{" + kHead +
           R"("layers": [{"size": 100000}, {"size": 100000, "activation": "tanh"}], "loss": "mse"})",
       {"/layers/1", "network too large"}},
  };
}

class MalformedModel : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedModel, GivesAnErrorNamingFilePlaceAndProblem) {
  const Malformed& m = GetParam();
  Result<ModelFile> r = parse_model_text(m.text, "bad.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("bad.json:", 0), 0u) << r.error().message;
  for (const std::string& part : m.expected) {
    EXPECT_NE(r.error().message.find(part), std::string::npos)
        << "message \"" << r.error().message << "\" lacks \"" << part << "\"";
  }
}

INSTANTIATE_TEST_SUITE_P(Table, MalformedModel, ::testing::ValuesIn(malformed_models()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ModelIo, MissingFileNamesTheFile) {
  Result<ModelFile> r = read_model(kData + "no_such_model.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("no_such_model.json: cannot read"), std::string::npos);
}

}  // namespace
}  // namespace backstep
