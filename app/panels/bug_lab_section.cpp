// The Bug lab section. It is the only place in the window that switches a
// mistake on, and it says so in the warning colour while one is on, so no one
// mistakes a buggy run for the engine. "Find the bug" draws a secret among
// the mistakes this network would show (core/bug_hunt.hpp), and the student
// names it from what the inspector, "Verify gradients" and the ghost curve show.
#include "app/panels/bug_lab_section.hpp"

#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/text/strings.hpp"
#include "core/bug_hunt.hpp"

namespace backstep {

namespace {

// "bug.no-batch-mean": the string key of a mistake's one-line description.
std::string what_key(Bug bug) {
  return "bug." + std::string(bug_name(bug));
}

void draw_mistake_picker(const Session& s, CommandQueue& q) {
  const std::string current =
      s.hp.bug == Bug::none ? std::string(tr("bug_lab.off")) : std::string(bug_name(s.hp.bug));
  if (ImGui::BeginCombo(tr_id("bug_lab.mistake"), current.c_str())) {
    if (ImGui::Selectable(tr("bug_lab.off"), s.hp.bug == Bug::none) && s.hp.bug != Bug::none)
      q.push(SetBug{Bug::none});
    for (Bug bug : all_bugs()) {
      const bool selected = bug == s.hp.bug;
      if (ImGui::Selectable(std::string(bug_name(bug)).c_str(), selected) && !selected)
        q.push(SetBug{bug});
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(what_key(bug)));
    }
    ImGui::EndCombo();
  }
  if (s.hp.bug != Bug::none) text_wrapped(tr(what_key(s.hp.bug)));
}

void start_hunt(const Session& s, UiState& ui, CommandQueue& q) {
  // A fresh secret each time: the clock and the count of draws so far.
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  const Bug secret = pick_secret_bug(
      s, static_cast<std::uint64_t>(now) ^ (0x9E3779B97F4A7C15ull * ++ui.bug_hunt.draws));
  if (secret == Bug::none) return;
  ui.bug_hunt.active = true;
  ui.bug_hunt.secret = secret;
  ui.bug_hunt.attempts = 0;
  ui.bug_hunt.solved = ui.bug_hunt.revealed = false;
  ui.bug_hunt.last_wrong = Bug::none;
  q.push(SetBug{secret, true});
}

void draw_hunt(const Session& s, UiState& ui, CommandQueue& q) {
  UiState::BugHunt& h = ui.bug_hunt;
  char line[256];
  if (h.hiding()) {
    std::snprintf(line, sizeof line, tr("bug_lab.secret_on"), h.attempts);
    ImGui::TextColored(palette().warn_text, "%s", line);
    const std::vector<Bug>& bugs = all_bugs();
    if (h.guess < 0 || h.guess >= static_cast<int>(bugs.size())) h.guess = 0;
    if (ImGui::BeginCombo(tr_id("bug_lab.guess"),
                          std::string(bug_name(bugs[static_cast<std::size_t>(h.guess)])).c_str())) {
      for (int i = 0; i < static_cast<int>(bugs.size()); ++i) {
        if (ImGui::Selectable(std::string(bug_name(bugs[static_cast<std::size_t>(i)])).c_str(),
                              i == h.guess))
          h.guess = i;
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s", tr(what_key(bugs[static_cast<std::size_t>(i)])));
      }
      ImGui::EndCombo();
    }
    if (ImGui::Button(tr_id("bug_lab.check"))) {
      ++h.attempts;
      const Bug guess = bugs[static_cast<std::size_t>(h.guess)];
      if (guess == h.secret) {
        h.solved = true;
      } else {
        h.last_wrong = guess;
      }
    }
    ImGui::SameLine();
    if (ImGui::Button(tr_id("bug_lab.reveal"))) h.revealed = true;
    if (h.last_wrong != Bug::none && h.hiding()) {
      std::snprintf(line, sizeof line, tr("bug_lab.wrong"),
                    std::string(bug_name(h.last_wrong)).c_str());
      text_wrapped(line);
    }
    text_wrapped(tr("bug_lab.hunt_hint"));
    return;
  }
  std::snprintf(line, sizeof line, tr(h.solved ? "bug_lab.right" : "bug_lab.revealed"),
                std::string(bug_name(h.secret)).c_str(), h.attempts);
  ImGui::TextColored(h.solved ? palette().good_text : palette().warn_text, "%s", line);
  text_wrapped(tr(what_key(h.secret)));
  if (ImGui::Button(tr_id("bug_lab.find_again"))) start_hunt(s, ui, q);
  ImGui::SameLine();
  if (ImGui::Button(tr_id("bug_lab.stop"))) {
    h.active = false;
    q.push(SetBug{Bug::none});
  }
}

}  // namespace

bool bug_hidden(const Session& s, const UiState& ui) {
  return ui.bug_hunt.hiding() && s.hp.bug == ui.bug_hunt.secret && s.hp.bug != Bug::none;
}

void draw_bug_lab_section(const Session& s, UiState& ui, CommandQueue& q) {
  // A hunt ends when its secret is no longer on (Undo, a loaded session).
  if (ui.bug_hunt.active && s.hp.bug != ui.bug_hunt.secret) ui.bug_hunt.active = false;
  text_wrapped(tr("bug_lab.intro"));
  if (ui.bug_hunt.active) {
    draw_hunt(s, ui, q);
  } else {
    draw_mistake_picker(s, q);
    if (ImGui::Button(tr_id("bug_lab.find"))) start_hunt(s, ui, q);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("bug_lab.find_tip"));
  }
  if (s.ghost.active) {
    char line[160];
    std::snprintf(line, sizeof line,
                  tr(s.ghost.diverged ? "bug_lab.ghost_diverged" : "bug_lab.ghost"),
                  s.ghost.start_step);
    ImGui::TextDisabled("%s", line);
  }
}

}  // namespace backstep
