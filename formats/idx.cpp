#include "formats/idx.hpp"

#include <zlib.h>

#include <filesystem>

#include "formats/file_io.hpp"

namespace backstep {
namespace {

std::uint32_t big_endian_u32(std::string_view bytes, std::size_t at) {
  const auto b = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i]));
  };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

std::string hex_byte(unsigned v) {
  const char* digits = "0123456789abcdef";
  return std::string("0x") + digits[(v >> 4) & 15] + digits[v & 15];
}

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// The whole decompressed content of a gzip file (several members, as `cat
// a.gz b.gz` makes, are joined). The trailer's ISIZE (the length mod 2³²)
// sizes the buffer once for files under 4 GiB.
Result<std::string> gunzip(std::string_view in, const std::string& path) {
  std::string out;
  if (in.size() >= 4) {
    std::uint32_t isize = 0;  // little-endian, unlike IDX
    for (int i = 3; i >= 0; --i) {
      isize =
          isize << 8 | static_cast<unsigned char>(in[in.size() - 4 + static_cast<std::size_t>(i)]);
    }
    out.reserve(isize);
  }
  z_stream z{};
  // 15 + 16: the largest window, and a gzip (not zlib) header.
  if (inflateInit2(&z, 15 + 16) != Z_OK) return Error{path + ": cannot start zlib"};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char buffer[1 << 16];
  int rc = Z_OK;
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      inflateReset(&z);  // another member follows
      continue;
    }
    if (rc != Z_OK) break;
    if (z.avail_in == 0 && z.avail_out != 0) {
      rc = Z_BUF_ERROR;  // input ended inside the stream
      break;
    }
  }
  const std::size_t consumed = in.size() - z.avail_in;
  inflateEnd(&z);
  if (rc == Z_STREAM_END) return out;
  if (rc == Z_BUF_ERROR) {
    return Error{path + ": the gzip data ends early (truncated at byte " +
                 std::to_string(consumed) + " of the compressed file)"};
  }
  return Error{path + ": not valid gzip data near byte " + std::to_string(consumed) +
               " of the compressed file" + (z.msg ? std::string(" (") + z.msg + ")" : "")};
}

std::string stem_swap(const std::string& name, std::string_view from, std::string_view to) {
  const std::size_t at = name.rfind(from);
  if (at == std::string::npos) return {};
  return name.substr(0, at) + std::string(to) + name.substr(at + from.size());
}

bool exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

// "dir/train-images-idx3-ubyte" or the same with ".gz", whichever exists.
std::optional<std::string> find_one(const std::filesystem::path& dir, const std::string& base) {
  for (const char* ext : {"", ".gz"}) {
    const std::string p = (dir / (base + ext)).string();
    if (exists(p)) return p;
  }
  return std::nullopt;
}

}  // namespace

Result<IdxArray> parse_idx(std::string_view bytes, const std::string& name) {
  if (bytes.size() < 4) {
    return Error{name + ": " + std::to_string(bytes.size()) +
                 " bytes, shorter than an IDX header (4 bytes of magic number)"};
  }
  const auto byte = [&](std::size_t i) {
    return static_cast<unsigned>(static_cast<unsigned char>(bytes[i]));
  };
  if (byte(0) != 0 || byte(1) != 0) {
    return Error{name + ": byte 0: magic number starts " + hex_byte(byte(0)) + " " +
                 hex_byte(byte(1)) + ", an IDX file starts 0x00 0x00"};
  }
  if (byte(2) != 0x08) {
    return Error{name + ": byte 2: element type " + hex_byte(byte(2)) +
                 "; backstep reads unsigned-byte IDX files (0x08)"};
  }
  const unsigned d = byte(3);
  if (d < 1 || d > 4) {
    return Error{name + ": byte 3: " + std::to_string(d) +
                 " dimensions; an IDX images or labels file has 1 to 4"};
  }
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(d);
  if (bytes.size() < header) {
    return Error{name + ": " + std::to_string(bytes.size()) + " bytes, shorter than its header (" +
                 std::to_string(header) + " bytes for " + std::to_string(d) + " dimensions)"};
  }
  IdxArray a;
  std::uint64_t count = 1;
  for (unsigned i = 0; i < d; ++i) {
    const std::uint32_t n = big_endian_u32(bytes, 4 + 4 * i);
    if (n == 0) {
      return Error{name + ": byte " + std::to_string(4 + 4 * i) + ": dimension " +
                   std::to_string(i + 1) + " is 0"};
    }
    a.dims.push_back(n);
    count *= n;
    if (count > (std::uint64_t{1} << 36)) {
      return Error{name + ": byte " + std::to_string(4 + 4 * i) +
                   ": the sizes multiply to more than 2³⁶ elements"};
    }
  }
  const std::uint64_t have = bytes.size() - header;
  if (have < count) {
    return Error{name + ": truncated: the header (sizes " +
                 [&] {
                   std::string s;
                   for (std::size_t i = 0; i < a.dims.size(); ++i) {
                     s += (i ? " × " : "") + std::to_string(a.dims[i]);
                   }
                   return s;
                 }() +
                 ") promises " + std::to_string(count) + " bytes of data from byte " +
                 std::to_string(header) + ", the file has " + std::to_string(have)};
  }
  if (have > count) {
    return Error{name + ": " + std::to_string(have - count) +
                 " bytes after the data's end at byte " + std::to_string(header + count) +
                 " (the header's sizes do not match the file)"};
  }
  a.data.assign(reinterpret_cast<const std::uint8_t*>(bytes.data()) + header,
                reinterpret_cast<const std::uint8_t*>(bytes.data()) + bytes.size());
  return a;
}

