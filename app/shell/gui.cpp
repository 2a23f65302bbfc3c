// The window: flags and files are checked first (exit 2 before any window),
// then GLFW + GL 3.3 core + ImGui, then the frame loop of DESIGN.md "App":
// poll → apply queued commands → script → new frame → train for a time
// budget → draw panels → render.
#include "app/shell/gui.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_internal.h>  // ErrorCheckEndFrameRecover

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "app/automation/gui_options.hpp"
#include "app/cli/assets.hpp"
#include "app/files/settings.hpp"
#include "app/gpu/heatmap_renderer.hpp"
#include "app/gpu/screenshot.hpp"
#include "app/look/appearance.hpp"
#include "app/look/fonts.hpp"
#include "app/shell/frame.hpp"
#include "app/shell/frame_times.hpp"
#include "app/shell/key_latch.hpp"
#include "app/shell/session_menu.hpp"
#include "app/state/command_queue.hpp"
#include "app/state/ui_state.hpp"
#include "app/text/core_text.hpp"
#include "app/text/strings.hpp"
#include "formats/preset_io.hpp"

namespace backstep::gui {

namespace {

using Clock = std::chrono::steady_clock;

constexpr float kBaseFontPx = 16.0f;
constexpr double kTrainBudgetMs = 10.0;  // of a 16.7 ms frame at 60 Hz

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// What the fonts and the style were last built for; a change in any of them
// rebuilds between frames (never between NewFrame and Render).
struct Applied {
  float scale = 0.0f;
  Language language = Language::en;
  bool light = false, presenter = false;
  bool operator==(const Applied&) const = default;
};

// The CJK glyphs: all the tables and lessons use in Chinese; in English only
// the Language menu's "简体中文", so English start-up stays as fast as before.
struct CjkFonts {
  CjkFont full, menu_only;
};

Applied wanted(const UiState& ui) {
  const float mode_scale = ui.presenter ? ui.presenter_scale : ui.ui_scale;
  return Applied{mode_scale * ui.content_scale, ui.language, ui.light_theme, ui.presenter};
}

// Fonts at the exact scale (crisp at every step), re-uploaded; style sizes
// and colours to match.
void apply_appearance(const Applied& a, const Applied& before, const CjkFonts& cjk, bool upload) {
  if (a.scale != before.scale || a.language != before.language || a.presenter != before.presenter ||
      !upload) {
    // Presenter mode: hover cards get their own font, 1.3× the UI's.
    build_fonts(std::round(kBaseFontPx * a.scale),
                a.language == Language::zh ? &cjk.full : &cjk.menu_only, a.presenter ? 1.3f : 1.0f);
    if (upload) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
  }
  apply_style(a.light, a.presenter, a.scale);
}

// The UI texts the CJK face must cover: every string table and lesson.
std::vector<std::filesystem::path> cjk_text_files(const std::filesystem::path& assets) {
  std::vector<std::filesystem::path> files;
  for (const char* sub : {"strings", "lessons"}) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(assets / sub, ec))
      if (e.path().extension() == ".json") files.push_back(e.path());
  }
  return files;
}

