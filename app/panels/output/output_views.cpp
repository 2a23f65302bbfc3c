#include "app/panels/output/output_views.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/output/image_views.hpp"
#include "app/text/output_legend.hpp"
#include "app/text/strings.hpp"
#include "core/dataset.hpp"

namespace backstep {

namespace {

Activation output_activation(const Mlp& net) {
  return net.layer(net.depth()).activation;
}

// A colour swatch the size of a text line, then the cursor on the same line.
void swatch(Rgb c) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 1), ImVec2(p.x + h, p.y + h - 1),
                                            to_imcolor(c));
  ImGui::Dummy(ImVec2(h, h));
  ImGui::SameLine();
}

// Outputs of the network on a whole dataset, recomputed only when the session
// changes (the views for >2 inputs draw every sample every frame).
const Predictions& predictions(const Session& s, OutputCache& c) {
  Predictions& p = c.predictions;
  if (p.revision != s.revision || p.session != &s) {
    p.revision = s.revision;
    p.session = &s;
    for (auto [d, ws] : {std::pair{&s.data.train, &p.train}, std::pair{&s.data.test, &p.test}}) {
      prepare_workspace(s.net, d->count(), *ws);
      if (d->count() > 0) forward(s.net, d->x, *ws);
    }
  }
  return p;
}

// A gradient bar from the diverging map with three labels under it.
void diverging_bar(const char* left, const char* mid, const char* right) {
  const float w = std::min(ImGui::GetContentRegionAvail().x, 18.0f * ImGui::GetFontSize());
  const float h = ImGui::GetTextLineHeight() * 0.8f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  constexpr int kSegments = 32;
  for (int i = 0; i < kSegments; ++i) {
    const double u0 = 2.0 * i / kSegments - 1.0, u1 = 2.0 * (i + 1) / kSegments - 1.0;
    const ImU32 c0 = diverging_color(u0, 1.0), c1 = diverging_color(u1, 1.0);
    const float x0 = p0.x + w * i / kSegments, x1 = p0.x + w * (i + 1) / kSegments;
    dl->AddRectFilledMultiColor(ImVec2(x0, p0.y), ImVec2(x1, p0.y + h), c0, c1, c1, c0);
  }
  ImGui::Dummy(ImVec2(w, h));
  const float y = ImGui::GetCursorScreenPos().y;
  const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
  const float lw = ImGui::CalcTextSize(left).x, mw = ImGui::CalcTextSize(mid).x,
              rw = ImGui::CalcTextSize(right).x, gap = 0.5f * ImGui::GetFontSize();
  dl->AddText(ImVec2(p0.x, y), ink, left);
  dl->AddText(ImVec2(p0.x + w - rw, y), ink, right);
  const float mx = p0.x + 0.5f * (w - mw);
  if (mx >= p0.x + lw + gap && mx + mw + gap <= p0.x + w - rw) {
    dl->AddText(ImVec2(mx, y), ink, mid);
  } else {
    // No room between the end labels (a narrow column, a long class name):
    // the middle value goes on the bar's own middle, which is the map's
    // near-white neutral, in dark ink and a smaller size so it fits the bar.
    const float size = 0.8f * ImGui::GetFontSize();
    const float mws = mw * size / ImGui::GetFontSize();
    dl->AddText(ImGui::GetFont(), size, ImVec2(p0.x + 0.5f * (w - mws), p0.y + 0.5f * (h - size)),
                IM_COL32(20, 20, 20, 255), mid);
  }
  ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
}

}  // namespace

int class_of(const Matrix& m, int col, Activation out) {
  if (m.rows() > 1) {
    Eigen::Index k = 0;
    m.col(col).maxCoeff(&k);
    return static_cast<int>(k);
  }
  return m(0, col) > class_threshold(out) ? 1 : 0;
}

