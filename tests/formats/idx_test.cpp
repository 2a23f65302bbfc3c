// IDX files (formats/idx): small files written byte by byte here, plain and
// gzipped, every malformed case named by file and byte, and the real
// Fashion-MNIST that Debian's dataset-fashion-mnist installs (scripts/
// install-deps --test). The expected numbers for the real files are facts of
// the data set (60 000 + 10 000 images, 6 000 / 1 000 per class) and values
// read off the files by Python's gzip and struct modules, not by this code.
#include "formats/idx.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "core/session.hpp"
#include "formats/data_import.hpp"
#include "formats/preset_data.hpp"
#include "formats/preset_io.hpp"
#include "tests/support/scratch_dir.hpp"

namespace backstep {
namespace {

const std::string kFashion = "/usr/share/datasets/fashion-mnist";

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// An unsigned-byte IDX file of the given sizes and elements.
std::string idx_bytes(const std::vector<std::uint32_t>& dims, const std::vector<int>& values) {
  std::string b{'\0', '\0', '\x08', static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) b += be32(d);
  for (int v : values) b += static_cast<char>(v);
  return b;
}

class Idx : public test::ScratchDirTest {
 protected:
  Idx() : ScratchDirTest("idx") {}
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path(name), std::ios::binary) << bytes;
    return path(name);
  }
  std::string write_gz(const std::string& name, const std::string& bytes) const {
    gzFile f = gzopen(path(name).c_str(), "wb");
    EXPECT_NE(f, nullptr);
    EXPECT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())),
              static_cast<int>(bytes.size()));
    gzclose(f);
    return path(name);
  }
  // Three 2-row × 3-column images and their labels 2, 0, 1.
  static std::string images() {
    return idx_bytes({3, 2, 3},
                     {0, 51, 102, 153, 204, 255, 10, 20, 30, 40, 50, 60, 255, 0, 255, 0, 255, 0});
  }
  static std::string labels() { return idx_bytes({3}, {2, 0, 1}); }
  std::string error_of(const std::string& name, const std::string& bytes) const {
    Result<IdxArray> r = read_idx(write(name, bytes));
    EXPECT_FALSE(r.ok()) << name;
    return r.ok() ? "" : r.error().message;
  }
};

TEST_F(Idx, PixelsAreScaledToOneAndLaidOutRowByRow) {
  write("x-images-idx3-ubyte", images());
  write("x-labels-idx1-ubyte", labels());
  Result<IdxSet> set = read_idx_set(path("x-images-idx3-ubyte"), path("x-labels-idx1-ubyte"));
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set.value().image.width, 3);
  EXPECT_EQ(set.value().image.height, 2);
  ASSERT_EQ(set.value().x.rows(), 6);
  ASSERT_EQ(set.value().x.cols(), 3);
  // Image 1, row 2, column 1 is its fourth byte, 40: input r·W + c = 3.
  EXPECT_DOUBLE_EQ(set.value().x(3, 1), 40.0 / 255.0);
  EXPECT_DOUBLE_EQ(set.value().x(5, 0), 1.0);
  EXPECT_DOUBLE_EQ(set.value().x(0, 0), 0.0);
  EXPECT_EQ(set.value().labels, (std::vector<int>{2, 0, 1}));
}

TEST_F(Idx, GzippedFilesReadTheSameAsPlainOnes) {
  const std::string plain = write("a-images-idx3-ubyte", images());
  const std::string gz = write_gz("b-images-idx3-ubyte.gz", images());
  Result<IdxArray> a = read_idx(plain);
  Result<IdxArray> b = read_idx(gz);
  ASSERT_TRUE(a.ok() && b.ok()) << (b.ok() ? "" : b.error().message);
  EXPECT_EQ(a.value().dims, b.value().dims);
  EXPECT_EQ(a.value().data, b.value().data);
  // A gzip file cut short is an error, not fewer images.
  std::ifstream in(gz, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = write("c-images-idx3-ubyte.gz", bytes.substr(0, bytes.size() - 12));
  Result<IdxArray> c = read_idx(cut);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find(cut), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("ends early"), std::string::npos) << c.error().message;
}

