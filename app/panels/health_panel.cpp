// Gradient health: per-layer ‖∂L/∂W⁽ˡ⁾‖ over time (log scale, one line per
// layer), the layer health table, histograms of weights and gradients per
// layer, and "Verify gradients" (finite differences vs backprop). Vanishing
// gradients show as the early layers' lines sitting decades below the late ones.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "app/colormap/colormap.hpp"
#include "app/colormap/layer_colours.hpp"
#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/health_cache.hpp"
#include "app/panels/panels.hpp"
#include "app/text/strings.hpp"
#include "core/health.hpp"
#include "core/session_step.hpp"

namespace backstep {
namespace {

constexpr int kBins = 24;
constexpr double kRefreshSeconds = 0.25;  // while training: full-set statistics 4× a second

void refresh(const Session& s, HealthCache& c) {
  const double now = ImGui::GetTime();
  if (c.revision == s.revision) return;
  if (s.playing && c.computed_at >= 0 && now - c.computed_at < kRefreshSeconds &&
      static_cast<int>(c.rows.size()) == s.net.depth())
    return;
  c.revision = s.revision;
  c.computed_at = now;
  // Gradients: the step under inspection's, the same the graph and the tracer show.
  const Step* step = pending_step(s);
  const Workspace* grads = step != nullptr ? &step->ws : nullptr;
  compute_layer_health(s.net, s.data.train, grads, s.trainer.optimizer_state(), c.hw, c.rows);
  const int depth = s.net.depth();
  c.weights.resize(depth);
  c.gradients.resize(depth);
  c.max_abs_grad = 0.0;
  const bool have_grad = grads != nullptr;
  for (int l = 1; l <= depth; ++l) {
    c.weights[l - 1].counts.resize(kBins);
    c.gradients[l - 1].counts.resize(kBins);
    bin_values(s.net.layer(l).W, c.weights[l - 1]);
    if (have_grad) {
      bin_values(grads->grad_W[l], c.gradients[l - 1]);
      c.max_abs_grad = std::max(c.max_abs_grad, c.gradients[l - 1].range);
    } else {
      std::fill(c.gradients[l - 1].counts.begin(), c.gradients[l - 1].counts.end(), 0);
    }
  }
}

ImU32 line_colour(int l) {
  const Rgb c = backstep::layer_colour(l, palette().light);
  return IM_COL32(static_cast<int>(c.r * 255.0f + 0.5f), static_cast<int>(c.g * 255.0f + 0.5f),
                  static_cast<int>(c.b * 255.0f + 0.5f), 255);
}

char* layer_name(const char* symbol, int l, char* out, std::size_t cap) {
  char sup[12];
  superscript_digits(l, sup, sizeof sup);
  std::snprintf(out, cap, "%s⁽%s⁾", symbol, sup);
  return out;
}

// --- verify gradients ---------------------------------------------------------

// `compact` (a short panel): the verdict on the button's line, its numbers in
// the verdict's tooltip, so the plot below keeps its height.
void draw_gradcheck(const Session& s, UiState& ui, CommandQueue& q, bool compact) {
  if (ImGui::Button(tr_id("health.verify"))) q.push(CheckGradients{});
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s", tr("health.verify_tip"));
  }
  ImGui::SameLine();
  ImGui::Checkbox(tr_id("health.ring_worst"), &ui.health_ring_worst);
  ui.highlight_layer = 0;
  if (!s.gradcheck) {
    ImGui::TextDisabled("%s", tr("health.not_run"));
    return;
  }
  const GradCheckResult& r = s.gradcheck->result;
  const ParamRef& p = r.worst;
  // Named 1-based, as the ring on the graph and every other text does.
  const std::string name = parameter_name(p);
  const bool pass = r.passed();
  const ImVec4 verdict = pass ? palette().good_text : palette().warn_text;
  char detail[256];
  std::snprintf(detail, sizeof detail, tr("health.detail"), r.worst_analytic, r.worst_numeric,
                r.checked, r.total, r.sampled ? tr("health.random_sample") : "", s.gradcheck->step);
  char summary[160];
  std::snprintf(summary, sizeof summary, tr("health.max_error"), r.max_rel_error, pass ? "<" : "≥",
                name.c_str());
  if (compact) ImGui::SameLine();
  ImGui::TextColored(verdict, "%s", tr(pass ? "health.pass" : "health.fail"));
  if (compact && ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", summary, detail);
  ImGui::SameLine();
  if (compact) {
    // As much of the summary as fits; all of it, and the numbers, on hover.
    const std::string fitted = fit_to_width(summary, ImGui::GetContentRegionAvail().x);
    ImGui::TextUnformatted(fitted.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", summary, detail);
  } else {
    ImGui::TextUnformatted(summary);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text_wrapped(detail);
    ImGui::PopStyleColor();
  }
  // Per layer, the largest relative error among its checked parameters, and
  // how many the check flagged: a Bug lab mistake shows which layers it breaks.
  std::string layers = tr("health.per_layer");
  for (std::size_t l = 1; l < r.layer_max_rel_error.size(); ++l) {
    char one[64];
    const double e = r.layer_max_rel_error[l];
    if (e < 0) {
      std::snprintf(one, sizeof one, " %zu: —", l);
    } else {
      std::snprintf(one, sizeof one, " %zu: %.2g", l, e);
    }
    layers += one;
  }
  if (r.flagged_count > 0) {
    char flagged[96];
    std::snprintf(flagged, sizeof flagged, tr("health.flagged"), r.flagged_count, r.checked);
    layers += "   ";
    layers += flagged;
  }
  if (compact) {
    const std::string fitted = fit_to_width(layers, ImGui::GetContentRegionAvail().x);
    ImGui::TextColored(verdict, "%s", fitted.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", layers.c_str());
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, verdict);
    text_wrapped(layers);
    ImGui::PopStyleColor();
  }
  if (ui.health_ring_worst) {
    ui.highlight_layer = p.layer;
    ui.highlight_j = p.j;
    ui.highlight_k = p.k;
    ui.highlight_bias = p.bias;
  }
}

// --- gradient norms over time --------------------------------------------------

// Each line's layer number at its right end. Lines that end close together
// would print their numbers on top of each other: the labels are pushed
// apart to a line height each (in order of their lines' ends, so a label
// still sits beside its line or next to its neighbour's), then kept inside
// [top, bottom].
void draw_end_labels(ImDrawList* dl, HealthCache& c, float x, float top, float bottom, float font) {
  const int n = static_cast<int>(c.label_y.size());
  c.label_order.resize(n);
  for (int i = 0; i < n; ++i) c.label_order[i] = i;
  std::sort(c.label_order.begin(), c.label_order.end(),
            [&](int a, int b) { return c.label_y[a] < c.label_y[b]; });
  const float gap = font * 0.95f;
  c.label_at.resize(n);
  float prev = -std::numeric_limits<float>::infinity();
  for (int i : c.label_order) {
    c.label_at[i] = std::max(c.label_y[i], prev + gap);
    prev = c.label_at[i];
  }
  // Past the bottom: shift the whole run up, as far as the top allows.
  const float overflow = prev - (bottom - font * 0.5f);
  if (overflow > 0)
    for (int i = 0; i < n; ++i) c.label_at[i] = std::max(c.label_at[i] - overflow, top);
  char buf[16];
  for (int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%d", i + 1);
    dl->AddText(ImVec2(x, c.label_at[i] - font * 0.5f), line_colour(i + 1), buf);
  }
}

void draw_norm_plot(const Session& s, HealthCache& c, float height) {
  const GradNormHistory& h = s.grad_history;
  const int depth = h.layers();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::InvisibleButton("##gradnorms", ImVec2(std::max(width, 50.0f), height));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  const float left = p0.x + font * 3.2f, right = p0.x + width - font * 1.6f;
  const float top = p0.y + font * 0.5f, bottom = p0.y + height - font * 1.4f;
  dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), palette().canvas_bg);
  if (h.size() < 1 || depth < 1) {
    dl->AddText(ImVec2(left, top + font), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                tr("health.norms_empty"));
    return;
  }
  // y = log10 ‖g‖ over whole decades covering every finite positive norm.
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t i = 0; i < h.size(); ++i) {
    for (int l = 1; l <= depth; ++l) {
      const double v = h.norm_at(i, l);
      if (std::isfinite(v) && v > 0) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  if (!std::isfinite(lo)) lo = hi = 1.0;
  const double y_lo = std::floor(std::log10(lo)),
               y_hi = std::max(std::ceil(std::log10(hi)), y_lo + 1);
  const double x_lo = static_cast<double>(h.step_at(0));
  const double x_hi = std::max(static_cast<double>(h.step_at(h.size() - 1)), x_lo + 1);
  const auto px = [&](double step) {
    return left + static_cast<float>((step - x_lo) / (x_hi - x_lo)) * (right - left);
  };
  const auto py = [&](double v) {
    const double y = v > 0 && std::isfinite(v) ? std::log10(v) : y_lo;
    return bottom -
           static_cast<float>((std::clamp(y, y_lo, y_hi) - y_lo) / (y_hi - y_lo)) * (bottom - top);
  };
  // Decade grid with labels; skip labels when decades crowd.
  const int decades = static_cast<int>(y_hi - y_lo);
  const int label_every = std::max(1, static_cast<int>(decades * font * 1.2f / (bottom - top)) + 1);
  char buf[48];
  for (int d = 0; d <= decades; ++d) {
    const double e = y_lo + d;
    const float y = py(std::pow(10.0, e));
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), palette().grid);
    if (d % label_every == 0) {
      std::snprintf(buf, sizeof buf, "1e%d", static_cast<int>(e));
      dl->AddText(ImVec2(p0.x + 2, y - font * 0.5f), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                  buf);
    }
  }
  std::snprintf(buf, sizeof buf, tr("health.step"), h.step_at(h.size() - 1));
  const ImVec2 ts = ImGui::CalcTextSize(buf);
  dl->AddText(ImVec2(right - ts.x, bottom + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
  std::snprintf(buf, sizeof buf, tr("health.step"), h.step_at(0));
  dl->AddText(ImVec2(left, bottom + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);

  // Mini-batch norms jitter by decades from step to step; an exponential
  // moving average in log space (≈ 1/60 of the visible history) shows each
  // layer's level. Zero or non-finite norms count as the bottom edge.
  const double alpha = std::clamp(60.0 / static_cast<double>(h.size()), 0.02, 1.0);
  c.line.resize(h.size());
  c.label_y.resize(depth);
  for (int l = 1; l <= depth; ++l) {
    double smooth = 0.0;
    for (std::size_t i = 0; i < h.size(); ++i) {
      const double v = h.norm_at(i, l);
      const double y = v > 0 && std::isfinite(v) ? std::clamp(std::log10(v), y_lo, y_hi) : y_lo;
      smooth = i == 0 ? y : smooth + alpha * (y - smooth);
      c.line[i] = ImVec2(px(static_cast<double>(h.step_at(i))), py(std::pow(10.0, smooth)));
    }
    dl->PushClipRect(ImVec2(left, top - 2), ImVec2(right, bottom + 2), true);
    dl->AddPolyline(c.line.data(), static_cast<int>(c.line.size()), line_colour(l), 0,
                    2.0f * palette().line_scale);
    dl->PopClipRect();
    c.label_y[l - 1] = c.line.back().y;
  }
  draw_end_labels(dl, c, right + 3, top, bottom, font);

  // Hover: the norms of every layer at the nearest recorded step.
  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    const double step = x_lo + (mx - left) / (right - left) * (x_hi - x_lo);
    std::size_t best = 0;
    for (std::size_t i = 1; i < h.size(); ++i) {
      if (std::abs(h.step_at(i) - step) < std::abs(h.step_at(best) - step)) best = i;
    }
    const float x = px(static_cast<double>(h.step_at(best)));
    dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), palette().cursor);
    ImGui::BeginTooltip();
    ImGui::Text(tr("health.step"), h.step_at(best));
    for (int l = 1; l <= depth; ++l) {
      ImGui::Text("‖∂L/∂%s‖ = %.4g", layer_name("W", l, buf, sizeof buf), h.norm_at(best, l));
    }
    ImGui::EndTooltip();
  }
}

