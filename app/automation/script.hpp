// --script files: one command a line, the same commands the UI issues.
//
//   train N · epochs N · play · pause · reset [new-seed] · select N
//   set lr X · set activation L NAME · set optimizer NAME · set batch N
//   set loss NAME · set seed N · set init NAME · set reg none|l1|l2 LAMBDA
//   set clip X · set weight L J K V · set bias L J V
//   add-layer POS N [ACT] · remove-layer L · set neurons L N · preset NAME
//   rewind STEP · resume · present · undo · redo
//   check-gradients · restore-last-good · lower-lr · inspect-diverged
//   save-session PATH · load-session PATH · export-history PATH · export-weights PATH
//   dataset NAME [COUNT [NOISE [TEST_RATIO [SEED]]]] · data PATH (import CSV / data JSON)
//   micro [N] · micro-back [N] · trace-index I · trace-granularity neuron|weight
//   trace-jump PHASE [L [J [K]]] (first micro-step of a phase / neuron / edge)
//   frames N (render N frames) · screenshot out.png [PANEL] (one panel: controls, graph,
//   inspector, loss, output, dataset, health, lesson — the --report-layout names)
//   expect QUANTITY OP VALUE     OP: >= <= > < == !=
//     QUANTITY: accuracy, loss, test-accuracy, test-loss, step, epoch, lr,
//               step-lr (rate used by the last step), batch-loss (loss of the
//               last step's batch, before its update), layers, neurons L,
//               weight L J K, bias L J, trace-index, trace-size,
//               trace-layer, trace-neuron (0-based; the tracer's current
//               micro-step), diverged (1 while the divergence banner is up),
//               playing (1 or 0), grad-norm L (‖∂L/∂W⁽ˡ⁾‖ of the last
//               recorded step; 0 before any)
//   describe node L J · describe edge L J K   (L the layer, J and K 1-based neurons, as
//               the card reads): prints exactly the lines the graph's hover card shows
//   expect QUANTITY OP VALUE within N   waits up to N frames for it to hold (a
//               real key press or click from outside needs frames to land)
//   window-only quantities: help (1 while F1's help is open), presenter (1 in
//               presenter mode), lesson-page (1-based; 0 with no lesson),
//               file-dialog (1 save, 2 open, 3–5 an export, 0 none), screenshots
//   print TEXT  writes "print TEXT" to stdout at once (a test driving the
//               window from outside reads it to know where the script is)
//   expect activation L == NAME
//   expect trace-phase == PHASE   (forward, loss, output-delta, hidden-delta,
//                                  weight-gradient, bias-gradient, update)
//   # comment
//
// Parsing needs no GL, so tests and lessons can use it; the window drives a
// ScriptRunner once per frame.
#pragma once

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "app/automation/shot_request.hpp"
#include "core/commands.hpp"
#include "core/result.hpp"
#include "core/session.hpp"

namespace backstep {

struct ScriptFrames {
  long count = 1;
};
// screenshot out.png [PANEL]: the panel name is checked when the script is parsed.
using ScriptScreenshot = ShotRequest;
// save-session PATH · load-session PATH · export-history PATH · export-weights PATH
// (run by app/files/session_actions.cpp).
struct ScriptFile {
  enum class Kind { save_session, load_session, export_history, export_weights, import_data };
  Kind kind = Kind::save_session;
  std::string path;
};
struct ScriptExpect {
  std::string quantity;     // "accuracy", "weight", "activation", …
  int a = 0, b = 0, c = 0;  // layer / neuron indices, as the quantity needs
  std::string op;           // ">=", "<=", ">", "<", "==", "!="
  double value = 0.0;
  Activation activation = Activation::linear;  // for "activation"
  std::string name;                            // for "trace-phase"
  long within = 0;  // frames to wait for it to hold (0: it must hold now)
};

// print TEXT
struct ScriptPrint {
  std::string text;
};

// What the window shows beside the session, for the window-only quantities.
struct ScriptWindowFacts {
  bool help = false;
  bool presenter = false;
  int lesson_page = 0;  // 1-based; 0: no lesson open
  int file_dialog = 0;  // the path popup: 1 save session, 2 open session, 3–5 exports, 0 none
  int screenshots = 0;  // saved since the window opened
};

// describe node L J · describe edge L J K (stored as engine indices: j, k 0-based).
struct ScriptDescribe {
  bool edge = false;
  int layer = 0, j = 0, k = 0;
};

using ScriptAction = std::variant<Command, ScriptFrames, ScriptScreenshot, ScriptExpect, ScriptFile,
                                  ScriptDescribe, ScriptPrint>;

struct ScriptLine {
  int line = 0;      // 1-based line number in the file
  std::string text;  // the line as written, for messages
  ScriptAction action;
};

struct Script {
  std::string file;
  std::vector<ScriptLine> lines;
};

// Parse errors read "<file>:<line>: <what is wrong>". `preset NAME` lines are
// resolved (loaded) here from presets_dir, so a bad name fails before any window.
Result<Script> parse_script(const std::string& text, const std::string& file,
                            const std::filesystem::path& presets_dir);
Result<Script> read_script(const std::string& path, const std::filesystem::path& presets_dir);

// The current value of an expect's quantity, and whether the expectation holds.
// Error message: "<file>:<line>: expect accuracy >= 1 failed: accuracy is 0.75".
// Window-only quantities need `window`; without it (headless runs, lessons) they
// are an error that says so.
Status check_expect(const Session& s, const ScriptExpect& e,
                    const ScriptWindowFacts* window = nullptr);

// Replays a script against a session, a few lines per frame.
class ScriptRunner {
 public:
  explicit ScriptRunner(Script script) : script_(std::move(script)) {}
  // Lessons replay what a student would do: a command that fails there (a
  // step that diverges) is what the UI does too: the message shows, the run
  // goes on. Parse errors and expects still fail.
  void tolerate_command_errors(bool on) { tolerate_errors_ = on; }

  // Called once per frame before drawing: runs lines until one needs frames to
  // pass (`frames N`, `screenshot`). A screenshot line sets `shot` (path and
  // panel) for this frame. A failing command or expect returns an Error naming the line.
  Status advance(Session& s, ShotRequest& shot, const ScriptWindowFacts* window = nullptr);
  bool finished() const { return next_ >= script_.lines.size() && wait_frames_ == 0; }
  const Script& script() const { return script_; }

 private:
  Script script_;
  std::size_t next_ = 0;
  long wait_frames_ = 0;
  long await_frames_ = 0;  // frames left for the current `expect … within N`
  bool tolerate_errors_ = false;
};

// The lines `describe` prints for a node or an edge; an Error when it does not exist.
Result<std::string> describe_lines(const Session& s, const ScriptDescribe& d);

// Runs a whole script without a window (frames and screenshots are skipped).
Status run_script_headless(Session& s, const Script& script);

// One line describing the session, printed when a script finishes:
// "state step=… epoch=… loss=… accuracy=… test_loss=… test_accuracy=… lr=… step_lr=… batch_loss=…"
std::string describe_state(const Session& s);

}  // namespace backstep
