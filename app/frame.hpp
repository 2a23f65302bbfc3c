// One frame of the UI, as a flat list: menu bar, panels laid out from the
// window size, status line, help overlay, keyboard shortcuts. Reads the
// session as const; every change goes into the command queue.
#pragma once

#include "app/command_queue.hpp"
#include "app/ui_state.hpp"
#include "core/session.hpp"

namespace backstep {

// Space, →, R, F1, F12, Esc — only when no text field wants the keyboard.
void handle_shortcuts(const Session& s, UiState& ui, CommandQueue& q);

// Menu bar, the panels, the status line and (F1) the help overlay.
void draw_frame(const Session& s, UiState& ui, CommandQueue& q);

// The hint shown in the status line.
inline constexpr const char* kHint = "Space: train · →: one step · R: reset · F1: help";

}  // namespace backstep
