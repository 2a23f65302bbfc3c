#include "app/panels/graph/weight_images.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/colormap/colormap.hpp"
#include "app/colormap/image_pixels.hpp"
#include "app/gpu/image_textures.hpp"
#include "app/look/appearance.hpp"
#include "app/look/fonts.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/graph/graph_parts.hpp"
#include "app/panels/output/image_views.hpp"
#include "app/text/strings.hpp"

namespace backstep::graph {

namespace {

// While playing the weights change every frame; nobody follows an image that
// changes faster than this (and on a software GL each upload costs).
constexpr double kPlayingRefreshSeconds = 0.1;

// The share of a layer's |w| inside its weight images' colour scale.
constexpr double kWeightScaleShare = 0.99;

// Grid columns for n images: about square.
int grid_columns(int n) {
  return std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n)))));
}

// The texture of every neuron's weight image, tile j at column j % cols, row
// j / cols. The colour scale is one for the layer, ± the nice ceiling of 99 %
// of its |w| (quantile_scale: a layer's few largest weights would wash the
// rest out), kept with the upload so the legend describes the pixels on screen.
ImTextureID weight_atlas(const Session& s, UiState& ui, int& cols, int& rows) {
  const ImageShape shape = s.data.image;
  const Matrix& W = s.net.layer(1).W;
  const int n = static_cast<int>(W.rows());
  cols = grid_columns(n);
  rows = (n + cols - 1) / cols;
  const int aw = cols * shape.width, ah = rows * shape.height;
  const std::uint64_t key = image_key({s.revision, static_cast<std::uint64_t>(n)});
  ImageViewCache& v = ui.views.image;
  return image_texture(
      *ui.views.images, ImageSlot::weights, key, aw, ah, s.playing ? kPlayingRefreshSeconds : 0.0,
      [&](std::vector<std::uint8_t>& rgba) {
        v.weights_scale = quantile_scale(W.data(), static_cast<std::size_t>(W.size()),
                                         kWeightScaleShare, v.scale_scratch);
        std::vector<std::uint8_t> row(static_cast<std::size_t>(shape.width) * 4);
        for (int j = 0; j < n; ++j) {
          const int tx = (j % cols) * shape.width, ty = (j / cols) * shape.height;
          for (int r = 0; r < shape.height; ++r) {
            // Row j of W (column-major: stride = its row count), pixels r·W … r·W + W − 1.
            diverging_pixels(&W(j, r * shape.width), shape.width, static_cast<int>(W.rows()),
                             v.weights_scale, row.data());
            std::copy(row.begin(), row.end(), rgba.begin() + 4 * ((ty + r) * aw + tx));
          }
        }
      });
}

void tile_uv(const ImageShape& shape, int cols, int rows, int j, ImVec2& uv0, ImVec2& uv1) {
  const float tw = 1.0f / cols, th = 1.0f / rows;
  uv0 = ImVec2((j % cols) * tw, (j / cols) * th);
  uv1 = ImVec2(uv0.x + tw, uv0.y + th);
  (void)shape;
}

// A square-ish image of side `side` with a thin frame.
void framed_image(ImTextureID tex, ImVec2 size, ImVec2 uv0, ImVec2 uv1) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Image(tex, size, uv0, uv1);
  ImGui::GetWindowDrawList()->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), palette().axis);
}

}  // namespace

bool image_inputs(const Session& s) {
  return s.data.image.is_image() && s.data.image.pixels() == s.net.input_size() &&
         s.net.depth() >= 1;
}

void draw_input_picture(const Session& s, UiState& ui, ImDrawList* dl, ImVec2 p0, ImVec2 p1) {
  const GraphCache& c = cache(ui);
  const ImageShape shape = s.data.image;
  report_plot(ui, "graph-input", p0.x, p0.y, p1.x, p1.y);
  if (!c.has_sample) {
    dl->AddRectFilled(p0, p1, palette().canvas_bg);
    return;
  }
  // The tracer's sample, as the pending step holds it (a⁽⁰⁾ = its inputs).
  const Matrix& a0 = c.step->ws.a[0];
  const std::uint64_t key = image_key({s.revision, static_cast<std::uint64_t>(c.column),
                                       static_cast<std::uint64_t>(c.sample_index)});
  const ImTextureID tex =
      image_texture(*ui.views.images, ImageSlot::graph_input, key, shape.width, shape.height,
                    s.playing ? kPlayingRefreshSeconds : 0.0, [&](std::vector<std::uint8_t>& rgba) {
                      sample_pixels(s, a0.col(c.column).data(), rgba.data());
                    });
  if (tex != nullptr) dl->AddImage(tex, p0, p1);
  dl->AddRect(p0, p1, palette().node_outline, 0.0f, 0, 1.5f * palette().thicker);
}

