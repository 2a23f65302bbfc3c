// Data files (JSON and CSV) and atomic writes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "formats/data_io.hpp"
#include "formats/file_io.hpp"
#include "tests/support/bit_identical.hpp"

namespace backstep {
namespace {

using test::bit_identical;

namespace fs = std::filesystem;
const std::string kData = std::string(BACKSTEP_SOURCE_DIR) + "/tests/data/";

// A fresh directory per test, removed afterwards.
class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("backstep_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST(DataIo, JsonRowsBecomeColumns) {
  Result<Dataset> d = parse_data_json(
      R"({"inputs": [[1, 2], [3, 4], [5, 6]], "targets": [[0], [1], [0.5]]})", "d.json", {});
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value().count(), 3);
  EXPECT_EQ(d.value().x.rows(), 2);
  EXPECT_EQ(d.value().x(1, 2), 6.0);
  EXPECT_EQ(d.value().t(0, 2), 0.5);
}

TEST(DataIo, CsvWithHeader) {
  Result<Dataset> d = read_data(kData + "xor_data.csv", {2, 1});
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value().count(), 4);
  EXPECT_EQ(d.value().x(0, 2), 1.0);
  EXPECT_EQ(d.value().t(0, 0), -1.0);
  EXPECT_EQ(d.value().t(0, 1), 1.0);
}

TEST(DataIo, CsvWithoutHeaderTakesTheLastColumnsAsTargets) {
  Result<Dataset> d = parse_data_csv("1,2,3,4\r\n\n# comment\n5,6,7,8\n", "d.csv", {0, 2});
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value().count(), 2);
  EXPECT_EQ(d.value().x.rows(), 2);
  EXPECT_EQ(d.value().t.rows(), 2);
  EXPECT_EQ(d.value().x(1, 1), 6.0);
  EXPECT_EQ(d.value().t(0, 1), 7.0);
  EXPECT_EQ(d.value().t(1, 0), 4.0);
}

TEST(DataIo, RoundTripIsBitExactInBothFormats) {
  Dataset data;
  data.x.resize(2, 3);
  data.t.resize(1, 3);
  data.x << 0.1, -1.0 / 3.0, 1e-310, 2.0 / 7.0, 123456.789, -0.0;
  data.t << 0.30000000000000004, 1, -1;
  for (const char* text : {"json", "csv"}) {
    const std::string s = std::string(text) == "csv" ? data_to_csv(data) : data_to_json(data);
    Result<Dataset> back = std::string(text) == "csv" ? parse_data_csv(s, "m.csv", {2, 1})
                                                      : parse_data_json(s, "m.json", {2, 1});
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(bit_identical(back.value().x, data.x)) << text;
    EXPECT_TRUE(bit_identical(back.value().t, data.t)) << text;
  }
}

struct BadData {
  const char* name;
  bool csv;
  std::string text;
  DataShape shape;
  std::vector<std::string> expected;
};

// gtest prints a parameter by name, not as a dump of its bytes.
void PrintTo(const BadData& c, std::ostream* os) {
  *os << c.name;
}

