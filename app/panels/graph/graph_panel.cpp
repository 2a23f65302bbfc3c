// Network graph: layers left to right, nodes filled by the selected sample's
// activation, edges coloured by the sign of w (width ∝ |w|) or by |∂L/∂w|.
// Hover for exact numbers, click a node to pin it, click or drag an edge to
// edit its weight. Large layers draw a level of detail (≤ kMaxShown nodes).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>

#include "app/gpu/heatmap_renderer.hpp"
#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/graph/graph_cache.hpp"
#include "app/panels/graph/graph_parts.hpp"
#include "app/panels/graph/trace_highlight.hpp"
#include "app/panels/graph/weight_images.hpp"
#include "app/panels/panels.hpp"
#include "app/text/short_text.hpp"
#include "app/text/strings.hpp"

namespace backstep {
namespace {

using namespace graph;

constexpr int kMaxShown = 32;  // nodes drawn per column before level of detail

int shown_count(int n) {
  return std::min(n, kMaxShown);
}

// Neuron drawn at row i of a column of n: all of them, or kMaxShown spread
// evenly with the first and the last included.
int neuron_at(int n, int i) {
  if (n <= kMaxShown) return i;
  return static_cast<int>(std::lround(static_cast<double>(i) * (n - 1) / (kMaxShown - 1)));
}

struct Layout {
  float x0 = 0, x1 = 0, y_mid = 0;  // first/last column x, vertical centre
  float row_gap = 0, radius = 0;
  int depth = 0;
  // Image inputs: the input layer is a picture in [pic0, pic1] whose right
  // edge is column 0 (app/panels/graph/weight_images.hpp), not a column of nodes.
  bool picture = false;
  ImVec2 pic0, pic1;
  int pic_w = 0, pic_h = 0;  // the image's pixels across and down
  float column_x(int l) const { return depth == 0 ? x0 : x0 + (x1 - x0) * l / depth; }
  float row_y(int shown, int i) const { return y_mid + (i - 0.5f * (shown - 1)) * row_gap; }
};

// "ŷ₁ setosa" beside output j when its class has a name (one-hot outputs),
// "ŷ₁ = P(dog)" for a single output of two named classes.
void append_class_name(const std::vector<std::string>& names, int outputs, int j, char* buf,
                       std::size_t n) {
  const std::size_t used = std::strlen(buf);
  if (outputs == 1 && names.size() == 2) {
    std::snprintf(buf + used, n - used, " = P(%s)", names[1].c_str());
  } else if (static_cast<int>(names.size()) == outputs) {
    std::snprintf(buf + used, n - used, " %s", names[static_cast<std::size_t>(j)].c_str());
  }
}

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float u = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0f;
  u = std::clamp(u, 0.0f, 1.0f);
  const float ex = a.x + u * dx - p.x, ey = a.y + u * dy - p.y;
  return std::sqrt(ex * ex + ey * ey);
}

void draw_sample_chooser(const Session& s, const UiState& ui, CommandQueue& q) {
  const int n = s.data.train.count();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("graph.sample"));
  ImGui::SameLine();
  if (n == 0 || !cache(ui).has_sample) {
    ImGui::TextDisabled("%s", tr("graph.no_fit"));
    return;
  }
  const int cur = s.selected_sample;
  if (ImGui::ArrowButton("##prev_sample", ImGuiDir_Left)) q.push(SelectSample{(cur + n - 1) % n});
  ImGui::SameLine();
  if (ImGui::ArrowButton("##next_sample", ImGuiDir_Right)) q.push(SelectSample{(cur + 1) % n});
  ImGui::SameLine();
  int shown = cur + 1;  // 1-based for people
  // 7 characters wide, narrower in presenter mode's side column ("of N" stays on the row).
  char of_n[32];
  std::snprintf(of_n, sizeof of_n, tr("graph.of_n"), n);
  ImGui::SetNextItemWidth(std::clamp(ImGui::GetContentRegionAvail().x -
                                         ImGui::CalcTextSize(of_n).x -
                                         2 * ImGui::GetStyle().ItemSpacing.x,
                                     ImGui::GetFontSize() * 3.0f, ImGui::GetFontSize() * 7.0f));
  if (ImGui::SliderInt("##sample", &shown, 1, n, "#%d") && shown - 1 != cur) {
    q.push(SelectSample{std::clamp(shown, 1, n) - 1});
  }
  // Beside the slider, or under it when the side column is too narrow
  // (the side column wraps text, which would stack "of 4" letter by letter).
  same_line_if_fits(ImGui::CalcTextSize(of_n).x, ImGui::GetStyle().ItemSpacing.x);
  ImGui::TextUnformatted(of_n);
  // Everything below is about the sample the tracer walks: the selected one
  // when the pending batch holds it; else say so and offer the batch's own.
  const int walked = cache(ui).sample_index;
  if (walked != cur) {
    const Step& step = *cache(ui).step;
    ImGui::TextColored(palette().warn_text, tr("graph.not_in_batch"), cur + 1, step.ws.batch,
                       walked + 1);
    // The batch's samples as buttons, while they leave the graph its room
    // (not in presenter mode's short panel: the inspector's arrows walk them).
    const bool roomy =
        !ui.presenter && ImGui::GetContentRegionAvail().y > 18.0f * ImGui::GetFontSize();
    constexpr int kOffered = 12;
    const int offered = roomy ? std::min<int>(kOffered, static_cast<int>(step.batch.size())) : 0;
    if (offered > 0) ImGui::TextDisabled("%s", tr("graph.batch_holds"));
    for (int i = 0; i < offered; ++i) {
      char label[32];
      std::snprintf(label, sizeof label, "#%d", step.batch[i] + 1);
      same_line_if_fits(ImGui::CalcTextSize(label).x + ImGui::GetFontSize(), 4.0f);
      if (ImGui::SmallButton(label)) q.push(SelectSample{step.batch[i]});
    }
  }
  char xs[160], ts[160], ys[160], line[512];
  format_column(s.data.train.x, walked, xs, sizeof xs);
  format_column(s.data.train.t, walked, ts, sizeof ts);
  format_column(cache(ui).outputs(), cache(ui).column, ys, sizeof ys);
  std::snprintf(line, sizeof line, tr("graph.sample_line"), xs, ts, ys);
  // On the same line when it fits, else on its own.
  const float gap = ImGui::GetFontSize();
  const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + gap + ImGui::CalcTextSize(line).x < right_edge) {
    ImGui::SameLine(0, gap);
  }
  // Wrapped: a 784-input sample's x and a 10-class ŷ ran off the panel.
  text_wrapped(line);
}

