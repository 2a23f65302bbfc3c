// IDX files, the format of MNIST and Fashion-MNIST: `*-images-idx3-ubyte`
// (N images of H×W bytes) and `*-labels-idx1-ubyte` (N label bytes), each
// plain or gzipped (.gz, read with zlib).
//
// The layout, all integers big-endian:
//   bytes 0–1   0x00 0x00
//   byte  2     element type (0x08: unsigned byte, the only one read here)
//   byte  3     number of dimensions d
//   then d      uint32 sizes
//   then        the elements, row-major, the last dimension fastest.
// Every header size is checked against the file's length before anything is
// read, so a truncated file, a wrong magic number or a mismatch between an
// images file and its labels is an error naming the file and the byte offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dataset.hpp"
#include "core/import_spec.hpp"
#include "core/result.hpp"

namespace backstep {

struct IdxArray {
  std::vector<std::uint32_t> dims;  // e.g. {60000, 28, 28}
  std::vector<std::uint8_t> data;   // dims multiplied, row-major
};

// Parses the bytes of one (already decompressed) IDX file. `name` starts
// every message: "<name>: byte 3: …".
Result<IdxArray> parse_idx(std::string_view bytes, const std::string& name);

// Reads and parses `path`, gunzipping it when it starts with the gzip magic
// 1f 8b. `check` receives the size and FNV-1a hash of the bytes on disk.
Result<IdxArray> read_idx(const std::string& path, FileCheck* check = nullptr);

// True for a name IDX files have: "…idx1-ubyte", "…idx3-ubyte", or either
// with ".gz".
bool is_idx_name(const std::string& path);

// The labels file beside an images file: "X-images-idx3-ubyte[.gz]" →
// "X-labels-idx1-ubyte[.gz]" (the same compression first, then the other);
// also "X-images.idx3-ubyte" → "X-labels.idx1-ubyte". nullopt when no such
// file exists.
std::optional<std::string> labels_beside(const std::string& images_path);

// An images file and its labels file read together.
struct IdxSet {
  Matrix x;                 // pixels / 255, one image per column, row by row
  std::vector<int> labels;  // one per image
  ImageShape image;         // W × H
  FileCheck check;          // both files: sizes added, hashes chained
};
Result<IdxSet> read_idx_set(const std::string& images_path, const std::string& labels_path);

// A directory holding MNIST's four files: train-images/labels and
// t10k-images/labels (".gz" or not). Error naming the directory and the
// file it lacks.
struct IdxDirectory {
  std::string train_images, train_labels, test_images, test_labels;
};
Result<IdxDirectory> find_idx_directory(const std::string& dir);

}  // namespace backstep
