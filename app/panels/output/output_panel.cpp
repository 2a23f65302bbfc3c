// Data & output: what the network has learned, over its input space.
//   2-D input: the output as a heatmap over the plane (GPU, heatmap_renderer)
//              under the train points (filled) and test points (hollow).
//   1-D input: the prediction curve over the target points.
//   otherwise: predicted-vs-target scatter (regression) or a confusion matrix
//              (classification) — app/panels/output_tables.cpp.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/gpu/heatmap_renderer.hpp"
#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/output/image_views.hpp"
#include "app/panels/output/output_views.hpp"
#include "app/panels/panels.hpp"
#include "app/text/strings.hpp"

namespace backstep {

namespace {

// Maps input coordinates to screen pixels inside a canvas rectangle.
struct PlaneToScreen {
  ImVec2 p0, p1;
  PlaneBounds b;
  ImVec2 operator()(double x, double y) const {
    const double u = (x - b.x_min) / (b.x_max - b.x_min);
    const double v = (b.y_max - y) / (b.y_max - b.y_min);
    return ImVec2(p0.x + static_cast<float>(u) * (p1.x - p0.x),
                  p0.y + static_cast<float>(v) * (p1.y - p0.y));
  }
  double x_at(float sx) const {
    return b.x_min + (sx - p0.x) / (p1.x - p0.x) * (b.x_max - b.x_min);
  }
  double y_at(float sy) const {
    return b.y_max - (sy - p0.y) / (p1.y - p0.y) * (b.y_max - b.y_min);
  }
};

// The largest rectangle with the plane's aspect ratio in `avail`, so a circle
// stays a circle.
ImVec2 fit_aspect(ImVec2 avail, const PlaneBounds& b) {
  const float aspect = static_cast<float>((b.x_max - b.x_min) / (b.y_max - b.y_min));
  float w = std::max(avail.x, 40.0f), h = w / aspect;
  if (h > avail.y) {
    h = std::max(avail.y, 40.0f);
    w = h * aspect;
  }
  return ImVec2(std::floor(w), std::floor(h));
}

void draw_points(ImDrawList* dl, const Session& s, const Dataset& d, const PlaneToScreen& to,
                 const DecisionView& view, bool hollow, float radius) {
  const int n_out = static_cast<int>(d.t.rows());
  // Few segments: a dot a few pixels wide looks round with 10, and on a
  // software GL the frame's time follows its triangles. An outline is a
  // larger disc under the fill, not a stroked circle (an anti-aliased stroke
  // costs twice the triangles of a filled disc); 250 points went from ~106
  // triangles each to ~60.
  const int segments = std::clamp(static_cast<int>(radius * 1.5f), 10, 24);
  for (int i = 0; i < d.count(); ++i) {
    const ImVec2 p = to(d.x(0, i), d.x.rows() > 1 ? d.x(1, i) : 0.0);
    const ImU32 fill = to_imcolor(target_colour(s, view, d.t, i, n_out));
    if (hollow) {
      // Test points: a ring in the label colour, outlined so it reads on any background.
      dl->AddCircle(p, radius + 1.0f, IM_COL32(20, 20, 20, 230), segments, 3.5f);
      dl->AddCircle(p, radius + 1.0f, fill, segments, 2.0f);
    } else {
      dl->AddCircleFilled(p, radius + 1.2f, IM_COL32(255, 255, 255, 230), segments);
      dl->AddCircleFilled(p, radius, fill, segments);
    }
  }
}

void draw_selected(ImDrawList* dl, const Session& s, const PlaneToScreen& to, float radius) {
  const Dataset& d = s.data.train;
  if (s.selected_sample < 0 || s.selected_sample >= d.count()) return;
  const ImVec2 p = to(d.x(0, s.selected_sample), d.x.rows() > 1 ? d.x(1, s.selected_sample) : 0);
  dl->AddCircle(p, radius + 4.0f, IM_COL32(0, 0, 0, 255), 0, 3.0f);
  dl->AddCircle(p, radius + 4.0f, IM_COL32(255, 255, 255, 255), 0, 1.5f);
}

// Nearest training point within `reach` pixels of the mouse, or −1.
int point_under(const Dataset& d, const PlaneToScreen& to, ImVec2 m, float reach) {
  int best = -1;
  float best_d2 = reach * reach;
  for (int i = 0; i < d.count(); ++i) {
    const ImVec2 p = to(d.x(0, i), d.x.rows() > 1 ? d.x(1, i) : 0.0);
    const float d2 = (p.x - m.x) * (p.x - m.x) + (p.y - m.y) * (p.y - m.y);
    if (d2 < best_d2) {
      best_d2 = d2;
      best = i;
    }
  }
  return best;
}

// The extent of each axis, written outside the plot so no data point ever
// sits on a label: the vertical range in a left margin (top and bottom value,
// the axis name between), the horizontal range in a row underneath.
struct AxisLabels {
  char x_min[24], x_max[24], y_min[24], y_max[24];
  float left = 0, bottom = 0;  // the margins they need, in pixels
};

AxisLabels axis_labels(const PlaneBounds& b, const char* vertical) {
  AxisLabels a{};
  std::snprintf(a.x_min, sizeof a.x_min, "%.2g", b.x_min);
  std::snprintf(a.x_max, sizeof a.x_max, "%.2g", b.x_max);
  std::snprintf(a.y_min, sizeof a.y_min, "%.2g", b.y_min);
  std::snprintf(a.y_max, sizeof a.y_max, "%.2g", b.y_max);
  const float gap = 0.3f * ImGui::GetFontSize();
  a.left = std::max({ImGui::CalcTextSize(a.y_min).x, ImGui::CalcTextSize(a.y_max).x,
                     ImGui::CalcTextSize(vertical).x}) +
           2 * gap;
  a.bottom = ImGui::GetTextLineHeight() + gap;
  return a;
}

// Faint axes through 0 when 0 is inside, the frame, and the labels outside it.
// `vertical` names the vertical axis: x₂ on the plane, "ŷ, t" under a 1-D curve.
void draw_frame_and_axes(ImDrawList* dl, UiState& ui, const PlaneToScreen& to, const AxisLabels& a,
                         const char* horizontal, const char* vertical) {
  const ImU32 axis = IM_COL32(0, 0, 0, 60);
  const PlaneBounds& b = to.b;
  if (b.x_min < 0 && b.x_max > 0) dl->AddLine(to(0, b.y_min), to(0, b.y_max), axis, 1.0f);
  if (b.y_min < 0 && b.y_max > 0) dl->AddLine(to(b.x_min, 0), to(b.x_max, 0), axis, 1.0f);
  dl->AddRect(to.p0, to.p1, IM_COL32(110, 110, 110, 255));
  dl->PushClipRectFullScreen();
  const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
  const float gap = 0.3f * ImGui::GetFontSize(), line = ImGui::GetTextLineHeight();
  // Each label is reported (--report-layout "plot axis-label …") so a test
  // can check that none is inside the plot.
  const auto label = [&](ImVec2 at, const char* text) {
    dl->AddText(at, ink, text);
    const ImVec2 size = ImGui::CalcTextSize(text);
    report_plot(ui, "axis-label", at.x, at.y, at.x + size.x, at.y + size.y);
  };
  const auto right_aligned = [&](float y, const char* text) {
    label(ImVec2(to.p0.x - gap - ImGui::CalcTextSize(text).x, y), text);
  };
  right_aligned(to.p0.y, a.y_max);
  right_aligned(std::floor(0.5f * (to.p0.y + to.p1.y - line)), vertical);
  right_aligned(to.p1.y - line, a.y_min);
  const float y = to.p1.y + 0.5f * gap;
  label(ImVec2(to.p0.x, y), a.x_min);
  label(ImVec2(to.p1.x - ImGui::CalcTextSize(a.x_max).x, y), a.x_max);
  label(ImVec2(std::floor(0.5f * (to.p0.x + to.p1.x - ImGui::CalcTextSize(horizontal).x)), y),
        horizontal);
  dl->PopClipRect();
}

void plane_tooltip(const Session& s, OutputCache& cache, const DecisionView& view, double x1,
                   double x2, int point) {
  ImGui::BeginTooltip();
  ImGui::Text("x₁ = %.4g   x₂ = %.4g", x1, x2);
  describe_output_at(s, cache, view, x1, x2);
  if (point >= 0) {
    const Dataset& d = s.data.train;
    ImGui::Separator();
    ImGui::Text(tr("output.training_sample"), point, d.x(0, point), d.x(1, point));
    describe_target(s, d.t, point);
    ImGui::TextDisabled("%s", tr("output.click_trace"));
  }
  ImGui::EndTooltip();
}

void draw_plane(const Session& s, UiState& ui, CommandQueue& q) {
  Heatmaps& maps = *ui.views.heatmaps;
  refresh_heatmaps(maps, s, ui.heatmap_resolution, ui.output_discretize);
  const GridEval* g = heatmap_grid(maps);
  if (g == nullptr) return;
  const DecisionView view = decision_view_for(s, ui.output_discretize);
  const AxisLabels labels = axis_labels(g->bounds, "x₂");
  ImVec2 avail = ImGui::GetContentRegionAvail();
  avail.y -= legend_height(s, view, ui.output_show_test) + labels.bottom;
  avail.x -= labels.left;
  const ImVec2 size = fit_aspect(avail, g->bounds);
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  const ImVec2 p0(corner.x + labels.left, corner.y);
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##plane", size);
  const bool hovered = ImGui::IsItemHovered();
  ImGui::SetCursorScreenPos(corner);
  ImGui::Dummy(ImVec2(labels.left + size.x, size.y + labels.bottom));
  const PlaneToScreen to{p0, ImVec2(p0.x + size.x, p0.y + size.y), g->bounds};
  report_plot(ui, "output-plane", to.p0.x, to.p0.y, to.p1.x, to.p1.y);  // --report-layout
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(to.p0, to.p1, true);
  const HeatmapImage img = decision_image(maps);
  if (img.valid()) {
    dl->AddImage(img.texture, to.p0, to.p1, img.uv0, img.uv1);
  } else {
    dl->AddRectFilled(to.p0, to.p1, IM_COL32(200, 200, 200, 255));
  }
  draw_frame_and_axes(dl, ui, to, labels, "x₁", "x₂");
  // Dots scale with the plane; a handful of points (XOR's four) get large
  // ones, up to about half a line of text, so the back rows see them.
  const double points = static_cast<double>(std::max(s.data.train.count(), 1));
  const float base = std::clamp(size.x / 110.0f, 2.5f, 6.0f);
  const float few =
      std::min(size.x * 0.1f / static_cast<float>(std::sqrt(points)), 0.45f * ImGui::GetFontSize());
  const float radius = std::max(base, few);
  draw_points(dl, s, s.data.train, to, view, false, radius);
  if (ui.output_show_test) draw_points(dl, s, s.data.test, to, view, true, radius);
  draw_selected(dl, s, to, radius);
  dl->PopClipRect();

  if (hovered) {
    const ImVec2 m = ImGui::GetMousePos();
    const int point = point_under(s.data.train, to, m, radius + 3.0f);
    plane_tooltip(s, ui.views.output, view, to.x_at(m.x), to.y_at(m.y), point);
    if (point >= 0 && ImGui::IsItemClicked()) q.push(SelectSample{point});
  }
  if (!heatmap_error(maps).empty()) {
    ImGui::TextColored(palette().error_text, tr("output.heatmap_unavailable"),
                       heatmap_error(maps).c_str());
  }
  draw_output_legend(s, view, ui.output_show_test);
}

void draw_curve(const Session& s, UiState& ui) {
  Heatmaps& maps = *ui.views.heatmaps;
  refresh_heatmaps(maps, s, ui.heatmap_resolution, ui.output_discretize);
  const GridEval* g = heatmap_grid(maps);
  if (g == nullptr) return;
  const Mlp& net = s.net;
  const Matrix& pred = g->ws.a[net.depth()];
  // The vertical range covers the predictions and every target.
  double lo = pred.row(0).minCoeff(), hi = pred.row(0).maxCoeff();
  for (const Dataset* d : {&s.data.train, &s.data.test}) {
    if (d->count() == 0) continue;
    lo = std::min(lo, d->t.row(0).minCoeff());
    hi = std::max(hi, d->t.row(0).maxCoeff());
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = -1, hi = 1;
  if (hi - lo < 1e-9) lo -= 1, hi += 1;
  const double pad = 0.08 * (hi - lo);
  PlaneBounds b{g->bounds.x_min, g->bounds.x_max, lo - pad, hi + pad};

  const AxisLabels labels = axis_labels(b, "ŷ, t");
  ImVec2 size = ImGui::GetContentRegionAvail();
  // One legend line under the curve (and room for it to wrap once).
  size.y = std::max(size.y - 2.0f * ImGui::GetTextLineHeightWithSpacing() - labels.bottom, 60.0f);
  size.x = std::max(size.x - labels.left, 60.0f);
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  const ImVec2 p0(corner.x + labels.left, corner.y);
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##curve", size);
  const bool hovered = ImGui::IsItemHovered();
  ImGui::SetCursorScreenPos(corner);
  ImGui::Dummy(ImVec2(labels.left + size.x, size.y + labels.bottom));
  const PlaneToScreen to{p0, ImVec2(p0.x + size.x, p0.y + size.y), b};
  report_plot(ui, "output-curve", to.p0.x, to.p0.y, to.p1.x, to.p1.y);  // --report-layout
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(to.p0, to.p1, true);
  dl->AddRectFilled(to.p0, to.p1, IM_COL32(250, 250, 250, 255));
  draw_frame_and_axes(dl, ui, to, labels, "x", "ŷ, t");
  const ImU32 target_ink = IM_COL32(230, 159, 0, 255);  // orange: data
  for (const Dataset* d : {&s.data.train, &s.data.test}) {
    const bool test = d == &s.data.test;
    if (test && !ui.output_show_test) continue;
    for (int i = 0; i < d->count(); ++i) {
      const ImVec2 p = to(d->x(0, i), d->t(0, i));
      if (test) {
        dl->AddCircle(p, 3.5f, target_ink, 0, 2.0f);
      } else {
        dl->AddCircleFilled(p, 3.0f, target_ink);
      }
    }
  }
  const ImU32 curve_ink = IM_COL32(0, 90, 160, 255);  // blue: the network
  for (int c = 1; c < g->resolution; ++c) {
    dl->AddLine(to(grid_x(*g, c - 1), pred(0, c - 1)), to(grid_x(*g, c), pred(0, c)), curve_ink,
                2.5f * palette().thicker);
  }
  if (hovered) {
    const ImVec2 m = ImGui::GetMousePos();
    dl->AddLine(ImVec2(m.x, to.p0.y), ImVec2(m.x, to.p1.y), IM_COL32(0, 0, 0, 70));
    ImGui::BeginTooltip();
    ImGui::Text("x = %.4g", to.x_at(m.x));
    describe_output_at(s, ui.views.output, decision_view_for(s, false), to.x_at(m.x), 0.0);
    ImGui::EndTooltip();
  }
  dl->PopClipRect();
  ImGui::TextColored(ImVec4(0.0f, 0.45f, 0.75f, 1), "%s", tr("output.prediction_curve"));
  ImGui::SameLine();
  ImGui::TextColored(ImVec4(0.9f, 0.62f, 0.0f, 1), "%s",
                     tr(ui.output_show_test ? "output.targets_test" : "output.targets"));
}

void draw_toolbar(const Session& s, UiState& ui) {
  ImGui::Checkbox(tr_id("output.test_points"), &ui.output_show_test);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("output.test_points_tip"));
  if (s.data.task == Task::classification && s.net.input_size() == 2) {
    same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                          ImGui::CalcTextSize(tr("output.discretize")).x,
                      ImGui::GetStyle().ItemSpacing.x);
    ImGui::Checkbox(tr_id("output.discretize"), &ui.output_discretize);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s", tr("output.discretize_tip"));
    }
  }
  if (s.net.input_size() == 2) {
    // Wraps to its own line in a narrow panel (presenter mode) rather than clip.
    const float slider_w = 7.0f * ImGui::GetFontSize();
    same_line_if_fits(
        slider_w + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(tr("output.grid")).x,
        ImGui::GetStyle().ItemSpacing.x);
    ImGui::SetNextItemWidth(slider_w);
    ImGui::SliderInt(tr_id("output.grid"), &ui.heatmap_resolution, 16, 160, "G = %d");
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s", tr("output.grid_tip"));
    }
  }
}

}  // namespace

void draw_output_panel(const Session& s, UiState& ui, CommandQueue& q) {
  if (s.data.train.count() == 0 || s.net.depth() < 1) {
    ImGui::TextDisabled("%s", tr("output.no_data"));
    return;
  }
  const int inputs = s.net.input_size();
  if (s.data.image.is_image() && s.data.image.pixels() == inputs) {
    draw_image_output(s, ui, q);  // app/panels/output/image_views.cpp
    return;
  }
  draw_toolbar(s, ui);
  if (inputs == 2) {
    draw_plane(s, ui, q);
  } else if (inputs == 1) {
    draw_curve(s, ui);
  } else if (s.data.task == Task::regression) {
    draw_prediction_scatter(s, ui);
  } else {
    draw_confusion_matrix(s, ui);
  }
}

}  // namespace backstep