void draw_legends(const Session& s, UiState& ui) {
  const float font = ImGui::GetFontSize();
  if (s.net.input_size() == 2) {
    ImGui::Checkbox(tr_id("graph.maps"), &ui.graph_show_maps);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s", tr("graph.maps_tip"));
    }
    same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                          ImGui::CalcTextSize(tr("graph.edges_grad")).x,
                      font * 1.5f);
  }
  ImGui::Checkbox(tr_id("graph.edges_grad"), &ui.graph_show_gradients);
  // Legends follow on the same row while they fit, else wrap below.
  const char* node_caption = tr("graph.node_caption");
  same_line_if_fits(
      color_legend_width(node_caption, LegendKind::diverging, cache(ui).activation_scale, font * 8),
      font * 1.5f);
  color_legend(node_caption, LegendKind::diverging, cache(ui).activation_scale, font * 8);
  if (ui.graph_show_gradients) {
    ensure_gradients(s, cache(ui));
    const char* edge_caption = tr("graph.edge_grad_caption");
    const char* source = tr("graph.pending_step");
    same_line_if_fits(color_legend_width(edge_caption, LegendKind::sequential,
                                         cache(ui).max_abs_grad_all, font * 8) +
                          ImGui::CalcTextSize(source).x + font,
                      font * 1.5f);
    color_legend(edge_caption, LegendKind::sequential, cache(ui).max_abs_grad_all, font * 8);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", source);
  } else {
    // Sign swatches: the edge colours are the two ends of the diverging map.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string words = std::string(tr("graph.edge_w")) + " " + tr("graph.positive") + " " +
                              tr("graph.negative") + " " + tr("graph.width");
    same_line_if_fits(ImGui::CalcTextSize(words.c_str()).x + font * 5, font * 1.5f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("graph.edge_w"));
    for (int sign : {1, -1}) {
      // A swatch and its word stay together; the pair wraps in a narrow column.
      const char* word = tr(sign > 0 ? "graph.positive" : "graph.negative");
      same_line_if_fits(font * 1.6f + ImGui::CalcTextSize(word).x + 2 * font * 0.5f, font * 0.5f);
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float h = ImGui::GetFrameHeight();
      ImGui::Dummy(ImVec2(font * 1.6f, h));
      dl->AddLine(ImVec2(p.x, p.y + h * 0.5f), ImVec2(p.x + font * 1.6f, p.y + h * 0.5f),
                  diverging_color(0.85 * sign, 1.0), font * 0.3f);
      ImGui::SameLine();
      ImGui::TextUnformatted(word);
    }
    same_line_if_fits(ImGui::CalcTextSize(tr("graph.width")).x, font * 0.5f);
    ImGui::TextUnformatted(tr("graph.width"));
  }
}