// Swatch + "layer l" for each line; `compact`: swatch + number only, so
// twelve layers fit on one line of a short panel.
void draw_legend(int depth, bool compact) {
  char name[32];
  const float font = ImGui::GetFontSize();
  const float avail = ImGui::GetContentRegionAvail().x;
  float used = 0;
  for (int l = 1; l <= depth; ++l) {
    if (compact) {
      std::snprintf(name, sizeof name, "%d", l);
    } else {
      std::snprintf(name, sizeof name, tr("health.layer_n"), l);
    }
    const float w = font * 1.2f + ImGui::CalcTextSize(name).x + font * (compact ? 0.6f : 1.0f);
    if (l > 1 && used + w < avail) {
      ImGui::SameLine(0, font * (compact ? 0.6f : 1.0f));
    } else {
      used = 0;
    }
    used += w;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(font, font));
    ImGui::GetWindowDrawList()->AddRectFilled(
        ImVec2(p.x, p.y + font * 0.3f), ImVec2(p.x + font, p.y + font * 0.7f), line_colour(l));
    ImGui::SameLine(0, font * 0.2f);
    ImGui::TextUnformatted(name);
  }
}

// --- layer health table --------------------------------------------------------

void cell(double v, const char* format) {
  ImGui::TableNextColumn();
  if (std::isnan(v)) {
    ImGui::TextDisabled("–");
  } else {
    ImGui::Text(format, v);
  }
}

