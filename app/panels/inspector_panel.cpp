// The chain-rule inspector: the current micro-step's formula large, the
// numbers substituted beneath, the result; the previous and next steps greyed
// around it; a timeline of the whole step with phase markers; buttons (and
// Shift+→ / Shift+←, app/shell/frame.cpp) to move; the granularity toggle.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "app/look/appearance.hpp"
#include "app/look/highlight.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/bug_lab_section.hpp"
#include "app/panels/panels.hpp"
#include "app/text/core_text.hpp"
#include "app/text/formula_diff.hpp"
#include "app/text/strings.hpp"
#include "core/session_trace.hpp"
#include "core/trace_text.hpp"

namespace backstep {

namespace {

// The phases' colours are the graph's highlight colours (app/look/highlight.hpp).
ImU32 phase_colour(TracePhase p, float alpha = 1.0f) {
  return trace_text_colour(p, alpha);
}

// Keys of the phases' short names. (Calls below spell backstep::tr: a local
// Tracer named `tr` hides the function.)
const char* const kPhaseShort[kTracePhaseCount] = {
    "trace.phase.forward", "trace.phase.loss", "trace.phase.delta_out", "trace.phase.delta_hidden",
    "trace.phase.dw",      "trace.phase.db",   "trace.phase.update"};
// The same as symbols, for a timeline too narrow for the words (a lesson's
// column beside presenter mode); the hover tip names the phase in full.
const char* const kPhaseTiny[kTracePhaseCount] = {
    "trace.phase_tiny.forward",      "trace.phase_tiny.loss", "trace.phase_tiny.delta_out",
    "trace.phase_tiny.delta_hidden", "trace.phase_tiny.dw",   "trace.phase_tiny.db",
    "trace.phase_tiny.update"};

// Wrapped at spaces and around Chinese characters, never inside a number.
void wrapped(const std::string& text, ImVec4 colour) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  text_wrapped(text);
  ImGui::PopStyleColor();
}

// Micro-step i as the inspector shows it. While "Find the bug" hides a secret
// mistake, the correct formula and numbers stand in for the bug's (its
// formula and note would name it); TraceStep::correct stays, so the view can
// still show the number the engine computed.
TraceStep shown_step(const Tracer& tr, long i, bool hide_bug) {
  TraceStep m = tr.at(i);
  if (hide_bug && m.correct) {
    m.formula = m.correct->formula;
    m.substituted = m.correct->substituted;
    m.note = m.correct->note;
  }
  return m;
}

// A neighbouring micro-step, small and grey: "↑ 12  [forward] a⁽¹⁾₂ = … = 0.53".
void neighbour(const Tracer& tr, long i, const char* arrow, bool hide_bug) {
  if (i < 0 || i >= tr.size()) {
    ImGui::TextDisabled("%s", arrow);
    return;
  }
  const TraceStep m = shown_step(tr, i, hide_bug);
  char head[32];
  std::snprintf(head, sizeof head, "%s %ld  ", arrow, i + 1);
  wrapped(head + localize_core_text(format_line(m)),
          ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
}

// The timeline: one segment per non-empty phase, the cursor as a white bar;
// click or drag to scrub. Segments are equal (so short phases stay
// clickable) while every name fits in its own; otherwise each segment is as
// wide as its name needs, the spare width shared out; and past that, the
// names give way to symbols. No name is ever cut off.
void timeline(const Tracer& tr, long index, UiState& ui, CommandQueue& q) {
  const float font = ImGui::GetFontSize();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 50.0f);
  const float height = 1.35f * font;
  ImGui::InvisibleButton("##trace_timeline", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  int phases = 0;
  for (int p = 0; p < kTracePhaseCount; ++p)
    phases += tr.phase_size(static_cast<TracePhase>(p)) > 0;
  float pad = 0.6f * font;  // 0.3 em each side of a name
  const auto needs = [&](const char* const* keys, std::array<float, kTracePhaseCount>& w) {
    float total = 0, widest = 0;
    for (int p = 0; p < kTracePhaseCount; ++p) {
      w[p] = tr.phase_size(static_cast<TracePhase>(p)) > 0
                 ? ImGui::CalcTextSize(backstep::tr(keys[p])).x + pad
                 : 0.0f;
      total += w[p];
      widest = std::max(widest, w[p]);
    }
    return std::pair{total, widest};
  };
  std::array<float, kTracePhaseCount> need{};
  const char* const* names = kPhaseShort;
  auto [total, widest] = needs(names, need);
  if (total > width) {  // the names with a thinner margin
    pad = 0.25f * font;
    std::tie(total, widest) = needs(names, need);
  }
  if (total > width) {
    pad = 0.6f * font;
    names = kPhaseTiny;
    std::tie(total, widest) = needs(names, need);
  }
  const bool equal = widest * static_cast<float>(phases) <= width;
  const float spare = std::max(width - total, 0.0f) / static_cast<float>(std::max(phases, 1));
  ui.fits.push_back({"inspector-phase-tabs", std::ceil(total), width});
  const auto seg_width = [&](int p) {
    return equal ? width / static_cast<float>(std::max(phases, 1)) : need[p] + spare;
  };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float x = p0.x;
  const float mouse_x = ImGui::GetIO().MousePos.x;
  long scrub_to = -1;
  for (int p = 0; p < kTracePhaseCount; ++p) {
    const auto phase = static_cast<TracePhase>(p);
    const long n = tr.phase_size(phase), first = tr.first_index(phase);
    if (n == 0) continue;
    const float seg = seg_width(p);
    if (hovered && mouse_x >= x && mouse_x < x + seg && names == kPhaseTiny) {
      ImGui::SetTooltip("%s", backstep::tr(kPhaseShort[p]));
    }
    const bool current = index >= first && index < first + n;
    dl->AddRectFilled(ImVec2(x + 1, p0.y), ImVec2(x + seg - 1, p0.y + height),
                      trace_colour(phase, current ? 1.0f : 0.45f), 3.0f);
    // The name inside its segment (one row less than a caption line: at
    // presenter scales that row is the formula's), clipped to the segment.
    // Dark on the bright current phase, the theme's text on the dimmed rest.
    // The fills are the bright highlight colours in both themes: the light
    // theme's darkened text colours made the current tab black on navy.
    const ImVec4 clip(x + 1, p0.y, x + seg - 1, p0.y + height);
    dl->AddText(ImGui::GetFont(), font, ImVec2(x + 0.3f * font, p0.y + 0.175f * font),
                current ? IM_COL32(10, 10, 10, 255) : ImGui::GetColorU32(ImGuiCol_Text),
                backstep::tr(names[p]), nullptr, 0.0f, &clip);
    if (current) {
      const float cx = x + seg * (static_cast<float>(index - first) + 0.5f) / n;
      dl->AddRectFilled(ImVec2(cx - 2.5f, p0.y - 3), ImVec2(cx + 2.5f, p0.y + height + 3),
                        palette().ring);
    }
    if (ImGui::IsItemActive() && mouse_x >= x && mouse_x < x + seg) {
      const long k = static_cast<long>((mouse_x - x) / seg * n);
      scrub_to = first + std::clamp(k, 0L, n - 1);
    }
    x += seg;
  }
  if (scrub_to >= 0 && scrub_to != index) q.push(SetTraceIndex{scrub_to});
}

void buttons(const Session& s, const Tracer& tr, long index, UiState& ui, CommandQueue& q) {
  const TracePhase phase = tr.phase_of(index);
  if (ImGui::Button(tr_id("trace.prev_phase"))) {
    const long start = tr.first_index(phase);
    long target = start;
    if (index == start) {  // already at the start: the previous non-empty phase
      for (int p = static_cast<int>(phase) - 1; p >= 0; --p) {
        if (tr.phase_size(static_cast<TracePhase>(p)) > 0) {
          target = tr.first_index(static_cast<TracePhase>(p));
          break;
        }
      }
    }
    q.push(SetTraceIndex{target});
  }
  ImGui::SameLine();
  if (ImGui::Button(tr_id("trace.back"))) q.push(MicroStep{-1});
  ImGui::SameLine();
  if (ImGui::Button(tr_id("trace.next"))) q.push(MicroStep{1});
  ImGui::SameLine();
  if (ImGui::Button(tr_id("trace.next_phase"))) {
    long target = tr.size();  // past the end: applies the step
    for (int p = static_cast<int>(phase) + 1; p < kTracePhaseCount; ++p) {
      if (tr.phase_size(static_cast<TracePhase>(p)) > 0) {
        target = tr.first_index(static_cast<TracePhase>(p));
        break;
      }
    }
    q.push(MicroStep{target - index});
  }
  ImGui::SameLine();
  if (ImGui::Button(tr_id("trace.finish"))) q.push(MicroStep{tr.size() - index});
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s", backstep::tr("trace.finish_tip"));
  }
  // Granularity beside the buttons when the panel is wide enough (presenter
  // mode needs every row for the formula), else on a line of its own; the
  // keys hint only where it fits (the status line repeats it).
  const ImGuiStyle& style = ImGui::GetStyle();
  const auto radio_w = [&](const char* key) {
    return ImGui::GetFrameHeight() + style.ItemInnerSpacing.x +
           ImGui::CalcTextSize(backstep::tr(key)).x;
  };
  const float granularity_w = ImGui::CalcTextSize(backstep::tr("trace.granularity")).x +
                              radio_w("trace.per_neuron") + radio_w("trace.per_weight") +
                              2 * style.ItemSpacing.x + 2 * style.ItemSpacing.x;
  // In presenter mode a row of its own would be taken from the formula: the
  // granularity is set beforehand (or with F5 off), so it goes.
  const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const bool fits_beside =
      ImGui::GetItemRectMax().x + 2 * style.ItemSpacing.x + granularity_w <= right_edge;
  if (ui.presenter && !fits_beside) return;
  same_line_if_fits(granularity_w, 2 * style.ItemSpacing.x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(backstep::tr("trace.granularity"));
  ImGui::SameLine();
  const TraceGranularity g = s.trace.granularity;
  if (ImGui::RadioButton(tr_id("trace.per_neuron"), g == TraceGranularity::neuron)) {
    q.push(SetTraceGranularity{TraceGranularity::neuron});
  }
  ImGui::SameLine();
  if (ImGui::RadioButton(tr_id("trace.per_weight"), g == TraceGranularity::weight)) {
    q.push(SetTraceGranularity{TraceGranularity::weight});
  }
  const char* keys = backstep::tr("trace.keys");
  const float keys_w = ImGui::CalcTextSize(keys).x;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + 2 * style.ItemSpacing.x + keys_w <= right) {
    ImGui::SameLine(0, 2 * style.ItemSpacing.x);
    ImGui::TextDisabled("%s", keys);
  }
}

// A neuron pinned on the graph (a click there) jumps to its first micro-step.
void follow_pin(const Session& s, UiState& ui, CommandQueue& q) {
  if (ui.pinned_layer == ui.inspector_pin_layer && ui.pinned_neuron == ui.inspector_pin_neuron) {
    return;
  }
  ui.inspector_pin_layer = ui.pinned_layer;
  ui.inspector_pin_neuron = ui.pinned_neuron;
  if (ui.pinned_layer < 0 || s.playing) return;
  q.push(JumpTrace{TracePhase::forward, ui.pinned_layer, ui.pinned_neuron});
}

// "0.129986" or "[0.1, 0.2, …]": what the engine computed at a step.
std::string computed_value(const TraceStep& m) {
  if (m.values.empty()) return notation::number(m.value, 6);
  return notation::bracket_list(static_cast<int>(m.values.size()), [&](int k) {
    return notation::number(m.values[static_cast<std::size_t>(k)], 6);
  });
}

// Bug lab, below the current step: the correct engine's formula and numbers
// with the part that differs, or, hiding a secret mistake, the number this
// (buggy) engine computed beside the correct step shown above.
void draw_bug_side(const TraceStep& m, bool hide_bug) {
  const TraceCorrection& c = *m.correct;
  if (hide_bug) {
    wrapped(std::string(backstep::tr("bug_lab.engine_computed")) + ": " + computed_value(m),
            palette().warn_text);
    return;
  }
  ImGui::Separator();
  wrapped(std::string("▲ ") + backstep::tr("bug_lab.with_bug") + "   ▼ " +
              backstep::tr("bug_lab.correct"),
          palette().warn_text);
  wrapped(localize_core_text(c.formula), palette().good_text);
  wrapped("= " + localize_core_text(c.substituted), ImGui::GetStyle().Colors[ImGuiCol_Text]);
  if (c.same_formula) {
    wrapped(backstep::tr("bug_lab.same_formula"), palette().note_text);
    return;
  }
  const FormulaDifference d = formula_difference(m.formula, localize_core_text(c.formula));
  wrapped(std::string(backstep::tr("bug_lab.differs")) + "  " + (d.left.empty() ? "∅" : d.left) +
              "  ≠  " + (d.right.empty() ? "∅" : d.right),
          palette().warn_text);
}

}  // namespace

