#include "app/automation/lesson.hpp"

#include <algorithm>

#include "app/panels/panel_list.hpp"
#include "formats/file_io.hpp"
#include "formats/json_util.hpp"

namespace backstep {

namespace {

using namespace json_util;

// A script line that does not parse: "page 2, setup line 3: …". Thrown inside
// the parser only; parse_lesson turns it into an Error.
struct LineError {
  std::string what;
};

LocalText local_text(const Json& parent, std::string_view key, const std::string& path) {
  const std::string at = child(path, key);
  const Json& obj = object_at(member(parent, key, path), at);
  LocalText t;
  for (int l = 0; l < kLanguageCount; ++l) {
    const char* code = language_code(static_cast<Language>(l));
    t[l] = string_at(member(obj, code, at), child(at, code));
    if (t[l].empty()) throw JsonError{child(at, code), "empty text"};
  }
  return t;
}

// "page 2, answer line 3" — 1-based, as a teacher counts.
std::string place(std::size_t page, const char* what, std::size_t line) {
  return "page " + std::to_string(page + 1) + ", " + what + " line " + std::to_string(line + 1);
}

// An array of script lines, each parsed on its own so an error names its place.
Script script_lines(const Json& parent, std::string_view key, const std::string& path,
                    const std::string& file, std::size_t page,
                    const std::filesystem::path& presets) {
  Script script;
  script.file = file + ": page " + std::to_string(page + 1) + " " + std::string(key) + " line";
  const Json* lines = optional_member(parent, key);
  if (lines == nullptr) return script;
  const Json& arr = array_at(*lines, child(path, key));
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string text = string_at(arr[i], child(child(path, key), i));
    Result<Script> one = parse_script(text, "", presets);
    // parse_script's errors start ":<line>: " with an empty file name.
    if (!one)
      throw LineError{place(page, std::string(key).c_str(), i) + ": " +
                      one.error().message.substr(4)};
    for (ScriptLine& l : one.value().lines) {
      l.line = static_cast<int>(i + 1);
      script.lines.push_back(std::move(l));
    }
  }
  return script;
}

LessonTask parse_task(const Json& t, const std::string& path, const std::string& file,
                      std::size_t page, const std::filesystem::path& presets) {
  LessonTask task;
  task.text = local_text(t, "text", path);
  const Json& done = array_at(member(t, "done_when", path), child(path, "done_when"));
  if (done.empty()) throw JsonError{child(path, "done_when"), "a task needs a condition"};
  for (std::size_t i = 0; i < done.size(); ++i) {
    const std::string cond = string_at(done[i], child(child(path, "done_when"), i));
    Result<Script> one = parse_script("expect " + cond, "", presets);
    if (!one || one.value().lines.size() != 1)
      throw LineError{place(page, "done_when", i) + ": " +
                      (one ? std::string("not a condition") : one.error().message.substr(4))};
    task.done_when.push_back(std::get<ScriptExpect>(one.value().lines[0].action));
    task.conditions.push_back(cond);
  }
  task.answer = script_lines(t, "answer", path, file, page, presets);
  return task;
}

Lesson parse(const Json& doc, const std::string& file, const std::filesystem::path& presets) {
  const Json& root = object_at(doc, "");
  const std::string format = string_at(member(root, "format", ""), "/format");
  if (format != "backstep-lesson/1")
    throw JsonError{"/format", "expected \"backstep-lesson/1\", got \"" + format + "\""};
  Lesson lesson;
  lesson.file = file;
  lesson.name = std::filesystem::path(file).stem().string();
  lesson.title = local_text(root, "title", "");
  const Json& pages = array_at(member(root, "pages", ""), "/pages");
  if (pages.empty()) throw JsonError{"/pages", "a lesson needs at least one page"};
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const std::string path = child("/pages", p);
    const Json& pj = object_at(pages[p], path);
    LessonPage page;
    page.title = local_text(pj, "title", path);
    page.text = local_text(pj, "text", path);
    page.setup = script_lines(pj, "setup", path, file, p, presets);
    if (const Json* panels = optional_member(pj, "panels")) {
      const Json& arr = array_at(*panels, child(path, "panels"));
      for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string at = child(child(path, "panels"), i);
        std::string name = string_at(arr[i], at);
        // The panels with a View flag (app/panels/panel_list.hpp).
        if (const PanelInfo* panel = find_panel(name); panel == nullptr || !panel->view_flag)
          throw JsonError{at, "unknown panel \"" + name + "\" (" +
                                  panel_name_list(/*view_flag_only=*/true) + ")"};
        page.panels.push_back(std::move(name));
      }
    }
    if (const Json* task = optional_member(pj, "task"))
      page.task =
          parse_task(object_at(*task, child(path, "task")), child(path, "task"), file, p, presets);
    lesson.pages.push_back(std::move(page));
  }
  return lesson;
}

void start_runner(LessonState& st, const Script& script, bool setup) {
  st.runner.emplace(script);
  // A step that diverges is part of some pages (the learning-rate lesson sets
  // one up); like the window, the replay shows the message and goes on.
  st.runner->tolerate_command_errors(true);
  st.runner_is_setup = setup;
}

}  // namespace

Result<Lesson> parse_lesson(const std::string& text, const std::string& file,
                            const std::filesystem::path& presets_dir) {
  Result<Json> doc = json_util::parse(text, file);
  if (!doc) return doc.error();
  try {
    return parse(doc.value(), file, presets_dir);
  } catch (const JsonError& e) {
    return to_error(e, file);
  } catch (const LineError& e) {
    return Error{file + ": " + e.what};
  }
}

