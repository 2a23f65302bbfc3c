// The Session side of rewind and undo (core/rewind.hpp): what apply() calls
// before and after commands, and the Rewind/Undo commands themselves.
#pragma once

#include <optional>

#include "core/commands.hpp"
#include "core/result.hpp"
#include "core/session.hpp"

namespace backstep {

// −1: the command is not an undoable edit. 0: an edit with its own undo entry.
// > 0: an edit that merges with an immediately preceding one of the same key
// (a slider drag or a weight dragged on the graph makes one undo entry).
long edit_key(const Command& c);

// While the past is shown, training and edits must wait for Resume or Return.
Status rewind_gate(const Session& s, const Command& c);

// Called by apply() around every command: captures the state before an edit
// and files it for Undo once the edit succeeded.
struct UndoCapture {
  long key = -1;
  std::optional<EditState> before;
};
UndoCapture begin_command(const Session& s, const Command& c);
void end_command(Session& s, const Command& c, UndoCapture capture, bool ok);

// Before each optimizer step: a snapshot if the spacing rule wants one.
void snapshot_before_step(Session& s);
// A new run (new network, new data): no past to return to.
void clear_rewind(Session& s);

Status apply_rewind(Session& s, const Rewind& c);
Status apply_resume_from_rewind(Session& s);
Status apply_return_to_present(Session& s);
Status apply_undo(Session& s);
Status apply_redo(Session& s);
Status apply_load_session(Session& s, const LoadSession& c);

}  // namespace backstep
