// Whole-file reads and atomic writes: a file on disk is always either the old
// version or the complete new one, never a partial write.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace backstep {

// The whole file as bytes. Error{"<path>: cannot read: <reason>"}.
Result<std::string> read_file(const std::string& path);

// 64-bit FNV-1a of the bytes: a content check for a data file a session
// reads again (not a cryptographic hash: it catches edits, not forgery).
std::uint64_t fnv1a64(std::string_view bytes);

// Writes a temp file in the same directory, fsyncs it, then renames it over
// `path` (rename is atomic within a file system). On any failure the temp
// file is removed and `path` is left untouched.
Status write_file_atomic(const std::string& path, std::string_view contents);

}  // namespace backstep