// `large`: presenter mode, where the graph is what the room looks at: nodes
// fill more of their row and column (they may come within a tenth of a
// diameter of each other), so a node is about twice its normal-mode size.
Layout make_layout(const Mlp& net, ImVec2 p0, ImVec2 size, float left, float right,
                   bool large = false, bool picture = false) {
  const float font = ImGui::GetFontSize();
  Layout g;
  g.depth = net.depth();
  int most = 1;
  // A picture input is no column of nodes: the other layers set the rows.
  const int first = picture ? 1 : 0;
  for (int l = first; l <= net.depth(); ++l) most = std::max(most, shown_count(net.size(l)));
  // Room above for the column captions; below only when a layer is folded
  // ("… 84 more" sits under it). At presenter scales every line counts.
  bool folded = false;
  for (int l = first; l <= net.depth(); ++l) folded |= net.size(l) > kMaxShown;
  const float top = p0.y + font * (large ? 1.2f : 1.35f);
  const float bottom = p0.y + size.y - font * (folded ? 1.6f : large ? 0.15f : 0.4f);
  const float height = std::max(bottom - top, 10.0f);
  g.x0 = p0.x + left;
  g.x1 = std::max(p0.x + size.x - right, g.x0 + 1.0f);
  g.y_mid = 0.5f * (top + bottom);
  const float col_gap = g.depth > 0 ? (g.x1 - g.x0) / g.depth : g.x1 - g.x0;
  // Radius from the space each row gets, capped so small nets do not turn
  // into balloons and columns never touch; rows then sit a few radii apart.
  const float row_share = large ? 0.47f : 0.38f, col_share = large ? 0.22f : 0.16f;
  g.radius =
      std::clamp(std::min(row_share * height / most, col_share * col_gap), 3.0f, font * 1.7f);
  g.row_gap = std::min(height / most, g.radius * (large ? 2.6f : 3.4f));
  return g;
}

// Where neuron row i of sj's bundle leaves the picture's right edge: spread
// over its height in the order of the column, so the bundles fan out.
float bundle_y(const Layout& g, int sj, int i) {
  return g.pic0.y + (g.pic1.y - g.pic0.y) * (i + 0.5f) / static_cast<float>(sj);
}

// The first layer of a picture input: one bundle per shown neuron instead of
// 784 edges each. A faint fan from the whole picture edge to the neuron, in
// the colour of its mean weight (blue: the picture's brightness raises z on
// the whole, orange: lowers it), and a line whose width follows its largest
// |w| (or, with the gradient toggle, the largest |∂L/∂w| of its row).
void draw_bundles(ImDrawList* dl, const Mlp& net, const Layout& g, UiState& ui) {
  const Matrix& W = net.layer(1).W;
  const Matrix* G =
      ui.graph_show_gradients && cache(ui).gradients ? &cache(ui).gradients->grad_W[1] : nullptr;
  const int nj = net.size(1), sj = shown_count(nj);
  const float xa = g.x0, xb = g.column_x(1) - g.radius;
  double mean_top = 0.0;
  for (int i = 0; i < sj; ++i)
    mean_top = std::max(mean_top, std::abs(W.row(neuron_at(nj, i)).mean()));
  const double wmax = cache(ui).max_abs_w[1], gmax = cache(ui).max_abs_grad_all;
  const float max_thick = std::clamp(g.radius * 0.45f, 1.5f, 7.0f * palette().line_scale);
  for (int i = 0; i < sj; ++i) {
    const int j = neuron_at(nj, i);
    const double mean = W.row(j).mean();
    const ImVec2 b(xb, g.row_y(sj, i));
    const ImU32 fan = std::isfinite(mean) ? diverging_color(mean, mean_top, 0.07f)
                                          : to_imcolor(kInvalidColour, 0.07f);
    dl->AddTriangleFilled(ImVec2(xa, g.pic0.y), ImVec2(xa, g.pic1.y), b, fan);
    double frac = 0.0;
    ImU32 col = 0;
    if (G != nullptr) {
      const double v = G->row(j).cwiseAbs().maxCoeff();
      frac = gmax > 0 ? v / gmax : 0.0;
      col = sequential_color(v, gmax, 0.3f + 0.7f * static_cast<float>(std::min(frac, 1.0)));
    } else {
      frac = wmax > 0 ? W.row(j).cwiseAbs().maxCoeff() / wmax : 0.0;
      col = std::isfinite(mean) ? diverging_color(mean > 0 ? 0.85 : (mean < 0 ? -0.85 : 0.0), 1.0,
                                                  0.35f + 0.65f * static_cast<float>(frac))
                                : to_imcolor(kInvalidColour);
    }
    if (!std::isfinite(frac)) frac = 1.0;
    dl->AddLine(ImVec2(xa, bundle_y(g, sj, i)), b, col,
                0.6f + max_thick * static_cast<float>(std::min(frac, 1.0)));
  }
}

