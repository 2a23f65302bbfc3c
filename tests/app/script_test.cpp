#include "app/automation/script.hpp"

#include <gtest/gtest.h>

#include "app/automation/gui_options.hpp"
#include "app/panels/panel_list.hpp"
#include "formats/preset_io.hpp"

namespace backstep {
namespace {

const std::filesystem::path kPresets =
    std::filesystem::path(BACKSTEP_SOURCE_DIR) / "assets/presets";

Session xor_session() {
  Result<Preset> p = load_preset(kPresets, "xor");
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  Result<Session> s = make_session(p.value());
  EXPECT_TRUE(s.ok());
  return std::move(s).value();
}

Script parse_ok(const std::string& text) {
  Result<Script> r = parse_script(text, "s.txt", kPresets);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : Script{};
}

std::string parse_error(const std::string& text) {
  Result<Script> r = parse_script(text, "s.txt", kPresets);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? std::string() : r.error().message;
}

template <class T>
const T& command_at(const Script& s, std::size_t i) {
  return std::get<T>(std::get<Command>(s.lines.at(i).action));
}

TEST(Script, ParsesEveryCommand) {
  const Script s = parse_ok(
      "# a comment line\n"
      "train 200\n"
      "epochs 3   # trailing comment\n"
      "play\n"
      "pause\n"
      "reset\n"
      "reset new-seed\n"
      "set lr 0.3\n"
      "set activation 1 relu\n"
      "set optimizer adam\n"
      "set batch 16\n"
      "set loss bce\n"
      "set seed 42\n"
      "set init he\n"
      "set reg l2 1e-3\n"
      "add-layer 1 8 sigmoid\n"
      "add-layer 2 3\n"
      "remove-layer 2\n"
      "set neurons 1 6\n"
      "set weight 2 0 1 -0.5\n"
      "select 3\n"
      "preset circle\n"
      "\n"
      "frames 10\n"
      "screenshot out.png\n"
      "expect accuracy >= 1.0\n"
      "expect weight 1 0 1 == 0.25\n"
      "expect activation 1 == tanh\n");
  ASSERT_EQ(s.lines.size(), 26u);
  EXPECT_EQ(s.lines[0].line, 2);
  EXPECT_EQ(command_at<TrainSteps>(s, 0).count, 200);
  EXPECT_EQ(command_at<TrainEpochs>(s, 1).count, 3);
  EXPECT_TRUE(command_at<SetPlaying>(s, 2).playing);
  EXPECT_FALSE(command_at<SetPlaying>(s, 3).playing);
  EXPECT_FALSE(command_at<Reset>(s, 4).new_seed);
  EXPECT_TRUE(command_at<Reset>(s, 5).new_seed);
  EXPECT_DOUBLE_EQ(command_at<SetLearningRate>(s, 6).value, 0.3);
  EXPECT_EQ(command_at<SetActivation>(s, 7).activation, Activation::relu);
  EXPECT_EQ(command_at<SetOptimizer>(s, 8).kind, OptimizerKind::adam);
  EXPECT_EQ(command_at<SetBatchSize>(s, 9).size, 16);
  EXPECT_EQ(command_at<SetLoss>(s, 10).loss, Loss::bce);
  EXPECT_EQ(command_at<SetSeed>(s, 11).seed, 42u);
  EXPECT_EQ(command_at<SetInit>(s, 12).kind, Init::he);
  EXPECT_EQ(command_at<SetRegularization>(s, 13).kind, RegularizationKind::l2);
  EXPECT_DOUBLE_EQ(command_at<SetRegularization>(s, 13).lambda, 1e-3);
  EXPECT_EQ(command_at<AddLayer>(s, 14).activation, Activation::sigmoid);
  EXPECT_EQ(command_at<AddLayer>(s, 15).activation, Activation::tanh);
  EXPECT_EQ(command_at<RemoveLayer>(s, 16).layer, 2);
  EXPECT_EQ(command_at<SetNeurons>(s, 17).count, 6);
  EXPECT_DOUBLE_EQ(command_at<SetWeight>(s, 18).value, -0.5);
  EXPECT_EQ(command_at<SelectSample>(s, 19).index, 3);
  EXPECT_EQ(command_at<LoadPreset>(s, 20).preset.name, "circle");
  EXPECT_EQ(std::get<ScriptFrames>(s.lines[21].action).count, 10);
  EXPECT_EQ(std::get<ScriptScreenshot>(s.lines[22].action).path, "out.png");
  EXPECT_EQ(std::get<ScriptExpect>(s.lines[23].action).op, ">=");
  EXPECT_EQ(std::get<ScriptExpect>(s.lines[24].action).c, 1);
  EXPECT_EQ(std::get<ScriptExpect>(s.lines[25].action).activation, Activation::tanh);
}

TEST(Script, ParseErrorsNameFileAndLine) {
  EXPECT_EQ(parse_error("train 10\nfly away\n").rfind("s.txt:2: unknown command 'fly'", 0), 0u);
  EXPECT_NE(parse_error("train ten").find("s.txt:1:"), std::string::npos);
  parse_error("train");
  parse_error("train 1 2");
  parse_error("set lr abc");
  parse_error("set lr nan");
  parse_error("set activation 1 swish");
  parse_error("set optimizer lbfgs");
  parse_error("set reg l3 0.1");
  parse_error("set nothing 1");
  parse_error("add-layer 1");
  parse_error("frames 0");
  parse_error("expect accuracy ~ 1");
  parse_error("expect speed >= 1");
  parse_error("expect weight 1 0 >= 1");
  parse_error("expect activation 1 >= relu");
  EXPECT_NE(parse_error("preset no-such-preset").find("no-such-preset"), std::string::npos);
}

// `screenshot out.png PANEL`: one panel by its --report-layout name; the
// runner hands both on, one screenshot line per frame.
TEST(Script, ScreenshotOfAPanel) {
  const Script s = parse_ok("screenshot a.png graph\nscreenshot b.png\nscreenshot c.png lesson\n");
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(std::get<ScriptScreenshot>(s.lines[0].action).path, "a.png");
  EXPECT_EQ(std::get<ScriptScreenshot>(s.lines[0].action).panel, "graph");
  EXPECT_EQ(std::get<ScriptScreenshot>(s.lines[1].action).panel, "");
  EXPECT_EQ(std::get<ScriptScreenshot>(s.lines[2].action).panel, "lesson");

  Session session = xor_session();
  ScriptRunner runner(s);
  ShotRequest shot;
  ASSERT_TRUE(runner.advance(session, shot).ok());
  EXPECT_EQ(shot.path, "a.png");
  EXPECT_EQ(shot.panel, "graph");
  ASSERT_TRUE(runner.advance(session, shot).ok());
  EXPECT_EQ(shot.path, "b.png");
  EXPECT_EQ(shot.panel, "");

  const std::string bad = parse_error("train 1\nscreenshot a.png graf\n");
  EXPECT_EQ(bad.rfind("s.txt:2: unknown panel 'graf'", 0), 0u) << bad;
  for (const PanelInfo& p : kPanels)
    EXPECT_NE(bad.find(std::string(p.name)), std::string::npos) << bad << " lacks " << p.name;
  EXPECT_NE(parse_error("screenshot a.png graph extra\n").find("usage: screenshot out.png [PANEL]"),
            std::string::npos);
}

TEST(Script, HeadlessRunTrainsAndChecksExpectations) {
  Session s = xor_session();
  const Script ok = parse_ok("train 2000\nexpect accuracy >= 1.0\nexpect step == 2000\n");
  Status r = run_script_headless(s, ok);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  EXPECT_EQ(s.trainer.steps(), 2000);

  const Script fail = parse_ok("train 1\nexpect step == 5\n");
  r = run_script_headless(s, fail);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("s.txt:2:"), std::string::npos);
  EXPECT_NE(r.error().message.find("step is 2001"), std::string::npos);
}

TEST(Script, FailingCommandStopsTheScriptWithItsLine) {
  Session s = xor_session();
  const Script bad = parse_ok("train 1\nset lr 50\ntrain 1\n");
  Status r = run_script_headless(s, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("s.txt:2:", 0), 0u);
  EXPECT_EQ(s.trainer.steps(), 1);  // line 3 never ran
}

TEST(Script, ChangesTakeEffectOnTheNextStep) {
  Session s = xor_session();
  const Script script = parse_ok(
      "train 10\n"
      "set lr 0.05\n"
      "expect step-lr != 0.05\n"  // the last step still used the old rate
      "train 1\n"
      "expect step-lr == 0.05\n"
      "set activation 1 relu\n"
      "expect activation 1 == relu\n");
  Status r = run_script_headless(s, script);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
}

TEST(Script, RunnerWaitsFramesAndRequestsScreenshots) {
  Session s = xor_session();
  ScriptRunner runner(parse_ok("train 1\nframes 3\nscreenshot a.png\ntrain 1\n"));
  ShotRequest shot;
  ASSERT_TRUE(runner.advance(s, shot).ok());  // train 1, then the first of 3 frames
  EXPECT_EQ(s.trainer.steps(), 1);
  ASSERT_TRUE(runner.advance(s, shot).ok());  // frame 2
  ASSERT_TRUE(runner.advance(s, shot).ok());  // frame 3
  EXPECT_TRUE(shot.path.empty());
  ASSERT_TRUE(runner.advance(s, shot).ok());  // screenshot line
  EXPECT_EQ(shot.path, "a.png");
  EXPECT_EQ(shot.panel, "");  // the whole window
  EXPECT_FALSE(runner.finished());
  ASSERT_TRUE(runner.advance(s, shot).ok());
  EXPECT_EQ(s.trainer.steps(), 2);
  EXPECT_TRUE(runner.finished());
}

// The quantities lessons check: the tracer's position, the divergence guard,
// per-layer gradient norms; and trace-jump, the inspector's jump buttons.
TEST(Script, TracerDivergenceAndGradientQuantities) {
  Session s = xor_session();
  const Script script = parse_ok(
      "select 1\n"
      "expect trace-phase == forward\n"
      "expect trace-layer == 1\n"
      "expect grad-norm 1 == 0\n"  // no step recorded yet
      "trace-jump hidden-delta 1 1\n"
      "expect trace-phase == hidden-delta\n"
      "expect trace-phase != forward\n"
      "expect trace-layer == 1\n"
      "expect trace-neuron == 1\n"
      "trace-jump weight-gradient\n"
      "expect trace-phase == weight-gradient\n"
      "expect trace-layer == 2\n"  // gradients run from the output down
      "train 1\n"
      "expect grad-norm 1 > 0\n"
      "expect grad-norm 2 > 0\n"
      "expect diverged == 0\n"
      "expect playing == 0\n");
  Status r = run_script_headless(s, script);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);

