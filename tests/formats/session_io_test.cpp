// backstep-session/1: save → load → train equals training straight through
// (bit-identical), malformed files name the field and change nothing, and an
// atomic write killed mid-way leaves the previous file intact.
#include "formats/session_io.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <tuple>

#include "formats/file_io.hpp"
#include "formats/preset_io.hpp"
#include "tests/support/bit_identical.hpp"

namespace backstep {
namespace {

using test::bit_identical;

namespace fs = std::filesystem;
using json_util::Json;

const std::string kPresets = std::string(BACKSTEP_SOURCE_DIR) + "/assets/presets/";

Session preset_session(const std::string& name, OptimizerKind kind, int batch) {
  Result<Preset> p = read_preset(kPresets + name + ".json");
  EXPECT_TRUE(p.ok()) << p.error().message;
  p.value().hyperparams.optimizer.kind = kind;
  p.value().hyperparams.batch_size = batch;
  Result<Session> s = make_session(p.value());
  EXPECT_TRUE(s.ok()) << s.error().message;
  return std::move(s).value();
}

Session round_trip(const Session& s) {
  Result<SessionFile> f = parse_session_text(session_to_string(s), "mem.json");
  EXPECT_TRUE(f.ok()) << f.error().message;
  return std::move(f.value().session);
}

void expect_same_state(const Session& a, const Session& b) {
  ASSERT_EQ(a.net.depth(), b.net.depth());
  for (int l = 1; l <= a.net.depth(); ++l) {
    EXPECT_TRUE(bit_identical(a.net.layer(l).W, b.net.layer(l).W)) << "W of layer " << l;
    EXPECT_TRUE(bit_identical(a.net.layer(l).b, b.net.layer(l).b)) << "b of layer " << l;
    const OptimizerState &oa = a.trainer.optimizer_state(), &ob = b.trainer.optimizer_state();
    EXPECT_TRUE(bit_identical(oa.first_W[l], ob.first_W[l])) << "first moment, layer " << l;
    EXPECT_TRUE(bit_identical(oa.second_W[l], ob.second_W[l])) << "second moment, layer " << l;
  }
  EXPECT_EQ(a.trainer.optimizer_state().t, b.trainer.optimizer_state().t);
  EXPECT_EQ(a.trainer.steps(), b.trainer.steps());
  EXPECT_EQ(a.trainer.epochs(), b.trainer.epochs());
  EXPECT_EQ(a.trainer.cursor(), b.trainer.cursor());
  // The whole document covers everything else: history, data, hyperparameters.
  EXPECT_EQ(session_to_string(a), session_to_string(b));
}

class SessionResume : public ::testing::TestWithParam<std::tuple<OptimizerKind, int>> {};

TEST_P(SessionResume, SaveLoadTrainEqualsTrainingStraightThrough) {
  const auto [kind, batch] = GetParam();
  Session straight = preset_session("spiral", kind, batch);
  Session saved = preset_session("spiral", kind, batch);
  // 37 steps: mid-epoch for batch 10 of 250 samples, so the cursor matters.
  ASSERT_TRUE(apply(straight, TrainSteps{37}).ok());
  ASSERT_TRUE(apply(saved, TrainSteps{37}).ok());
  Session loaded = round_trip(saved);
  expect_same_state(straight, loaded);
  ASSERT_TRUE(apply(straight, TrainSteps{53}).ok());
  ASSERT_TRUE(apply(loaded, TrainSteps{53}).ok());
  expect_same_state(straight, loaded);
  EXPECT_EQ(loaded.train_eval.loss.total(), straight.train_eval.loss.total());
}

INSTANTIATE_TEST_SUITE_P(OptimizersAndBatches, SessionResume,
                         ::testing::Combine(::testing::Values(OptimizerKind::sgd,
                                                              OptimizerKind::momentum,
                                                              OptimizerKind::adam),
                                            ::testing::Values(0, 10)));

TEST(SessionIo, GeneratedDataIsRegeneratedExactly) {
  Session s = preset_session("spiral", OptimizerKind::adam, 10);
  Session loaded = round_trip(s);
  EXPECT_TRUE(bit_identical(s.data.train.x, loaded.data.train.x));
  EXPECT_TRUE(bit_identical(s.data.train.t, loaded.data.train.t));
  EXPECT_EQ(s.data.task, loaded.data.task);
}

TEST(SessionIo, PendingBatchSizeChangeResumesLikeTheOriginal) {
  // A batch size changed mid-epoch takes effect on the next step, which starts
  // the epoch's order over; the saved cursor must say so.
  Session straight = preset_session("spiral", OptimizerKind::momentum, 10);
  ASSERT_TRUE(apply(straight, TrainSteps{13}).ok());
  ASSERT_TRUE(apply(straight, SetBatchSize{7}).ok());
  Session loaded = round_trip(straight);
  ASSERT_TRUE(apply(straight, TrainSteps{40}).ok());
  ASSERT_TRUE(apply(loaded, TrainSteps{40}).ok());
  expect_same_state(straight, loaded);
}

TEST(SessionIo, ImportedDataIsEmbeddedAndResumesExactly) {
  Session s = preset_session("xor", OptimizerKind::adam, 0);
  DataSplit data = s.data;
  data.train.x(0, 0) = 0.125;  // not what the generator makes: must come from the file
  ASSERT_TRUE(apply(s, LoadDataset{data, "my-data.csv"}).ok());
  ASSERT_TRUE(apply(s, TrainSteps{20}).ok());
  Session loaded = round_trip(s);
  EXPECT_EQ(loaded.data_source, "my-data.csv");
  EXPECT_TRUE(bit_identical(loaded.data.train.x, s.data.train.x));
  ASSERT_TRUE(apply(s, TrainSteps{20}).ok());
  ASSERT_TRUE(apply(loaded, TrainSteps{20}).ok());
  expect_same_state(s, loaded);
}

TEST(SessionIo, ViewObjectRoundTripsAndIsOptional) {
  Session s = preset_session("xor", OptimizerKind::sgd, 0);
  const Json view = {{"loss_log_scale", false}, {"ui_scale", 1.5}};
  Result<SessionFile> f = parse_session_text(session_to_string(s, view), "v.json");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f.value().view, view);
  Result<SessionFile> g = parse_session_text(session_to_string(s), "v.json");
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_TRUE(g.value().view.is_null());
}

TEST(SessionIo, TracerPositionRoundTripsAndIsOptional) {
  Session s = preset_session("xor", OptimizerKind::sgd, 0);
  ASSERT_TRUE(apply(s, SetTraceGranularity{TraceGranularity::weight}).ok());
  ASSERT_TRUE(apply(s, SetTraceIndex{17}).ok());
  Result<SessionFile> f = parse_session_text(session_to_string(s), "t.json");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f.value().session.trace.index, 17);
  EXPECT_EQ(f.value().session.trace.granularity, TraceGranularity::weight);
  // A file without it (written before the tracer existed) starts at the first term.
  Json doc = Json::parse(session_to_string(s));
  doc.erase("tracer");
  Result<SessionFile> g = parse_session_text(doc.dump(), "t.json");
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g.value().session.trace.index, 0);
  EXPECT_EQ(g.value().session.trace.granularity, TraceGranularity::neuron);
}

