// The engine's English on screen (app/text/core_text.hpp): unchanged in English;
// in Chinese no English word is left in any tracer note, formula line or
// session message, while the math stays as it is.
#include "app/text/core_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/text/strings.hpp"
#include "core/schedule.hpp"
#include "core/session.hpp"
#include "core/session_health.hpp"
#include "core/tracer.hpp"
#include "formats/preset_io.hpp"
#include "tests/core/engine_test_util.hpp"
#include "tests/support/preset_session.hpp"

namespace backstep {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BACKSTEP_SOURCE_DIR;

const CorePhrases& shipped() {
  static const CorePhrases p = [] {
    Result<CorePhrases> r = read_core_phrases(kSource / "assets/strings" / kCorePhrasesFile);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(r).value() : CorePhrases{};
  }();
  return p;
}

// Chinese for the duration of a test.
struct InChinese {
  InChinese() {
    install_core_phrases(shipped());
    set_language(Language::zh);
  }
  ~InChinese() { set_language(Language::en); }
};

// Words that are math or function names, the same in both languages.
const std::set<std::string> kMathWords = {
    "tanh", "sigmoid", "relu",    "leaky", "lrelu", "softmax", "softplus",
    "log",  "exp",     "max",     "min",   "sign",  "mse",     "bce",
    "ce",   "adam",    "rmsprop", "sgd",   "nan",   "inf",     "linear"};

// The English words (runs of ≥ 3 ASCII letters not in kMathWords) of `text`.
std::vector<std::string> english_words(const std::string& text) {
  std::vector<std::string> out;
  std::string run;
  auto flush = [&] {
    std::string lower = run;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (run.size() >= 3 && kMathWords.count(lower) == 0) out.push_back(run);
    run.clear();
  };
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      run += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

// Collects the English left in localized texts: word → one example.
struct Leftovers {
  std::map<std::string, std::string> words;
  long checked = 0;
  void check(const std::string& english) {
    ++checked;
    const std::string zh = localize_core_text(english);
    if (std::getenv("CORE_TEXT_SHOW") != nullptr)
      std::printf("%s\n  %s\n", english.c_str(), zh.c_str());
    for (const std::string& w : english_words(zh)) words.try_emplace(w, english + "\n    → " + zh);
  }
  std::string report() const {
    std::string out;
    for (const auto& [w, example] : words) out += "  \"" + w + "\" in: " + example + "\n";
    return out;
  }
};

TEST(CoreText, EnglishIsUnchanged) {
  install_core_phrases(shipped());
  set_language(Language::en);
  for (const char* s : {"the loss of sample 2 of the batch of 4", "gradient check passed: x",
                        "[forward] z⁽¹⁾₁ = 0.5", ""}) {
    EXPECT_EQ(localize_core_text(s), s);
  }
}

TEST(CoreText, PhrasesKeepMathNumbersAndWordBoundaries) {
  InChinese zh;
  CorePhrases p;
  p.phrases = {{"the loss of sample {0} of the batch of {1}", "批量 {1} 中样本 {0} 的损失"},
               {"loss", "损失"},
               {" with learning rate {0}.", "，学习率 {0}。"}};
  EXPECT_EQ(localize_core_text("the loss of sample 2 of the batch of 4; δ = a − t", p),
            "批量 4 中样本 2 的损失; δ = a − t");
  EXPECT_EQ(localize_core_text("lossy loss", p), "lossy 损失");
  EXPECT_EQ(localize_core_text("x with learning rate 0.1. Next", p), "x，学习率 0.1。 Next");
}

TEST(CoreText, ShippedTableParsesAndIsChinese) {
  const CorePhrases& p = shipped();
  ASSERT_GT(p.phrases.size(), 50u);
  for (const CorePhrase& ph : p.phrases) {
    EXPECT_TRUE(english_words(ph.zh).empty() ||
                ph.zh.find_first_of("\xE4\xE5\xE6\xE7\xE8\xE9") != std::string::npos)
        << ph.en << " → " << ph.zh;
  }
  // The string-table reader skips it (it is not a string table).
  EXPECT_TRUE(read_string_tables(kSource / "assets/strings").ok());
  // A malformed entry names the file and the phrase.
  Result<CorePhrases> bad = parse_core_phrases(
      R"({"format": "backstep-core-phrases/1", "phrases": [{"en": "a {0}", "zh": "甲"}]})",
      "bad.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("bad.json"), std::string::npos);
}

// Every micro-step of one traced step, in both granularities: note and line.
void walk(Leftovers& left, const Mlp& net, const Hyperparams& hp, int batch, Rng& rng) {
  const Matrix x = test::random_matrix(net.input_size(), batch, rng, -1.0, 1.0);
  const Matrix t = test::random_targets(net.loss, net.output_size(), batch, rng);
  for (TraceGranularity g : {TraceGranularity::neuron, TraceGranularity::weight}) {
    const Tracer tr(net, x, t, batch - 1, hp, {}, 3, g);
    for (long i = 0; i < tr.size(); ++i) {
      const TraceStep m = tr.at(i);
      left.check(m.note);
      left.check(format_line(m));
    }
  }
}

TEST(CoreText, EveryTracerNoteAndLineIsChinese) {
  InChinese zh;
  Leftovers left;
  Rng rng(7);
  const Activation hidden[] = {Activation::sigmoid, Activation::tanh, Activation::relu,
                               Activation::leaky_relu, Activation::linear};
  struct Out {
    Activation f;
    Loss loss;
  };
  const Out outs[] = {{Activation::linear, Loss::mse},     {Activation::sigmoid, Loss::mse},
                      {Activation::tanh, Loss::mse},       {Activation::relu, Loss::mse},
                      {Activation::leaky_relu, Loss::mse}, {Activation::softmax, Loss::mse},
                      {Activation::sigmoid, Loss::bce},    {Activation::softmax, Loss::bce},
                      {Activation::sigmoid, Loss::ce},     {Activation::softmax, Loss::ce}};
  // Every activation and every loss path, with a wide layer (compact sums).
  for (Activation h : hidden) {
    for (const Out& o : outs) {
      Mlp net = make_mlp({2, 8, 3}, {h, o.f}, o.loss);
      test::randomize(net, rng);
      for (int batch : {1, 4}) walk(left, net, Hyperparams{}, batch, rng);
    }
  }
  // Every optimizer, regularization, clipping and schedule.
  for (OptimizerKind opt :
       {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::rmsprop, OptimizerKind::adam}) {
    for (RegularizationKind reg :
         {RegularizationKind::none, RegularizationKind::l1, RegularizationKind::l2}) {
      for (double clip : {0.0, 1e-3}) {
        for (ScheduleKind sched : {ScheduleKind::constant, ScheduleKind::step,
                                   ScheduleKind::exponential, ScheduleKind::cosine}) {
          Mlp net = make_mlp({2, 3, 2}, {Activation::tanh, Activation::sigmoid}, Loss::bce);
          test::randomize(net, rng);
          Hyperparams hp;
          hp.optimizer.kind = opt;
          hp.regularization = {reg, 0.01};
          hp.clip_norm = clip;
          hp.schedule.kind = sched;
          for (int batch : {1, 3}) walk(left, net, hp, batch, rng);
        }
      }
    }
  }
  EXPECT_GT(left.checked, 10000);
  EXPECT_TRUE(left.words.empty()) << left.words.size() << " English words left:\n" << left.report();
}

using test::preset_session;

TEST(CoreText, SessionMessagesAndDivergenceAreChinese) {
  InChinese zh;
  Leftovers left;
  // The divergence summary, every place a step can overflow.
  Divergence d;
  d.step = 87;
  d.layer = 2;
  d.peak = 1e200;
  d.learning_rate = 10;
  d.loss = std::numeric_limits<double>::infinity();
  d.gradient_norm = 3.5e155;
  for (Overflow where : {Overflow::forward, Overflow::loss, Overflow::gradient, Overflow::update}) {
    d.where = where;
    left.check(d.summary());
  }
  // The early warnings, nothing overflowed yet.
  d.early = true;
  d.loss = 3.2e5;
  d.best_loss = 0.26;
  d.best_step = 40;
  d.parameter = 1.3e6;
  for (Overflow where : {Overflow::growth, Overflow::range}) {
    d.where = where;
    left.check(d.summary());
  }

  Session s = preset_session("xor");
  const auto run = [&](const Command& c) {
    (void)apply(s, c);
    left.check(s.message);
  };
  // Gradient check: passed, and the same message failed.
  run(CheckGradients{});
  EXPECT_NE(s.message.find("gradient check passed"), std::string::npos) << s.message;
  std::string failed = s.message;
  failed.replace(failed.find("passed"), 6, "FAILED");
  left.check(failed);

  // Ordinary commands and their refusals.
  run(SetPlaying{true});
  run(SetPlaying{false});
  run(Reset{true});
  run(SetLearningRate{0.3});
  run(SetLearningRate{100});
  run(SetOptimizer{OptimizerKind::adam});
  run(SetBatchSize{0});
  run(SetBatchSize{2});
  run(SetBatchSize{-1});
  run(SetRegularization{RegularizationKind::l2, 0.01});
  run(SetRegularization{RegularizationKind::l2, 100});
  run(SetClipNorm{0});
  run(SetClipNorm{1.5});
  run(SetClipNorm{-1});
  for (ScheduleKind k : {ScheduleKind::constant, ScheduleKind::step, ScheduleKind::exponential,
                         ScheduleKind::cosine}) {
    Schedule sched;
    sched.kind = k;
    run(SetSchedule{sched});
  }
  run(SetSeed{5});
  run(SetActivation{9, Activation::tanh});
  run(SetActivation{1, Activation::relu});
  run(SetActivation{1, Activation::softmax});
  run(SetLoss{Loss::mse});
  run(AddLayer{1, 3, Activation::tanh});
  run(AddLayer{9, 3, Activation::tanh});
  run(AddLayer{1, 1000, Activation::tanh});
  run(SetNeurons{1, 5});
  run(RemoveLayer{1});
  run(RemoveLayer{9});
  run(SetWeight{1, 0, 0, 0.5});
  run(SetWeight{1, 99, 0, 0.5});
  run(SetBias{1, 0, -0.25});
  run(SelectSample{100000});
  run(TrainSteps{0});
  run(TrainEpochs{0});
  run(Undo{});
  run(Redo{});
  run(Redo{});
  run(TrainSteps{30});
  run(Rewind{10});
  run(ReturnToPresent{});
  run(Rewind{10});
  run(TrainSteps{1});
  run(ResumeFromRewind{});
  run(ResumeFromRewind{});
  run(SetTraceIndex{-1});

  // The divergence and the banner's three ways on.
  run(RestoreLastGood{});
  run(LowerLearningRate{});
  run(InspectDiverged{});
  // The spiral preset made explosive, as in core/session_health_test.cpp.
  s = preset_session("spiral");
  run(SetOptimizer{OptimizerKind::sgd});
  run(SetActivation{s.net.depth(), Activation::linear});
  run(SetLoss{Loss::mse});
  run(SetLearningRate{10.0});
  bool diverged = false;
  for (int i = 0; i < 5000 && !diverged; ++i) diverged = !apply(s, TrainSteps{1}).ok();
  ASSERT_TRUE(diverged);
  left.check(s.message);
  run(InspectDiverged{});
  run(RestoreLastGood{});
  for (int i = 0; i < 5000 && s.divergence.active == false; ++i) (void)apply(s, TrainSteps{1});
  run(LowerLearningRate{});

  EXPECT_GT(left.checked, 50);
  EXPECT_TRUE(left.words.empty()) << left.words.size() << " English words left:\n" << left.report();
}

}  // namespace
}  // namespace backstep