// What set each of the table's numbers covers, with its size: they are not
// the same samples, and a lesson quoting one must not be read as another.
void draw_table_coverage(const Session& s) {
  const Step* step = pending_step(s);
  char text[320];
  std::snprintf(text, sizeof text, tr("health.table_covers"), s.data.train.count(),
                step != nullptr ? static_cast<int>(step->batch.size()) : 0, s.trainer.steps() + 1,
                s.trainer.steps());
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  text_wrapped(text);
  ImGui::PopStyleColor();
}

void draw_table(const HealthCache& c) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##layer_health", 8, kFlags)) return;
  ImGui::TableSetupColumn(tr("health.col.layer"));
  ImGui::TableSetupColumn("f");
  ImGui::TableSetupColumn(tr("health.col.mean_a"));
  ImGui::TableSetupColumn(tr("health.col.saturated"));
  ImGui::TableSetupColumn(tr("health.col.dead"));
  ImGui::TableSetupColumn("‖W‖");
  ImGui::TableSetupColumn("‖∂L/∂W‖");
  ImGui::TableSetupColumn("‖ΔW‖/‖W‖");
  ImGui::TableHeadersRow();
  double max_norm = 0.0;
  for (const LayerHealth& h : c.rows) {
    if (std::isfinite(h.gradient_norm)) max_norm = std::max(max_norm, h.gradient_norm);
  }
  for (const LayerHealth& h : c.rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%d", h.layer);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(activation_symbol(h.activation).data());
    cell(h.mean_abs_activation, "%.3g");
    cell(100.0 * h.saturated_share, "%.0f %%");
    cell(100.0 * h.dead_share, "%.0f %%");
    cell(h.weight_norm, "%.3g");
    // The gradient norm's cell on the graph's |∂L/∂w| colour map (0 … largest layer).
    cell(h.gradient_norm, "%.2e");
    ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                           sequential_color(h.gradient_norm, max_norm, 0.55f));
    cell(h.update_ratio, "%.1e");
  }
  ImGui::EndTable();
}