void weight_image_card(const Session& s, UiState& ui, int j, float side) {
  const ImageShape shape = s.data.image;
  int cols = 1, rows = 1;
  const ImTextureID atlas = weight_atlas(s, ui, cols, rows);
  if (atlas == nullptr) return;
  const float h = side * shape.height / shape.width;
  ImGui::Text(tr("weights.card_title"), j + 1);
  ImGui::BeginGroup();
  ImVec2 uv0, uv1;
  tile_uv(shape, cols, rows, j, uv0, uv1);
  framed_image(atlas, ImVec2(side, h), uv0, uv1);
  color_legend(tr("weights.w_caption"), LegendKind::diverging, ui.views.image.weights_scale,
               side * 0.5f);
  ImGui::EndGroup();
  ImGui::SameLine(0, ImGui::GetFontSize());
  ImGui::BeginGroup();
  const GraphCache& c = cache(ui);
  if (c.step) {
    // ∂L/∂w⁽¹⁾_j· of the pending step (after regularization and clipping),
    // on its own symmetric scale: a gradient is far smaller than a weight.
    const Matrix& G = c.step->ws.grad_W[1];
    ImageViewCache& v = ui.views.image;
    const std::uint64_t key = image_key({s.revision, static_cast<std::uint64_t>(j)});
    const ImTextureID tex = image_texture(
        *ui.views.images, ImageSlot::gradient, key, shape.width, shape.height,
        s.playing ? kPlayingRefreshSeconds : 0.0, [&](std::vector<std::uint8_t>& rgba) {
          const double top = G.row(j).cwiseAbs().maxCoeff();
          v.gradient_scale = nice_ceil(std::isfinite(top) && top > 0 ? top : 1.0);
          for (int r = 0; r < shape.height; ++r) {
            diverging_pixels(&G(j, r * shape.width), shape.width, static_cast<int>(G.rows()),
                             v.gradient_scale, rgba.data() + 4 * r * shape.width);
          }
        });
    if (tex != nullptr) framed_image(tex, ImVec2(side, h), ImVec2(0, 0), ImVec2(1, 1));
    color_legend(tr("weights.grad_caption"), LegendKind::diverging, v.gradient_scale, side * 0.5f);
  } else {
    ImGui::TextDisabled("%s", tr("weights.no_step"));
  }
  ImGui::EndGroup();
  ImGui::TextDisabled("%s", tr("weights.update_note"));
}

void draw_weight_images(const Session& s, UiState& ui, ImVec2 p0, ImVec2 size) {
  const ImageShape shape = s.data.image;
  const int n = s.net.size(1);
  int cols = 1, rows = 1;
  const ImTextureID atlas = weight_atlas(s, ui, cols, rows);
  ImGui::SetCursorScreenPos(p0);
  ImGui::BeginGroup();
  // The wrap position is window-local (ImGui 1.86), p0 is on the screen.
  ImGui::PushTextWrapPos(p0.x + size.x - ImGui::GetWindowPos().x);
  ImGui::TextUnformatted(tr("weights.caption"));
  ImGui::PopTextWrapPos();
  const float font = ImGui::GetFontSize();
  color_legend("", LegendKind::diverging, ui.views.image.weights_scale,
               std::min(size.x * 0.5f, 8.0f * font));
  const ImVec2 g0 = ImGui::GetCursorScreenPos();
  const float room_h = std::max(p0.y + size.y - g0.y - ImGui::GetTextLineHeightWithSpacing(), 8.0f);
  // Tiles as large as the room allows, one pixel apart.
  const float gap = 1.0f;
  const float tile = std::max(
      2.0f, std::floor(std::min((size.x - gap * (cols - 1)) / cols,
                                (room_h - gap * (rows - 1)) / rows * shape.width / shape.height)));
  const float tile_h = std::floor(tile * shape.height / shape.width);
  const ImVec2 grid(cols * tile + (cols - 1) * gap, rows * tile_h + (rows - 1) * gap);
  ImGui::InvisibleButton("##weight_images", grid);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
  report_plot(ui, "weights-grid", g0.x, g0.y, g0.x + grid.x, g0.y + grid.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int hover = -1;
  for (int j = 0; j < n && atlas != nullptr; ++j) {
    const ImVec2 a(g0.x + (j % cols) * (tile + gap), g0.y + (j / cols) * (tile_h + gap));
    const ImVec2 b(a.x + tile, a.y + tile_h);
    ImVec2 uv0, uv1;
    tile_uv(shape, cols, rows, j, uv0, uv1);
    dl->AddImage(atlas, a, b, uv0, uv1);
    if (ui.report_layout) {
      char name[32];
      std::snprintf(name, sizeof name, "weight-image-%d", j + 1);
      report_plot(ui, name, a.x, a.y, b.x, b.y);
    }
    const ImVec2 m = ImGui::GetMousePos();
    if (hovered && m.x >= a.x && m.x < b.x + gap && m.y >= a.y && m.y < b.y + gap) hover = j;
    if (ui.pinned_layer == 1 && ui.pinned_neuron == j) {
      dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), palette().ring, 0.0f, 0,
                  2.0f * palette().thicker);
    }
  }
  ui.views.image.hovered_weight_neuron = hover;
  ImGui::TextDisabled("%s", tr("weights.hint"));
  ImGui::EndGroup();
  if (hover >= 0) {
    ImGui::BeginTooltip();
    ImGui::PushFont(hover_font());
    weight_image_card(s, ui, hover, std::max(8.0f * ImGui::GetFontSize(), 4.0f * shape.width));
    ImGui::PopFont();
    ImGui::EndTooltip();
    if (clicked) {
      const bool same = ui.pinned_layer == 1 && ui.pinned_neuron == hover;
      ui.pinned_layer = same ? -1 : 1;
      ui.pinned_neuron = same ? -1 : hover;
    }
  }
}

}  // namespace backstep::graph
