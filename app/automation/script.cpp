#include "app/automation/script.hpp"

#include "core/bug.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/files/session_actions.hpp"
#include "app/panels/panel_list.hpp"
#include "app/text/graph_card.hpp"
#include "core/bug.hpp"
#include "core/session_trace.hpp"
#include "formats/preset_data.hpp"
#include "formats/preset_io.hpp"

namespace backstep {

namespace {

std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// Parse failures travel as this exception inside the parser only; it never
// leaves parse_script.
struct ParseError {
  std::string what;
};

template <class T>
T integer(const std::string& word, const char* what) {
  T v{};
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
  if (ec != std::errc() || end != word.data() + word.size())
    throw ParseError{std::string(what) + " must be an integer, got '" + word + "'"};
  return v;
}

double real(const std::string& word, const char* what) {
  double v = 0.0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
  if (ec != std::errc() || end != word.data() + word.size() || !std::isfinite(v))
    throw ParseError{std::string(what) + " must be a finite number, got '" + word + "'"};
  return v;
}

Activation activation(const std::string& word) {
  if (auto a = parse_activation(word)) return *a;
  throw ParseError{"unknown activation '" + word +
                   "' (linear, sigmoid, tanh, relu, leaky_relu, softmax)"};
}

void arity(const std::vector<std::string>& w, std::size_t lo, std::size_t hi, const char* usage) {
  if (w.size() < lo || w.size() > hi) throw ParseError{std::string("usage: ") + usage};
}

Command parse_set(const std::vector<std::string>& w) {
  if (w.size() < 2) throw ParseError{"usage: set WHAT VALUE…"};
  const std::string& what = w[1];
  if (what == "lr") {
    arity(w, 3, 3, "set lr X");
    return SetLearningRate{real(w[2], "learning rate")};
  }
  if (what == "activation") {
    arity(w, 4, 4, "set activation L NAME");
    return SetActivation{integer<int>(w[2], "layer"), activation(w[3])};
  }
  if (what == "optimizer") {
    arity(w, 3, 3, "set optimizer NAME");
    if (auto k = parse_optimizer(w[2])) return SetOptimizer{*k};
    throw ParseError{"unknown optimizer '" + w[2] + "' (sgd, momentum, rmsprop, adam)"};
  }
  if (what == "batch") {
    arity(w, 3, 3, "set batch N");
    return SetBatchSize{integer<int>(w[2], "batch size")};
  }
  if (what == "loss") {
    arity(w, 3, 3, "set loss NAME");
    if (auto l = parse_loss(w[2])) return SetLoss{*l};
    throw ParseError{"unknown loss '" + w[2] + "' (mse, bce, ce)"};
  }
  if (what == "seed") {
    arity(w, 3, 3, "set seed N");
    return SetSeed{integer<std::uint64_t>(w[2], "seed")};
  }
  if (what == "init") {
    arity(w, 3, 3, "set init NAME");
    if (auto i = parse_init(w[2])) return SetInit{*i};
    throw ParseError{"unknown initializer '" + w[2] + "' (auto, xavier, he, uniform, zeros)"};
  }
  if (what == "reg") {
    arity(w, 4, 4, "set reg none|l1|l2 LAMBDA");
    RegularizationKind kind = RegularizationKind::none;
    if (w[2] == "l1") {
      kind = RegularizationKind::l1;
    } else if (w[2] == "l2") {
      kind = RegularizationKind::l2;
    } else if (w[2] != "none") {
      throw ParseError{"unknown regularization '" + w[2] + "' (none, l1, l2)"};
    }
    return SetRegularization{kind, real(w[3], "regularization rate")};
  }
  if (what == "clip") {
    arity(w, 3, 3, "set clip X");
    return SetClipNorm{real(w[2], "clip norm")};
  }
  if (what == "bug") {
    // The Bug lab's mistake by its stable name (core/bug.hpp); none = off.
    arity(w, 3, 3, "set bug NAME");
    const std::optional<Bug> bug = parse_bug(w[2]);
    if (!bug) throw ParseError{"unknown Bug lab mistake '" + w[2] + "' (" + bug_name_list() + ")"};
    return SetBug{*bug};
  }
  if (what == "weight") {
    arity(w, 6, 6, "set weight L J K V");
    return SetWeight{integer<int>(w[2], "layer"), integer<int>(w[3], "j"), integer<int>(w[4], "k"),
                     real(w[5], "weight")};
  }
  if (what == "bias") {
    arity(w, 5, 5, "set bias L J V");
    return SetBias{integer<int>(w[2], "layer"), integer<int>(w[3], "j"), real(w[4], "bias")};
  }
  if (what == "neurons") {
    arity(w, 4, 4, "set neurons L N");
    return SetNeurons{integer<int>(w[2], "layer"), integer<int>(w[3], "neuron count")};
  }
  throw ParseError{"unknown setting '" + what +
                   "' (lr, activation, optimizer, batch, loss, seed, init, reg, clip, bug, "
                   "weight, bias, neurons)"};
}

// The quantities only a window has (ScriptWindowFacts).
bool window_quantity(const std::string& q) {
  return q == "help" || q == "presenter" || q == "lesson-page" || q == "file-dialog" ||
         q == "screenshots";
}

ScriptExpect parse_expect(std::vector<std::string> w) {
  ScriptExpect e;
  // "… within N": the same expectation, allowed N frames to come true.
  if (w.size() >= 6 && w[w.size() - 2] == "within") {
    e.within = integer<long>(w.back(), "frame count");
    if (e.within < 1) throw ParseError{"within takes a frame count ≥ 1"};
    w.resize(w.size() - 2);
  }
  if (w.size() < 4) throw ParseError{"usage: expect QUANTITY OP VALUE [within N]"};
  e.quantity = w[1];
  std::size_t indices = 0;
  if (e.quantity == "trace-phase") {
    arity(w, 4, 4, "expect trace-phase == PHASE");
    e.op = w[2];
    if (e.op != "==" && e.op != "!=") throw ParseError{"phases compare with == or !="};
    e.name = w[3];
    for (int p = 0; p < kTracePhaseCount; ++p)
      if (to_string(static_cast<TracePhase>(p)) == e.name) return e;
    throw ParseError{"unknown phase '" + e.name +
                     "' (forward, loss, output-delta, hidden-delta, weight-gradient, "
                     "bias-gradient, update)"};
  }
  if (e.quantity == "neurons" || e.quantity == "activation" || e.quantity == "grad-norm") {
    indices = 1;
  } else if (e.quantity == "bias") {
    indices = 2;
  } else if (e.quantity == "weight") {
    indices = 3;
  } else if (e.quantity != "accuracy" && e.quantity != "loss" && e.quantity != "test-accuracy" &&
             e.quantity != "test-loss" && e.quantity != "step" && e.quantity != "epoch" &&
             e.quantity != "lr" && e.quantity != "step-lr" && e.quantity != "batch-loss" &&
             e.quantity != "layers" && e.quantity != "trace-index" && e.quantity != "trace-size" &&
             e.quantity != "trace-layer" && e.quantity != "trace-neuron" &&
             e.quantity != "diverged" && e.quantity != "playing" && !window_quantity(e.quantity)) {
    throw ParseError{"unknown quantity '" + e.quantity + "'"};
  }
  if (w.size() != 4 + indices)
    throw ParseError{"expect " + e.quantity + " takes " + std::to_string(indices) +
                     " index(es), an operator and a value"};
  int* slots[] = {&e.a, &e.b, &e.c};
  for (std::size_t i = 0; i < indices; ++i) *slots[i] = integer<int>(w[2 + i], "index");
  e.op = w[2 + indices];
  const std::string& value = w[3 + indices];
  if (e.quantity == "activation") {
    if (e.op != "==" && e.op != "!=") throw ParseError{"activations compare with == or !="};
    e.activation = activation(value);
    return e;
  }
  if (e.op != ">=" && e.op != "<=" && e.op != ">" && e.op != "<" && e.op != "==" && e.op != "!=")
    throw ParseError{"unknown operator '" + e.op + "' (>= <= > < == !=)"};
  e.value = real(value, "expected value");
  return e;
}

ScriptAction parse_words(const std::vector<std::string>& w,
                         const std::filesystem::path& presets_dir) {
  const std::string& verb = w[0];
  if (verb == "train") {
    arity(w, 2, 2, "train N");
    return Command{TrainSteps{integer<long>(w[1], "step count")}};
  }
  if (verb == "epochs") {
    arity(w, 2, 2, "epochs N");
    return Command{TrainEpochs{integer<long>(w[1], "epoch count")}};
  }
  if (verb == "play" || verb == "pause") {
    arity(w, 1, 1, verb == "play" ? "play" : "pause");
    return Command{SetPlaying{verb == "play"}};
  }
  if (verb == "reset") {
    arity(w, 1, 2, "reset [new-seed]");
    if (w.size() == 2 && w[1] != "new-seed") throw ParseError{"usage: reset [new-seed]"};
    return Command{Reset{w.size() == 2}};
  }
  if (verb == "select") {
    arity(w, 2, 2, "select N");
    return Command{SelectSample{integer<int>(w[1], "sample")}};
  }
  // Gradient health (core/session_health.hpp): the check and the divergence banner's actions.
  if (verb == "check-gradients" || verb == "restore-last-good" || verb == "lower-lr" ||
      verb == "inspect-diverged") {
    arity(w, 1, 1, verb.c_str());
    if (verb == "check-gradients") return Command{CheckGradients{}};
    if (verb == "restore-last-good") return Command{RestoreLastGood{}};
    if (verb == "lower-lr") return Command{LowerLearningRate{}};
    return Command{InspectDiverged{}};
  }
  if (verb == "set") return parse_set(w);
  if (verb == "describe") {
    if (w.size() >= 2 && w[1] == "node") {
      arity(w, 4, 4, "describe node L J");
      return ScriptDescribe{false, integer<int>(w[2], "layer"), integer<int>(w[3], "neuron") - 1,
                            0};
    }
    arity(w, 5, 5, "describe edge L J K");
    if (w[1] != "edge") throw ParseError{"describe node L J · describe edge L J K"};
    return ScriptDescribe{true, integer<int>(w[2], "layer"), integer<int>(w[3], "neuron j") - 1,
                          integer<int>(w[4], "neuron k") - 1};
  }
  if (verb == "add-layer") {
    arity(w, 3, 4, "add-layer POS N [ACT]");
    return Command{AddLayer{integer<int>(w[1], "position"), integer<int>(w[2], "neuron count"),
                            w.size() == 4 ? activation(w[3]) : Activation::tanh}};
  }
  if (verb == "remove-layer") {
    arity(w, 2, 2, "remove-layer L");
    return Command{RemoveLayer{integer<int>(w[1], "layer")}};
  }
  if (verb == "preset") {
    arity(w, 2, 2, "preset NAME");
    Result<LoadPreset> p = load_preset_command(presets_dir, w[1]);
    if (!p) throw ParseError{p.error().message};
    return Command{std::move(p).value()};
  }
  if (verb == "frames") {
    arity(w, 2, 2, "frames N");
    const long n = integer<long>(w[1], "frame count");
    if (n < 1) throw ParseError{"frame count must be ≥ 1"};
    return ScriptFrames{n};
  }
  if (verb == "screenshot") {
    arity(w, 2, 3, "screenshot out.png [PANEL]");
    if (w.size() == 3 && !is_panel_name(w[2]))
      throw ParseError{"unknown panel '" + w[2] + "' (" + panel_name_list() + ")"};
    return ScriptScreenshot{w[1], w.size() == 3 ? w[2] : std::string()};
  }
  if (verb == "expect") return parse_expect(w);
  if (verb == "print") {
    if (w.size() < 2) throw ParseError{"usage: print TEXT"};
    std::string text = w[1];
    for (std::size_t i = 2; i < w.size(); ++i) text += " " + w[i];
    return ScriptPrint{text};
  }
  if (verb == "rewind") {
    arity(w, 2, 2, "rewind STEP");
    return Command{Rewind{integer<long>(w[1], "step")}};
  }
  if (verb == "resume" || verb == "present" || verb == "undo" || verb == "redo") {
    arity(w, 1, 1, verb.c_str());
    if (verb == "resume") return Command{ResumeFromRewind{}};
    if (verb == "present") return Command{ReturnToPresent{}};
    if (verb == "undo") return Command{Undo{}};
    return Command{Redo{}};
  }
  if (verb == "save-session" || verb == "load-session" || verb == "export-history" ||
      verb == "export-weights") {
    arity(w, 2, 2, (verb + " PATH").c_str());
    using K = ScriptFile::Kind;
    const K kind = verb == "save-session"     ? K::save_session
                   : verb == "load-session"   ? K::load_session
                   : verb == "export-history" ? K::export_history
                                              : K::export_weights;
    return ScriptFile{kind, w[1]};
  }
  if (verb == "data") {  // import a CSV / data-JSON file; the network follows its columns
    arity(w, 2, 2, "data PATH");
    return ScriptFile{ScriptFile::Kind::import_data, w[1]};
  }
  // The chain-rule tracer's cursor (core/session_trace.hpp).
  if (verb == "micro" || verb == "micro-back") {
    arity(w, 1, 2, (verb + " [N]").c_str());
    const long n = w.size() == 2 ? integer<long>(w[1], "micro-step count") : 1;
    return Command{MicroStep{verb == "micro" ? n : -n}};
  }
  if (verb == "trace-index") {
    arity(w, 2, 2, "trace-index I");
    return Command{SetTraceIndex{integer<long>(w[1], "micro-step index")}};
  }
  if (verb == "trace-jump") {  // the inspector's jump buttons and the graph's pins
    arity(w, 2, 5, "trace-jump PHASE [L [J [K]]]");
    JumpTrace j;
    bool known = false;
    for (int p = 0; p < kTracePhaseCount && !known; ++p) {
      j.phase = static_cast<TracePhase>(p);
      known = to_string(j.phase) == w[1];
    }
    if (!known)
      throw ParseError{"unknown phase '" + w[1] +
                       "' (forward, loss, output-delta, hidden-delta, weight-gradient, "
                       "bias-gradient, update)"};
    if (w.size() > 2) j.layer = integer<int>(w[2], "layer");
    if (w.size() > 3) j.neuron = integer<int>(w[3], "neuron");
    if (w.size() > 4) j.source = integer<int>(w[4], "source neuron");
    return Command{j};
  }
  if (verb == "trace-granularity") {
    arity(w, 2, 2, "trace-granularity neuron|weight");
    const auto g = parse_granularity(w[1]);
    if (!g) throw ParseError{"unknown granularity '" + w[1] + "' (neuron, weight)"};
    return Command{SetTraceGranularity{*g}};
  }
  if (verb == "dataset") {
    arity(w, 2, 6, "dataset NAME [COUNT [NOISE [TEST_RATIO [SEED]]]]");
    GeneratorSpec spec;
    spec.name = w[1];
    if (w.size() > 2) spec.count = integer<int>(w[2], "sample count");
    if (w.size() > 3) spec.noise = real(w[3], "noise");
    if (w.size() > 4) spec.test_ratio = real(w[4], "test ratio");
    if (w.size() > 5) spec.seed = integer<std::uint64_t>(w[5], "seed");
    return Command{GenerateDataset{spec}};
  }
  throw ParseError{
      "unknown command '" + verb +
      "' (train, epochs, play, pause, reset, select, set, add-layer, remove-layer, "
      "preset, frames, screenshot, expect, print, rewind, resume, present, undo, redo, "
      "save-session, load-session, export-history, export-weights, data, "
      "dataset, describe, micro, micro-back, trace-index, trace-jump, trace-granularity)"};
}

std::string fmt(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// The value an expect line talks about, or an Error if its indices are out of range.
Result<double> quantity(const Session& s, const ScriptExpect& e, const ScriptWindowFacts* window) {
  const std::string& q = e.quantity;
  if (window_quantity(q)) {
    if (window == nullptr) return Error{q + " is known only in the window"};
    if (q == "help") return window->help ? 1.0 : 0.0;
    if (q == "presenter") return window->presenter ? 1.0 : 0.0;
    if (q == "lesson-page") return static_cast<double>(window->lesson_page);
    if (q == "file-dialog") return static_cast<double>(window->file_dialog);
    return static_cast<double>(window->screenshots);
  }
  if (q == "accuracy") return s.train_eval.accuracy;
  if (q == "loss") return s.train_eval.loss.total();
  if (q == "test-accuracy") return s.test_eval.accuracy;
  if (q == "test-loss") return s.test_eval.loss.total();
  if (q == "step") return static_cast<double>(s.trainer.steps());
  if (q == "epoch") return static_cast<double>(s.trainer.epochs());
  if (q == "lr") return s.hp.learning_rate;
  if (q == "step-lr") return s.last_step.learning_rate;
  if (q == "batch-loss") return s.last_step.loss.total();
  if (q == "layers") return static_cast<double>(s.net.depth());
  if (q == "trace-index") return static_cast<double>(trace_index(s));
  if (q == "trace-size") {
    const Tracer* tr = session_tracer(s);
    return tr ? static_cast<double>(tr->size()) : 0.0;
  }
  if (q == "trace-layer" || q == "trace-neuron") {
    const Tracer* tr = session_tracer(s);
    if (tr == nullptr || tr->size() == 0) return Error{"there is no trace (no data)"};
    const TraceLocus at = tr->locate(trace_index(s));
    return static_cast<double>(q == "trace-layer" ? at.layer : at.neuron);
  }
  if (q == "diverged") return s.divergence.active ? 1.0 : 0.0;
  if (q == "playing") return s.playing ? 1.0 : 0.0;
  const int depth = s.net.depth();
  if (e.a < (q == "neurons" ? 0 : 1) || e.a > depth)
    return Error{"layer " + std::to_string(e.a) + " does not exist"};
  if (q == "neurons") return static_cast<double>(s.net.size(e.a));
  if (q == "grad-norm") {
    // The last recorded step's norm: cheap enough for a lesson's per-frame check.
    const GradNormHistory& h = s.grad_history;
    if (h.size() == 0 || h.layers() != depth) return 0.0;
    return h.norm_at(h.size() - 1, e.a);
  }
  const DenseLayer& layer = s.net.layer(e.a);
  if (e.b < 0 || e.b >= layer.W.rows())
    return Error{"neuron " + std::to_string(e.b) + " does not exist"};
  if (q == "bias") return layer.b(e.b);
  if (e.c < 0 || e.c >= layer.W.cols())
    return Error{"neuron " + std::to_string(e.c) + " does not exist"};
  return layer.W(e.b, e.c);
}

bool compare(double v, const std::string& op, double x) {
  // == and != allow for the last digits of a decimal literal.
  const bool equal = std::abs(v - x) <= 1e-12 * std::max(1.0, std::abs(x));
  if (op == ">=") return v >= x;
  if (op == "<=") return v <= x;
  if (op == ">") return v > x;
  if (op == "<") return v < x;
  if (op == "==") return equal;
  return !equal;
}

std::string at(const Script& script, const ScriptLine& line) {
  return script.file + ":" + std::to_string(line.line) + ": ";
}

}  // namespace

Result<Script> parse_script(const std::string& text, const std::string& file,
                            const std::filesystem::path& presets_dir) {
  Script script;
  script.file = file;
  std::istringstream in(text);
  int number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    std::string line = raw.substr(0, raw.find('#'));
    std::vector<std::string> words = split_words(line);
    if (words.empty()) continue;
    try {
      script.lines.push_back({number, raw, parse_words(words, presets_dir)});
    } catch (const ParseError& e) {
      return Error{file + ":" + std::to_string(number) + ": " + e.what};
    }
  }
  return script;
}

Result<Script> read_script(const std::string& path, const std::filesystem::path& presets_dir) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open the script"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_script(text.str(), path, presets_dir);
}

