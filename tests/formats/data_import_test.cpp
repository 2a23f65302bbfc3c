#include "formats/data_import.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/session.hpp"

namespace backstep {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  // The process id keeps two test runs (two build trees) from sharing files.
  const std::filesystem::path p =
      std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name);
  std::ofstream(p) << text;
  return p.string();
}

ImportSpec spec_for(const std::string& path, const std::string& target = "") {
  ImportSpec spec;
  spec.path = path;
  spec.target = target;
  return spec;
}

Session small_session() {
  Preset p;
  p.name = "t";
  p.net = make_mlp({2, 3, 1}, {Activation::tanh, Activation::sigmoid}, Loss::bce);
  p.dataset.name = "circle";
  p.dataset.count = 50;
  Result<Session> s = make_session(p);
  EXPECT_TRUE(s.ok());
  return std::move(s).value();
}

TEST(DataImport, BadCellOnLineSevenIsReportedAndTheDataStays) {
  Session s = small_session();
  const Matrix before = s.data.train.x;
  const std::uint64_t revision = s.revision;
  // Header on line 1, good rows on 2–6, a non-numeric cell on line 7.
  const std::string path = write_temp("backstep_bad_line7.csv",
                                      "x1,x2,t\n0.1,0.2,1\n0.3,0.4,0\n0.5,0.6,1\n"
                                      "0.7,0.8,0\n0.9,1.0,1\n1.1,oops,0\n1.3,1.4,1\n");
  Result<LoadDataset> cmd = import_dataset(spec_for(path), s.net);
  ASSERT_FALSE(cmd.ok());
  EXPECT_NE(cmd.error().message.find("backstep_bad_line7.csv:7"), std::string::npos)
      << cmd.error().message;
  // Nothing was applied: the session's data and revision are untouched.
  EXPECT_EQ(s.data.train.x, before);
  EXPECT_EQ(s.revision, revision);
  EXPECT_TRUE(s.data_source.empty());
}

TEST(DataImport, GoodCsvBecomesTheTrainingSetAndTheNetworkFollows) {
  Session s = small_session();
  const std::string path =
      write_temp("backstep_good3.csv", "a,b,c,t\n0,0,1,0\n0,1,0,1\n1,0,0,1\n1,1,1,0\n");
  Result<LoadDataset> cmd = import_dataset(spec_for(path), s.net);
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  EXPECT_EQ(cmd.value().data.train.x.rows(), 3);
  EXPECT_EQ(cmd.value().data.train.count(), 4);
  EXPECT_EQ(cmd.value().data.task, Task::classification);
  ASSERT_TRUE(apply(s, cmd.value()).ok()) << s.message;
  EXPECT_EQ(s.net.input_size(), 3);
  EXPECT_EQ(s.data.train.count(), 4);
  EXPECT_EQ(s.data_source, path);
}

TEST(DataImport, TargetColumnCountIsTheUsersChoiceForCsv) {
  Session s = small_session();
  const std::string path = write_temp("backstep_two_targets.csv", "1,2,0,1\n3,4,1,0\n5,6,0,1\n");
  Result<LoadDataset> cmd = import_dataset(spec_for(path, "3,4"), s.net);
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  EXPECT_EQ(cmd.value().data.train.x.rows(), 2);
  EXPECT_EQ(cmd.value().data.train.t.rows(), 2);
  ASSERT_TRUE(apply(s, cmd.value()).ok()) << s.message;
  EXPECT_EQ(s.net.output_size(), 2);
  EXPECT_EQ(s.net.layer(s.net.depth()).activation, Activation::softmax);
}

TEST(DataImport, MissingFileIsAnErrorNamingIt) {
  Session s = small_session();
  Result<LoadDataset> cmd = import_dataset(spec_for("/nonexistent/dir/data.csv"), s.net);
  ASSERT_FALSE(cmd.ok());
  EXPECT_NE(cmd.error().message.find("/nonexistent/dir/data.csv"), std::string::npos);
}

}  // namespace
}  // namespace backstep
