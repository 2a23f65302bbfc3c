// Data files as people write them (issue 15): fixtures shaped like sklearn's
// iris (string labels), wine (integer class column first) and digits (8×8
// pixels + label), read through import_dataset. Expected values come from
// the files themselves and from numpy (noted beside each).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/session.hpp"
#include "core/session_trace.hpp"
#include "formats/data_import.hpp"
#include "formats/session_io.hpp"

namespace backstep {
namespace {

const std::string kData = std::string(BACKSTEP_SOURCE_DIR) + "/tests/data/";

ImportSpec spec_for(const std::string& file, const std::string& target = "") {
  ImportSpec spec;
  spec.path = file.front() == '/' ? file : kData + file;
  spec.target = target;
  return spec;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::filesystem::path p =
      std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name);
  std::ofstream(p) << text;
  return p.string();
}

Mlp net_with(int outputs, Activation out) {
  Mlp net = make_mlp({2, 5, outputs}, {Activation::tanh, out},
                     out == Activation::softmax   ? Loss::ce
                     : out == Activation::sigmoid ? Loss::bce
                                                  : Loss::mse);
  initialize(net, InitSpec{});
  return net;
}

Session session_with(const Mlp& net) {
  Preset p;
  p.name = "t";
  p.net = net;
  // A generator the output fits: three classes for three outputs.
  p.dataset.name = net.output_size() == 3 ? "blobs3" : "circle";
  p.dataset.count = 40;
  Result<Session> s = make_session(p);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return std::move(s).value();
}

// Class index of each column of one-hot targets.
std::vector<int> argmax_columns(const Matrix& t) {
  std::vector<int> k;
  for (Eigen::Index i = 0; i < t.cols(); ++i) {
    Eigen::Index j = 0;
    t.col(i).maxCoeff(&j);
    k.push_back(static_cast<int>(j));
  }
  return k;
}

std::vector<int> class_counts(const Matrix& t) {
  std::vector<int> n(static_cast<std::size_t>(t.rows()), 0);
  for (int k : argmax_columns(t)) ++n[static_cast<std::size_t>(k)];
  return n;
}

TEST(RealData, IrisStringLabelsBecomeOneHotWithNamesInOrderOfAppearance) {
  ImportSpec spec = spec_for("iris.csv");
  spec.scaling = ScalingMode::none;
  Result<LoadDataset> cmd = import_dataset(spec, net_with(1, Activation::sigmoid));
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  const DataSplit& d = cmd.value().data;
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(d.task, Task::classification);
  // The header's names, for the Dataset panel's target picker (line 1 of the file).
  EXPECT_EQ(cmd.value().spec.columns,
            (std::vector<std::string>{"sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                                      "petal width (cm)", "species"}));
  ASSERT_EQ(d.train.x.rows(), 4);
  ASSERT_EQ(d.train.t.rows(), 3);
  EXPECT_EQ(d.train.count(), 150);
  EXPECT_EQ(d.test.count(), 0);
  // Line 2 of the file: 5.1,3.5,1.4,0.2,setosa; line 151: 5.9,3,5.1,1.8,virginica.
  EXPECT_EQ(d.train.x(0, 0), 5.1);
  EXPECT_EQ(d.train.x(3, 0), 0.2);
  EXPECT_EQ(d.train.t.col(0), (Vector(3) << 1, 0, 0).finished());
  EXPECT_EQ(d.train.x(2, 149), 5.1);
  EXPECT_EQ(d.train.t.col(149), (Vector(3) << 0, 0, 1).finished());
  EXPECT_EQ(class_counts(d.train.t), (std::vector<int>{50, 50, 50}));
  // The spec comes back with the file's size and hash and its header (checked above) filled in.
  ImportSpec with_check = spec;
  with_check.file_check = cmd.value().spec.file_check;
  with_check.columns = cmd.value().spec.columns;
  EXPECT_EQ(cmd.value().spec, with_check);
  EXPECT_EQ(cmd.value().spec.file_check.size, 3736u);  // wc -c tests/data/iris.csv

  // Applied, the network becomes 4 → 5 → 3 softmax with ce.
  Session s = session_with(net_with(1, Activation::sigmoid));
  ASSERT_TRUE(apply(s, cmd.value()).ok()) << s.message;
  EXPECT_EQ(s.net.input_size(), 4);
  EXPECT_EQ(s.net.output_size(), 3);
  EXPECT_EQ(s.net.layer(s.net.depth()).activation, Activation::softmax);
  EXPECT_EQ(s.net.loss, Loss::ce);
  EXPECT_EQ(s.data.class_names.size(), 3u);
  EXPECT_EQ(s.data_import, with_check);
}

TEST(RealData, WineIntegerClassColumnByNameOrIndexInNumericOrder) {
  for (const std::string target : {"class", "1"}) {
    ImportSpec spec = spec_for("wine.csv", target);
    spec.scaling = ScalingMode::none;
    Result<LoadDataset> cmd = import_dataset(spec, net_with(1, Activation::sigmoid));
    ASSERT_TRUE(cmd.ok()) << cmd.error().message;
    const DataSplit& d = cmd.value().data;
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"0", "1", "2"})) << target;
    ASSERT_EQ(d.train.x.rows(), 13);
    EXPECT_EQ(d.train.count(), 178);
    // sklearn's wine: 59, 71 and 48 samples of classes 0, 1, 2.
    EXPECT_EQ(class_counts(d.train.t), (std::vector<int>{59, 71, 48}));
    // Line 2: 0,14.23,1.71,…,1065: the class column is not an input.
    EXPECT_EQ(d.train.x(0, 0), 14.23);
    EXPECT_EQ(d.train.x(12, 0), 1065.0);
  }
}

TEST(RealData, IntegerLastColumnWithoutTargetStaysNumeric) {
  // The old behaviour for an all-numeric file: the last n_L columns as they are.
  const std::string path = write_temp("int_last.csv", "a,b,t\n0,1,1\n1,0,1\n1,1,0\n0,0,0\n");
  Result<LoadDataset> cmd = import_dataset(spec_for(path), net_with(1, Activation::sigmoid));
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  EXPECT_TRUE(cmd.value().data.class_names.empty());
  EXPECT_EQ(cmd.value().data.train.t, (Matrix(1, 4) << 1, 1, 0, 0).finished());
}

TEST(RealData, TwoClassesForOneSigmoidOutputAreOneTarget) {
  // The first class (by appearance) is 0, the second 1; tanh: −1 and 1.
  const std::string path =
      write_temp("two.csv", "x,y,kind\n0,0,cat\n1,1,dog\n0,1,cat\n1,0,dog\n0.5,0.5,dog\n");
  for (Activation out : {Activation::sigmoid, Activation::tanh}) {
    Result<LoadDataset> cmd = import_dataset(spec_for(path), net_with(1, out));
    ASSERT_TRUE(cmd.ok()) << cmd.error().message;
    const DataSplit& d = cmd.value().data;
    const double lo = out == Activation::tanh ? -1.0 : 0.0;
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(d.train.t, (Matrix(1, 5) << lo, 1, lo, 1, 1).finished());
    Session s = session_with(net_with(1, out));
    ASSERT_TRUE(apply(s, cmd.value()).ok()) << s.message;
    EXPECT_EQ(s.net.output_size(), 1);
    EXPECT_EQ(s.net.layer(s.net.depth()).activation, out);
    EXPECT_EQ(s.data.task, Task::classification);
  }
  // A softmax network: one-hot of 2, and the network stays 2 softmax outputs.
  Result<LoadDataset> cmd = import_dataset(spec_for(path), net_with(3, Activation::softmax));
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  EXPECT_EQ(cmd.value().data.train.t.rows(), 2);
  Session s = session_with(net_with(3, Activation::softmax));
  ASSERT_TRUE(apply(s, cmd.value()).ok()) << s.message;
  EXPECT_EQ(s.net.output_size(), 2);
  EXPECT_EQ(s.net.layer(s.net.depth()).activation, Activation::softmax);
}

TEST(RealData, FirstRowWithTextOnlyInTheLabelColumnIsData) {
  const std::string path = write_temp("nohead.csv", "5.1,3.5,setosa\n7,3.2,versicolor\n");
  ImportSpec spec = spec_for(path);
  spec.scaling = ScalingMode::none;
  Result<LoadDataset> cmd = import_dataset(spec, net_with(1, Activation::sigmoid));
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  EXPECT_EQ(cmd.value().data.train.count(), 2);
  EXPECT_EQ(cmd.value().data.train.x(0, 0), 5.1);
}

TEST(RealData, SeveralNumericTargetsStayAsTheyAre) {
  const std::string path = write_temp("multi.csv", "a,u,b,v\n1,0.5,2,7\n3,0.25,4,8\n");
  ImportSpec spec = spec_for(path, "u,v");
  spec.scaling = ScalingMode::none;
  Result<LoadDataset> cmd = import_dataset(spec, net_with(1, Activation::sigmoid));
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  EXPECT_EQ(cmd.value().data.train.x, (Matrix(2, 2) << 1, 3, 2, 4).finished());
  EXPECT_EQ(cmd.value().data.train.t, (Matrix(2, 2) << 0.5, 0.25, 7, 8).finished());
  EXPECT_TRUE(cmd.value().data.class_names.empty());
}

TEST(RealData, DigitsWithImageShape) {
  // An all-numeric file: the integer label column is a class column only when
  // chosen (without --target it would be one numeric target).
  ImportSpec spec = spec_for("digits.csv", "digit");
  spec.image = {8, 8};
  Result<LoadDataset> cmd = import_dataset(spec, net_with(1, Activation::sigmoid));
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  const DataSplit& d = cmd.value().data;
  EXPECT_EQ(d.image, (ImageShape{8, 8}));
  EXPECT_EQ(d.train.x.rows(), 64);
  EXPECT_EQ(d.train.count(), 400);
  // Integer labels 0 … 9 in numeric order.
  ASSERT_EQ(d.class_names.size(), 10u);
  EXPECT_EQ(d.class_names.front(), "0");
  EXPECT_EQ(d.class_names.back(), "9");

  spec.image = {7, 9};
  Result<LoadDataset> bad = import_dataset(spec, net_with(1, Activation::sigmoid));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("digits.csv: image 7×9 is 63 pixels, the data has 64 inputs"),
            std::string::npos)
      << bad.error().message;
}

