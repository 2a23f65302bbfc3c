// Data & output for image inputs. The picture is the sample's own inputs as
// grey levels (app/colormap/image_pixels.hpp), drawn with nearest-neighbour
// scaling at a whole number of screen pixels per image pixel. Its outputs are
// read, never recomputed: from the step under inspection when the pending
// batch holds the sample (the numbers the graph and the tracer show), else
// from the session's last full-set evaluation (the numbers the confusion
// matrix and the accuracy count).
#include "app/panels/output/image_views.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/colormap/image_pixels.hpp"
#include "app/gpu/heatmap_renderer.hpp"
#include "app/gpu/image_textures.hpp"
#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/output/output_views.hpp"
#include "app/text/strings.hpp"
#include "core/session_step.hpp"

namespace backstep {

namespace {

constexpr int kGalleryColumns = 8, kGalleryRows = 6;  // thumbnails per page
constexpr int kGalleryPage = kGalleryColumns * kGalleryRows;

Activation output_activation(const Mlp& net) {
  return net.layer(net.depth()).activation;
}

// A sample's outputs: a column of some (n_L, ·) matrix, and whether it is
// the pending step's.
struct SampleOutputs {
  const Matrix* y = nullptr;
  int col = -1;
  bool from_step = false;
};

SampleOutputs sample_outputs(const Session& s, UiState& ui, bool test, int index) {
  SampleOutputs o;
  if (!test) {
    if (const Step* step = pending_step(s)) {
      const int col = pending_column(*step, index);
      if (col >= 0) return {&step->ws.a.back(), col, true};
    }
  }
  if (const Matrix* y = set_outputs(s, ui, test); y != nullptr && index < y->cols()) {
    o.y = y;
    o.col = index;
  }
  return o;
}

// The picture of column `index` of x, `pixels` per image pixel on screen.
void draw_picture(const Session& s, UiState& ui, ImageSlot slot, const Matrix& x, int index,
                  float pixels) {
  const ImageShape shape = s.data.image;
  const std::uint64_t key =
      image_key({reinterpret_cast<std::uintptr_t>(x.data()), static_cast<std::uint64_t>(x.cols()),
                 static_cast<std::uint64_t>(index)});
  const ImTextureID tex = image_texture(
      *ui.views.images, slot, key, shape.width, shape.height, 0.0,
      [&](std::vector<std::uint8_t>& rgba) { sample_pixels(s, x.col(index).data(), rgba.data()); });
  const ImVec2 size(pixels * shape.width, pixels * shape.height);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  if (tex != nullptr) {
    ImGui::Image(tex, size);
  } else {
    ImGui::Dummy(size);
  }
  report_plot(ui, "sample-picture", p0.x, p0.y, p0.x + size.x, p0.y + size.y);
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetMousePos();
    const int c = std::clamp(static_cast<int>((m.x - p0.x) / pixels), 0, shape.width - 1);
    const int r = std::clamp(static_cast<int>((m.y - p0.y) / pixels), 0, shape.height - 1);
    const int k = r * shape.width + c;
    ImGui::SetTooltip(tr("image.pixel_tip"), r + 1, c + 1, k + 1, x(k, index));
  }
}

// One bar per class: its name, a bar as long as its output, the value.
void draw_class_bars(const Session& s, const SampleOutputs& o, int truth) {
  const Matrix& y = *o.y;
  const int n = static_cast<int>(y.rows());
  const bool probabilities = n > 1 ? output_activation(s.net) == Activation::softmax
                                   : output_activation(s.net) == Activation::sigmoid;
  const int guess = class_of(y, o.col, output_activation(s.net));
  const int classes = std::max(n, 2);
  float name_w = 0;
  for (int k = 0; k < classes; ++k)
    name_w = std::max(name_w, ImGui::CalcTextSize(class_label(s, k).c_str()).x);
  const float font = ImGui::GetFontSize();
  name_w = std::min(name_w, 0.45f * ImGui::GetContentRegionAvail().x);
  const float value_w = ImGui::CalcTextSize("0.000").x;
  const float bar_w =
      std::max(ImGui::GetContentRegionAvail().x - name_w - value_w - 1.5f * font, 2.0f * font);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int k = 0; k < classes; ++k) {
    // A single sigmoid output is P(class 1); class 0 gets 1 − ŷ.
    const double v = n > 1 ? y(k, o.col) : (k == 1 ? y(0, o.col) : 1.0 - y(0, o.col));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    const std::string name = fit_to_width(class_label(s, k), name_w);
    const ImU32 ink =
        k == truth ? ImGui::GetColorU32(palette().good_text) : ImGui::GetColorU32(ImGuiCol_Text);
    dl->AddText(p, ink, name.c_str());
    const float x0 = p.x + name_w + 0.5f * font;
    const double frac = probabilities ? std::clamp(v, 0.0, 1.0) : 0.0;
    dl->AddRectFilled(ImVec2(x0, p.y + 2), ImVec2(x0 + bar_w, p.y + h - 2), palette().canvas_bg);
    const Rgb fill = class_colour(k);
    dl->AddRectFilled(ImVec2(x0, p.y + 2),
                      ImVec2(x0 + bar_w * static_cast<float>(frac), p.y + h - 2), to_imcolor(fill));
    if (k == guess)
      dl->AddRect(ImVec2(x0 - 1, p.y + 1), ImVec2(x0 + bar_w + 1, p.y + h - 1), palette().ring,
                  0.0f, 0, 1.5f * palette().thicker);
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", v);
    dl->AddText(ImVec2(x0 + bar_w + 0.5f * font, p.y), ImGui::GetColorU32(ImGuiCol_Text), text);
    ImGui::Dummy(ImVec2(name_w + bar_w + value_w + font, h));
  }
}

