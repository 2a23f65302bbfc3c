// Loss curves: the loss over the whole training set and over the test set
// against steps, from the session's bounded history (core evaluates both sets
// every few steps: core/loss_history.hpp evaluation_interval), with the
// mini-batch loss the optimizer saw as an optional faint trace. Drawn with
// ImDrawList (Debian 12 has no plotting library for ImGui). Linear or log y
// axis, axes that follow the data, a hover readout.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>

#include "app/colormap/colormap.hpp"
#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/panels.hpp"
#include "app/text/strings.hpp"

namespace backstep {
namespace {

// Train in blue, test in orange: the colour-blind-safe pair used everywhere.
ImU32 train_colour() {
  return diverging_color(0.85, 1.0);
}
ImU32 test_colour() {
  return diverging_color(-0.6, 1.0);
}
// The batch loss: the train colour, faint and thin, so it reads as the noise
// around the train curve rather than a third quantity.
ImU32 batch_colour() {
  return (train_colour() & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 70);
}

// Maps data to pixels. In log mode y is log10(loss) and non-positive losses
// sit on the bottom edge instead of vanishing.
struct Axes {
  float left = 0, right = 0, top = 0, bottom = 0;  // plot rectangle, pixels
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;   // y in log10 units when log
  bool log = false;

  float px(double step) const {
    return left + static_cast<float>((step - x_lo) / (x_hi - x_lo)) * (right - left);
  }
  float py(double loss) const {
    double y = loss;
    if (log) y = loss > 0 ? std::log10(loss) : y_lo;
    y = std::clamp(y, y_lo, y_hi);
    return bottom - static_cast<float>((y - y_lo) / (y_hi - y_lo)) * (bottom - top);
  }
};

// Axis ranges from the finite values of the curves shown (`ghost`: the Bug
// lab's correct-engine run, train loss only; empty without a bug).
void fit_axes(const std::vector<HistoryPoint>& pts, const std::vector<HistoryPoint>& ghost,
              bool log, bool batch, Axes& ax) {
  ax.log = log;
  ax.x_lo = static_cast<double>(pts.front().step);
  ax.x_hi = static_cast<double>(pts.back().step);
  if (ax.x_hi <= ax.x_lo) ax.x_hi = ax.x_lo + 1;

  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const HistoryPoint& p : pts) {
    for (double v : {p.train_loss, p.test_loss, batch ? p.batch_loss : p.train_loss}) {
      if (!std::isfinite(v) || (log && v <= 0)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  for (const HistoryPoint& p : ghost) {
    if (!std::isfinite(p.train_loss) || (log && p.train_loss <= 0)) continue;
    lo = std::min(lo, p.train_loss);
    hi = std::max(hi, p.train_loss);
  }
  if (!std::isfinite(lo)) {  // nothing plottable (all NaN, or all ≤ 0 in log)
    ax.y_lo = log ? -3 : 0;
    ax.y_hi = log ? 0 : 1;
    return;
  }
  if (log) {
    // Whole decades, so the tick labels are 1, 0.1, 0.01, …
    ax.y_lo = std::floor(std::log10(lo));
    ax.y_hi = std::ceil(std::log10(hi));
    if (ax.y_hi <= ax.y_lo) ax.y_hi = ax.y_lo + 1;
  } else {
    // Loss is ≥ 0: start at 0 so heights compare honestly.
    ax.y_lo = std::min(0.0, lo);
    ax.y_hi = hi > ax.y_lo ? hi + 0.05 * (hi - ax.y_lo) : ax.y_lo + 1;
  }
}

void draw_grid(ImDrawList* dl, const Axes& ax, float font) {
  const ImU32 grid = palette().grid;
  const ImU32 grid_minor = palette().grid_minor;
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  char buf[32];
  // y ticks: decades in log mode (thinned when there are many), else 1-2-5 steps.
  if (ax.log) {
    // Few decades: also 2× and 5× lines, so a short range still has labels.
    const int decades = static_cast<int>(ax.y_hi - ax.y_lo);
    const int every = std::max(1, decades / 6);
    for (int e = static_cast<int>(ax.y_lo); e <= static_cast<int>(ax.y_hi); e += every) {
      for (double m : {1.0, 2.0, 5.0}) {
        if (m > 1.0 && decades > 2) break;
        const double v = m * std::pow(10.0, e);
        if (std::log10(v) > ax.y_hi + 1e-9) break;
        const float y = ax.py(v);
        dl->AddLine(ImVec2(ax.left, y), ImVec2(ax.right, y), m > 1.0 ? grid_minor : grid);
        std::snprintf(buf, sizeof buf, "%g", v);
        const ImVec2 ts = ImGui::CalcTextSize(buf);
        dl->AddText(ImVec2(ax.left - ts.x - font * 0.4f, y - ts.y / 2), text, buf);
      }
    }
  } else {
    const double step = nice_step(ax.y_hi - ax.y_lo, 5);
    for (double v = std::ceil(ax.y_lo / step) * step; v <= ax.y_hi + 1e-12; v += step) {
      const float y = ax.py(v);
      dl->AddLine(ImVec2(ax.left, y), ImVec2(ax.right, y), grid);
      std::snprintf(buf, sizeof buf, "%.3g", std::abs(v) < step * 1e-9 ? 0.0 : v);
      const ImVec2 ts = ImGui::CalcTextSize(buf);
      dl->AddText(ImVec2(ax.left - ts.x - font * 0.4f, y - ts.y / 2), text, buf);
    }
  }
  // x ticks: whole steps, about one label per 7 font widths.
  const int target = std::max(2, static_cast<int>((ax.right - ax.left) / (font * 7)));
  const double xstep = std::max(1.0, nice_step(ax.x_hi - ax.x_lo, target));
  for (double v = std::ceil(ax.x_lo / xstep) * xstep; v <= ax.x_hi + 1e-9; v += xstep) {
    const float x = ax.px(v);
    dl->AddLine(ImVec2(x, ax.top), ImVec2(x, ax.bottom), grid);
    std::snprintf(buf, sizeof buf, "%.0f", v);
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    dl->AddText(ImVec2(x - ts.x / 2, ax.bottom + font * 0.2f), text, buf);
  }
  dl->AddRect(ImVec2(ax.left, ax.top), ImVec2(ax.right, ax.bottom), palette().axis);
}

// One curve as polylines, broken wherever the value is not finite. Points that
// land in the same pixel column are one vertical run from the first to the
// last value through the column's extremes: the picture is the same, and a
// long history costs a few points per column instead of one per record
// (on a software GL the frame's time follows the triangles).
template <class Get>
void draw_curve(ImDrawList* dl, const std::vector<HistoryPoint>& pts, const Axes& ax, Get get,
                ImU32 colour, float thickness) {
  struct Column {
    float x = 0, first = 0, lo = 0, hi = 0, last = 0;
    bool open = false;
  } col;
  auto emit = [&] {
    if (!col.open) return;
    for (float y : {col.first, col.lo, col.hi, col.last})
      if (dl->_Path.Size == 0 || dl->_Path.back().x != col.x || dl->_Path.back().y != y)
        dl->PathLineTo(ImVec2(col.x, y));
    col.open = false;
  };
  for (const HistoryPoint& p : pts) {
    const double v = get(p);
    if (!std::isfinite(v)) {
      emit();
      dl->PathStroke(colour, 0, thickness);  // ends the segment so far
      continue;
    }
    const float x = std::round(ax.px(static_cast<double>(p.step)));
    const float y = ax.py(v);
    if (col.open && x == col.x) {
      col.lo = std::min(col.lo, y);
      col.hi = std::max(col.hi, y);
      col.last = y;
      continue;
    }
    emit();
    col = {x, y, y, y, y, true};
  }
  emit();
  if (dl->_Path.Size == 1) {  // a lone point: show it as a dot
    dl->AddCircleFilled(dl->_Path[0], thickness * 1.5f, colour);
    dl->PathClear();
  }
  dl->PathStroke(colour, 0, thickness);
}

// The Bug lab's ghost: the correct engine's train loss, dashed in the text
// colour (neither the train blue nor the test orange), so the two runs read
// as one quantity from two engines.
ImU32 ghost_colour() {
  return ImGui::GetColorU32(ImGuiCol_Text, 0.85f);
}

void draw_ghost_curve(ImDrawList* dl, const std::vector<HistoryPoint>& pts, const Axes& ax,
                      float thickness) {
  const float dash = thickness * 4.0f;
  long piece = 0;  // dashes and gaps alternate by this count, across segments
  for (std::size_t i = 1; i < pts.size(); ++i) {
    const double v0 = pts[i - 1].train_loss, v1 = pts[i].train_loss;
    if (!std::isfinite(v0) || !std::isfinite(v1)) continue;
    const ImVec2 a(ax.px(static_cast<double>(pts[i - 1].step)), ax.py(v0));
    const ImVec2 b(ax.px(static_cast<double>(pts[i].step)), ax.py(v1));
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    // Whole pieces of one dash length each (at most a few hundred on a
    // plot), the last one shorter; every other one is drawn.
    const int n = static_cast<int>(std::min(std::ceil(len / dash), 4096.0f));
    for (int k = 0; k < n; ++k, ++piece) {
      if (piece % 2 != 0) continue;
      const float t0 = k * dash / len, t1 = std::min((k + 1) * dash / len, 1.0f);
      dl->AddLine(ImVec2(a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0),
                  ImVec2(a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1), ghost_colour(),
                  thickness);
    }
  }
}

void legend_swatch(ImU32 colour, const char* label) {
  const float font = ImGui::GetFontSize();
  const float h = ImGui::GetFrameHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(font * 1.6f, h));
  ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y + h / 2),
                                      ImVec2(p.x + font * 1.6f, p.y + h / 2), colour, font * 0.2f);
  ImGui::SameLine();
  ImGui::TextUnformatted(label);
}

// Header items wrap onto further lines when the panel is narrow.
void header(const Session& s, UiState& ui, bool has_test) {
  const float font = ImGui::GetFontSize();
  const float swatch = font * 1.6f + ImGui::GetStyle().ItemSpacing.x;
  // Presenter mode keeps the legend and the numbers and leaves the checkboxes
  // (still in effect) to normal mode: the curves get the rows.
  if (!ui.presenter) {
    ImGui::Checkbox(tr_id("loss.log_scale"), &ui.loss_log_scale);
    same_line_if_fits(ImGui::GetFrameHeight() + ImGui::CalcTextSize(tr("loss.batch_loss")).x, font);
    ImGui::Checkbox(tr_id("loss.batch_loss"), &ui.loss_show_batch);
    if (ImGui::IsItemHovered()) {
      char tip[256];
      std::snprintf(tip, sizeof tip, tr("loss.batch_tip"), evaluation_every(s));
      ImGui::SetTooltip("%s", tip);
    }
    same_line_if_fits(swatch + ImGui::CalcTextSize(tr("loss.train_loss")).x, font * 1.5f);
  }
  if (s.ghost.active) {
    // Bug lab: which curve is which run.
    const std::string buggy = std::string(tr("loss.train_loss")) + " (" + tr("loss.with_bug") + ")";
    legend_swatch(train_colour(), buggy.c_str());
    same_line_if_fits(swatch + ImGui::CalcTextSize(tr("loss.ghost")).x, font);
    legend_swatch(ghost_colour(), tr("loss.ghost"));
  } else {
    legend_swatch(train_colour(), tr("loss.train_loss"));
  }
  if (has_test) {
    same_line_if_fits(swatch + ImGui::CalcTextSize(tr("loss.test_loss")).x, font);
    legend_swatch(test_colour(), tr("loss.test_loss"));
  } else {
    same_line_if_fits(ImGui::CalcTextSize(tr("loss.no_test")).x, font);
    ImGui::TextDisabled("%s", tr("loss.no_test"));
  }
  // Current numbers, on the parameters as they are now.
  char buf[160];
  std::snprintf(buf, sizeof buf, tr("loss.header"), s.trainer.steps(), s.trainer.epochs(),
                s.train_eval.loss.total());
  same_line_if_fits(ImGui::CalcTextSize(buf).x, font * 1.5f);
  ImGui::TextUnformatted(buf);
  if (has_test) {
    std::snprintf(buf, sizeof buf, tr("loss.header_test"), s.test_eval.loss.total());
    same_line_if_fits(ImGui::CalcTextSize(buf).x, ImGui::GetStyle().ItemSpacing.x);
    ImGui::TextUnformatted(buf);
  }
  if (s.data.task == Task::classification) {
    if (has_test) {
      std::snprintf(buf, sizeof buf, tr("loss.accuracy_both"), 100 * s.train_eval.accuracy,
                    100 * s.test_eval.accuracy);
    } else {
      std::snprintf(buf, sizeof buf, tr("loss.accuracy_train"), 100 * s.train_eval.accuracy);
    }
    same_line_if_fits(ImGui::CalcTextSize(buf).x, font * 1.5f);
    ImGui::TextDisabled("%s", buf);
  }
  // A large set while playing: the numbers are of the last evaluation pass
  // (core/evaluation_pass), a few seconds old; say of which step.
  if (s.evaluated_step != s.trainer.steps()) {
    std::snprintf(buf, sizeof buf, tr("loss.evaluated_at"), s.evaluated_step);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", buf);
    ImGui::PopStyleColor();
  }
}

// Vertical line at the point nearest the mouse, dots on both curves, and
// the exact numbers of that point.
void hover_readout(ImDrawList* dl, const Session& s, const std::vector<HistoryPoint>& pts,
                   const Axes& ax, float mouse_x, bool batch) {
  const double step = ax.x_lo + (mouse_x - ax.left) / (ax.right - ax.left) * (ax.x_hi - ax.x_lo);
  auto it = std::lower_bound(pts.begin(), pts.end(), step,
                             [](const HistoryPoint& p, double v) { return p.step < v; });
  if (it == pts.end()) --it;
  if (it != pts.begin() && std::abs(std::prev(it)->step - step) < std::abs(it->step - step)) --it;
  const HistoryPoint& p = *it;
  const float x = ax.px(static_cast<double>(p.step));
  dl->AddLine(ImVec2(x, ax.top), ImVec2(x, ax.bottom), palette().cursor,
              1.5f * palette().line_scale);
  if (std::isfinite(p.train_loss)) {
    dl->AddCircleFilled(ImVec2(x, ax.py(p.train_loss)), 5, train_colour());
  }
  if (std::isfinite(p.test_loss))
    dl->AddCircleFilled(ImVec2(x, ax.py(p.test_loss)), 5, test_colour());

  if (batch && std::isfinite(p.batch_loss))
    dl->AddCircleFilled(ImVec2(x, ax.py(p.batch_loss)), 3, batch_colour());

  // Loss and accuracy of each set on one line, the point's own numbers.
  const bool classify = s.data.task == Task::classification;
  char acc[64];
  ImGui::BeginTooltip();
  ImGui::Text(tr("loss.tip_step"), p.step, p.epoch);
  value_label(tr("loss.train_loss"), p.train_loss);
  if (classify && std::isfinite(p.train_accuracy)) {
    ImGui::SameLine();
    std::snprintf(acc, sizeof acc, tr("loss.tip_acc"), 100 * p.train_accuracy);
    ImGui::TextUnformatted(acc);
  }
  if (std::isfinite(p.test_loss)) {
    value_label(tr("loss.test_loss"), p.test_loss);
    if (classify && std::isfinite(p.test_accuracy)) {
      ImGui::SameLine();
      std::snprintf(acc, sizeof acc, tr("loss.tip_acc"), 100 * p.test_accuracy);
      ImGui::TextUnformatted(acc);
    }
  }
  if (std::isfinite(p.batch_loss)) value_label(tr("loss.batch_loss"), p.batch_loss);
  for (const HistoryPoint& g : s.ghost.history.points()) {
    if (g.step == p.step) value_label(tr("loss.ghost"), g.train_loss);
  }
  ImGui::EndTooltip();
}

}  // namespace