  const std::string wrong =
      run_script_headless(s, parse_ok("expect trace-phase == update\n")).error().message;
  EXPECT_NE(wrong.find("trace-phase is forward"), std::string::npos) << wrong;
  EXPECT_NE(parse_error("expect trace-phase == sideways\n").find("unknown phase 'sideways'"),
            std::string::npos);
  EXPECT_NE(parse_error("trace-jump nowhere\n").find("s.txt:1: unknown phase"), std::string::npos);
  EXPECT_NE(parse_error("expect grad-norm == 1\n").find("takes 1 index"), std::string::npos);
  const std::string missing =
      run_script_headless(s, parse_ok("expect grad-norm 7 > 0\n")).error().message;
  EXPECT_NE(missing.find("layer 7 does not exist"), std::string::npos) << missing;
}

TEST(Script, DivergenceIsAQuantityAndLessonRunnersGoOn) {
  Result<Session> made = make_session(load_preset(kPresets, "sine").value());
  ASSERT_TRUE(made.ok());
  Session s = std::move(made).value();
  // A plain script stops at the step that diverges…
  Session strict = s;
  EXPECT_FALSE(
      run_script_headless(strict, parse_ok("set optimizer sgd\nset lr 3\ntrain 300\n")).ok());
  // …a lesson's runner (a student's actions) goes on, as the window does.
  ScriptRunner runner(parse_ok("set optimizer sgd\nset lr 3\ntrain 300\nexpect diverged == 1\n"));
  runner.tolerate_command_errors(true);
  ShotRequest shot;
  while (!runner.finished()) {
    Status r = runner.advance(s, shot);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  EXPECT_TRUE(s.divergence.active);
}

TEST(GuiOptions, ParsesAndRejectsFlags) {
  const char* good[] = {"backstep", "--preset", "spiral", "--frames", "60",      "--screenshot",
                        "o.png",    "--scale",  "1.5",    "--size",   "1280x720"};
  Result<GuiOptions> o = parse_gui_options(11, const_cast<char**>(good));
  ASSERT_TRUE(o.ok()) << (o.ok() ? "" : o.error().message);
  EXPECT_EQ(o.value().preset, "spiral");
  EXPECT_EQ(o.value().frames, 60);
  EXPECT_EQ(o.value().width, 1280);
  EXPECT_EQ(o.value().height, 720);
  EXPECT_FLOAT_EQ(o.value().scale, 1.5f);
  const std::vector<std::vector<const char*>> bad = {
      {"backstep", "--bogus"},        {"backstep", "--frames"},
      {"backstep", "--frames", "-3"}, {"backstep", "--frames", "x"},
      {"backstep", "--size", "100x"}, {"backstep", "--size", "10x10"},
      {"backstep", "--scale", "9"},   {"backstep", "--preset", "xor", "--model", "m.json"},
  };
  for (const auto& args : bad) {
    EXPECT_FALSE(
        parse_gui_options(static_cast<int>(args.size()), const_cast<char**>(args.data())).ok())
        << args[1];
  }
}

TEST(GuiOptions, ScreenshotPanelIsCheckedWithTheFlags) {
  const char* good[] = {"backstep", "--screenshot", "o.png", "--screenshot-panel", "loss"};
  Result<GuiOptions> o = parse_gui_options(5, const_cast<char**>(good));
  ASSERT_TRUE(o.ok()) << (o.ok() ? "" : o.error().message);
  EXPECT_EQ(o.value().screenshot_path, "o.png");
  EXPECT_EQ(o.value().screenshot_panel, "loss");

  const char* unknown[] = {"backstep", "--screenshot", "o.png", "--screenshot-panel", "nope"};
  o = parse_gui_options(5, const_cast<char**>(unknown));
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().message.find("unknown panel 'nope'"), std::string::npos);
  EXPECT_NE(o.error().message.find("controls, graph"), std::string::npos) << o.error().message;
  // Without --screenshot there is no file to write the panel to.
  const char* alone[] = {"backstep", "--screenshot-panel", "graph"};
  o = parse_gui_options(3, const_cast<char**>(alone));
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().message.find("needs --screenshot"), std::string::npos);
}