TEST(RealData, ScalingIsFittedOnTheTrainingFileOnly) {
  ImportSpec spec = spec_for("iris_train.csv");
  spec.test_path = kData + "iris_test.csv";
  Result<LoadDataset> cmd = import_dataset(spec, net_with(1, Activation::sigmoid));
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  const DataSplit& d = cmd.value().data;
  EXPECT_EQ(d.train.count(), 120);
  EXPECT_EQ(d.test.count(), 30);
  EXPECT_EQ(d.scaling.mode, ScalingMode::standardize);
  // numpy: x_train.mean(0), x_train.std(0) (population s.d.).
  const double mean[] = {5.8658333333333355, 3.0549999999999997, 3.770000000000001,
                         1.2050000000000003};
  const double sd[] = {0.8483804014447506, 0.4377689649423158, 1.779587967292804,
                       0.7555185856968267};
  // numpy: ((x_test − mean) / sd).mean(0): not 0, the test part is not refitted.
  const double test_mean[] = {-0.1326056092389923, 0.026650282685535338, -0.03371566963968407,
                              -0.0375018349908643};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(d.scaling.shift(i), mean[i], 1e-12);
    EXPECT_NEAR(d.scaling.scale(i), sd[i], 1e-12);
    EXPECT_NEAR(d.train.x.row(i).mean(), 0.0, 1e-12);
    EXPECT_NEAR(d.test.x.row(i).mean(), test_mean[i], 1e-12);
  }
  // The test file's classes are coded with the training file's list.
  EXPECT_EQ(class_counts(d.test.t), (std::vector<int>{10, 10, 10}));

  spec.scaling = ScalingMode::minmax;
  Result<LoadDataset> mm = import_dataset(spec, net_with(1, Activation::sigmoid));
  ASSERT_TRUE(mm.ok()) << mm.error().message;
  // numpy: (x_test[0] − x_train.min(0)) / (x_train.max(0) − x_train.min(0)), x_test[0] =
  // 5,3.6,1.4,0.2.
  const double first[] = {0.19444444444444448, 0.6666666666666666, 0.06779661016949151,
                          0.04166666666666667};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(mm.value().data.test.x(i, 0), first[i], 1e-12);
  EXPECT_DOUBLE_EQ(mm.value().data.train.x.minCoeff(), 0.0);
  EXPECT_DOUBLE_EQ(mm.value().data.train.x.maxCoeff(), 1.0);
}