// The picture of one sample with its label, prediction and bars.
void draw_sample(const Session& s, UiState& ui, bool test, int index) {
  const Dataset& d = test ? s.data.test : s.data.train;
  const ImageShape shape = s.data.image;
  const float font = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // A whole number of screen pixels per image pixel, up to about a third of
  // the panel (8 lines of text high at most, so the matrix keeps its room).
  const float target = std::min(0.36f * avail.x, 8.5f * font);
  const float pixels = std::max(1.0f, std::floor(target / shape.width));
  const bool beside = avail.x > pixels * shape.width + 14.0f * font;
  draw_picture(s, ui, test ? ImageSlot::large : ImageSlot::sample, d.x, index, pixels);
  if (beside) ImGui::SameLine();
  ImGui::BeginGroup();
  const int truth = class_of(d.t, index, output_activation(s.net));
  ImGui::Text(tr(test ? "image.test_sample" : "image.train_sample"), index + 1, d.count());
  ImGui::Text(tr("image.label"), class_label(s, truth).c_str());
  const SampleOutputs o = sample_outputs(s, ui, test, index);
  if (o.y != nullptr) {
    const int guess = class_of(*o.y, o.col, output_activation(s.net));
    ImGui::TextColored(guess == truth ? palette().good_text : palette().warn_text,
                       tr("image.prediction"), class_label(s, guess).c_str());
    draw_class_bars(s, o, truth);
    ImGui::TextDisabled("%s", tr(o.from_step ? "image.from_step" : "image.from_evaluation"));
  }
  ImGui::EndGroup();
}

void draw_sample_chooser(const Session& s, UiState& ui, CommandQueue& q) {
  ImageViewCache& g = ui.views.image;
  const int n = s.data.train.count();
  if (g.large_test >= 0) {
    if (ImGui::SmallButton(tr_id("image.back_to_selected"))) g.large_test = -1;
    return;
  }
  const int cur = s.selected_sample;
  if (ImGui::ArrowButton("##image_prev", ImGuiDir_Left)) q.push(SelectSample{(cur + n - 1) % n});
  ImGui::SameLine();
  if (ImGui::ArrowButton("##image_next", ImGuiDir_Right)) q.push(SelectSample{(cur + 1) % n});
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr("image.pick_hint"));
}

// Indices of the set's samples whose true class is r and predicted class c.
void cell_members(const Session& s, const Matrix& y, bool test, int r, int c,
                  std::vector<int>& out) {
  const Dataset& d = test ? s.data.test : s.data.train;
  const Activation f = output_activation(s.net);
  out.clear();
  for (int i = 0; i < d.count() && i < y.cols(); ++i) {
    if (class_of(d.t, i, f) == r && class_of(y, i, f) == c) out.push_back(i);
  }
}

