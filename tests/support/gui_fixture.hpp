// The common set-up of the real-window test suites: a display is required, and
// each test gets its own scratch directory (named after the test and the
// process, so two build trees can run their suites at once) with its own
// settings directory, so no remembered language, scale or presenter mode
// leaks in from the user or from another test.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "tests/support/run_process.hpp"

namespace backstep::test {

// Sets an environment variable for a scope, then puts back what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class GuiFixture : public ::testing::Test {
 protected:
  explicit GuiFixture(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    ASSERT_NE(std::getenv("DISPLAY"), nullptr) << "GUI tests need a display: run under xvfb-run";
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("backstep_" + prefix_ + "_" + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "config");
    xdg_.emplace("XDG_CONFIG_HOME", (dir_ / "config").string());
  }
  void TearDown() override {
    xdg_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A file in the scratch directory with `text` in it.
  std::filesystem::path write(const std::string& name, const std::string& text) {
    const std::filesystem::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // `backstep args…` with its output captured in the scratch directory.
  ProcessOutcome run(const std::string& args) { return run_backstep(args, dir_ / "process"); }

  // A script run's last line "state step=… batch_loss=…" → the value of `key` (NaN if absent).
  static double state_value(const std::string& out, const std::string& key) {
    const std::size_t at = out.find(" " + key + "=");
    if (at == std::string::npos) return std::nan("");
    return std::strtod(out.c_str() + at + key.size() + 2, nullptr);
  }

  std::filesystem::path dir_;

 private:
  std::string prefix_;
  std::optional<ScopedEnv> xdg_;
};

}  // namespace backstep::test