TEST(GuiOptions, StartRejectsBadFilesBeforeAnyWindow) {
  GuiOptions o;
  o.preset = "no-such-preset";
  EXPECT_FALSE(prepare_gui_start(o, kPresets).ok());
  o = GuiOptions{};
  o.model_path = "/nonexistent/model.json";
  EXPECT_FALSE(prepare_gui_start(o, kPresets).ok());
  o = GuiOptions{};
  Result<GuiStart> start = prepare_gui_start(o, kPresets);
  ASSERT_TRUE(start.ok()) << (start.ok() ? "" : start.error().message);
  EXPECT_EQ(start.value().session.name, "xor");
  EXPECT_FALSE(start.value().session.playing);
  EXPECT_EQ(start.value().session.trainer.steps(), 0);
}

}  // namespace
}  // namespace backstep

namespace backstep {
namespace {

// `expect … within N` waits: it holds back the script until the quantity
// comes true, and fails only after N frames without it.
TEST(ScriptWithin, WaitsForTheConditionAndFailsAfterItsFrames) {
  Session s = xor_session();
  Script script = parse_ok("expect step == 1 within 5\nprint done\n");
  ASSERT_EQ(script.lines.size(), 2u);
  EXPECT_EQ(std::get<ScriptExpect>(script.lines[0].action).within, 5);
  EXPECT_EQ(std::get<ScriptPrint>(script.lines[1].action).text, "done");
  ScriptRunner runner(script);
  ShotRequest shot;
  for (int frame = 0; frame < 3; ++frame) {
    ASSERT_TRUE(runner.advance(s, shot).ok()) << "frame " << frame;
    EXPECT_FALSE(runner.finished());
  }
  ASSERT_TRUE(apply(s, TrainSteps{1}).ok());  // what a key press would do between frames
  ASSERT_TRUE(runner.advance(s, shot).ok());
  EXPECT_TRUE(runner.finished());

  ScriptRunner never(parse_ok("expect step == 99 within 3\n"));
  int failed_at = -1;
  for (int frame = 0; frame < 10 && failed_at < 0; ++frame)
    if (!never.advance(s, shot).ok()) failed_at = frame;
  EXPECT_EQ(failed_at, 3);  // the first look and three more frames
}

TEST(ScriptWithin, WindowQuantitiesNeedTheWindow) {
  Session s = xor_session();
  const Script script = parse_ok("expect help == 1\n");
  ShotRequest shot;
  ScriptRunner headless(script);
  const Status r = headless.advance(s, shot);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("only in the window"), std::string::npos) << r.error().message;
  ScriptWindowFacts facts;
  facts.help = true;
  ScriptRunner windowed(script);
  EXPECT_TRUE(windowed.advance(s, shot, &facts).ok());
  EXPECT_NE(parse_error("expect step == 1 within 0\n").find("within"), std::string::npos);
}

}  // namespace
}  // namespace backstep
