// Guided lessons: a lesson is a data file in assets/lessons/*.json,
//
//   {"format": "backstep-lesson/1",
//    "title": {"en": "…", "zh": "…"},
//    "pages": [{"title": {"en", "zh"}, "text": {"en", "zh"},
//               "setup": ["preset xor", "trace-index 0"],       (optional)
//               "panels": ["graph", "inspector"],                (optional)
//               "task": {"text": {"en", "zh"},                   (optional)
//                        "done_when": ["trace-phase == hidden-delta"],
//                        "answer": ["micro 14"]}}]}
//
// Setup and answer lines are --script lines (app/automation/script.hpp), so a lesson
// drives the app only through the commands the UI issues; done_when lines are
// the quantities of `expect` without the word. This file is the engine, with
// no GL: the lesson panel and the tests run the same code.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/automation/script.hpp"
#include "app/text/strings.hpp"
#include "core/result.hpp"
#include "core/session.hpp"

namespace backstep {

using LocalText = std::array<std::string, kLanguageCount>;  // indexed by Language

struct LessonTask {
  LocalText text;
  std::vector<ScriptExpect> done_when;  // all must hold
  std::vector<std::string> conditions;  // done_when as written, for messages
  Script answer;                        // what a student's actions amount to
};

struct LessonPage {
  LocalText title, text;
  Script setup;
  std::vector<std::string> panels;  // empty: leave the panels as they are
  std::optional<LessonTask> task;
};

struct Lesson {
  std::string name;  // file stem: "02-xor"
  std::string file;
  LocalText title;
  std::vector<LessonPage> pages;
};

// Errors read "<file>:/pages/1/setup/2: <what>" (JSON pointer; pages and
// lines are 0-based there) or "<file>: page 2, setup line 3: <what>".
Result<Lesson> parse_lesson(const std::string& text, const std::string& file,
                            const std::filesystem::path& presets_dir);
Result<Lesson> read_lesson(const std::filesystem::path& path,
                           const std::filesystem::path& presets_dir);
// "02-xor" or a path: assets/lessons/NAME.json.
Result<Lesson> load_lesson(const std::filesystem::path& lessons_dir, const std::string& name,
                           const std::filesystem::path& presets_dir);
// Stems of lessons_dir/*.json, sorted (the numbering orders them).
std::vector<std::string> list_lessons(const std::filesystem::path& lessons_dir);

const std::string& local(const LocalText& t);  // in current_language()

// Whether every done_when condition holds; otherwise `why` says which does
// not: "trace-phase == hidden-delta: trace-phase is forward".
bool task_done(const Session& s, const LessonTask& task, std::string* why = nullptr);

// A lesson in progress: the page shown, its setup or answer being replayed,
// the task's state. The panel changes it (go_to_page, show_answer); the frame
// loop calls advance_lesson once per frame, which is where the session changes.
struct LessonState {
  std::optional<Lesson> lesson;
  int page = 0;
  bool task_done = false;  // latched: once done, the page stays done
  std::string task_why;    // why not yet (the first unmet condition)
  std::optional<ScriptRunner> runner;
  bool runner_is_setup = false;
  bool panels_pending = false;  // the panel applies effective_panels to UiState
  bool setup_pending = false;
  bool answer_pending = false;

  // --lesson-autoplay: set up, answer, wait for the task, next, to the end.
  bool autoplay = false;
  long wait = 0;  // frames waited in the current stage
  int stage = 0;  // autoplay stage of the current page
  bool finished = false;
  std::string error;  // autoplay failure: "<lesson>: page k: task not completed: …"
};

void open_lesson(LessonState& st, Lesson lesson);
void close_lesson(LessonState& st);
void go_to_page(LessonState& st, int page);  // re-applies its setup, even for the same page
void show_answer(LessonState& st);
const LessonPage* current_page(const LessonState& st);
// The panels page `page` shows: its own list, else the nearest earlier page's
// (so a lesson opened in the middle shows what that part of it is about).
const std::vector<std::string>& effective_panels(const Lesson& lesson, int page);

// Once per frame, before drawing: replays setup/answer lines (a `frames N`
// line waits N calls), updates the task state and, in autoplay, moves on.
// A command that fails (a diverging step) leaves its message in the session
// and the replay goes on, as in the window; an `expect` or file line that
// fails, or an autoplay task that cannot complete, returns an Error.
// `shot` is set by a screenshot line.
Status advance_lesson(Session& s, LessonState& st, ShotRequest& shot);

// Autoplay bounds, in frames (calls of advance_lesson).
inline constexpr long kLessonSettleFrames = 5;   // after setup, before the answer
inline constexpr long kLessonTaskFrames = 1200;  // for the task to complete after it

}  // namespace backstep