TEST(RealData, StratifiedShareKeepsEveryClassInProportionAndIsSeeded) {
  ImportSpec spec = spec_for("iris.csv");
  spec.test_share = 0.2;
  Result<LoadDataset> a = import_dataset(spec, net_with(1, Activation::sigmoid));
  Result<LoadDataset> b = import_dataset(spec, net_with(1, Activation::sigmoid));
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok());
  // 0.2 of each class's 50 samples.
  EXPECT_EQ(class_counts(a.value().data.test.t), (std::vector<int>{10, 10, 10}));
  EXPECT_EQ(class_counts(a.value().data.train.t), (std::vector<int>{40, 40, 40}));
  EXPECT_EQ(a.value().data.test.x, b.value().data.test.x);  // same seed, same split
  spec.split_seed = 2;
  Result<LoadDataset> c = import_dataset(spec, net_with(1, Activation::sigmoid));
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a.value().data.test.x, c.value().data.test.x);

  // Wine: round(0.2 · 59) = 12, round(0.2 · 71) = 14, round(0.2 · 48) = 10.
  ImportSpec wine = spec_for("wine.csv", "class");
  wine.test_share = 0.2;
  Result<LoadDataset> w = import_dataset(wine, net_with(1, Activation::sigmoid));
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_EQ(class_counts(w.value().data.test.t), (std::vector<int>{12, 14, 10}));
  EXPECT_EQ(class_counts(w.value().data.train.t), (std::vector<int>{47, 57, 38}));
}