// Edits marked where they happened ("lr 0.3 → 0.03", "added hidden layer 2"):
// a thin vertical line, its label at the top on the first of three rows
// where it does not run into the previous one (a crowded spot keeps the line).
// Drawn under the curves: a label never hides the data.
void draw_markers(ImDrawList* dl, const std::vector<HistoryMarker>& markers, const Axes& ax,
                  float font) {
  const ImU32 line = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  constexpr int kRows = 3;
  float row_end[kRows] = {-1e9f, -1e9f, -1e9f};
  for (const HistoryMarker& m : markers) {
    const double step = static_cast<double>(m.step);
    if (step < ax.x_lo || step > ax.x_hi) continue;
    const float x = ax.px(step);
    dl->AddLine(ImVec2(x, ax.top), ImVec2(x, ax.bottom), line, 1.5f * palette().thicker);
    const ImVec2 ts = ImGui::CalcTextSize(m.label.c_str());
    for (int r = 0; r < kRows; ++r) {
      if (x + 3.0f <= row_end[r]) continue;
      const float left = std::min(x + 3.0f, ax.right - ts.x);
      if (left <= row_end[r]) continue;
      const float y = ax.top + 2.0f + r * font * 1.1f;
      dl->AddText(ImVec2(left, y), text, m.label.c_str());
      row_end[r] = left + ts.x + font * 0.5f;
      break;
    }
  }
}

