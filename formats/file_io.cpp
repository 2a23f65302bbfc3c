#include "formats/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace backstep {
namespace {

std::string reason(int err) {
  return std::strerror(err);
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Error{path + ": cannot read: is a directory"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot read: " + reason(errno)};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return Error{path + ": cannot read: I/O error"};
  return bytes.str();
}

Status write_file_atomic(const std::string& path, std::string_view contents) {
  // The temp file must live in the target's directory: rename(2) is only
  // atomic within one file system. pid + counter keep concurrent writers apart.
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path target(path);
  const std::string temp =
      path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));

  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Error{path + ": cannot write: " + reason(errno)};

  auto fail = [&](int err) -> Status {
    ::close(fd);
    ::unlink(temp.c_str());
    return Error{path + ": cannot write: " + reason(err)};
  };
  const char* p = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  // Data must be on disk before the rename makes it visible under `path`.
  if (::fsync(fd) != 0) return fail(errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return Error{path + ": cannot write: " + reason(err)};
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return Error{path + ": cannot write: " + reason(err)};
  }
  // Persist the directory entry too (best effort: some file systems refuse).
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Ok{};
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // the FNV offset basis
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;  // the FNV prime
  }
  return h;
}

}  // namespace backstep