// Playing: one TrainSteps per frame. In auto mode its size adapts so training
// takes about kTrainBudgetMs, keeping the UI at display rate for any network.
void train_slice(Session& s, UiState& ui) {
  const int n = ui.steps_per_frame > 0 ? ui.steps_per_frame : std::max(1, ui.auto_steps);
  const Clock::time_point t0 = Clock::now();
  // The whole-set evaluation after the slice only when it costs no more than
  // the slice's own training (n·B sample passes): on 60 000 images it would
  // take a second a frame. The session still evaluates on its interval, and
  // on pause.
  const long batch = Trainer::effective_batch(s.data.train.count(), s.hp.batch_size);
  const bool evaluate =
      static_cast<long>(s.data.train.count()) + s.data.test.count() <= static_cast<long>(n) * batch;
  (void)apply(s, TrainSteps{n, evaluate});  // a failure stops playing and sets the message
  // Too large to evaluate every frame: the whole sets are evaluated a block
  // at a time (core/evaluation_pass), as many columns as the frames trained
  // samples (a forward is about a third of a step's work per sample, so
  // training keeps ~3/4 of its pace), so the curve, the accuracy and the
  // confusion matrix move every few seconds instead of every 10 938 steps.
  // Its time counts as training's, in the budget.
  if (!evaluate && s.playing) {
    ui.evaluation_credit += static_cast<long>(n) * batch;
    if (ui.evaluation_credit >= kEvaluationBlock) {
      (void)advance_evaluation(s, static_cast<int>(std::min(ui.evaluation_credit, 1L << 20)));
      ui.evaluation_credit = 0;
    }
  }
  ui.train_ms = ms_since(t0);
  if (ui.steps_per_frame == 0) {
    const double ratio = kTrainBudgetMs / std::max(ui.train_ms, 0.01);
    const double next = std::clamp(n * ratio, n * 0.5, n * 2.0);
    // Rounded, not truncated: a heavy net at 2 steps a frame and 75 % of
    // the budget (next = 2.67) stayed at 2 for good.
    ui.auto_steps = static_cast<int>(std::lround(std::clamp(next, 1.0, 1e6)));
  }
}

struct Window {
  GLFWwindow* handle = nullptr;
  bool imgui = false;
  ~Window() {
    if (imgui) {
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      ImGui::DestroyContext();
    }
    if (handle != nullptr) glfwDestroyWindow(handle);
    glfwTerminate();
  }
};

void glfw_error(int code, const char* text) {
  std::fprintf(stderr, "backstep: glfw error %d: %s\n", code, text);
}

// What the GLFW callbacks reach through the window's user pointer.
struct WindowLink {
  UiState* ui = nullptr;
  unsigned long events = 0;  // every input or window event so far: an idle window wakes on it
};

WindowLink* link_of(GLFWwindow* w) {
  return static_cast<WindowLink*>(glfwGetWindowUserPointer(w));
}

void count_event(GLFWwindow* w) {
  if (WindowLink* l = link_of(w)) ++l->events;
}

// A file dropped onto the window: the dataset panel imports it next frame.
void on_drop(GLFWwindow* w, int count, const char** paths) {
  count_event(w);
  WindowLink* l = link_of(w);
  if (l == nullptr || l->ui == nullptr || count < 1) return;
  l->ui->dropped_path = paths[0];
  shown(*l->ui, PanelId::dataset) = true;
}

// Counters for every event an idle window must wake for. The input ones are
// installed before ImGui's backend, which chains to them (ImGui 1.86 keeps
// the previous callbacks and calls them after its own).
void install_wake_callbacks_before_imgui(GLFWwindow* w) {
  glfwSetWindowFocusCallback(w, [](GLFWwindow* win, int) { count_event(win); });
  glfwSetCursorEnterCallback(w, [](GLFWwindow* win, int) { count_event(win); });
  glfwSetMouseButtonCallback(w, [](GLFWwindow* win, int, int, int) { count_event(win); });
  glfwSetScrollCallback(w, [](GLFWwindow* win, double, double) { count_event(win); });
  glfwSetKeyCallback(w, [](GLFWwindow* win, int, int, int, int) { count_event(win); });
  glfwSetCharCallback(w, [](GLFWwindow* win, unsigned) { count_event(win); });
}

// The rest ImGui 1.86 does not install (it polls the cursor position).
void install_wake_callbacks_after_imgui(GLFWwindow* w) {
  glfwSetCursorPosCallback(w, [](GLFWwindow* win, double, double) { count_event(win); });
  glfwSetWindowSizeCallback(w, [](GLFWwindow* win, int, int) { count_event(win); });
  glfwSetFramebufferSizeCallback(w, [](GLFWwindow* win, int, int) { count_event(win); });
  glfwSetWindowRefreshCallback(w, count_event);  // exposed: the old picture is gone
  glfwSetWindowIconifyCallback(w, [](GLFWwindow* win, int) { count_event(win); });
  glfwSetWindowContentScaleCallback(w, [](GLFWwindow* win, float, float) { count_event(win); });
  glfwSetDropCallback(w, on_drop);
}

