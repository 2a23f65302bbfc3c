// A session started from one of the shipped presets (assets/presets), as the
// app starts one: the tests' common starting point. A preset that does not
// load or start fails the test that asked for it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/session.hpp"
#include "formats/preset_io.hpp"

namespace backstep::test {

inline Session preset_session(const std::string& name) {
  Result<Preset> p =
      load_preset(std::filesystem::path(BACKSTEP_SOURCE_DIR) / "assets" / "presets", name);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  Result<Session> s = make_session(p.value());
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return std::move(s).value();
}

}  // namespace backstep::test