TEST_F(Idx, EveryMalformedHeaderNamesTheFileAndTheByte) {
  std::string wrong_magic = images();
  wrong_magic[0] = 'P';
  EXPECT_NE(error_of("m", wrong_magic).find("m: byte 0: magic number starts 0x50"),
            std::string::npos);
  std::string floats = images();
  floats[2] = '\x0d';
  EXPECT_NE(error_of("f", floats).find("f: byte 2: element type 0x0d"), std::string::npos);
  std::string dims = images();
  dims[3] = '\x09';
  EXPECT_NE(error_of("d", dims).find("d: byte 3: 9 dimensions"), std::string::npos);
  const std::string truncated = images().substr(0, images().size() - 5);
  const std::string t = error_of("t", truncated);
  EXPECT_NE(t.find("t: truncated"), std::string::npos) << t;
  EXPECT_NE(t.find("promises 18 bytes of data from byte 16, the file has 13"), std::string::npos)
      << t;
  EXPECT_NE(error_of("e", images() + "xy").find("e: 2 bytes after the data's end at byte 34"),
            std::string::npos);
  EXPECT_NE(error_of("s", std::string("\0\0", 2)).find("s: 2 bytes, shorter than an IDX header"),
            std::string::npos);
  EXPECT_NE(error_of("h", std::string("\0\0\x08\x03\0\0", 6)).find("shorter than its header"),
            std::string::npos);
  EXPECT_NE(error_of("z", idx_bytes({0, 2, 3}, {})).find("z: byte 4: dimension 1 is 0"),
            std::string::npos);
}

TEST_F(Idx, ImagesAndLabelsMustAgree) {
  write("x-images-idx3-ubyte", images());
  write("x-labels-idx1-ubyte", idx_bytes({2}, {0, 1}));
  Result<IdxSet> count = read_idx_set(path("x-images-idx3-ubyte"), path("x-labels-idx1-ubyte"));
  ASSERT_FALSE(count.ok());
  EXPECT_NE(
      count.error().message.find("3 images, but " + path("x-labels-idx1-ubyte") + " has 2 labels"),
      std::string::npos)
      << count.error().message;
  // Labels given as the images file, and the other way round.
  Result<IdxSet> swapped = read_idx_set(path("x-labels-idx1-ubyte"), path("x-images-idx3-ubyte"));
  ASSERT_FALSE(swapped.ok());
  EXPECT_NE(swapped.error().message.find("a labels file (idx1) has 1"), std::string::npos)
      << swapped.error().message;
}

TEST_F(Idx, TheLabelsFileIsFoundBesideTheImagesFile) {
  write("train-images-idx3-ubyte", images());
  EXPECT_FALSE(labels_beside(path("train-images-idx3-ubyte")));
  write_gz("train-labels-idx1-ubyte.gz", labels());
  EXPECT_EQ(labels_beside(path("train-images-idx3-ubyte")), path("train-labels-idx1-ubyte.gz"));
  write("train-labels-idx1-ubyte", labels());  // the same compression wins
  EXPECT_EQ(labels_beside(path("train-images-idx3-ubyte")), path("train-labels-idx1-ubyte"));
  EXPECT_TRUE(is_idx_name("t10k-images-idx3-ubyte.gz"));
  EXPECT_TRUE(is_idx_name("/a/b/t10k-labels-idx1-ubyte"));
  EXPECT_FALSE(is_idx_name("iris.csv"));
}

TEST_F(Idx, ADirectoryNeedsAllFourFilesAndGivesT10kAsTheTestSet) {
  write("train-images-idx3-ubyte", images());
  write("train-labels-idx1-ubyte", labels());
  write_gz("t10k-images-idx3-ubyte.gz", idx_bytes({1, 2, 3}, {1, 2, 3, 4, 5, 6}));
  Result<IdxDirectory> missing = find_idx_directory(dir_.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("without t10k-labels-idx1-ubyte"), std::string::npos)
      << missing.error().message;
  write_gz("t10k-labels-idx1-ubyte.gz", idx_bytes({1}, {2}));

  Mlp net = make_mlp({6, 4, 3}, {Activation::relu, Activation::softmax}, Loss::ce);
  ImportSpec spec;
  spec.path = dir_.string();
  spec.label_names = {"zero", "one", "two", "three"};
  Result<LoadDataset> cmd = import_dataset(spec, net);
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  const DataSplit& d = cmd.value().data;
  EXPECT_EQ(d.train.count(), 3);
  EXPECT_EQ(d.test.count(), 1);
  EXPECT_EQ(d.class_names, spec.label_names);
  EXPECT_EQ(d.image, (ImageShape{3, 2}));
  // One-hot over the named classes; pixels as they are (IDX defaults to no scaling).
  ASSERT_EQ(d.train.t.rows(), 4);
  EXPECT_EQ(d.train.t(2, 0), 1.0);
  EXPECT_EQ(d.train.t.col(0).sum(), 1.0);
  EXPECT_EQ(d.test.t(2, 0), 1.0);
  EXPECT_EQ(d.scaling.mode, ScalingMode::none);
  EXPECT_DOUBLE_EQ(d.test.x(5, 0), 6.0 / 255.0);
  EXPECT_TRUE(cmd.value().spec.file_check.known());
  EXPECT_TRUE(cmd.value().spec.test_file_check.known());

  // --scale standardize is honoured: fitted on the three training images.
  spec.scaling = ScalingMode::standardize;
  Result<LoadDataset> scaled = import_dataset(spec, net);
  ASSERT_TRUE(scaled.ok()) << scaled.error().message;
  EXPECT_EQ(scaled.value().data.scaling.mode, ScalingMode::standardize);
  EXPECT_NEAR(scaled.value().data.train.x.row(1).mean(), 0.0, 1e-12);

  // A test label outside the training classes is named with its byte.
  write_gz("t10k-labels-idx1-ubyte.gz", idx_bytes({1}, {7}));
  spec.label_names.clear();
  Result<LoadDataset> bad = import_dataset(spec, net);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("t10k-labels-idx1-ubyte.gz: byte 8: label 7"),
            std::string::npos)
      << bad.error().message;
}

