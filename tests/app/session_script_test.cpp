// Script lines for sessions, rewind and exports: save-session / load-session
// restore the exact run, export-history / export-weights write CSV that
// matches the session, and rewind / undo lines drive the same commands.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/automation/script.hpp"
#include "app/files/session_actions.hpp"
#include "formats/csv_export.hpp"
#include "formats/preset_io.hpp"
#include "formats/session_io.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;
const fs::path kPresets = fs::path(BACKSTEP_SOURCE_DIR) / "assets" / "presets";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("backstep_sscript_" + std::to_string(getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
  std::string operator/(const std::string& name) const { return (dir / name).string(); }
};

Session xor_session() {
  Result<Preset> p = load_preset(kPresets, "xor");
  EXPECT_TRUE(p.ok());
  Result<Session> s = make_session(p.value());
  EXPECT_TRUE(s.ok());
  return std::move(s).value();
}

Status run(Session& s, const std::string& text) {
  Result<Script> script = parse_script(text, "t.txt", kPresets);
  if (!script) return script.error();
  return run_script_headless(s, script.value());
}

TEST(SessionScript, SaveTrainLoadReturnsToTheSavedRun) {
  TempDir tmp;
  Session s = xor_session();
  const std::string file = tmp / "s.json";
  ASSERT_TRUE(run(s, "train 40\nsave-session " + file + "\ntrain 60\nexpect step == 100\n").ok());
  const std::string at_100 = session_to_string(s);
  ASSERT_TRUE(run(s, "load-session " + file + "\nexpect step == 40\ntrain 60\n").ok());
  // Loaded at 40 and trained 60 more: the same run as straight through, but
  // with one more final-evaluation point in the history (at step 40).
  Result<SessionFile> straight = parse_session_text(at_100, "a.json");
  ASSERT_TRUE(straight.ok());
  EXPECT_EQ(s.net.layer(1).W, straight.value().session.net.layer(1).W);
  EXPECT_EQ(s.trainer.optimizer_state().t, 100);
}

TEST(SessionScript, ExportsMatchTheSession) {
  TempDir tmp;
  Session s = xor_session();
  ASSERT_TRUE(run(s, "train 25\nexport-history " + (tmp / "h.csv") + "\nexport-weights " +
                         (tmp / "w.csv") + "\n")
                  .ok());
  const std::string history = slurp(tmp / "h.csv");
  EXPECT_EQ(history, history_to_csv(s.history));
  EXPECT_EQ(history.rfind("step,epoch,train_loss,test_loss,accuracy,test_accuracy,batch_loss\n", 0),
            0u);
  std::size_t rows = 0;
  for (char c : history) rows += c == '\n';
  EXPECT_EQ(rows, s.history.points().size() + 1);

  // Every weight reads back exactly from its row.
  std::istringstream w(slurp(tmp / "w.csv"));
  std::string line;
  std::getline(w, line);
  EXPECT_EQ(line, "param,layer,j,k,value");
  int weights = 0, biases = 0;
  while (std::getline(w, line)) {
    std::istringstream cells(line);
    std::string kind, l, j, k, v;
    std::getline(cells, kind, ',');
    std::getline(cells, l, ',');
    std::getline(cells, j, ',');
    std::getline(cells, k, ',');
    std::getline(cells, v, ',');
    const DenseLayer& layer = s.net.layer(std::stoi(l));
    if (kind == "w") {
      EXPECT_EQ(std::stod(v), layer.W(std::stoi(j), std::stoi(k))) << line;
      ++weights;
    } else {
      EXPECT_EQ(kind, "b");
      EXPECT_TRUE(k.empty());
      EXPECT_EQ(std::stod(v), layer.b(std::stoi(j))) << line;
      ++biases;
    }
  }
  EXPECT_EQ(weights, 2 * 4 + 4 * 1);
  EXPECT_EQ(biases, 4 + 1);
}

TEST(SessionScript, RewindAndUndoLines) {
  Session s = xor_session();
  ASSERT_TRUE(run(s,
                  "train 50\nrewind 20\nexpect step == 20\npresent\nexpect step == 50\n"
                  "set lr 0.05\nundo\nexpect lr == 0.3\nredo\nexpect lr == 0.05\n"
                  "rewind 10\nresume\ntrain 5\nexpect step == 15\n")
                  .ok())
      << s.message;
}

TEST(SessionScript, ABadSessionFileFailsTheLineAndKeepsTheSession) {
  TempDir tmp;
  Session s = xor_session();
  std::ofstream(tmp / "bad.json") << "{\"format\": \"backstep-session/1\", \"name\": 3}";
  ASSERT_TRUE(run(s, "train 5\n").ok());
  const std::string before = session_to_string(s);
  Status r = run(s, "load-session " + (tmp / "bad.json") + "\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("t.txt:1: "), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("bad.json:/name: expected a string"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(session_to_string(s), before);
}

TEST(SessionScript, ConfigDirFollowsXdgThenHome) {
  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  const char* old_home = std::getenv("HOME");
  const std::string saved = old_xdg ? old_xdg : "", saved_home = old_home ? old_home : "";
  setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
  EXPECT_EQ(autosave_path(), "/tmp/xdg-test/backstep/autosave.json");
  unsetenv("XDG_CONFIG_HOME");
  setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(config_dir(), "/home/someone/.config/backstep");
  if (old_xdg) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  if (old_home) setenv("HOME", saved_home.c_str(), 1);
}

}  // namespace
}  // namespace backstep