void draw_inspector_panel(const Session& s, UiState& ui, CommandQueue& q) {
  const Tracer* tr = session_tracer(s);
  if (!tr || tr->size() == 0) {
    ImGui::TextDisabled("%s", backstep::tr("trace.no_data"));
    return;
  }
  follow_pin(s, ui, q);
  const long index = trace_index(s);
  const bool hide_bug = bug_hidden(s, ui);
  TraceStep m = shown_step(*tr, index, hide_bug);
  // The engine writes English; the words (not the math) follow the language.
  m.formula = localize_core_text(m.formula);
  m.substituted = localize_core_text(m.substituted);
  m.note = localize_core_text(m.note);
  char info[200];
  std::snprintf(info, sizeof info, backstep::tr("trace.info"), s.trainer.steps() + 1, index + 1,
                tr->size(), backstep::tr(kPhaseShort[static_cast<int>(m.phase)]),
                traced_sample(s) + 1, tr->batch());
  // Walk another sample of the pending batch; the graph follows, since both
  // show the session's one selected sample.
  if (tr->batch() > 1) {
    const std::vector<int>& batch = tr->computed_step().batch;
    const int b = tr->batch(), col = tr->sample();
    if (ImGui::ArrowButton("##trace_prev_sample", ImGuiDir_Left))
      q.push(SelectSample{batch[(col + b - 1) % b]});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", backstep::tr("trace.prev_sample"));
    ImGui::SameLine(0, 2);
    if (ImGui::ArrowButton("##trace_next_sample", ImGuiDir_Right))
      q.push(SelectSample{batch[(col + 1) % b]});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", backstep::tr("trace.next_sample"));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
  }
  // Wrapped, not cut: "(batch of 10)" is the one place the batch size shows,
  // and a lesson's column in presenter mode leaves the panel narrow.
  text_wrapped(info);
  if (s.playing) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", backstep::tr("trace.training"));
  }
  buttons(s, *tr, index, ui, q);
  timeline(*tr, index, ui, q);

  // Short of room (presenter mode, a small window), the formula keeps its rows
  // and the greyed neighbours go.
  const bool roomy = ImGui::GetContentRegionAvail().y > 9.0f * ImGui::GetFontSize();
  ImGui::BeginChild("##trace_body", ImVec2(0, 0), false);
  if (roomy) {
    neighbour(*tr, index - 1, "↑", hide_bug);
    ImGui::Separator();
  }
  // The current step, large: formula, then the numbers, then the result.
  // As large as the room allows: 1.8× the text for the formula (1.5× for the
  // numbers) when it fits, down to 1× in a short panel or at presenter scales.
  const ImVec4 colour = ImGui::ColorConvertU32ToFloat4(phase_colour(m.phase));
  const std::string numbers = "= " + m.substituted;
  const float width = ImGui::GetContentRegionAvail().x;
  const float room = ImGui::GetContentRegionAvail().y -
                     ImGui::GetTextLineHeightWithSpacing() * (m.note.empty() ? 0.5f : 1.5f);
  float scale = 1.0f;
  for (float k : {1.8f, 1.6f, 1.4f, 1.2f}) {
    ImGui::SetWindowFontScale(k);
    const float formula_h = ImGui::CalcTextSize(m.formula.c_str(), nullptr, false, width).y;
    ImGui::SetWindowFontScale(k * 5.0f / 6.0f);
    const float numbers_h = ImGui::CalcTextSize(numbers.c_str(), nullptr, false, width).y;
    if (formula_h + numbers_h + 2 * ImGui::GetStyle().ItemSpacing.y <= room) {
      scale = k;
      break;
    }
  }
  ImGui::SetWindowFontScale(scale);
  wrapped(m.formula, colour);
  ImGui::SetWindowFontScale(std::max(scale * 5.0f / 6.0f, 1.0f));
  wrapped(numbers, ImGui::GetStyle().Colors[ImGuiCol_Text]);
  ImGui::SetWindowFontScale(1.0f);
  if (!m.note.empty()) wrapped(m.note, palette().note_text);
  if (m.correct) draw_bug_side(m, hide_bug);
  // --report-layout: the current step's rows against the room they had.
  ui.fits.push_back({"inspector-body", ImGui::GetCursorPosY(), ImGui::GetWindowHeight()});
  if (roomy) {
    ImGui::Separator();
    neighbour(*tr, index + 1, "↓", hide_bug);
  }
  ImGui::EndChild();
}

}  // namespace backstep