// The node or (failing that) the edge under the mouse. Only the layer whose
// span holds the mouse is tested, so this is O(shown edges of one layer).
Hit hit_test(const Mlp& net, const Layout& g, ImVec2 m) {
  Hit hit;
  if (g.picture && m.x >= g.pic0.x && m.x < g.pic1.x && m.y >= g.pic0.y && m.y < g.pic1.y) {
    // A pixel is input neuron k = row·W + column.
    const int c = std::clamp(static_cast<int>((m.x - g.pic0.x) / (g.pic1.x - g.pic0.x) * g.pic_w),
                             0, g.pic_w - 1);
    const int r = std::clamp(static_cast<int>((m.y - g.pic0.y) / (g.pic1.y - g.pic0.y) * g.pic_h),
                             0, g.pic_h - 1);
    return {0, r * g.pic_w + c, -1};
  }
  for (int l = g.picture ? 1 : 0; l <= net.depth(); ++l) {
    const float x = g.column_x(l);
    if (std::abs(m.x - x) > g.radius + 2) continue;
    const int shown = shown_count(net.size(l));
    for (int i = 0; i < shown; ++i) {
      const float dy = m.y - g.row_y(shown, i), dx = m.x - x;
      if (dx * dx + dy * dy <= (g.radius + 2) * (g.radius + 2)) {
        hit.layer = l;
        hit.j = neuron_at(net.size(l), i);
        return hit;
      }
    }
  }
  float best = std::max(4.0f, g.radius * 0.3f);
  for (int l = 1; l <= net.depth(); ++l) {
    const float xa = g.column_x(l - 1), xb = g.column_x(l);
    if (m.x < xa || m.x > xb) continue;
    const int sj = shown_count(net.size(l)), sk = shown_count(net.size(l - 1));
    if (l == 1 && g.picture) {
      // A bundle stands for its neuron: hovering it shows that neuron's card.
      for (int i = 0; i < sj; ++i) {
        const float d =
            distance_to_segment(m, ImVec2(xa, bundle_y(g, sj, i)), ImVec2(xb, g.row_y(sj, i)));
        if (d < best) {
          best = d;
          hit = {1, neuron_at(net.size(1), i), -1};
        }
      }
      continue;
    }
    for (int i = 0; i < sj; ++i) {
      for (int h = 0; h < sk; ++h) {
        const float d =
            distance_to_segment(m, ImVec2(xa, g.row_y(sk, h)), ImVec2(xb, g.row_y(sj, i)));
        if (d < best) {
          best = d;
          hit = {l, neuron_at(net.size(l), i), neuron_at(net.size(l - 1), h)};
        }
      }
    }
  }
  return hit;
}

void draw_edges(ImDrawList* dl, const Mlp& net, const Layout& g, UiState& ui) {
  // The cap grows with the UI scale (and presenter mode) so wide lines stay wide.
  const float max_thick = std::clamp(g.radius * 0.45f, 1.5f, 7.0f * palette().line_scale);
  for (int l = 1; l <= net.depth(); ++l) {
    if (l == 1 && g.picture) {
      draw_bundles(dl, net, g, ui);
      continue;
    }
    const Matrix& W = net.layer(l).W;
    const Matrix* G =
        ui.graph_show_gradients && cache(ui).gradients ? &cache(ui).gradients->grad_W[l] : nullptr;
    const double wmax = cache(ui).max_abs_w[l];
    const double gmax = cache(ui).max_abs_grad_all;
    const int nj = net.size(l), nk = net.size(l - 1);
    const int sj = shown_count(nj), sk = shown_count(nk);
    const float xa = g.column_x(l - 1) + g.radius, xb = g.column_x(l) - g.radius;
    // Dense blocks (16×16, 32×32 shown edges) get fainter so the strong
    // edges still stand out of the mesh.
    const float density = std::clamp(std::sqrt(48.0f / (sj * sk)), 0.35f, 1.0f);
    for (int i = 0; i < sj; ++i) {
      const int j = neuron_at(nj, i);
      const ImVec2 b(xb, g.row_y(sj, i));
      for (int h = 0; h < sk; ++h) {
        const int k = neuron_at(nk, h);
        const ImVec2 a(xa, g.row_y(sk, h));
        double frac = 0.0;
        ImU32 col = 0;
        if (G != nullptr) {
          const double v = std::abs((*G)(j, k));
          frac = gmax > 0 ? v / gmax : 0.0;
          // Faint when small: a haze of near-zero gradients must not hide the few that matter.
          col = sequential_color(
              v, gmax, density * (0.25f + 0.75f * static_cast<float>(std::min(frac, 1.0))));
        } else {
          const double w = W(j, k);
          frac = wmax > 0 ? std::abs(w) / wmax : 0.0;
          // Colour says the sign only; faint when small so big weights stand out.
          col = std::isfinite(w)
                    ? diverging_color(w > 0 ? 0.85 : (w < 0 ? -0.85 : 0.0), 1.0,
                                      density * (0.3f + 0.7f * static_cast<float>(frac)))
                    : to_imcolor(kInvalidColour);
        }
        if (!std::isfinite(frac)) frac = 1.0;
        dl->AddLine(a, b, col, 0.6f + max_thick * static_cast<float>(std::min(frac, 1.0)));
        if (ui.report_layout) ui.graph_edges.push_back({l, j + 1, k + 1, a.x, a.y, b.x, b.y});
      }
    }
  }
}