// --- histograms ------------------------------------------------------------------

// Bars over [−range, range]; colour(bin centre) for each bar, 0 marked.
template <class Colour>
void draw_histogram(const char* id, const Histogram& h, ImVec2 size, Colour colour) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), palette().canvas_bg);
  const int bins = static_cast<int>(h.counts.size());
  const int peak = std::max(1, h.max_count());
  const float bw = size.x / std::max(bins, 1);
  for (int i = 0; i < bins; ++i) {
    if (h.counts[i] == 0) continue;
    const float bh = (size.y - 2) * static_cast<float>(h.counts[i]) / peak;
    const double centre = h.range * ((i + 0.5) * 2.0 / bins - 1.0);
    dl->AddRectFilled(ImVec2(p0.x + i * bw + 0.5f, p0.y + size.y - bh),
                      ImVec2(p0.x + (i + 1) * bw - 0.5f, p0.y + size.y), colour(centre));
  }
  const float mid = p0.x + size.x * 0.5f;
  dl->AddLine(ImVec2(mid, p0.y), ImVec2(mid, p0.y + size.y), palette().axis);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(tr("health.hist_tip"), h.range, bins, h.max_count(),
                      h.non_finite > 0 ? tr("health.some_nan") : "");
  }
}

void draw_histograms(const Session& s, UiState& ui) {
  const HealthCache& c = ui.views.health;
  const int depth = static_cast<int>(c.weights.size());
  if (depth != s.net.depth()) return;
  const float font = ImGui::GetFontSize();
  const float label_w = font * 4.5f;
  const float w = std::max((ImGui::GetContentRegionAvail().x - label_w) * 0.5f - font, 40.0f);
  const ImVec2 size(w, font * 2.6f);
  ImGui::Dummy(ImVec2(label_w, 0));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr("health.hist_weights"));
  ImGui::SameLine(label_w + w + font * 1.5f);
  ImGui::TextDisabled("%s", tr("health.hist_gradients"));
  // The graph's scale when it has one (a colour then means the same |∂L/∂w|
  // in both panels), else this panel's own maximum.
  const double shared = shared_gradient_scale(s, ui);
  const double scale = shared > 0.0 ? shared : c.max_abs_grad;
  char id[32], name[64];
  for (int l = 1; l <= depth; ++l) {
    const Histogram& wh = c.weights[l - 1];
    const Histogram& gh = c.gradients[l - 1];
    ImGui::BeginGroup();
    ImGui::TextUnformatted(layer_name("W", l, name, sizeof name));
    ImGui::TextDisabled("±%.2g", wh.range);
    ImGui::EndGroup();
    ImGui::SameLine(label_w);
    std::snprintf(id, sizeof id, "##wh%d", l);
    draw_histogram(id, wh, size, [&](double v) { return diverging_color(v, wh.range); });
    ImGui::SameLine();
    std::snprintf(id, sizeof id, "##gh%d", l);
    draw_histogram(id, gh, size, [&](double v) { return sequential_color(std::abs(v), scale); });
    ImGui::SameLine();
    ImGui::TextDisabled("±%.1e", gh.range);
  }
  color_legend("|∂L/∂w|", LegendKind::sequential, scale, font * 8);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr("health.scale_shared"));
}

}  // namespace