// Idle means idle: a frame is due only while something changes on its own.
// Automated runs (--frames, scripts, lessons' autoplay) never wait, so they
// stay frame-for-frame what they were. Input wakes the loop through the
// callbacks above; anything that moves by itself is listed here.
bool has_work(bool automated, const Session& s, const UiState& ui, const CommandQueue& q,
              const std::optional<ScriptRunner>& script) {
  // A lesson replays its setup or answer a line per frame (`frames N` waits N).
  const LessonState& l = ui.lesson;
  const bool lesson_replaying = l.runner.has_value() || l.setup_pending || l.answer_pending;
  return automated || s.playing || !q.empty() || (script && !script->finished()) ||
         lesson_replaying || l.panels_pending || ui.layout_dirty || ui.settings_dirty ||
         !ui.dropped_path.empty() || !ui.screenshot_request.path.empty() || ui.quit_requested;
}

// One requested PNG: the whole framebuffer, or the rectangle panel_rects
// recorded for the panel this frame. A panel not drawn this frame is an
// error naming it, and nothing is written.
Status save_shot(const ShotRequest& shot, const UiState& ui, int fb_w, int fb_h) {
  if (shot.panel.empty()) return save_screenshot(shot.path, fb_w, fb_h);
  const auto it = std::find_if(ui.panel_rects.begin(), ui.panel_rects.end(),
                               [&](const auto& p) { return p.first == shot.panel; });
  if (it == ui.panel_rects.end()) {
    char text[256];
    std::snprintf(text, sizeof text, tr("status.panel_not_shown"), shot.panel.c_str());
    return Error{shot.path + ": " + text};
  }
  const PanelRect& r = it->second;
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  return save_screenshot(shot.path, fb_w, fb_h,
                         framebuffer_rect(r.x, r.y, r.w, r.h, scale.x, scale.y));
}

void set_title(GLFWwindow* w, const Session& s) {
  const std::string title = "backstep — " + s.name;
  glfwSetWindowTitle(w, title.c_str());
}

}  // namespace