TEST(RealData, JsonLabelsAndClasses) {
  const std::string strings = write_temp(
      "labels.json",
      R"({"inputs": [[0, 1], [1, 0], [2, 2]], "labels": ["b", "a", "b"], "classes": ["a", "b", "c"]})");
  ImportSpec spec = spec_for(strings);
  spec.scaling = ScalingMode::none;
  Result<LoadDataset> s = import_dataset(spec, net_with(3, Activation::softmax));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s.value().data.class_names, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(s.value().data.train.t, (Matrix(3, 3) << 0, 1, 0, 1, 0, 1, 0, 0, 0).finished());

  // Integers without classes: numeric order, the integers as names.
  const std::string ints =
      write_temp("ints.json", R"({"inputs": [[0], [1], [2], [3]], "labels": [7, 3, 7, 5]})");
  Result<LoadDataset> i = import_dataset(spec_for(ints), net_with(3, Activation::softmax));
  ASSERT_TRUE(i.ok()) << i.error().message;
  EXPECT_EQ(i.value().data.class_names, (std::vector<std::string>{"3", "5", "7"}));
  EXPECT_EQ(argmax_columns(i.value().data.train.t), (std::vector<int>{2, 0, 2, 1}));

  const std::string bad = write_temp(
      "bad_labels.json", R"({"inputs": [[0], [1]], "labels": ["a", "z"], "classes": ["a", "b"]})");
  Result<LoadDataset> e = import_dataset(spec_for(bad), net_with(2, Activation::softmax));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("bad_labels.json:/labels/1"), std::string::npos)
      << e.error().message;
}