Status check_expect(const Session& s, const ScriptExpect& e, const ScriptWindowFacts* window) {
  if (e.quantity == "activation") {
    if (e.a < 1 || e.a > s.net.depth())
      return Error{"layer " + std::to_string(e.a) + " does not exist"};
    const Activation have = s.net.layer(e.a).activation;
    if ((have == e.activation) == (e.op == "==")) return Ok{};
    return Error{"activation of layer " + std::to_string(e.a) + " is " +
                 std::string(to_string(have))};
  }
  if (e.quantity == "trace-phase") {
    const Tracer* tr = session_tracer(s);
    if (tr == nullptr || tr->size() == 0) return Error{"there is no trace (no data)"};
    const std::string_view have = to_string(tr->phase_of(trace_index(s)));
    if ((have == e.name) == (e.op == "==")) return Ok{};
    return Error{"trace-phase is " + std::string(have)};
  }
  Result<double> v = quantity(s, e, window);
  if (!v) return v.error();
  if (compare(v.value(), e.op, e.value)) return Ok{};
  return Error{e.quantity + " is " + fmt(v.value())};
}

Status ScriptRunner::advance(Session& s, ShotRequest& shot, const ScriptWindowFacts* window) {
  if (wait_frames_ > 0) {
    --wait_frames_;
    return Ok{};
  }
  while (next_ < script_.lines.size()) {
    const ScriptLine& line = script_.lines[next_++];
    if (const Command* c = std::get_if<Command>(&line.action)) {
      if (Status r = apply(s, *c); !r && !tolerate_errors_)
        return Error{at(script_, line) + r.error().message};
    } else if (const ScriptFrames* f = std::get_if<ScriptFrames>(&line.action)) {
      wait_frames_ = f->count - 1;  // this frame is the first of them
      return Ok{};
    } else if (const ScriptScreenshot* request = std::get_if<ScriptScreenshot>(&line.action)) {
      shot = *request;
      return Ok{};
    } else if (const ScriptFile* f = std::get_if<ScriptFile>(&line.action)) {
      if (Status r = run_script_file(s, *f); !r)
        return Error{at(script_, line) + r.error().message};
    } else if (const ScriptDescribe* d = std::get_if<ScriptDescribe>(&line.action)) {
      Result<std::string> text = describe_lines(s, *d);
      if (!text) return Error{at(script_, line) + text.error().message};
      std::fputs(text.value().c_str(), stdout);
      std::fflush(stdout);
    } else if (const ScriptExpect* e = std::get_if<ScriptExpect>(&line.action)) {
      Status r = check_expect(s, *e, window);
      if (!r && e->within > 0) {
        // Not yet: look again next frame, until `within` frames have passed.
        if (await_frames_ == 0) await_frames_ = e->within + 1;
        if (--await_frames_ > 0) {
          --next_;
          return Ok{};
        }
      }
      await_frames_ = 0;
      if (!r)
        return Error{at(script_, line) + "expect failed: " +
                     line.text.substr(0, line.text.find('#')) + " (" + r.error().message + ")"};
    } else if (const ScriptPrint* p = std::get_if<ScriptPrint>(&line.action)) {
      std::printf("print %s\n", p->text.c_str());
      std::fflush(stdout);
    }
  }
  return Ok{};
}