Rgb target_colour(const Session& s, const DecisionView& view, const Matrix& t, int i, int n_out) {
  if (view.style == DecisionStyle::categorical) {
    return class_colour(class_of(t, i, output_activation(s.net)));
  }
  if (s.data.task == Task::classification) {
    // Full-strength class colours: blue = the positive class, orange = the other.
    return diverging(t(0, i) > view.center ? 1.0 : -1.0, 1.0);
  }
  (void)n_out;
  return diverging(t(0, i) - view.center, view.scale);
}

void describe_output_at(const Session& s, OutputCache& cache, const DecisionView& view, double x1,
                        double x2) {
  Workspace& ws = cache.point_ws;
  Matrix& x = cache.point_x;
  const Mlp& net = s.net;
  x.resize(net.input_size(), 1);
  x(0, 0) = x1;
  if (net.input_size() > 1) x(1, 0) = x2;
  prepare_workspace(net, 1, ws);
  forward(net, x, ws);
  const Matrix& a = ws.a[net.depth()];
  const Activation out = output_activation(net);
  if (view.style == DecisionStyle::categorical) {
    const int k = class_of(a, 0, out);
    for (int c = 0; c < a.rows(); ++c) {
      swatch(class_colour(c));
      ImGui::Text(tr("output.class_p"), c == k ? "▶" : " ", c, a(c, 0));
    }
    return;
  }
  ImGui::Text(tr("output.network_output"), a(0, 0));
  if (s.data.task == Task::classification) {
    const int k = class_of(a, 0, out);
    swatch(diverging(k == 1 ? 1.0 : -1.0, 1.0));
    if (out == Activation::sigmoid) {
      ImGui::Text(tr("output.predicts_p"), k, a(0, 0));
    } else {
      ImGui::Text(tr("output.predicts_threshold"), k, class_threshold(out));
    }
  }
}

void describe_target(const Session& s, const Matrix& t, int i) {
  if (s.data.task == Task::classification) {
    const int k = class_of(t, i, output_activation(s.net));
    ImGui::Text(tr("output.label_class"), k);
  } else {
    ImGui::Text(tr("output.target"), t(0, i));
  }
}

namespace {

// The caption over the colour bar or the class swatches.
std::string legend_caption(const Session& s, const DecisionView& view) {
  if (view.style == DecisionStyle::categorical) {
    return std::string(tr("output.bg_class")) + " " +
           tr(view.discretize ? "output.hard_regions" : "output.pale_strong");
  }
  if (s.data.task != Task::classification) return tr("output.bg_regression");
  return threshold_legend(output_activation(s.net), view.discretize, view.scale, s.data.class_names)
      .caption;
}

// The line about the dots.
const char* points_caption(bool show_test) {
  return tr(show_test ? "output.points_legend_test" : "output.points_legend");
}

float wrapped_height(const char* text) {
  const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  return ImGui::CalcTextSize(text, nullptr, false, width).y + ImGui::GetStyle().ItemSpacing.y;
}

}  // namespace

float legend_height(const Session& s, const DecisionView& view, bool show_test) {
  // The caption, then the colour bar and its labels (two lines, diverging_bar
  // above) or the swatches (one line, and room to wrap once).
  return wrapped_height(legend_caption(s, view).c_str()) +
         2.0f * ImGui::GetTextLineHeightWithSpacing() + wrapped_height(points_caption(show_test)) +
         ImGui::GetStyle().ItemSpacing.y;
}