std::vector<BadData> bad_data() {
  return {
      {"csv_empty", true, "", {2, 1}, {"d:1: empty file"}},
      {"csv_header_only", true, "a,b,c\n", {2, 1}, {"d:1:", "no data rows"}},
      {"csv_ragged", true, "1,2,3\n4,5,6\n7,8\n", {2, 1}, {"d:3:", "expected 3 columns", "got 2"}},
      {"csv_ragged_after_header", true, "a,b,c\n1,2,3,4\n", {2, 1}, {"d:2:", "expected 3 columns"}},
      {"csv_cell",
       true,
       "a,b,c\n1,2,3\n1,x,3\n",
       {2, 1},
       {"d:3:", "column 2", "\"b\"", "\"x\" is not a number"}},
      {"csv_nan", true, "1,2,3\n1,nan,3\n", {2, 1}, {"d:2:", "column 2", "not a finite number"}},
      {"csv_overflow", true, "1,2,1e999\n", {2, 1}, {"d:1:", "column 3", "not a finite number"}},
      {"csv_empty_cell", true, "1,,3\n", {2, 1}, {"d:1:", "column 2", "empty cell"}},
      {"csv_width",
       true,
       "1,2,3,4\n",
       {2, 1},
       {"d:1:", "expected 3 columns (2 inputs + 1 targets), got 4"}},
      {"csv_no_outputs", true, "1,2,3\n", {0, 0}, {"d:1:", "cannot tell inputs from targets"}},
      {"json_empty", false, " \n", {}, {"d:1: empty file"}},
      {"json_syntax",
       false,
       "{\"inputs\": [[1,2]],\n \"targets\": [[1]\n",
       {},
       {"d:3:", "invalid JSON"}},
      {"json_missing_targets",
       false,
       R"({"inputs": [[1, 2]]})",
       {},
       {"d:/targets", "missing field"}},
      {"json_no_samples",
       false,
       R"({"inputs": [], "targets": []})",
       {},
       {"d:/inputs", "no samples"}},
      {"json_ragged",
       false,
       R"({"inputs": [[1, 2], [3]], "targets": [[1], [0]]})",
       {},
       {"d:/inputs/1", "expected 2 numbers, got 1"}},
      {"json_count",
       false,
       R"({"inputs": [[1, 2], [3, 4]], "targets": [[1]]})",
       {},
       {"d:/targets", "expected 2 rows"}},
      {"json_nan",
       false,
       R"({"inputs": [[1, "NaN"]], "targets": [[1]]})",
       {},
       {"d:/inputs/0/1", "expected a number"}},
      {"json_model_width",
       false,
       R"({"inputs": [[1, 2, 3]], "targets": [[1]]})",
       {2, 1},
       {"d:/inputs/0", "expected 2 numbers (the model's input size), got 3"}},
  };
}

class MalformedData : public ::testing::TestWithParam<BadData> {};

TEST_P(MalformedData, GivesAnErrorNamingFilePlaceAndProblem) {
  const BadData& b = GetParam();
  Result<Dataset> r =
      b.csv ? parse_data_csv(b.text, "d", b.shape) : parse_data_json(b.text, "d", b.shape);
  ASSERT_FALSE(r.ok());
  for (const std::string& part : b.expected) {
    EXPECT_NE(r.error().message.find(part), std::string::npos)
        << "message \"" << r.error().message << "\" lacks \"" << part << "\"";
  }
}

INSTANTIATE_TEST_SUITE_P(Table, MalformedData, ::testing::ValuesIn(bad_data()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(DataIo, NonNumericCellOnLine7ReportsLine7) {
  Result<Dataset> r = read_data(kData + "bad_cell_line7.csv", {2, 1});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("bad_cell_line7.csv:7:2: column 2"), std::string::npos)
      << r.error().message;
}

using AtomicWrite = TempDir;

TEST_F(AtomicWrite, ReplacesTheFileAndLeavesNoTempFiles) {
  const std::string p = path("out.json");
  ASSERT_TRUE(write_file_atomic(p, "first").ok());
  ASSERT_TRUE(write_file_atomic(p, "second, longer").ok());
  Result<std::string> back = read_file(p);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), "second, longer");
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1);
}

TEST_F(AtomicWrite, FailureLeavesTheOldFileAndNoPartialOne) {
  const std::string p = path("keep.json");
  ASSERT_TRUE(write_file_atomic(p, "old").ok());
  // Writing to a path whose parent is a file fails before anything is created.
  Status bad = write_file_atomic(path("keep.json/inner.json"), "new");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("inner.json: cannot write"), std::string::npos);
  // Renaming over a directory fails after the temp file was written: it must be removed.
  fs::create_directories(path("adir"));
  ASSERT_FALSE(write_file_atomic(path("adir"), "new").ok());
  EXPECT_EQ(read_file(p).value(), "old");
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 2);  // keep.json and adir
}

TEST_F(AtomicWrite, WriteDataPicksTheFormatFromTheExtension) {
  Dataset data;
  data.x.resize(1, 2);
  data.t.resize(1, 2);
  data.x << 1, 2;
  data.t << 3, 4;
  ASSERT_TRUE(write_data(path("d.csv"), data).ok());
  ASSERT_TRUE(write_data(path("d.json"), data).ok());
  EXPECT_EQ(read_file(path("d.csv")).value().substr(0, 6), "x1,t1\n");
  EXPECT_EQ(read_file(path("d.json")).value().front(), '{');
  Result<Dataset> back = read_data(path("d.csv"), {1, 1});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value().t(0, 1), 4.0);
}

}  // namespace
}  // namespace backstep
