// One frame of the UI, as a flat list: menu bar, panels laid out from the
// window size, status line, help overlay, keyboard shortcuts. Reads the
// session as const; every change goes into the command queue.
#pragma once

#include "app/state/command_queue.hpp"
#include "app/state/ui_state.hpp"
#include "core/session.hpp"

namespace backstep {

// Space, →, R, F1, F5 (presenter), F12, Esc — only when no text field wants the keyboard.
void handle_shortcuts(const Session& s, UiState& ui, CommandQueue& q);

// Presenter mode on or off (F5, the View menu, --presenter). Each mode has its
// own set of shown panels (UiState::other_panels holds the other one's).
void set_presenter(UiState& ui, bool on);

// Menu bar, the panels, the status line and (F1) the help overlay.
void draw_frame(const Session& s, UiState& ui, CommandQueue& q);

}  // namespace backstep
