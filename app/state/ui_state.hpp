// View state of the front end (zoom, toggles, selection, layout) and the
// panels' view caches. Never holds copies of model data: panels draw straight
// from the const Session.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/text/strings.hpp"

#include "app/automation/lesson.hpp"
#include "app/automation/shot_request.hpp"
#include "app/panels/panel_list.hpp"
#include "app/state/view_caches.hpp"
#include "core/bug.hpp"

namespace backstep {

struct PanelRect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct UiState {
  // Layout, recomputed from the window size on start and on "reset layout".
  bool layout_dirty = true;
  float ui_scale = 1.0f;

  // Classroom (app/look/appearance.cpp): language, theme and presenter mode are
  // remembered in settings.json (app/files/settings.hpp) when settings_dirty is set
  // by a menu; automated runs (--frames) never write it.
  Language language = Language::en;  // applied between frames (strings and fonts)
  bool light_theme = false;
  bool presenter = false;  // F5: larger, high-contrast, only the chosen panels
  // The other mode's shown panels, by PanelId: presenter mode starts with the
  // table's presenter column (app/panels/panel_list.hpp); a lesson or the View
  // menu changes that.
  std::array<bool, kPanelCount> other_panels =
      panel_flags([](const PanelInfo& p) { return p.in_presenter; });
  float presenter_scale = 2.0f;  // the UI scale in presenter mode (ui_scale otherwise)
  bool settings_dirty = false;
  bool cjk_font = true;    // a CJK font was found (else Chinese falls back to English)
  std::string cjk_notice;  // one line for the status line when it was not
  // --report-layout: each panel window's rectangle this frame, in draw order.
  std::vector<std::pair<std::string, PanelRect>> panel_rects;
  // --report-layout: windows over the panels (help, the divergence banner)
  // and parts of them ("help-description": the description column, height 0).
  std::vector<std::pair<std::string, PanelRect>> overlay_rects;
  // --report-layout: text that must fit its room this frame, both in pixels:
  // the widest node value against a node's diameter, the status message
  // against the space left of the ms/frame readout.
  struct Fit {
    std::string name;
    float need = 0, room = 0;
  };
  std::vector<Fit> fits;
  // --report-layout, filled only when it is asked for (report_layout): the
  // graph's drawn nodes (layer 0 … L, neuron 1-based) and edges w⁽ˡ⁾_jk
  // (j, k 1-based) from centre to centre, and plot rectangles ("loss-plot",
  // "output-plane"), so tests read positions instead of guessing them.
  bool report_layout = false;
  struct NodeMark {
    int layer = 0, neuron = 0;
    float x = 0, y = 0, radius = 0;
  };
  struct EdgeMark {
    int layer = 0, j = 0, k = 0;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  };
  std::vector<NodeMark> graph_nodes;
  std::vector<EdgeMark> graph_edges;
  std::vector<std::pair<std::string, PanelRect>> plot_rects;

  // Which panels show, by PanelId (read and set with shown(ui, id)); the
  // lesson panel's entry is unused: it shows while a lesson is open.
  std::array<bool, kPanelCount> panels_shown =
      panel_flags([](const PanelInfo& p) { return p.at_start; });
  bool show_help = false;

  // Network graph.
  bool graph_show_gradients = false;   // edges: |∂L/∂w| instead of w
  bool graph_show_maps = true;         // 2-D inputs: each node shows its map over the input plane
  float graph_side_font_scale = 1.0f;  // presenter mode's column beside the graph: shrinks to fit
  int pinned_layer = -1;               // neuron pinned by a click (-1: none)
  int pinned_neuron = -1;
  // Weight editing on the graph: the edge under a press (a vertical drag
  // changes it) or open in the type-a-value popup.
  int edit_layer = -1, edit_j = -1, edit_k = -1;
  double edit_start = 0.0;  // w when the press began
  double edit_value = 0.0;  // the popup's field
  bool edit_dragging = false;

  // Bug lab, "Find the bug" (app/panels/bug_lab_section.cpp): a mistake
  // picked in secret. Until it is named or revealed, no view names it: the
  // inspector shows the correct formula beside the number the engine computed.
  struct BugHunt {
    bool active = false;
    Bug secret = Bug::none;
    int guess = 0;  // index into all_bugs()
    int attempts = 0;
    bool solved = false, revealed = false;
    Bug last_wrong = Bug::none;  // the last wrong answer, for its verdict line
    std::uint64_t draws = 0;     // secrets drawn so far: the next pick's seed
    bool hiding() const { return active && !solved && !revealed; }
  } bug_hunt;
  Bug bug_lab_seen = Bug::none;  // the mistake the Bug lab section last drew (opens it on a change)