// --- malformed files ----------------------------------------------------------

struct Damage {
  const char* pointer;  // JSON pointer to change
  Json value;           // replacement; discarded (null object) means "remove"
  bool remove;
  const char* expect;  // substring of the error
};

// The Bug lab's mistake is saved by its stable name, resumes the same buggy
// run, and starts the ghost from the loaded state; without one the file has
// no "bug" field, as before the Bug lab.
TEST(SessionIo, BugLabMistakeRoundTripsAndIsOptional) {
  Session s = preset_session("xor", OptimizerKind::sgd, 0);
  EXPECT_EQ(Json::parse(session_to_string(s))["hyperparams"].count("bug"), 0u);
  ASSERT_TRUE(apply(s, SetBug{Bug::update_before_backprop}).ok());
  ASSERT_TRUE(apply(s, TrainSteps{7}).ok());
  const Json doc = Json::parse(session_to_string(s));
  EXPECT_EQ(doc["hyperparams"]["bug"], "update-before-backprop");
  Session loaded = round_trip(s);
  EXPECT_EQ(loaded.hp.bug, Bug::update_before_backprop);
  expect_same_state(s, loaded);
  ASSERT_TRUE(apply(s, TrainSteps{5}).ok());
  ASSERT_TRUE(apply(loaded, TrainSteps{5}).ok());
  expect_same_state(s, loaded);  // the same buggy steps
}

