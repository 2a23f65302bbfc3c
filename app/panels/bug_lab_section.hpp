// The Bug lab's section of Model & controls: switch one classic backprop
// mistake on (core/bug.hpp), or let the app pick one in secret and find it.
#pragma once

#include "app/state/command_queue.hpp"
#include "app/state/ui_state.hpp"
#include "core/session.hpp"

namespace backstep {

void draw_bug_lab_section(const Session& s, UiState& ui, CommandQueue& q);

// Whether the inspector must keep the mistake's name and formula hidden
// ("Find the bug" under way with this session's bug on).
bool bug_hidden(const Session& s, const UiState& ui);

}  // namespace backstep