TEST_F(Idx, ATruncatedImagesFileInASetIsAnErrorNamingIt) {
  write("x-images-idx3-ubyte", images().substr(0, 20));
  write("x-labels-idx1-ubyte", labels());
  Mlp net = make_mlp({2, 4, 1}, {Activation::tanh, Activation::sigmoid}, Loss::mse);
  ImportSpec spec;
  spec.path = path("x-images-idx3-ubyte");
  Result<LoadDataset> cmd = import_dataset(spec, net);
  ASSERT_FALSE(cmd.ok());
  EXPECT_NE(cmd.error().message.find(spec.path + ": truncated"), std::string::npos)
      << cmd.error().message;
}

// The real files. scripts/test installs them (install-deps --test); their
// absence is a failure, not a skip.
TEST(FashionMnist, TheRealFilesReadAsTheDataSetDescribesThem) {
  ImportSpec spec;
  spec.path = kFashion;
  Mlp net = make_mlp({784, 100, 10}, {Activation::relu, Activation::softmax}, Loss::ce);
  Result<LoadDataset> cmd = import_dataset(spec, net);
  ASSERT_TRUE(cmd.ok()) << cmd.error().message
                        << " (scripts/install-deps --test installs dataset-fashion-mnist)";
  const DataSplit& d = cmd.value().data;
  ASSERT_EQ(d.train.x.rows(), 784);
  ASSERT_EQ(d.train.count(), 60000);
  ASSERT_EQ(d.test.count(), 10000);
  EXPECT_EQ(d.image, (ImageShape{28, 28}));
  // 6 000 training and 1 000 test images of each of the ten classes.
  for (int k = 0; k < 10; ++k) {
    EXPECT_EQ(d.train.t.row(k).sum(), 6000.0) << k;
    EXPECT_EQ(d.test.t.row(k).sum(), 1000.0) << k;
  }
  // Read off the files with Python: the first training image is an ankle
  // boot (label 9) whose bytes add up to 76 247; the first test label is 9 too.
  EXPECT_EQ(d.train.t(9, 0), 1.0);
  EXPECT_NEAR(d.train.x.col(0).sum() * 255.0, 76247.0, 1e-8);
  EXPECT_EQ(d.test.t(9, 0), 1.0);
  EXPECT_NEAR(d.test.x.col(0).sum() * 255.0, 33456.0, 1e-8);
  EXPECT_GE(d.train.x.minCoeff(), 0.0);
  EXPECT_LE(d.train.x.maxCoeff(), 1.0);
}

TEST(FashionMnist, ThePresetLoadsItsDataWithTheClassNames) {
  Result<LoadPreset> cmd =
      load_preset_command(std::string(BACKSTEP_SOURCE_DIR) + "/assets/presets", "fashion-mnist");
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  ASSERT_TRUE(cmd.value().data);
  Session s;
  ASSERT_TRUE(apply(s, std::move(cmd).value()).ok()) << s.message;
  EXPECT_EQ(s.name, "fashion-mnist");
  EXPECT_EQ(s.net.input_size(), 784);
  EXPECT_EQ(s.net.output_size(), 10);
  EXPECT_EQ(s.data.train.count(), 60000);
  ASSERT_EQ(s.data.class_names.size(), 10u);
  EXPECT_EQ(s.data.class_names[0], "T-shirt/top");
  EXPECT_EQ(s.data.class_names[9], "Ankle boot");
  EXPECT_EQ(s.data_import.path, kFashion);
}

TEST(FashionMnist, AMissingDataPresetFileSaysWhichPackageInstallsIt) {
  Result<Preset> p =
      load_preset(std::string(BACKSTEP_SOURCE_DIR) + "/assets/presets", "fashion-mnist");
  ASSERT_TRUE(p.ok()) << p.error().message;
  p.value().data->path = "/nonexistent/fashion-mnist";
  Result<LoadPreset> cmd = preset_command(std::move(p).value());
  ASSERT_FALSE(cmd.ok());
  EXPECT_NE(cmd.error().message.find("sudo apt-get install dataset-fashion-mnist"),
            std::string::npos)
      << cmd.error().message;
}

}  // namespace
}  // namespace backstep