void draw_output_legend(const Session& s, const DecisionView& view, bool show_test) {
  if (view.style == DecisionStyle::categorical) {
    ImGui::TextWrapped("%s", legend_caption(s, view).c_str());
    for (int k = 0; k < s.net.output_size(); ++k) {
      if (k > 0) same_line_if_fits(ImGui::GetFontSize() * 5.0f, ImGui::GetStyle().ItemSpacing.x);
      swatch(class_colour(k));
      ImGui::TextUnformatted(class_label(s.data.class_names, k).c_str());
    }
  } else {
    ImGui::TextWrapped("%s", legend_caption(s, view).c_str());
    if (s.data.task != Task::classification) {
      color_legend(tr("output.value"), LegendKind::diverging, view.scale,
                   std::min(ImGui::GetContentRegionAvail().x * 0.5f, 14.0f * ImGui::GetFontSize()));
    } else {
      // One threshold (core class_threshold): the bar's middle, the caption,
      // the background's neutral colour and the accuracy all use it.
      const ThresholdLegend l = threshold_legend(output_activation(s.net), view.discretize,
                                                 view.scale, s.data.class_names);
      diverging_bar(l.low.c_str(), l.mid.c_str(), l.high.c_str());
    }
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextWrapped("%s", points_caption(show_test));
  ImGui::PopStyleColor();
}

void draw_prediction_scatter(const Session& s, UiState& ui) {
  const Predictions& p = predictions(s, ui.views.output);
  double lo = 0, hi = 0;
  bool any = false;
  for (auto [d, ws] : {std::pair{&s.data.train, &p.train}, std::pair{&s.data.test, &p.test}}) {
    if (d->count() == 0) continue;
    const Matrix& y = ws->a[s.net.depth()];
    const double a = std::min(d->t.minCoeff(), y.minCoeff());
    const double b = std::max(d->t.maxCoeff(), y.maxCoeff());
    lo = any ? std::min(lo, a) : a;
    hi = any ? std::max(hi, b) : b;
    any = true;
  }
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi - lo < 1e-12) lo -= 1, hi += 1;
  ImGui::TextWrapped(tr("output.scatter_title"), s.net.input_size());
  ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(60.0f, std::min(avail.x, avail.y - ImGui::GetTextLineHeight() * 2));
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##scatter", ImVec2(side, side));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto to = [&](double t, double y) {
    return ImVec2(p0.x + static_cast<float>((t - lo) / (hi - lo)) * side,
                  p0.y + side - static_cast<float>((y - lo) / (hi - lo)) * side);
  };
  dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(250, 250, 250, 255));
  dl->AddLine(to(lo, lo), to(hi, hi), IM_COL32(0, 0, 0, 90), 1.5f * palette().line_scale);
  for (auto [d, ws] : {std::pair{&s.data.train, &p.train}, std::pair{&s.data.test, &p.test}}) {
    const bool test = d == &s.data.test;
    if (test && !ui.output_show_test) continue;
    const Matrix& y = ws->a[s.net.depth()];
    for (int i = 0; i < d->count(); ++i) {
      for (int k = 0; k < y.rows(); ++k) {
        const ImU32 c = to_imcolor(class_colour(k + 1));
        if (test) {
          dl->AddCircle(to(d->t(k, i), y(k, i)), 3.5f, c, 0, 1.5f);
        } else {
          dl->AddCircleFilled(to(d->t(k, i), y(k, i)), 2.5f, c);
        }
      }
    }
  }
  dl->AddRect(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(110, 110, 110, 255));
  ImGui::TextDisabled(tr("output.scatter_range"), lo, hi);
}

namespace {

// A class's row/column header: its name (imported data) or "class c"; the
// bare number when the table would not fit.
void class_header(const Session& s, int c, bool compact) {
  if (compact) {
    ImGui::Text("%d", c);
  } else {
    ImGui::TextUnformatted(class_label(s.data.class_names, c).c_str());
  }
}

// --report-layout: "confusion-test-R-C" (0-based classes) for the cell just drawn.
void report_cell(UiState& ui, bool test, int r, int c) {
  if (!ui.report_layout) return;
  char name[48];
  std::snprintf(name, sizeof name, "confusion-%s-%d-%d", test ? "test" : "train", r, c);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  report_plot(ui, name, a.x, a.y, b.x, b.y);
}

}  // namespace

const Matrix& predicted_outputs(const Session& s, OutputCache& c, bool test) {
  const Predictions& p = predictions(s, c);
  return (test ? p.test : p.train).a[s.net.depth()];
}

void draw_confusion_matrix(const Session& s, UiState& ui) {
  const Predictions& p = predictions(s, ui.views.output);
  const int L = s.net.depth();
  draw_confusion_matrix(s, ui, &p.train.a[L], s.data.test.count() > 0 ? &p.test.a[L] : nullptr,
                        false);
}