// Draws the nodes; returns the widest value text drawn inside one, in pixels.
float draw_nodes(ImDrawList* dl, const Session& s, const Layout& g, UiState& ui, Hit hover) {
  const Mlp& net = s.net;
  const float font = ImGui::GetFontSize();
  char buf[64];
  // Values inside nodes when the widest one ("-0.00") fits, shrunk a little if
  // needed but never below 70 % of the UI font; otherwise hover shows them.
  const float widest = ImGui::CalcTextSize("-0.00").x;
  float value_size = std::min(font, font * (2 * g.radius - 5) / widest);
  if (value_size < 0.7f * font) value_size = 0;
  float widest_drawn = 0;
  if (g.picture) draw_input_picture(s, ui, dl, g.pic0, g.pic1);
  for (int l = g.picture ? 1 : 0; l <= net.depth(); ++l) {
    const int n = net.size(l), shown = shown_count(n);
    const float x = g.column_x(l);
    for (int i = 0; i < shown; ++i) {
      const int j = neuron_at(n, i);
      const ImVec2 c(x, g.row_y(shown, i));
      const double a = cache(ui).has_sample ? cache(ui).a(l, j) : 0.0;
      // The output of a one-output classifier is coloured about its decision
      // threshold (core decision_threshold), as the output panel's background.
      const double centre = l == net.depth() ? decision_threshold(net, s.data.task) : 0.0;
      const Rgb fill = diverging(a - centre, cache(ui).activation_scale);
      dl->AddCircleFilled(c, g.radius, to_imcolor(fill));
      if (ui.report_layout) ui.graph_nodes.push_back({l, j + 1, c.x, c.y, g.radius});
      // 2-D inputs: the node shows the neuron's map over the input plane
      // (app/gpu/heatmap_renderer.hpp); a ring keeps the sample's activation colour.
      const bool map =
          l > 0 && ui.graph_show_maps && draw_node_map(*ui.views.heatmaps, dl, c, g.radius, l, j);
      if (map) dl->AddCircle(c, g.radius - 1.0f, to_imcolor(fill), 0, 3.0f);
      dl->AddCircle(c, g.radius, palette().node_outline, 0, 1.5f * palette().thicker);
      if (ui.pinned_layer == l && ui.pinned_neuron == j) {
        dl->AddCircle(c, g.radius + 5, palette().ring, 0, 3.0f * palette().thicker);
      } else if (hover.k < 0 && hover.layer == l && hover.j == j) {
        dl->AddCircle(c, g.radius + 3, palette().ring, 0, 1.5f * palette().thicker);
      }
      // The value inside the node, for every node or none (see value_size).
      if (cache(ui).has_sample && value_size > 0 && !map) {
        // "%.2f" up to 1e4, then "1.28e+154" (a diverged run's 1e154 had 155 digits),
        // shrunk to fit the node down to half the UI font, else left to the hover card.
        format_fixed(a, 2, buf, sizeof buf);
        float size = value_size;
        ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(size, 1e9f, 0.0f, buf);
        if (ts.x > 2 * g.radius - 5) {
          size *= (2 * g.radius - 5) / ts.x;
          ts = ImGui::GetFont()->CalcTextSizeA(size, 1e9f, 0.0f, buf);
        }
        if (size >= 0.5f * font) {
          dl->AddText(ImGui::GetFont(), size, ImVec2(c.x - ts.x / 2, c.y - ts.y / 2),
                      text_color_on(fill), buf);
          widest_drawn = std::max(widest_drawn, ts.x);
        }
      }
      // x₁ … on the left of the inputs, ŷ₁ … on the right of the outputs.
      if ((l == 0 || l == net.depth()) && g.row_gap >= font * 0.95f) {
        indexed_name(l == 0 ? "x" : "ŷ", j, buf, sizeof buf);
        if (l > 0) append_class_name(s.data.class_names, net.output_size(), j, buf, sizeof buf);
        const ImVec2 ts = ImGui::CalcTextSize(buf);
        const float lx = l == 0 ? c.x - g.radius - 6 - ts.x : c.x + g.radius + 6;
        dl->AddText(ImVec2(lx, c.y - ts.y / 2), ImGui::GetColorU32(ImGuiCol_Text), buf);
      }
    }
  }
  return widest_drawn;
}