  // Loss curves.
  bool loss_log_scale = true;
  bool loss_show_batch = false;  // the faint mini-batch loss trace

  // Training speed: steps per frame, or 0 for "auto" (a time budget per frame).
  int steps_per_frame = 0;
  int auto_steps = 1;          // steps this frame in auto mode, adapted to the budget
  double train_ms = 0.0;       // time the last frame spent training
  long evaluation_credit = 0;  // samples trained since the last evaluation block (large sets)
  // CPU time of each panel this frame, Begin … End (--report-frame-times).
  std::array<double, kPanelCount> panel_ms{};
  double frame_ms = 0.0;  // smoothed frame time, for the status line

  // UI scale: ui_scale is what the user asked for; the frame loop rebuilds the
  // font atlas between frames when it differs from the scale the fonts have.
  float content_scale = 1.0f;  // the monitor's (HiDPI) scale, from GLFW

  // Preset picker: names of assets/presets/*.json, listed once at start.
  std::string presets_dir;
  std::vector<std::string> preset_names;

  // Status line: a note from the UI itself (screenshot path, a file error).
  std::string status_note;
  bool status_note_is_error = false;
  bool quit_requested = false;

  // Data & output, Dataset panels (app/panels/output/output_panel.cpp, dataset_panel.cpp).
  bool output_show_test = true;     // test samples as hollow rings
  bool output_discretize = false;   // hard class regions instead of probability shading
  int heatmap_resolution = 64;      // G: grid points per side for every neuron's map
  std::string dropped_path;         // a file dropped onto the window; the dataset panel imports it
  char import_path[512] = {};       // the dataset panel's path field
  char import_target[128] = {};     // CSV target column: header name(s) or 1-based index(es)
  float import_test_share = -1.0f;  // the held-out share slider while dragged (%); < 0: the spec's
  std::string import_error;         // last import error ("file:line: what"); the data stays

  // A PNG the UI asked for (F12, Shift+F12, File menu): written after this
  // frame renders, or after screenshot_wait more frames (a menu click waits
  // one, so the closing menu is not in the picture). Path empty: none.
  ShotRequest screenshot_request;
  int screenshot_wait = 0;
  std::string hovered_panel;  // the panel under the mouse last frame (Shift+F12); "" if none

  // Gradient health (app/panels/health_panel.cpp). The graph rings the
  // parameter in highlight_* (layer 0: none), set by the panel from the last
  // gradient check's worst parameter.

  // Chain-rule inspector (app/panels/inspector_panel.cpp): the graph panel
  // highlights its current micro-step (app/panels/graph/trace_highlight.hpp).
  int inspector_pin_layer = -1, inspector_pin_neuron = -1;  // the pin last jumped to
  bool health_ring_worst = true;
  int highlight_layer = 0, highlight_j = 0, highlight_k = 0;
  bool highlight_bias = false;

  // Sessions, exports and rewind (app/shell/session_menu.cpp, app/panels/rewind_bar.cpp).
  int file_action = 0;                  // FileAction waiting for its path popup (0: none)
  bool file_popup_request = false;      // open the path popup this frame
  char file_path[1024] = {};            // the popup's path field
  bool offer_resume = false;            // at start: resume the autosaved session?
  std::string resume_path;              // the autosave offered
  double last_autosave = 0.0;           // glfwGetTime() of the last autosave
  bool autosave_enabled = false;        // off for automated runs (--frames, --screenshot)
  bool confirm_discard_future = false;  // rewind bar: "resume from here?" popup request

  // Guided lessons (app/automation/lesson.hpp, app/panels/lesson_panel.cpp): the lesson
  // open (the panel shows while one is), and assets/lessons/*.json for the menu.
  LessonState lesson;
  std::string lessons_dir;
  std::vector<std::string> lesson_names;
  std::vector<LocalText> lesson_titles;  // the same order; for the Lessons menu

  // The panels' caches (graph numbers, health statistics, predictions, GPU
  // heatmaps): see app/state/view_caches.hpp for their lifetime.
  ViewCaches views;
};

inline bool& shown(UiState& ui, PanelId id) {
  return ui.panels_shown[index_of(id)];
}
inline bool shown(const UiState& ui, PanelId id) {
  return ui.panels_shown[index_of(id)];
}

// A plot's rectangle (corners in screen pixels) for --report-layout.
inline void report_plot(UiState& ui, const char* name, float x0, float y0, float x1, float y1) {
  if (ui.report_layout) ui.plot_rects.emplace_back(name, PanelRect{x0, y0, x1 - x0, y1 - y0});
}

}  // namespace backstep