struct Malformed {
  const char* name;
  ImportSpec spec;
  std::vector<std::string> expected;
};

ImportSpec with_test(ImportSpec s, const std::string& test) {
  s.test_path = kData + test;
  return s;
}
ImportSpec with_image(ImportSpec s, ImageShape image) {
  s.image = image;
  return s;
}

TEST(RealData, MalformedFilesNameThePlaceAndLeaveTheSessionAlone) {
  const std::vector<Malformed> cases = {
      {"empty cell",
       spec_for("iris_empty_cell.csv"),
       {"iris_empty_cell.csv:4:3:", "petal length (cm)", "empty cell"}},
      {"ragged row",
       spec_for("iris_ragged.csv"),
       {"iris_ragged.csv:5:5:", "expected 5 columns (as on line 1), got 4"}},
      {"101 labels",
       spec_for("many_labels.csv"),
       {"many_labels.csv:102:3:", "\"name\"", "this does not look like a class column"}},
      {"unknown target",
       spec_for("iris.csv", "colour"),
       {"iris.csv:1:", "\"colour\"", "no column of that name", "\"species\""}},
      {"target index", spec_for("iris.csv", "6"), {"iris.csv:1:", "the file has 5 columns"}},
      {"text input",
       spec_for("iris.csv", "1"),
       {"iris.csv:2:5:", "column 5 (\"species\")", "\"setosa\" is not a number"}},
      {"image size", with_image(spec_for("iris.csv"), {3, 3}), {"9 pixels", "4 inputs"}},
      {"unseen class",
       with_test(spec_for("iris_train.csv"), "iris_test_unseen_class.csv"),
       {"iris_test_unseen_class.csv:4:5:", "\"iris-nova\"", "not one of the training data's"}},
  };
  Session s = session_with(net_with(1, Activation::sigmoid));
  const Matrix before = s.data.train.x;
  const std::uint64_t revision = s.revision;
  for (const Malformed& c : cases) {
    Result<LoadDataset> cmd = import_dataset(c.spec, s.net);
    ASSERT_FALSE(cmd.ok()) << c.name;
    for (const std::string& part : c.expected) {
      EXPECT_NE(cmd.error().message.find(part), std::string::npos)
          << c.name << ": \"" << cmd.error().message << "\" lacks \"" << part << "\"";
    }
  }
  EXPECT_EQ(s.data.train.x, before);
  EXPECT_EQ(s.revision, revision);
  EXPECT_TRUE(s.data_source.empty());
}

