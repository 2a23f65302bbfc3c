#include "tests/support/run_process.hpp"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

extern char** environ;

namespace backstep::test {

std::vector<std::string> ProcessOutcome::lines() const {
  std::vector<std::string> result;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

std::string ProcessOutcome::last_line() const {
  std::string last;
  for (const std::string& line : lines()) {
    if (!line.empty()) last = line;
  }
  return last;
}

std::string read_whole_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ProcessOutcome run_process(const std::vector<std::string>& args,
                           const std::filesystem::path& scratch_dir) {
  ProcessOutcome r;
  if (args.empty()) return r;
  std::filesystem::create_directories(scratch_dir);
  const std::string out_file = (scratch_dir / "stdout.txt").string();
  const std::string err_file = (scratch_dir / "stderr.txt").string();

  std::vector<std::string> owned = args;  // posix_spawn wants char* const[]
  std::vector<char*> argv;
  for (std::string& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return r;
  r.started = true;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return r;  // interrupted by a signal: keep waiting
  }
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_whole_file(out_file);
  r.err = read_whole_file(err_file);
  return r;
}

ProcessOutcome run_backstep(std::vector<std::string> args,
                            const std::filesystem::path& scratch_dir) {
  args.insert(args.begin(), BACKSTEP_EXE);
  return run_process(args, scratch_dir);
}

ProcessOutcome run_backstep(const std::string& args, const std::filesystem::path& scratch_dir) {
  std::vector<std::string> split;
  std::istringstream in(args);
  for (std::string word; in >> word;) split.push_back(word);
  return run_backstep(std::move(split), scratch_dir);
}

}  // namespace backstep::test