void draw_captions(ImDrawList* dl, const Session& s, const Layout& g, ImVec2 p0, ImVec2 size) {
  const Mlp& net = s.net;
  const float font = ImGui::GetFontSize();
  const float col_gap = net.depth() > 0 ? (g.x1 - g.x0) / net.depth() : 1e9f;
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  char buf[96];
  for (int l = 0; l <= net.depth(); ++l) {
    const float x = g.column_x(l);
    // Longest caption that fits the column: "layer 1 · tanh", "L1 · tanh", "L1".
    if (l == 0 && g.picture) {
      std::snprintf(buf, sizeof buf, tr("graph.input_picture"), s.data.image.width,
                    s.data.image.height);
    } else if (l == 0) {
      std::snprintf(buf, sizeof buf, "%s", tr("graph.input"));
    } else {
      const Activation f = net.layer(l).activation;
      const std::string_view name = to_string(f), sym = activation_symbol(f);
      std::snprintf(buf, sizeof buf, tr("graph.layer_f"), l, static_cast<int>(name.size()),
                    name.data());
      if (ImGui::CalcTextSize(buf).x > col_gap * 0.95f) {
        std::snprintf(buf, sizeof buf, "L%d · %.*s", l, static_cast<int>(sym.size()), sym.data());
      }
      if (ImGui::CalcTextSize(buf).x > col_gap * 0.95f) std::snprintf(buf, sizeof buf, "L%d", l);
    }
    ImVec2 ts = ImGui::CalcTextSize(buf);
    // Centred on the column (the picture), but kept inside the canvas at both ends.
    const float centre = l == 0 && g.picture ? 0.5f * (g.pic0.x + g.pic1.x) : x;
    const float cx = std::clamp(centre - ts.x / 2, p0.x + 2, p0.x + size.x - ts.x - 2);
    dl->AddText(ImVec2(cx, p0.y + font * 0.2f), text, buf);
    const int n = net.size(l);
    if (n > kMaxShown && !(l == 0 && g.picture)) {
      std::snprintf(buf, sizeof buf, tr("graph.more"), n - kMaxShown);
      ts = ImGui::CalcTextSize(buf);
      dl->AddText(ImVec2(std::clamp(x - ts.x / 2, p0.x + 2, p0.x + size.x - ts.x - 2),
                         p0.y + size.y - font * 1.3f),
                  dim, buf);
    }
  }
}

}  // namespace

double shared_gradient_scale(const Session& s, UiState& ui) {
  refresh_graph_cache(s, cache(ui));
  ensure_gradients(s, cache(ui));
  return cache(ui).max_abs_grad_all;
}