TEST(RealData, SessionKeepsClassNamesScalingImageAndSpec) {
  Session s = session_with(net_with(1, Activation::sigmoid));
  ImportSpec spec = spec_for("digits.csv", "digit");
  spec.image = {8, 8};
  spec.test_share = 0.25;
  spec.scaling = ScalingMode::minmax;
  Result<LoadDataset> cmd = import_dataset(spec, s.net);
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  ASSERT_TRUE(apply(s, cmd.value()).ok()) << s.message;
  // 400 × (64 + 10) numbers: small, written inline.
  const std::string text = session_to_string(s);
  EXPECT_NE(text.find("\"train\""), std::string::npos);
  Result<SessionFile> back = parse_session_text(text, "s.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  const Session& b = back.value().session;
  EXPECT_EQ(b.data.class_names, s.data.class_names);
  EXPECT_EQ(b.data.image, (ImageShape{8, 8}));
  EXPECT_EQ(b.data.scaling.mode, ScalingMode::minmax);
  EXPECT_EQ(b.data.scaling.shift, s.data.scaling.shift);
  EXPECT_EQ(b.data.scaling.scale, s.data.scaling.scale);
  EXPECT_EQ(b.data_import, s.data_import);
  EXPECT_EQ(b.data.train.x, s.data.train.x);
  EXPECT_EQ(b.data.test.t, s.data.test.t);
}

TEST(RealData, OldSessionWithoutTheNewFieldsStillLoads) {
  Session s = session_with(net_with(1, Activation::sigmoid));
  const std::string path = write_temp("old.csv", "a,b,t\n0,1,1\n1,0,1\n1,1,0\n0,0,0\n");
  Result<LoadDataset> cmd = import_dataset(spec_for(path), s.net);
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  ASSERT_TRUE(apply(s, cmd.value()).ok()) << s.message;
  // A file written before imports had a spec: no "import", "scaling", "class_names".
  json_util::Json doc = json_util::Json::parse(session_to_string(s));
  doc["data"].erase("import");
  doc["data"].erase("scaling");
  Result<SessionFile> back = parse_session(doc, "old.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value().session.data.train.x, s.data.train.x);
  EXPECT_FALSE(back.value().session.data.scaling.active());
}

TEST(RealData, LargeDataIsReadAgainFromItsCheckedFile) {
  // 2 100 rows of 99 inputs + a label: 2 100 × (99 + 2) = 212 100 numbers,
  // over the 200 000 written inline.
  std::string csv;
  // append(), not "x" + …: GCC 12's -Wrestrict false positive on operator+.
  for (int c = 0; c < 99; ++c) csv.append("x").append(std::to_string(c)).append(",");
  csv += "label\n";
  for (int r = 0; r < 2100; ++r) {
    for (int c = 0; c < 99; ++c) csv.append(std::to_string((r * 7 + c * 13) % 101)).append(",");
    csv += r % 2 ? "odd\n" : "even\n";
  }
  const std::string path = write_temp("large.csv", csv);
  Session s = session_with(net_with(3, Activation::softmax));
  ImportSpec spec = spec_for(path);
  spec.test_share = 0.1;
  Result<LoadDataset> cmd = import_dataset(spec, s.net);
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  ASSERT_TRUE(apply(s, cmd.value()).ok()) << s.message;
  const std::string text = session_to_string(s);
  EXPECT_EQ(text.find("\"train\""), std::string::npos);  // not inline
  EXPECT_NE(text.find("\"fnv1a64\""), std::string::npos);
  EXPECT_LT(text.size(), 100000u);

  Result<SessionFile> back = parse_session_text(text, "big.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value().session.data.train.x, s.data.train.x);
  EXPECT_EQ(back.value().session.data.test.t, s.data.test.t);
  EXPECT_EQ(back.value().session.data.class_names, (std::vector<std::string>{"even", "odd"}));

  // The same size, other bytes: refused, naming the file.
  std::string changed = csv;
  changed[changed.size() - 3] = 'a';  // the last label "odd" → "oad"
  write_temp("large.csv", changed);
  Result<SessionFile> edited = parse_session_text(text, "big.json");
  ASSERT_FALSE(edited.ok());
  EXPECT_NE(edited.error().message.find("big.json:/data/import/file_check"), std::string::npos)
      << edited.error().message;
  EXPECT_NE(edited.error().message.find("changed since the session was saved"), std::string::npos);

  std::filesystem::remove(path);
  Result<SessionFile> missing = parse_session_text(text, "big.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot read"), std::string::npos)
      << missing.error().message;
}

TEST(RealData, TraceNamesTheTracedSamplesClass) {
  Session s = session_with(net_with(3, Activation::softmax));
  Result<LoadDataset> cmd = import_dataset(spec_for("iris.csv"), s.net);
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  ASSERT_TRUE(apply(s, cmd.value()).ok()) << s.message;
  ASSERT_TRUE(apply(s, SetBatchSize{150}).ok()) << s.message;  // full batch, stored order
  const Tracer* tr = session_tracer(s);
  ASSERT_NE(tr, nullptr);
  ASSERT_EQ(tr->sample(), 0);  // line 2 of iris.csv: setosa
  bool found = false;
  for (long i = 0; i < tr->size() && !found; ++i) {
    const TraceStep m = tr->at(i);
    if (m.quantity != TraceQuantity::sample_loss) continue;
    found = true;
    EXPECT_NE(m.note.find("t = setosa (1, 0, 0)"), std::string::npos) << m.note;
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace backstep