void draw_gallery(const Session& s, UiState& ui, CommandQueue& q) {
  ImageViewCache& g = ui.views.image;
  const Matrix* y = set_outputs(s, ui, g.gallery_test);
  if (y == nullptr) {
    g.gallery_true = -1;
    return;
  }
  static_assert(kGalleryPage > 0);
  std::vector<int>& members = ui.views.image_members;
  cell_members(s, *y, g.gallery_test, g.gallery_true, g.gallery_pred, members);
  const int count = static_cast<int>(members.size());
  const int pages = std::max(1, (count + kGalleryPage - 1) / kGalleryPage);
  g.gallery_page = std::clamp(g.gallery_page, 0, pages - 1);
  ImGui::Separator();
  ImGui::TextWrapped(tr(g.gallery_test ? "image.gallery_test" : "image.gallery_train"), count,
                     class_label(s, g.gallery_true).c_str(),
                     class_label(s, g.gallery_pred).c_str());
  if (ImGui::SmallButton(tr_id("image.close_gallery"))) g.gallery_true = -1;
  if (pages > 1) {
    ImGui::SameLine();
    if (ImGui::ArrowButton("##gallery_prev", ImGuiDir_Left))
      g.gallery_page = (g.gallery_page + pages - 1) % pages;
    ImGui::SameLine();
    if (ImGui::ArrowButton("##gallery_next", ImGuiDir_Right))
      g.gallery_page = (g.gallery_page + 1) % pages;
    ImGui::SameLine();
    ImGui::Text(tr("image.page"), g.gallery_page + 1, pages);
  }
  if (count == 0 || g.gallery_true < 0) return;
  const Dataset& d = g.gallery_test ? s.data.test : s.data.train;
  const ImageShape shape = s.data.image;
  const int first = g.gallery_page * kGalleryPage;
  const int shown = std::min(kGalleryPage, count - first);
  // One atlas of this page's thumbnails; re-made when the page's samples change.
  std::uint64_t key =
      image_key({reinterpret_cast<std::uintptr_t>(d.x.data()), static_cast<std::uint64_t>(shown)});
  for (int i = 0; i < shown; ++i)
    key = image_key({key, static_cast<std::uint64_t>(members[first + i])});
  const int aw = kGalleryColumns * shape.width, ah = kGalleryRows * shape.height;
  const ImTextureID tex = image_texture(
      *ui.views.images, ImageSlot::gallery, key, aw, ah, 0.0, [&](std::vector<std::uint8_t>& rgba) {
        std::vector<std::uint8_t> one(static_cast<std::size_t>(shape.pixels()) * 4);
        for (int i = 0; i < shown; ++i) {
          sample_pixels(s, d.x.col(members[first + i]).data(), one.data());
          const int tx = (i % kGalleryColumns) * shape.width,
                    ty = (i / kGalleryColumns) * shape.height;
          for (int r = 0; r < shape.height; ++r) {
            std::copy_n(one.data() + 4 * r * shape.width, 4 * shape.width,
                        rgba.data() + 4 * ((ty + r) * aw + tx));
          }
        }
      });
  if (tex == nullptr) return;
  const float gap = 3.0f;
  const float side = std::max(
      8.0f,
      std::floor((ImGui::GetContentRegionAvail().x - gap * kGalleryColumns) / kGalleryColumns));
  const float thumb_h = side * shape.height / shape.width;
  for (int i = 0; i < shown; ++i) {
    const int index = members[first + i];
    if (i % kGalleryColumns != 0) ImGui::SameLine(0, gap);
    const float u0 = static_cast<float>((i % kGalleryColumns) * shape.width) / aw;
    const float v0 = static_cast<float>((i / kGalleryColumns) * shape.height) / ah;
    ImGui::PushID(index);
    const bool large = g.gallery_test ? g.large_test == index : s.selected_sample == index;
    if (large) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(palette().good_text));
    const bool clicked = ImGui::ImageButton(tex, ImVec2(side - 2, thumb_h - 2), ImVec2(u0, v0),
                                            ImVec2(u0 + static_cast<float>(shape.width) / aw,
                                                   v0 + static_cast<float>(shape.height) / ah),
                                            1);
    if (large) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(tr(g.gallery_test ? "image.thumb_test" : "image.thumb_train"), index + 1,
                        class_label(s, g.gallery_true).c_str(),
                        class_label(s, g.gallery_pred).c_str());
    }
    if (ui.report_layout && i == 0) {
      report_plot(ui, "gallery-first", ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                  ImGui::GetItemRectMax().x, ImGui::GetItemRectMax().y);
    }
    if (clicked) {
      if (g.gallery_test) {
        g.large_test = index;
      } else {
        g.large_test = -1;
        q.push(SelectSample{index});
      }
    }
    ImGui::PopID();
  }
}

}  // namespace

void sample_pixels(const Session& s, const double* inputs, std::uint8_t* rgba) {
  const int n = s.data.image.pixels();
  if (s.data.scaling.active() && s.data.scaling.shift.size() == n) {
    const Vector raw = unscale(s.data.scaling, Eigen::Map<const Vector>(inputs, n));
    grey_pixels(raw.data(), n, 1, rgba);
  } else {
    grey_pixels(inputs, n, 1, rgba);
  }
}

std::string class_label(const Session& s, int k) {
  if (k >= 0 && k < static_cast<int>(s.data.class_names.size())) {
    return s.data.class_names[static_cast<std::size_t>(k)];
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, tr("output.class_n"), k);
  return buf;
}

const Matrix* set_outputs(const Session& s, UiState& ui, bool test) {
  const Dataset& d = test ? s.data.test : s.data.train;
  if (d.count() == 0) return nullptr;
  // The session's own evaluation: the outputs behind the loss curve's accuracy.
  const Matrix& evaluated = test ? s.test_eval.outputs : s.train_eval.outputs;
  if (evaluated.cols() == d.count() && evaluated.rows() == s.net.output_size()) return &evaluated;
  return &predicted_outputs(s, ui.views.output, test);
}

void draw_image_output(const Session& s, UiState& ui, CommandQueue& q) {
  ImageViewCache& g = ui.views.image;
  if (g.large_test >= s.data.test.count()) g.large_test = -1;
  draw_sample_chooser(s, ui, q);
  if (g.large_test >= 0) {
    draw_sample(s, ui, true, g.large_test);
  } else if (s.selected_sample < s.data.train.count()) {
    draw_sample(s, ui, false, s.selected_sample);
  }
  if (s.data.task != Task::classification) return;
  ImGui::Spacing();
  if (g.gallery_true >= 0) {
    draw_gallery(s, ui, q);
    return;
  }
  ImGui::TextWrapped("%s", tr("image.confusion_title"));
  draw_confusion_matrix(s, ui, set_outputs(s, ui, false), set_outputs(s, ui, true), true);
}

}  // namespace backstep