int run(int argc, char** argv) {
  Result<GuiOptions> parsed = parse_gui_options(argc, argv);
  if (!parsed) {
    std::fprintf(stderr, "backstep: error: %s\n", parsed.error().message.c_str());
    return 2;
  }
  const GuiOptions& opt = parsed.value();
  const std::filesystem::path presets = cli::presets_dir();
  // The interface's words: a bad table stops here, naming the file and key.
  Result<StringTable> strings = read_string_tables(cli::assets_dir() / "strings");
  if (!strings) {
    std::fprintf(stderr, "backstep: error: %s\n", strings.error().message.c_str());
    return 2;
  }
  install_strings(std::move(strings).value());
  // The engine's English (tracer notes, session messages) in the UI's language.
  Result<CorePhrases> phrases = read_core_phrases(cli::assets_dir() / "strings" / kCorePhrasesFile);
  if (!phrases) {
    std::fprintf(stderr, "backstep: error: %s\n", phrases.error().message.c_str());
    return 2;
  }
  install_core_phrases(std::move(phrases).value());
  Result<GuiStart> start = prepare_gui_start(opt, presets);
  if (!start) {
    std::fprintf(stderr, "backstep: error: %s\n", start.error().message.c_str());
    return 2;
  }
  Session session = std::move(start.value().session);
  std::optional<ScriptRunner> script;
  if (start.value().script) script.emplace(std::move(*start.value().script));

  glfwSetErrorCallback(glfw_error);
  Window win;
  if (glfwInit() == GLFW_FALSE) {
    std::fprintf(stderr, "backstep: error: cannot initialize GLFW (no display?)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_FALSE);  // --size is in pixels
  win.handle = glfwCreateWindow(opt.width, opt.height, "backstep", nullptr, nullptr);
  if (win.handle == nullptr) {
    std::fprintf(stderr, "backstep: error: cannot open a GL 3.3 core window\n");
    return 1;
  }
  glfwMakeContextCurrent(win.handle);
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    std::fprintf(stderr, "backstep: error: cannot load OpenGL 3.3 functions\n");
    return 1;
  }
  const bool automated = opt.frames > 0 || !opt.screenshot_path.empty() || opt.lesson_autoplay;
  glfwSwapInterval(automated ? 0 : 1);  // scripted runs need not wait for vsync

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  win.imgui = true;
  ImGui::GetIO().IniFilename = nullptr;  // layouts come from the window size, not a file
  WindowLink link;
  glfwSetWindowUserPointer(win.handle, &link);
  install_wake_callbacks_before_imgui(win.handle);
  ImGui_ImplGlfw_InitForOpenGL(win.handle, true);
  install_wake_callbacks_after_imgui(win.handle);
  install_key_latch(win.handle);  // a tap shorter than a frame still reaches the shortcuts
  ImGui_ImplOpenGL3_Init("#version 330 core");

  // Declared after `win`, so destroyed before it: the view caches' GL objects
  // (heatmaps) are freed while the context is still current.
  UiState ui;
  ui.views.heatmaps = make_heatmaps();
  ui.views.images = make_image_textures();
  // Remembered settings, then this run's flags over them.
  const Settings remembered = read_settings(settings_path());
  ui.language = opt.language.value_or(remembered.language);
  ui.light_theme = opt.theme.value_or(remembered.theme) == Theme::light;
  set_presenter(ui, opt.presenter || remembered.presenter);
  ui.ui_scale = remembered.ui_scale;
  ui.presenter_scale = remembered.presenter_scale;
  if (opt.scale_given) (ui.presenter ? ui.presenter_scale : ui.ui_scale) = opt.scale;
  if (opt.show_health) shown(ui, PanelId::health) = true;
  ui.show_help = opt.show_help;
  ui.report_layout = opt.report_layout;
  const Clock::time_point font_t0 = Clock::now();
  CjkFonts cjk;
  cjk.full = find_cjk_font(cjk_text_files(cli::assets_dir()));
  cjk.menu_only = cjk.full;
  if (!cjk.full.file.empty()) {
    ImFontGlyphRangesBuilder b;
    b.AddText(tr_in(Language::zh, "language.zh"));
    cjk.menu_only.ranges.clear();
    b.BuildRanges(&cjk.menu_only.ranges);
  }
  ui.cjk_font = !cjk.full.file.empty();
  if (!ui.cjk_font) {
    ui.cjk_notice = tr("cjk.notice");
    if (ui.language == Language::zh) {
      std::fprintf(stderr, "backstep: %s\n", ui.cjk_notice.c_str());
      ui.status_note = ui.cjk_notice;  // the same line in the window
    }
    ui.language = Language::en;
  }
  set_language(ui.language);
  float xs = 1.0f, ys = 1.0f;
  glfwGetWindowContentScale(win.handle, &xs, &ys);
  ui.content_scale = std::max(1.0f, xs);
  Applied applied = wanted(ui);
  apply_appearance(applied, applied, cjk, false);  // the backend uploads on its first frame
  if (std::getenv("BACKSTEP_REPORT_STARTUP") != nullptr)
    std::fprintf(stderr, "backstep: fonts %.1f ms (%d CJK glyphs available)\n", ms_since(font_t0),
                 cjk.full.glyph_count);
  ui.presets_dir = presets.string();
  ui.preset_names = list_presets(presets);
  // Lessons (app/automation/lesson.hpp): the menu lists them by title; --lesson opens one.
  ui.lessons_dir = (cli::assets_dir() / "lessons").string();
  ui.lesson_names = list_lessons(ui.lessons_dir);
  for (const std::string& name : ui.lesson_names) {
    Result<Lesson> l = load_lesson(ui.lessons_dir, name, presets);
    ui.lesson_titles.push_back(l ? l.value().title : LocalText{name, name});
  }
  if (start.value().lesson) {
    ui.lesson.autoplay = opt.lesson_autoplay;
    open_lesson(ui.lesson, std::move(*start.value().lesson));
    go_to_page(ui.lesson, opt.lesson_page - 1);
    ui.lesson.panels_pending = true;  // the panels of that part of the lesson
  }
  // Sessions (app/shell/session_menu.cpp): automated runs never touch the autosave,
  // and any explicit start (preset, model, data, script) skips the offer.
  ui.autosave_enabled = !automated;
  ui.last_autosave = glfwGetTime();
  if (!automated && !opt.preset_given && opt.model_path.empty() && opt.data_path.empty() &&
      opt.script_path.empty())
    offer_resume_if_any(ui);
  set_title(win.handle, session);
  link.ui = &ui;

  CommandQueue queue;
  std::vector<Command> pending;
  std::vector<ShotRequest> shots;
  // Scripted/automated runs end after --frames frames (at least 1) and the script.
  const long frame_target = std::max<long>(opt.frames, automated ? 3 : 0);
  FrameTimes frame_times;  // --report-frame-times
  if (opt.report_frame_times) reserve_frames(frame_times, frame_target);
  long frame = 0;
  int screenshots_saved = 0;  // for scripts' `expect screenshots`
  int exit_code = 0;
  std::string title_name = session.name;
  Clock::time_point last_frame = Clock::now();
  bool in_frame = false;
  // Frames still to draw after a wake-up: ImGui settles a click or a new
  // window over a couple of frames (sizes measured in one, used in the next).
  constexpr int kSettleFrames = 3;
  int settle = kSettleFrames;
  bool work = true;
  unsigned long seen_events = 0;
  const double quit_at = opt.quit_after > 0 ? glfwGetTime() + opt.quit_after : 0.0;

  while (!glfwWindowShouldClose(win.handle) && !ui.quit_requested) {
    release_latched_keys(win.handle);
    if (work || settle > 0) {
      glfwPollEvents();
    } else {
      // Asleep until an event, the autosave timer, --quit-after or, while a
      // text field is active, the next blink of its cursor.
      double timeout = seconds_to_autosave(ui, glfwGetTime());
      if (ImGui::GetIO().WantTextInput) timeout = std::min(timeout, 0.5);
      if (quit_at > 0) timeout = std::min(timeout, quit_at - glfwGetTime());
      glfwWaitEventsTimeout(std::max(timeout, 0.001));
      last_frame = Clock::now();  // a frame's time is its work, not the sleep before it
    }
    if (link.events != seen_events) {
      seen_events = link.events;
      settle = kSettleFrames;
    }
    if (quit_at > 0 && glfwGetTime() >= quit_at) break;
    shots.clear();
    try {
      // Between frames: a new UI or monitor scale, language, theme or
      // presenter mode rebuilds the fonts and the style.
      glfwGetWindowContentScale(win.handle, &xs, &ys);
      ui.content_scale = std::max(1.0f, xs);
      if (ui.language == Language::zh && !ui.cjk_font) {
        ui.language = Language::en;
        ui.status_note = ui.cjk_notice;
        ui.status_note_is_error = true;
      }
      set_language(ui.language);
      if (const Applied a = wanted(ui); !(a == applied)) {
        apply_appearance(a, applied, cjk, true);
        applied = a;
        ui.layout_dirty = true;
      }
      if (ui.settings_dirty) {
        ui.settings_dirty = false;
        // Automated runs (tests, --frames) never change what a teacher chose.
        if (!automated) {
          const Settings now{ui.language, ui.light_theme ? Theme::light : Theme::dark, ui.presenter,
                             ui.ui_scale, ui.presenter_scale};
          if (Status w = write_settings(settings_path(), now); !w) {
            ui.status_note = w.error().message;
            ui.status_note_is_error = true;
          }
        }
      }
      queue.drain_into(pending);
      // Moved: a loaded data set goes into the session without a copy.
      for (Command& c : pending) (void)apply(session, std::move(c));  // errors land in the message
      if (script && !script->finished()) {
        ShotRequest shot;
        const ScriptWindowFacts facts{ui.show_help, ui.presenter,
                                      ui.lesson.lesson ? ui.lesson.page + 1 : 0, ui.file_action,
                                      screenshots_saved};
        if (Status r = script->advance(session, shot, &facts); !r) {
          std::fprintf(stderr, "backstep: error: %s\n", r.error().message.c_str());
          exit_code = 1;
          break;
        }
        if (!shot.path.empty()) shots.push_back(shot);
      }
      if (ui.lesson.lesson) {
        ShotRequest shot;
        if (Status r = advance_lesson(session, ui.lesson, shot); !r) {
          std::fprintf(stderr, "backstep: error: %s\n", r.error().message.c_str());
          if (ui.lesson.autoplay) {
            exit_code = 1;
            break;
          }
          ui.status_note = r.error().message;  // a broken lesson line: shown, the app goes on
          ui.status_note_is_error = true;
        }
        if (!shot.path.empty()) shots.push_back(shot);
      }
      const bool lesson_busy = ui.lesson.autoplay && !ui.lesson.finished;
      const bool last = frame_target > 0 && frame + 1 >= frame_target &&
                        (!script || script->finished()) && !lesson_busy;
      if (last && !opt.screenshot_path.empty())
        shots.push_back({opt.screenshot_path, opt.screenshot_panel});

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      // Automated runs (--frames, --screenshot, lessons' autoplay) ignore the
      // pointer: Xvfb parks it mid-screen, where a tooltip would cover the
      // very panel the screenshot is for.
      if (automated && !opt.live_pointer) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      ImGui::NewFrame();
      in_frame = true;
      handle_shortcuts(session, ui, queue);
      const long steps_before = session.trainer.steps();
      if (session.playing) train_slice(session, ui);
      const long steps_trained = session.trainer.steps() - steps_before;
      draw_frame(session, ui, queue);
      FramePhases phases;
      phases.train = steps_trained > 0 ? ui.train_ms : 0.0;
      phases.panels = ui.panel_ms;
      Clock::time_point mark = Clock::now();
      ImGui::Render();
      in_frame = false;
      phases.build = ms_since(mark);

      int fb_w = 0, fb_h = 0;
      glfwGetFramebufferSize(win.handle, &fb_w, &fb_h);
      glViewport(0, 0, fb_w, fb_h);
      const Palette& pal = palette();
      glClearColor(pal.clear[0], pal.clear[1], pal.clear[2], 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      mark = Clock::now();
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      // Measuring only: wait for the rasterizer, so its time is the draw's,
      // not the swap's (llvmpipe draws on the CPU when the frame is flushed).
      if (opt.report_frame_times) glFinish();
      phases.draw = ms_since(mark);

      if (!ui.screenshot_request.path.empty()) {
        if (ui.screenshot_wait > 0)
          --ui.screenshot_wait;
        else
          shots.push_back(std::exchange(ui.screenshot_request, ShotRequest{}));
      }
      for (const ShotRequest& shot : shots) {
        Status saved = save_shot(shot, ui, fb_w, fb_h);
        if (saved) ++screenshots_saved;
        ui.status_note = saved ? tr("status.screenshot_saved") + shot.path : saved.error().message;
        ui.status_note_is_error = !saved;
        if (!saved && automated) {
          std::fprintf(stderr, "backstep: error: %s\n", saved.error().message.c_str());
          exit_code = 1;
        }
      }
      mark = Clock::now();
      glfwSwapBuffers(win.handle);
      phases.swap = ms_since(mark);
      autosave(session, ui, glfwGetTime(), false);  // every 3 minutes
      if (session.name != title_name) {
        title_name = session.name;
        set_title(win.handle, session);
      }
      ++frame;
      if (settle > 0) --settle;
      work = has_work(automated, session, ui, queue, script);
      const double dt = ms_since(last_frame);
      last_frame = Clock::now();
      ui.frame_ms = frame == 1 ? dt : 0.9 * ui.frame_ms + 0.1 * dt;
      if (opt.report_frame_times) record_frame(frame_times, dt, steps_trained, phases);
      if (last || exit_code != 0) break;
    } catch (const std::exception& e) {
      // Nothing escapes the frame loop: the failure becomes the status line.
      ui.status_note = tr("status.internal_error") + std::string(e.what());
      ui.status_note_is_error = true;
      if (in_frame) {
        // Close whatever Begin/Push the exception skipped, then end the frame.
        ImGui::ErrorCheckEndFrameRecover(nullptr, nullptr);
        ImGui::EndFrame();
        in_frame = false;
      }
    }
  }
  if (script) std::printf("%s\n", describe_state(session).c_str());
  if (ui.lesson.autoplay && ui.lesson.finished)
    std::printf("lesson %s: %zu pages completed\n", ui.lesson.lesson->name.c_str(),
                ui.lesson.lesson->pages.size());
  if (opt.report_frame_times) {
    std::printf("%s\n", frame_time_report(frame_times).c_str());
    // What the rasterizer was given in the last frame, per ImGui window: the
    // software GL's time grows with these triangles and the pixels they cover.
    if (const ImDrawData* d = ImGui::GetDrawData(); d != nullptr) {
      std::printf("draw data: %d vertices, %d indices (%d triangles)\n", d->TotalVtxCount,
                  d->TotalIdxCount, d->TotalIdxCount / 3);
      for (int i = 0; i < d->CmdListsCount; ++i) {
        const ImDrawList* list = d->CmdLists[i];
        if (list->IdxBuffer.Size < 3000) continue;  // the big ones only
        std::printf("  %-32.32s %7d triangles, %4d draw calls\n",
                    list->_OwnerName ? list->_OwnerName : "?", list->IdxBuffer.Size / 3,
                    list->CmdBuffer.Size);
      }
    }
  }
  if (opt.report_layout) {
    // The last frame's windows, for tests: no two may overlap.
    std::printf("window %d %d\n", static_cast<int>(ImGui::GetIO().DisplaySize.x),
                static_cast<int>(ImGui::GetIO().DisplaySize.y));
    for (const auto& [name, r] : ui.panel_rects)
      std::printf("panel %s %.0f %.0f %.0f %.0f\n", name.c_str(), r.x, r.y, r.w, r.h);
    for (const auto& [name, r] : ui.overlay_rects)
      std::printf("overlay %s %.0f %.0f %.0f %.0f\n", name.c_str(), r.x, r.y, r.w, r.h);
    for (const UiState::Fit& f : ui.fits)
      std::printf("fit %s %.0f %.0f\n", f.name.c_str(), f.need, f.room);
    for (const UiState::NodeMark& n : ui.graph_nodes)
      std::printf("node %d %d %.1f %.1f %.1f\n", n.layer, n.neuron, n.x, n.y, n.radius);
    for (const UiState::EdgeMark& e : ui.graph_edges)
      std::printf("edge %d %d %d %.1f %.1f %.1f %.1f\n", e.layer, e.j, e.k, e.x0, e.y0, e.x1, e.y1);
    for (const auto& [name, r] : ui.plot_rects)
      std::printf("plot %s %.0f %.0f %.0f %.0f\n", name.c_str(), r.x, r.y, r.w, r.h);
  }
  autosave(session, ui, glfwGetTime(), true);  // on exit
  return exit_code;
}

}  // namespace backstep::gui