Result<Lesson> read_lesson(const std::filesystem::path& path,
                           const std::filesystem::path& presets_dir) {
  Result<std::string> text = read_file(path.string());
  if (!text) return text.error();
  return parse_lesson(text.value(), path.string(), presets_dir);
}

Result<Lesson> load_lesson(const std::filesystem::path& lessons_dir, const std::string& name,
                           const std::filesystem::path& presets_dir) {
  std::filesystem::path p = name;
  if (p.extension() != ".json") p = lessons_dir / (name + ".json");
  if (!std::filesystem::exists(p)) {
    std::string known;
    for (const std::string& n : list_lessons(lessons_dir)) known += (known.empty() ? "" : ", ") + n;
    return Error{"no lesson '" + name + "' (" + known + ")"};
  }
  return read_lesson(p, presets_dir);
}

std::vector<std::string> list_lessons(const std::filesystem::path& lessons_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(lessons_dir, ec))
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

const std::string& local(const LocalText& t) {
  return t[static_cast<int>(current_language())];
}

bool task_done(const Session& s, const LessonTask& task, std::string* why) {
  for (std::size_t i = 0; i < task.done_when.size(); ++i) {
    if (Status r = check_expect(s, task.done_when[i]); !r) {
      if (why != nullptr) *why = task.conditions[i] + ": " + r.error().message;
      return false;
    }
  }
  return true;
}

void open_lesson(LessonState& st, Lesson lesson) {
  const bool autoplay = st.autoplay;
  st = LessonState{};
  st.autoplay = autoplay;
  st.lesson = std::move(lesson);
  go_to_page(st, 0);
}

void close_lesson(LessonState& st) {
  st = LessonState{};
}

void go_to_page(LessonState& st, int page) {
  if (!st.lesson) return;
  page = std::clamp(page, 0, static_cast<int>(st.lesson->pages.size()) - 1);
  const bool restart = page == st.page;  // "Restart page" puts the page's view back too
  st.page = page;
  st.task_done = false;
  st.task_why.clear();
  st.runner.reset();
  st.setup_pending = true;
  st.answer_pending = false;
  st.panels_pending = restart || !st.lesson->pages[st.page].panels.empty();
  st.stage = 0;
  st.wait = 0;
}

void show_answer(LessonState& st) {
  if (const LessonPage* p = current_page(st); p != nullptr && p->task) st.answer_pending = true;
}

const LessonPage* current_page(const LessonState& st) {
  if (!st.lesson || st.page < 0 || st.page >= static_cast<int>(st.lesson->pages.size()))
    return nullptr;
  return &st.lesson->pages[st.page];
}

const std::vector<std::string>& effective_panels(const Lesson& lesson, int page) {
  static const std::vector<std::string> none;
  for (int p = std::min(page, static_cast<int>(lesson.pages.size()) - 1); p >= 0; --p)
    if (!lesson.pages[p].panels.empty()) return lesson.pages[p].panels;
  return none;
}

namespace {

// Autoplay stages of a page: 0 setting up, 1 settling, 2 answering, 3 waiting
// for the task. Called after the runner had its turn this frame.
Status autoplay_step(LessonState& st) {
  const LessonPage& page = *current_page(st);
  const bool busy = st.setup_pending || st.answer_pending || st.runner.has_value();
  const int pages = static_cast<int>(st.lesson->pages.size());
  auto next = [&]() {
    if (st.page + 1 >= pages) {
      st.finished = true;
    } else {
      go_to_page(st, st.page + 1);
    }
  };
  if (st.stage == 0 && !busy) {
    st.stage = 1;
    st.wait = 0;
  } else if (st.stage == 1 && ++st.wait >= kLessonSettleFrames) {
    if (!page.task) {
      next();
      return Ok{};
    }
    show_answer(st);
    st.stage = 2;
    st.wait = 0;
  } else if (st.stage == 2 && !busy) {
    st.stage = 3;
  } else if (st.stage == 3) {
    if (st.task_done) {
      next();
      return Ok{};
    }
    if (++st.wait > kLessonTaskFrames)
      return Error{st.lesson->name + ": page " + std::to_string(st.page + 1) +
                   ": task not completed: " + st.task_why};
  }
  return Ok{};
}

}  // namespace

Status advance_lesson(Session& s, LessonState& st, ShotRequest& shot) {
  const LessonPage* page = current_page(st);
  if (page == nullptr || st.finished) return Ok{};
  // Start what the panel asked for; a new request replaces a replay in progress.
  if (st.setup_pending) {
    st.setup_pending = false;
    start_runner(st, page->setup, true);
  } else if (st.answer_pending && !st.runner) {
    st.answer_pending = false;
    start_runner(st, page->task->answer, false);
  }
  if (st.runner) {
    Status r = st.runner->advance(s, shot);
    if (!r) {
      st.runner.reset();
      return r;
    }
    if (st.runner->finished()) st.runner.reset();
  }
  // The task counts only once the setup is in place (it may reset what it checks).
  const bool setting_up = st.runner.has_value() && st.runner_is_setup;
  if (page->task && !st.task_done && !setting_up && !st.setup_pending)
    st.task_done = task_done(s, *page->task, &st.task_why);
  if (st.autoplay) return autoplay_step(st);
  return Ok{};
}

}  // namespace backstep