void draw_health_panel(const Session& s, UiState& ui, CommandQueue& q) {
  refresh(s, ui.views.health);
  const float font = ImGui::GetFontSize();
  // A short panel (the inspector shares the column, a small window) shows one
  // view at a time in tabs, each with the whole height; a tall one stacks them.
  const bool short_panel = ImGui::GetContentRegionAvail().y < 24.0f * font;
  draw_gradcheck(s, ui, q, short_panel);
  ImGui::Separator();
  const int legend_layers = s.grad_history.layers() > 0 ? s.grad_history.layers() : s.net.depth();
  if (short_panel) {
    if (!ImGui::BeginTabBar("##health_views")) return;
    if (ImGui::BeginTabItem(tr_id("health.norms_tab"))) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
      ImGui::TextUnformatted(
          fit_to_width(tr("health.norms_title"), ImGui::GetContentRegionAvail().x).c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("health.norms_title"));
      ImGui::PopStyleColor();
      // The plot takes everything but one legend line (numbers only).
      const float legend_h = ImGui::GetFrameHeightWithSpacing();
      draw_norm_plot(s, ui.views.health,
                     std::max(ImGui::GetContentRegionAvail().y - legend_h, font * 3));
      draw_legend(legend_layers, true);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(tr_id("health.table_tab"))) {
      draw_table_coverage(s);
      draw_table(ui.views.health);
      ImGui::TextDisabled("%s", tr("health.table_note"));
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(tr_id("health.histograms"))) {
      draw_histograms(s, ui);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    return;
  }
  ImGui::TextUnformatted(tr("health.norms_title"));
  // At least a third of the panel, and never shorter than 8 lines.
  const float plot_h = std::clamp(ImGui::GetContentRegionAvail().y * 0.4f, font * 8, font * 18);
  draw_norm_plot(s, ui.views.health, plot_h);
  draw_legend(legend_layers, false);
  if (ImGui::CollapsingHeader(tr_id("health.table_title"), ImGuiTreeNodeFlags_DefaultOpen)) {
    draw_table_coverage(s);
    draw_table(ui.views.health);
    ImGui::TextDisabled("%s", tr("health.table_note"));
  }
  if (ImGui::CollapsingHeader(tr_id("health.histograms"), ImGuiTreeNodeFlags_DefaultOpen)) {
    draw_histograms(s, ui);
  }
}

}  // namespace backstep