void draw_graph_panel(const Session& s, UiState& ui, CommandQueue& q) {
  const Mlp& net = s.net;
  if (net.depth() == 0) {
    ImGui::TextDisabled("%s", tr("graph.no_network"));
    return;
  }
  refresh_graph_cache(s, cache(ui));
  if (ui.graph_show_gradients) ensure_gradients(s, cache(ui));
  if (ui.graph_show_maps)
    refresh_heatmaps(*ui.views.heatmaps, s, ui.heatmap_resolution, ui.output_discretize);

  // Margins hold the x₁ / ŷ₁ labels beside the first and last columns.
  char widest[64];
  indexed_name("x", net.input_size() - 1, widest, sizeof widest);
  float left = ImGui::CalcTextSize(widest).x + ImGui::GetFontSize() * 2.5f;
  float right = 0.0f;
  for (int j = 0; j < net.output_size(); ++j) {
    indexed_name("ŷ", j, widest, sizeof widest);
    append_class_name(s.data.class_names, net.output_size(), j, widest, sizeof widest);
    right = std::max(right, ImGui::CalcTextSize(widest).x);
  }
  right += ImGui::GetFontSize() * 2.5f;

  // The sample chooser, toggles and legends take four to six rows above the
  // graph. In presenter mode, where a row is 65 px, they move to a column on
  // the left when that leaves larger nodes (a shallow net like XOR is short
  // of height, not of width). Never folded away: the legend explains the colours.
  const float font = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side_w = std::floor(std::min(13.0f * font, 0.4f * avail.x));
  bool beside = false;
  if (ui.presenter) {
    const float rows = (cache(ui).sample_index != s.selected_sample ? 5.0f : 4.0f) *
                       ImGui::GetFrameHeightWithSpacing();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float above =
        make_layout(net, o, ImVec2(avail.x, avail.y - rows), left, right, true).radius;
    const float side =
        make_layout(net, o, ImVec2(avail.x - side_w, avail.y), left, right, true).radius;
    beside = side > above;
  }
  if (beside) {
    ImGui::BeginChild("##graph_side", ImVec2(side_w, avail.y), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    // Smaller text when last frame's rows did not fit (a deep net's notice
    // "#1 is not in the pending batch" takes two more), never below 70 %.
    ImGui::SetWindowFontScale(ui.graph_side_font_scale);
    // Tighter rows than the panel's: the column holds eight to ten of them.
    const ImGuiStyle& st = ImGui::GetStyle();
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(st.FramePadding.x, std::floor(0.4f * st.FramePadding.y)));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                        ImVec2(st.ItemSpacing.x, std::floor(0.5f * st.ItemSpacing.y)));
    ImGui::PushTextWrapPos(0.0f);
    draw_sample_chooser(s, ui, q);
    draw_legends(s, ui);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleVar(2);
    const float used = ImGui::GetCursorPosY(), room = ImGui::GetWindowHeight();
    float& k = ui.graph_side_font_scale;
    // Rows scale with the text, so room/used is nearly the scale that fits;
    // growing back goes slowly, so the two do not alternate.
    if (used > room) k = std::max(0.7f, k * 0.97f * room / used);
    if (used < 0.8f * room) k = std::min(1.0f, k + 0.05f);
    ui.fits.push_back({"graph-side", used, room});
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
  } else {
    draw_sample_chooser(s, ui, q);
    draw_legends(s, ui);
  }

  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.x < 60 || size.y < 60) return;
  // Image inputs: the weight images take the right part of the canvas, and
  // the input picture the left margin.
  const bool picture = image_inputs(s);
  float weights_w = 0.0f, pic_side = 0.0f;
  if (picture) {
    weights_w = std::floor(std::clamp(0.36f * size.x, 8.0f * font, 0.5f * size.x));
    size.x -= weights_w + 0.5f * font;
    pic_side = std::floor(std::min(0.24f * size.x, 0.8f * (size.y - 2.0f * font)));
    left = pic_side + 0.5f * font;
  }
  ImGui::InvisibleButton("##graph_canvas", size, ImGuiButtonFlags_MouseButtonLeft);
  const bool hovered = ImGui::IsItemHovered();
  Layout g = make_layout(net, p0, size, left, right, ui.presenter, picture);
  if (ui.presenter && !picture) {
    // The margins were sized for the largest node (2.5 characters); a deep net
    // with smaller nodes gives the difference to its columns, keeping room
    // for the x₁ / ŷ₁ labels beside the nodes it then draws.
    const float spare = ImGui::GetFontSize() * 2.5f - g.radius - 0.5f * ImGui::GetFontSize();
    if (spare > 0) {
      const float cap = g.radius + 0.5f * ImGui::GetFontSize() - 6.0f;
      g = make_layout(net, p0, size, left - spare, right - spare, true);
      g.radius = std::min(g.radius, cap);
    }
  }

  if (picture) {
    const ImageShape shape = s.data.image;
    const float w = pic_side,
                h = std::min(pic_side * shape.height / shape.width, size.y - 2 * font);
    g.picture = true;
    g.pic_w = shape.width;
    g.pic_h = shape.height;
    g.pic0 = ImVec2(g.x0 - w, g.y_mid - 0.5f * h);
    g.pic1 = ImVec2(g.x0, g.y_mid + 0.5f * h);
  }
  Hit hover;
  if (hovered || ImGui::IsItemActive()) hover = hit_test(net, g, ImGui::GetIO().MousePos);
  handle_edit_input(s, ui, q, hover);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
  draw_edges(dl, net, g, ui);
  // The edge under the mouse (or being dragged) on top, outlined.
  Hit edge = hover;
  if (ui.edit_dragging && edge_valid(net, ui.edit_layer, ui.edit_j, ui.edit_k)) {
    edge = {ui.edit_layer, ui.edit_j, ui.edit_k};
  }
  auto row = [&](int l, int neuron) {
    const int n = net.size(l);
    int i = n <= kMaxShown ? neuron : 0;
    for (int r = 0; r < shown_count(n) && n > kMaxShown; ++r) {
      if (neuron_at(n, r) == neuron) i = r;
    }
    return g.row_y(shown_count(n), i);
  };
  if (edge.k >= 0) {
    const ImVec2 a(g.column_x(edge.layer - 1), row(edge.layer - 1, edge.k));
    const ImVec2 b(g.column_x(edge.layer), row(edge.layer, edge.j));
    dl->AddLine(a, b, palette().ring, 5.0f * palette().thicker);
    const double w = net.layer(edge.layer).W(edge.j, edge.k);
    dl->AddLine(a, b, diverging_color(w > 0 ? 0.85 : -0.85, 1.0), 3.0f * palette().thicker);
  }
  const float widest_value = draw_nodes(dl, s, g, ui, hover);
  ui.fits.push_back({"graph-node-value", widest_value, 2 * g.radius});
  // The gradient check's worst parameter (app/panels/health_panel.cpp): a
  // magenta outline on its edge, or a ring on its neuron for a bias.
  if (const int hl = ui.highlight_layer; hl >= 1 && hl <= net.depth() &&
                                         ui.highlight_j < net.size(hl) &&
                                         (ui.highlight_bias || ui.highlight_k < net.size(hl - 1))) {
    const ImU32 mark = IM_COL32(255, 60, 255, 255);
    const ImVec2 b(g.column_x(hl), row(hl, ui.highlight_j));
    if (ui.highlight_bias) {
      dl->AddCircle(b, g.radius + 7, mark, 0, 3.0f);
    } else {
      const ImVec2 a(g.column_x(hl - 1), row(hl - 1, ui.highlight_k));
      dl->AddLine(a, b, mark, 4.0f);
      dl->AddCircle(a, g.radius + 4, mark, 0, 2.0f);
      dl->AddCircle(b, g.radius + 4, mark, 0, 2.0f);
    }
  }
  // Every parameter the check flagged (a Bug lab mistake flags whole layers):
  // a thin magenta line on a weight's edge with a ring at its middle, a ring
  // on a bias's neuron. Only where both ends are drawn as nodes.
  if (s.gradcheck && ui.health_ring_worst) {
    const ImU32 mark = IM_COL32(255, 60, 255, 200);
    auto drawn = [&](int l) {
      return l >= 0 && l <= net.depth() && net.size(l) <= kMaxShown && !(l == 0 && g.picture);
    };
    for (const ParamRef& p : s.gradcheck->result.flagged) {
      if (!drawn(p.layer) || p.j >= net.size(p.layer)) continue;
      const ImVec2 b(g.column_x(p.layer), row(p.layer, p.j));
      if (p.bias) {
        dl->AddCircle(b, g.radius + 4, mark, 0, 2.0f * palette().thicker);
        continue;
      }
      if (!drawn(p.layer - 1) || p.k >= net.size(p.layer - 1)) continue;
      const ImVec2 a(g.column_x(p.layer - 1), row(p.layer - 1, p.k));
      dl->AddLine(a, b, mark, 1.5f * palette().thicker);
      dl->AddCircle(ImVec2(0.5f * (a.x + b.x), 0.5f * (a.y + b.y)), 0.25f * g.radius, mark, 0,
                    2.0f * palette().thicker);
    }
  }
  // The chain-rule inspector's current micro-step (app/panels/graph/trace_highlight.hpp).
  draw_trace_highlight(
      dl, s, ui,
      [&](int l, int neuron) -> std::optional<ImVec2> {
        if (l == 0 && g.picture) return std::nullopt;  // a pixel, not a node
        const int n = net.size(l);
        bool shown = n <= kMaxShown;
        for (int r = 0; r < shown_count(n) && !shown; ++r) shown = neuron_at(n, r) == neuron;
        if (!shown) return std::nullopt;
        return ImVec2(g.column_x(l), row(l, neuron));
      },
      g.radius);
  draw_captions(dl, s, g, p0, size);
  dl->PopClipRect();

  if (hover.layer >= 0 && !ui.edit_dragging) {
    if (hover.k >= 0) {
      edge_tooltip(s, ui, hover.layer, hover.j, hover.k);
    } else {
      node_tooltip(s, ui, hover.layer, hover.j);
    }
  } else if (ui.edit_dragging && edge_valid(net, ui.edit_layer, ui.edit_j, ui.edit_k)) {
    edge_tooltip(s, ui, ui.edit_layer, ui.edit_j, ui.edit_k);
  }
  edit_popup(s, ui, q);
  if (picture) {
    draw_weight_images(s, ui, ImVec2(p0.x + size.x + 0.5f * font, p0.y), ImVec2(weights_w, size.y));
  }
}

}  // namespace backstep