Result<std::string> describe_lines(const Session& s, const ScriptDescribe& d) {
  const std::vector<CardLine> lines =
      d.edge ? edge_card(s, d.layer, d.j, d.k) : node_card(s, d.layer, d.j);
  if (lines.empty()) {
    return Error{"describe: " + std::string(d.edge ? "edge " : "node ") + std::to_string(d.layer) +
                 " " + std::to_string(d.j + 1) + (d.edge ? " " + std::to_string(d.k + 1) : "") +
                 " does not exist"};
  }
  std::string out;
  for (const CardLine& line : lines) out += format_card_line(line) + "\n";
  return out;
}

Status run_script_headless(Session& s, const Script& script) {
  ScriptRunner runner(script);
  ShotRequest ignored;
  while (!runner.finished()) {
    if (Status r = runner.advance(s, ignored); !r) return r;
  }
  return Ok{};
}

std::string describe_state(const Session& s) {
  return "state step=" + std::to_string(s.trainer.steps()) +
         " epoch=" + std::to_string(s.trainer.epochs()) +
         " loss=" + fmt(s.train_eval.loss.total()) + " accuracy=" + fmt(s.train_eval.accuracy) +
         " test_loss=" + fmt(s.test_eval.loss.total()) +
         " test_accuracy=" + fmt(s.test_eval.accuracy) + " lr=" + fmt(s.hp.learning_rate) +
         " step_lr=" + fmt(s.last_step.learning_rate) +
         " batch_loss=" + fmt(s.last_step.loss.total());
}

}  // namespace backstep
