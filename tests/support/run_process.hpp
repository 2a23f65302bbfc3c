// Runs the real `backstep` binary (or any program) as a user would, with its
// stdout, stderr and exit code captured. Output goes through files, not pipes,
// so a child that prints a lot can never block on a full pipe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace backstep::test {

struct ProcessOutcome {
  bool started = false;  // false: the program could not be run at all
  int code = -1;         // exit code, or 128 + signal number
  std::string out, err;

  std::vector<std::string> lines() const;  // stdout split into lines
  std::string last_line() const;           // the last non-empty stdout line
};

// argv[0] is the program: a path, or a name looked up in PATH. The captured
// output is written to files in `scratch_dir` (created when missing).
ProcessOutcome run_process(const std::vector<std::string>& argv,
                           const std::filesystem::path& scratch_dir);

// `BACKSTEP_EXE args…`, with args split at spaces (the tests' paths have none).
ProcessOutcome run_backstep(const std::string& args, const std::filesystem::path& scratch_dir);
ProcessOutcome run_backstep(std::vector<std::string> args,
                            const std::filesystem::path& scratch_dir);

// The whole file, or "" when it cannot be read.
std::string read_whole_file(const std::filesystem::path& p);

}  // namespace backstep::test