void draw_loss_panel(const Session& s, UiState& ui, CommandQueue& /*q*/) {
  const std::vector<HistoryPoint>& pts = s.history.points();
  const bool has_test = s.data.test.count() > 0;
  header(s, ui, has_test);

  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.x < 80 || size.y < 60) return;
  ImGui::InvisibleButton("##loss_canvas", size);
  const bool hovered = ImGui::IsItemHovered();

  const float font = ImGui::GetFontSize();
  Axes ax;
  ax.left = p0.x + ImGui::CalcTextSize("0.0001").x + font * 0.8f;
  ax.right = p0.x + size.x - font * 0.8f;
  ax.top = p0.y + font * 0.5f;
  ax.bottom = p0.y + size.y - font * 1.5f;
  report_plot(ui, "loss-plot", ax.left, ax.top, ax.right, ax.bottom);  // --report-layout
  ImDrawList* dl = ImGui::GetWindowDrawList();

  if (pts.empty()) {
    dl->AddRect(ImVec2(ax.left, ax.top), ImVec2(ax.right, ax.bottom), palette().axis);
    const char* hint = tr("loss.no_steps");
    // Wrapped inside the frame: narrow panels and longer translations fit.
    const float wrap = std::max(ax.right - ax.left - font, font * 4.0f);
    const ImVec2 ts = ImGui::CalcTextSize(hint, nullptr, false, wrap);
    dl->AddText(ImGui::GetFont(), font,
                ImVec2(0.5f * (ax.left + ax.right - ts.x), 0.5f * (ax.top + ax.bottom - ts.y)),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), hint, nullptr, wrap);
    return;
  }

  const std::vector<HistoryPoint>& ghost = s.ghost.history.points();
  fit_axes(pts, ghost, ui.loss_log_scale, ui.loss_show_batch, ax);
  dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
  draw_grid(dl, ax, font);
  draw_markers(dl, s.history.markers(), ax, font);
  const float thick = std::max(2.0f, font * 0.15f) * palette().thicker;
  if (ui.loss_show_batch) {
    draw_curve(
        dl, pts, ax, [](const HistoryPoint& p) { return p.batch_loss; }, batch_colour(),
        std::max(1.0f, thick * 0.5f));
  }
  if (has_test) {
    draw_curve(
        dl, pts, ax, [](const HistoryPoint& p) { return p.test_loss; }, test_colour(), thick);
  }
  if (ghost.size() > 1) draw_ghost_curve(dl, ghost, ax, thick);
  draw_curve(
      dl, pts, ax, [](const HistoryPoint& p) { return p.train_loss; }, train_colour(), thick);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && mouse.x >= ax.left && mouse.x <= ax.right)
    hover_readout(dl, s, pts, ax, mouse.x, ui.loss_show_batch);
  dl->PopClipRect();
}

}  // namespace backstep
