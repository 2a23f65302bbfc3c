// Sessions and exports in the window: File-menu items, Ctrl+S / Ctrl+O /
// Ctrl+Z / Ctrl+Y, the path popup, the "resume the last session?" modal and
// the autosave. Saving reads the session as const; loading pushes LoadSession.
#pragma once

#include "app/state/command_queue.hpp"
#include "app/state/ui_state.hpp"
#include "core/session.hpp"
#include "formats/json_util.hpp"

namespace backstep {

// Items inside the File menu (between BeginMenu("File") and EndMenu()).
void draw_session_menu_items(const Session& s, UiState& ui, CommandQueue& q);
// Ctrl+S, Ctrl+O, Ctrl+Z, Ctrl+Y (Ctrl+Shift+Z) — only when no text field is active.
void handle_session_shortcuts(const Session& s, UiState& ui, CommandQueue& q);
// The path popup and the resume modal; call once per frame at top level.
void draw_session_popups(const Session& s, UiState& ui, CommandQueue& q);

// At start (interactive runs only): offer the autosave if there is one.
void offer_resume_if_any(UiState& ui);
// Writes the autosave when `force` or when 3 minutes have passed since the
// last one (`now` in seconds). Failures go to the status line.
void autosave(const Session& s, UiState& ui, double now, bool force);
// Seconds until autosave() would write (an hour when it never will): how long
// an idle window may sleep.
double seconds_to_autosave(const UiState& ui, double now);

// UI settings stored in a session file's "view" object, and back.
json_util::Json view_of(const UiState& ui);
void apply_view(const json_util::Json& view, UiState& ui);

}  // namespace backstep
