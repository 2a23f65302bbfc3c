#include "core/session_rewind.hpp"

#include "core/command_kind.hpp"

#include <type_traits>
#include <utility>

namespace backstep {
namespace {

Status err(std::string text) {
  return Error{std::move(text)};
}

void info(Session& s, std::string text) {
  s.message = std::move(text);
  s.message_is_error = false;
}

bool same_shape(const Mlp& a, const Mlp& b) {
  if (a.depth() != b.depth()) return false;
  for (int l = 0; l <= a.depth(); ++l)
    if (a.size(l) != b.size(l)) return false;
  return true;
}

EditState capture(const Session& s) {
  EditState e;
  e.init = s.init;
  e.hp = s.hp;
  e.data_spec = s.data_spec;
  e.data_source = s.data_source;
  e.data_import = s.data_import;
  // Imported data never changes under an edit; generated data may be
  // regenerated (a new output activation), and is small.
  if (s.data_source.empty()) e.data = s.data;
  e.position = take_snapshot(s.net, s.trainer, s.data.train, s.hp, false);
  e.history = s.history;
  e.last_step = s.last_step;
  e.selected_sample = s.selected_sample;
  return e;
}

void restore(Session& s, EditState e) {
  const bool reshaped = !same_shape(s.net, e.position.net);
  s.init = e.init;
  s.hp = e.hp;
  s.data_spec = e.data_spec;
  s.data_source = e.data_source;
  s.data_import = e.data_import;
  if (e.data) s.data = std::move(*e.data);
  s.net = e.position.net;
  s.trainer.reset(s.net, s.data.train, s.hp);
  restore_snapshot(e.position, s.net, s.trainer);
  s.history = std::move(e.history);
  s.last_step = e.last_step;
  s.selected_sample = e.selected_sample;
  // Snapshots of another shape cannot be shown on this network.
  if (reshaped) s.rewind.history.clear();
  refresh_evaluation(s);
}

}  // namespace

long edit_key(const Command& c) {
  return std::visit(
      [](const auto& cmd) -> long {
        using T = std::decay_t<decltype(cmd)>;
        // Continuous edits (sliders, drags) merge while repeated back to back.
        if constexpr (std::is_same_v<T, SetLearningRate>) return 1;
        if constexpr (std::is_same_v<T, SetRegularization>) return 2;
        if constexpr (std::is_same_v<T, SetClipNorm>) return 3;
        if constexpr (std::is_same_v<T, SetWeight>)
          return 16 + ((static_cast<long>(cmd.layer) * 4096 + cmd.j) * 4096 + cmd.k) * 2;
        if constexpr (std::is_same_v<T, SetBias>)
          return 17 + (static_cast<long>(cmd.layer) * 4096 + cmd.j) * 2 * 4096;
        // Every other undoable edit gets an entry of its own.
        return kind_of(cmd).undoable ? 0 : -1;
      },
      c);
}

Status rewind_gate(const Session& s, const Command& c) {
  if (!s.rewind.viewing_past()) return Ok{};
  if (!command_kind(c).blocked_in_past) return Ok{};
  return err("showing step " + std::to_string(s.rewind.viewing_step) +
             " of the past: resume from here (discards the later steps) or return to the "
             "present first");
}

UndoCapture begin_command(const Session& s, const Command& c) {
  UndoCapture u;
  u.key = edit_key(c);
  if (u.key < 0) return u;
  // A repeat of the same continuous edit keeps the entry from before the first.
  const bool merges = u.key > 0 && u.key == s.rewind.last_edit_key && !s.rewind.undo.empty();
  if (!merges) u.before = capture(s);
  return u;
}

void end_command(Session& s, const Command& c, UndoCapture u, bool ok) {
  if (std::holds_alternative<Undo>(c) || std::holds_alternative<Redo>(c)) return;
  if (!ok) return;  // nothing changed (apply's contract)
  if (u.key < 0) {
    // Any other successful command ends a run of merged edits, except those
    // that only look (select a sample, pause, move the trace cursor).
    if (!command_kind(c).looks_only) s.rewind.last_edit_key = -1;
    return;
  }
  if (u.before) {
    std::vector<EditState>& undo = s.rewind.undo;
    if (undo.size() >= RewindState::kMaxUndo) undo.erase(undo.begin());
    undo.push_back(std::move(*u.before));
  }
  s.rewind.redo.clear();
  s.rewind.last_edit_key = u.key;
}

void snapshot_before_step(Session& s) {
  const long step = s.trainer.steps();
  if (!s.rewind.history.wants(step)) return;
  s.rewind.history.add(take_snapshot(s.net, s.trainer, s.data.train, s.hp, true));
}

void clear_rewind(Session& s) {
  s.rewind.history.clear();
  s.rewind.present.reset();
  s.rewind.viewing_step = -1;
}

Status apply_rewind(Session& s, const Rewind& c) {
  if (c.step < 0) return err("rewind: the step must be ≥ 0");
  RewindState& r = s.rewind;
  const long now = r.present ? r.present->step : s.trainer.steps();
  if (c.step >= now) {
    if (r.viewing_past()) return apply_return_to_present(s);
    info(s, "already at the present (step " + std::to_string(now) + ")");
    return Ok{};
  }
  const Snapshot* snap = r.history.at_or_before(c.step);
  if (!snap) return err("rewind: no snapshot at or before step " + std::to_string(c.step));
  if (!r.present) r.present = take_snapshot(s.net, s.trainer, s.data.train, s.hp, false);
  restore_snapshot(*snap, s.net, s.trainer);
  r.viewing_step = snap->step;
  s.playing = false;
  refresh_evaluation(s);
  info(s, "showing step " + std::to_string(snap->step) + " of " + std::to_string(now));
  return Ok{};
}

Status apply_return_to_present(Session& s) {
  RewindState& r = s.rewind;
  if (!r.present) {
    info(s, "at the present");
    return Ok{};
  }
  restore_snapshot(*r.present, s.net, s.trainer);
  r.present.reset();
  r.viewing_step = -1;
  refresh_evaluation(s);
  info(s, "back at the present (step " + std::to_string(s.trainer.steps()) + ")");
  return Ok{};
}

Status apply_resume_from_rewind(Session& s) {
  RewindState& r = s.rewind;
  if (!r.present) return err("resume: not showing the past");
  const long step = r.viewing_step;
  const long discarded = r.present->step - step;
  r.present.reset();
  r.viewing_step = -1;
  r.history.discard_after(step);
  // The curve keeps the points measured at or before the step resumed from.
  std::vector<HistoryPoint> kept;
  for (const HistoryPoint& p : s.history.points())
    if (p.step <= step) kept.push_back(p);
  s.history.restore(std::move(kept), s.history.stride(), 0);
  s.grad_history.discard_after(step);
  // Edits belong to the discarded timeline.
  r.undo.clear();
  r.redo.clear();
  r.last_edit_key = -1;
  s.last_step = StepReport{};
  info(s, "resumed from step " + std::to_string(step) + "; " + std::to_string(discarded) +
              " later steps discarded");
  return Ok{};
}

Status apply_undo(Session& s) {
  RewindState& r = s.rewind;
  if (r.undo.empty()) return err("nothing to undo");
  EditState before = std::move(r.undo.back());
  r.undo.pop_back();
  r.redo.push_back(capture(s));
  restore(s, std::move(before));
  r.last_edit_key = -1;
  info(s, "undone");
  return Ok{};
}

Status apply_redo(Session& s) {
  RewindState& r = s.rewind;
  if (r.redo.empty()) return err("nothing to redo");
  EditState after = std::move(r.redo.back());
  r.redo.pop_back();
  r.undo.push_back(capture(s));
  restore(s, std::move(after));
  r.last_edit_key = -1;
  info(s, "redone");
  return Ok{};
}

Status apply_load_session(Session& s, const LoadSession& c) {
  if (!c.session) return err("load session: no session");
  const std::uint64_t revision = s.revision;
  s = *c.session;
  s.revision = revision;
  info(s, "session loaded" + (c.source.empty() ? std::string() : " from " + c.source));
  return Ok{};
}

}  // namespace backstep