void draw_confusion_matrix(const Session& s, UiState& ui, const Matrix* train, const Matrix* test_y,
                           bool clickable) {
  const Activation out = output_activation(s.net);
  const int k_classes = std::max(2, s.net.output_size());
  if (!clickable) ImGui::TextWrapped(tr("output.confusion_title"), s.net.input_size());
  // The gallery view (clickable) puts the test set first: its cells are the
  // mistakes worth looking at.
  const std::pair<const Dataset*, const Matrix*> first{&s.data.train, train},
      second{&s.data.test, test_y};
  for (auto [d, outputs] : clickable ? std::array{second, first} : std::array{first, second}) {
    if (d->count() == 0 || outputs == nullptr || outputs->cols() != d->count()) continue;
    const bool test = d == &s.data.test;
    std::vector<int> counts(static_cast<std::size_t>(k_classes * k_classes), 0);
    int correct = 0;
    const Matrix& y = *outputs;
    for (int i = 0; i < d->count(); ++i) {
      const int truth = class_of(d->t, i, out), guess = class_of(y, i, out);
      ++counts[static_cast<std::size_t>(truth * k_classes + guess)];
      correct += truth == guess;
    }
    ImGui::Text(tr("output.confusion_set"), tr(test ? "output.test_set" : "output.train_set"),
                d->count(), 100.0 * correct / d->count());
    // Ten classes of "class 7" headers overflow a normal panel: then the
    // headers are the class numbers alone (the title says what they are).
    float widest = 0.0f;
    for (int k = 0; k < k_classes; ++k) {
      widest = std::max(widest, ImGui::CalcTextSize(class_label(s.data.class_names, k).c_str()).x);
    }
    const float pad = 2.0f * ImGui::GetStyle().CellPadding.x + 2.0f;
    const float full_w = ImGui::CalcTextSize(tr("output.true_pred")).x +
                         static_cast<float>(k_classes) * (widest + pad);
    const bool compact = full_w > ImGui::GetContentRegionAvail().x;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable(test ? "##confusion_test" : "##confusion_train", k_classes + 1, flags)) {
      continue;
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", tr("output.true_pred"));
    for (int c = 0; c < k_classes; ++c) {
      ImGui::TableNextColumn();
      class_header(s, c, compact);
    }
    for (int r = 0; r < k_classes; ++r) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      class_header(s, r, compact);
      int row_total = 0;
      for (int c = 0; c < k_classes; ++c)
        row_total += counts[static_cast<std::size_t>(r * k_classes + c)];
      for (int c = 0; c < k_classes; ++c) {
        ImGui::TableNextColumn();
        const int n = counts[static_cast<std::size_t>(r * k_classes + c)];
        // Share of the true class: bright yellow = all of them, dark blue = none.
        const Rgb fill = sequential(row_total > 0 ? static_cast<double>(n) / row_total : 0.0, 1.0);
        ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, to_imcolor(fill));
        ImGui::PushStyleColor(ImGuiCol_Text, text_color_on(fill));
        if (clickable) {
          // The cell opens a gallery of its samples (app/panels/output/image_views.cpp).
          char id[48];
          std::snprintf(id, sizeof id, "%d##cell_%d_%d_%d", n, test ? 1 : 0, r, c);
          ImageViewCache& g = ui.views.image;
          const bool open = g.gallery_true == r && g.gallery_pred == c && g.gallery_test == test;
          if (ImGui::Selectable(id, open) && n > 0) {
            g.gallery_true = r;
            g.gallery_pred = c;
            g.gallery_test = test;
            g.gallery_page = 0;
          }
          if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip(tr("image.cell_tip"), n, class_label(s, r).c_str(),
                              class_label(s, c).c_str());
          }
          report_cell(ui, test, r, c);
        } else {
          ImGui::Text("%d", n);
        }
        ImGui::PopStyleColor();
      }
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("%s", tr("output.cell_colour"));
}

}  // namespace backstep