TEST(SessionIo, MalformedFilesNameTheFieldAndLeaveTheSessionAlone) {
  Session original = preset_session("xor", OptimizerKind::adam, 0);
  ASSERT_TRUE(apply(original, TrainSteps{5}).ok());
  const Json good = Json::parse(session_to_string(original));
  const Damage cases[] = {
      {"/format", "backstep-session/2", false, "b.json:/format: unsupported format"},
      {"/hyperparams/learning_rate", nullptr, true,
       "b.json:/hyperparams/learning_rate: missing field"},
      {"/hyperparams/learning_rate", -1.0, false, "b.json:/hyperparams: learning rate"},
      {"/hyperparams/optimizer/beta1", "NaN", false,
       "b.json:/hyperparams/optimizer/beta1: expected a number"},
      {"/hyperparams/optimizer/kind", "lion", false, "/hyperparams/optimizer/kind: unknown"},
      {"/trainer/steps", "ten", false, "b.json:/trainer/steps: expected an integer"},
      {"/trainer/cursor", 99, false, "b.json:/trainer/cursor"},
      {"/model", nullptr, true, "b.json:/model: missing field"},
      {"/model/weights/0/0/0", nullptr, false, "b.json:/model/weights/0/0/0: expected a number"},
      {"/model/layers/1/activation", "swish", false, "b.json:/model/layers/1/activation"},
      {"/optimizer_state/first_W/0", Json::array({Json::array({0.0, 0.0})}), false,
       "b.json:/optimizer_state/first_W/0: expected 4 rows"},
      {"/optimizer_state/second_b/1", Json::array({1.0, 2.0}), false,
       "b.json:/optimizer_state/second_b/1: expected 1 numbers"},
      {"/optimizer_state/second_W/1/0/0", -1.0, false,
       "b.json:/optimizer_state/second_W/1: second moments must be ≥ 0"},
      {"/optimizer_state/last_update_b", Json::array(), false,
       "b.json:/optimizer_state/last_update_b: expected 2 entries"},
      {"/history/points/0/2", "nan", false, "b.json:/history/points/0/2: expected a number"},
      {"/history/points/0", Json::array({1, 2}), false, "b.json:/history/points/0: expected"},
      {"/data/generator/name", "nope", false, "b.json:/data/generator/name: unknown dataset"},
      {"/data/generator", nullptr, true, "b.json:/data/source: missing field"},
      {"/selected_sample", -1, false, "b.json:/selected_sample"},
      {"/init/kind", 3, false, "b.json:/init/kind: expected a string"},
      {"/view", 5, false, "b.json:/view: expected an object"},
      {"/tracer/index", -3, false, "b.json:/tracer/index"},
      {"/tracer/granularity", "edge", false, "b.json:/tracer/granularity: unknown granularity"},
      {"/hyperparams/bug", "off-by-one", false,
       "b.json:/hyperparams/bug: unknown Bug lab mistake \"off-by-one\" (valid: none, "},
      {"/hyperparams/bug", 4, false, "b.json:/hyperparams/bug: expected a string"},
  };
  for (const Damage& d : cases) {
    Json doc = good;
    const Json::json_pointer ptr(d.pointer);
    if (d.remove) {
      doc[ptr.parent_pointer()].erase(ptr.back());
    } else {
      doc[ptr] = d.value;
    }
    Result<SessionFile> r = parse_session_text(doc.dump(), "b.json");
    ASSERT_FALSE(r.ok()) << d.pointer;
    EXPECT_NE(r.error().message.find(d.expect), std::string::npos)
        << d.pointer << ": " << r.error().message;
  }

  // Text-level damage: a truncated file, and a number no double can hold.
  const std::string text = session_to_string(original);
  Result<SessionFile> cut = parse_session_text(text.substr(0, text.size() / 2), "b.json");
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().message.find("invalid JSON"), std::string::npos) << cut.error().message;

  // load_session leaves the caller's session exactly as it was.
  const fs::path dir = fs::temp_directory_path() / ("backstep_session_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string bad = (dir / "bad.json").string();
  ASSERT_TRUE(write_file_atomic(bad, "{\"format\": \"backstep-session/1\"}").ok());
  Session target = preset_session("spiral", OptimizerKind::sgd, 10);
  ASSERT_TRUE(apply(target, TrainSteps{3}).ok());
  const std::string before = session_to_string(target);
  Status st = load_session(bad, target);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find(bad + ":/name: missing field"), std::string::npos)
      << st.error().message;
  EXPECT_EQ(session_to_string(target), before);
  // And a good file replaces it.
  const std::string good_path = (dir / "good.json").string();
  ASSERT_TRUE(write_session(good_path, original).ok());
  ASSERT_TRUE(load_session(good_path, target).ok());
  EXPECT_EQ(session_to_string(target), session_to_string(original));
  fs::remove_all(dir);
}

// --- atomic write ---------------------------------------------------------

bool temp_file_exists(const fs::path& dir, const std::string& stem) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind(stem + ".tmp.", 0) == 0) return true;
  }
  return false;
}

TEST(SessionIo, AWriterKilledMidWriteLeavesThePreviousFileIntact) {
  const fs::path dir = fs::temp_directory_path() / ("backstep_kill_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "autosave.json").string();

  // The previous file: a small session.
  Session small = preset_session("xor", OptimizerKind::adam, 0);
  const std::string previous = session_to_string(small);
  ASSERT_TRUE(write_file_atomic(path, previous).ok());

  // The new one is large (imported data embedded), so each write takes a while.
  Session big = preset_session("xor", OptimizerKind::adam, 0);
  DataSplit data;
  data.task = Task::classification;
  data.train.x = Matrix::Random(2, 300000);
  data.train.t = (Matrix::Random(1, 300000).array() > 0).cast<double>().matrix();
  ASSERT_TRUE(apply(big, LoadDataset{data, "big.csv"}).ok());
  const std::string next = session_to_string(big);
  ASSERT_GT(next.size(), 10u << 20);

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Writes the big session over and over until killed.
    for (;;) (void)write_file_atomic(path, next);
  }
  // Kill only once a temp file of the child exists, i.e. mid-write.
  while (!temp_file_exists(dir, "autosave.json")) usleep(200);
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));

  // The file is one complete version, and it parses.
  Result<std::string> after = read_file(path);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after.value() == previous || after.value() == next)
      << "partial file of " << after.value().size() << " bytes";
  Result<SessionFile> parsed = read_session(path);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace backstep
