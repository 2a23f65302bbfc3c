// A session started from one of the shipped presets (assets/presets), as the
// app starts one: the tests' common starting point. A preset that does not
// load or start fails the test that asked for it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/session.hpp"
#include "formats/preset_data.hpp"
#include "formats/preset_io.hpp"

namespace backstep::test {

inline std::filesystem::path presets_path() {
  return std::filesystem::path(BACKSTEP_SOURCE_DIR) / "assets" / "presets";
}

// A session of a preset built in the test (and its read data, if any); one
// that does not start fails the test.
inline Session session_of(const Preset& p, LoadDataset* data = nullptr) {
  Result<Session> s = make_session(p, data);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return std::move(s).value();
}

// A data preset (fashion-mnist) reads its files, as the app does.
inline Session preset_session(const std::string& name) {
  Result<LoadPreset> p = load_preset_command(presets_path(), name);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return session_of(p.value().preset, p.value().data ? &*p.value().data : nullptr);
}

// blobs3 as a 2-5-3 network (full sums everywhere in the tracer's text):
// hidden activation `hidden`, output `out` with `loss`, batch `batch`, and a
// Bug lab mistake. The loss is set to mse first, which every output accepts,
// so any (out, loss) pair the session allows can follow.
inline Session blobs_2_5_3(Activation hidden, Activation out, Loss loss, int batch,
                           Bug bug = Bug::none) {
  Session s = preset_session("blobs3");
  for (const Command& c :
       {Command{SetNeurons{1, 5}}, Command{SetActivation{1, hidden}}, Command{SetLoss{Loss::mse}},
        Command{SetActivation{2, out}}, Command{SetLoss{loss}}, Command{SetBatchSize{batch}},
        Command{SetBug{bug}}}) {
    EXPECT_TRUE(apply(s, c).ok()) << s.message;
  }
  return s;
}

// The presets whose data is generated: the loops that start a session per
// preset many times over (every batch size, clip and step count) run on
// these. The data preset, 60 000 images read in about a second, has its own
// tests (tests/formats/idx_test.cpp, the data CLI and GUI tests).
inline std::vector<std::string> generator_presets() {
  std::vector<std::string> names;
  for (const std::string& name : list_presets(presets_path())) {
    Result<Preset> p = load_preset(presets_path(), name);
    if (p.ok() && !p.value().data) names.push_back(name);
  }
  return names;
}

}  // namespace backstep::test