Result<IdxArray> read_idx(const std::string& path, FileCheck* check) {
  Result<std::string> raw = read_file(path);
  if (!raw) return raw.error();
  if (check) *check = {raw.value().size(), fnv1a64(raw.value())};
  if (!is_gzip(raw.value())) return parse_idx(raw.value(), path);
  Result<std::string> plain = gunzip(raw.value(), path);
  if (!plain) return plain.error();
  raw.value() = std::string();  // the compressed bytes are no longer needed
  // Offsets below count in the decompressed bytes: say so.
  return parse_idx(plain.value(), path + " (decompressed)");
}

bool is_idx_name(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  for (const char* kind : {"idx1-ubyte", "idx3-ubyte"}) {
    if (name.ends_with(kind) || name.ends_with(std::string(kind) + ".gz")) return true;
  }
  return false;
}

std::optional<std::string> labels_beside(const std::string& images_path) {
  const std::filesystem::path p(images_path);
  std::string name = p.filename().string();
  const bool gz = name.ends_with(".gz");
  if (gz) name.resize(name.size() - 3);
  std::string labels = stem_swap(name, "idx3-ubyte", "idx1-ubyte");
  if (labels.empty()) return std::nullopt;
  labels = stem_swap(labels, "images", "labels");
  if (labels.empty()) return std::nullopt;
  for (const bool with_gz : {gz, !gz}) {
    const std::string candidate = (p.parent_path() / (labels + (with_gz ? ".gz" : ""))).string();
    if (exists(candidate)) return candidate;
  }
  return std::nullopt;
}

Result<IdxSet> read_idx_set(const std::string& images_path, const std::string& labels_path) {
  IdxSet set;
  FileCheck image_check, label_check;
  Result<IdxArray> labels = read_idx(labels_path, &label_check);
  if (!labels) return labels.error();
  if (labels.value().dims.size() != 1) {
    return Error{labels_path + ": byte 3: " + std::to_string(labels.value().dims.size()) +
                 " dimensions; a labels file (idx1) has 1"};
  }
  Result<IdxArray> images = read_idx(images_path, &image_check);
  if (!images) return images.error();
  const std::vector<std::uint32_t>& dims = images.value().dims;
  if (dims.size() != 3) {
    return Error{images_path + ": byte 3: " + std::to_string(dims.size()) +
                 " dimensions; an images file (idx3) has 3 (count, rows, columns)"};
  }
  if (dims[0] != labels.value().dims[0]) {
    return Error{images_path + ": " + std::to_string(dims[0]) + " images, but " + labels_path +
                 " has " + std::to_string(labels.value().dims[0]) + " labels"};
  }
  constexpr std::uint32_t kMaxSide = 4096;
  if (dims[1] > kMaxSide || dims[2] > kMaxSide) {
    return Error{images_path + ": byte 8: images of " + std::to_string(dims[1]) + " × " +
                 std::to_string(dims[2]) + " pixels; at most " + std::to_string(kMaxSide) +
                 " a side"};
  }
  const Eigen::Index n = dims[0];
  const Eigen::Index pixels = static_cast<Eigen::Index>(dims[1]) * dims[2];
  set.image = {static_cast<int>(dims[2]), static_cast<int>(dims[1])};
  // Rows r, columns c → input r·W + c, the order DataSplit::image reads.
  set.x.resize(pixels, n);
  const std::uint8_t* src = images.value().data.data();
  double* dst = set.x.data();
  for (Eigen::Index k = 0; k < pixels * n; ++k) dst[k] = src[k] / 255.0;
  images.value() = IdxArray{};  // free the bytes before the caller builds more
  set.labels.assign(labels.value().data.begin(), labels.value().data.end());
  set.check = {image_check.size + label_check.size,
               image_check.hash ^ (label_check.hash * 0x100000001b3ull)};
  return set;
}

Result<IdxDirectory> find_idx_directory(const std::string& dir) {
  IdxDirectory d;
  const std::filesystem::path p(dir);
  struct Want {
    const char* base;
    std::string* out;
  };
  for (const Want& w : {Want{"train-images-idx3-ubyte", &d.train_images},
                        Want{"train-labels-idx1-ubyte", &d.train_labels},
                        Want{"t10k-images-idx3-ubyte", &d.test_images},
                        Want{"t10k-labels-idx1-ubyte", &d.test_labels}}) {
    const std::optional<std::string> found = find_one(p, w.base);
    if (!found) {
      return Error{dir + ": a directory without " + w.base +
                   "[.gz]; an IDX directory holds train-images, train-labels, t10k-images "
                   "and t10k-labels (MNIST's names)"};
    }
    *w.out = *found;
  }
  return d;
}

}  // namespace backstep
