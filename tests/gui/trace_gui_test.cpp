// The chain-rule inspector in the real window: a script micro-steps through a
// whole XOR trace; after the last micro-step the parameters equal one engine
// step (computed here, in-process, from the same preset).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/session.hpp"
#include "core/session_trace.hpp"
#include "formats/preset_io.hpp"
#include "tests/support/run_process.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;

std::string exact(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

TEST(GuiTrace, MicroSteppingAFullXorTraceEqualsOneEngineStep) {
  ASSERT_NE(std::getenv("DISPLAY"), nullptr) << "GUI tests need a display: run under xvfb-run";
  Result<Preset> preset = load_preset(fs::path(BACKSTEP_SOURCE_DIR) / "assets/presets", "xor");
  ASSERT_TRUE(preset.ok()) << preset.error().message;
  Result<Session> made = make_session(preset.value());
  ASSERT_TRUE(made.ok());
  Session s = std::move(made).value();
  const long size = session_tracer(s)->size();
  ASSERT_TRUE(apply(s, TrainSteps{1}).ok());  // the engine's step, for the expected numbers

  std::ostringstream script;
  script << "expect trace-size == " << size << "\n"
         << "micro " << size - 1 << "\n"
         << "frames 2\n"
         << "expect trace-index == " << size - 1 << "\n"
         << "expect step == 0\n"  // nothing applied before the last micro-step
         << "micro-back 3\nmicro 3\n"
         << "expect trace-index == " << size - 1 << "\n"
         << "micro\n"
         << "expect step == 1\n"
         << "expect trace-index == 0\n";
  for (int l = 1; l <= s.net.depth(); ++l) {
    for (int j = 0; j < s.net.size(l); ++j) {
      for (int k = 0; k < s.net.size(l - 1); ++k) {
        script << "expect weight " << l << " " << j << " " << k
               << " == " << exact(s.net.layer(l).W(j, k)) << "\n";
      }
      script << "expect bias " << l << " " << j << " == " << exact(s.net.layer(l).b(j)) << "\n";
    }
  }
  const fs::path dir =
      fs::temp_directory_path() / ("backstep_gui_trace_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "trace.txt", png = dir / "inspector.png";
  std::ofstream(file) << script.str() << "screenshot " << png.string() << "\n";
  const test::ProcessOutcome r =
      test::run_backstep("--preset xor --frames 4 --script " + file.string(), dir / "process");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(png));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace backstep
