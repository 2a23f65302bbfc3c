// Heatmaps on the GPU: every hidden/output neuron's map over the input plane
// and the network's decision view, from one batched grid evaluation
// (core/grid_eval.hpp) per session revision.
//
// Per refresh: the float atlas is uploaded as one GL_R32F texture, then
// shaders/heatmap.frag maps each tile through the colour map into an RGBA8
// texture (one framebuffer pass per tile), which ImGui draws with AddImage.
// The state (GL objects, the last grid) is a Heatmaps object that UiState owns
// (app/state/view_caches.hpp): made by make_heatmaps() once the GL context
// exists, its GL objects created on the first refresh (inside a frame) and
// freed when it is destroyed, before the context. Every function must be
// called on the UI thread between ImGui::NewFrame and ImGui::Render.
#pragma once

#include <imgui.h>

#include <memory>
#include <string>

#include "app/colormap/colormap.hpp"
#include "core/grid_eval.hpp"
#include "core/session.hpp"

namespace backstep {

struct Heatmaps;  // heatmap_renderer.cpp
// Frees the GL objects (the context must still be current) and the rest.
struct HeatmapsDeleter {
  void operator()(Heatmaps* m) const;
};
using HeatmapsPtr = std::unique_ptr<Heatmaps, HeatmapsDeleter>;

// No maps yet and no GL calls: those wait for the first refresh.
HeatmapsPtr make_heatmaps();

struct HeatmapImage {
  ImTextureID texture = nullptr;
  ImVec2 uv0{0, 0}, uv1{1, 1};  // top-left, bottom-right
  bool valid() const { return texture != nullptr; }
};

// How the decision view maps the network's output to colour.
enum class DecisionStyle {
  diverging,    // one output: class probability / signed value, blue (+) vs orange (−)
  categorical,  // several outputs: winning class hue, saturation = its probability
};

struct DecisionView {
  DecisionStyle style = DecisionStyle::diverging;
  double center = 0.0;  // value shown neutral (0.5 for a sigmoid, 0 for tanh)
  double scale = 1.0;   // |value − center| shown at full colour
  bool discretize = false;
};

// The view the output panel draws for the session's current output layer and
// task: sigmoid → centre ½, tanh → 0, regression → centre 0 scaled to the
// largest |target|, softmax/several outputs → categorical.
DecisionView decision_view_for(const Session& s, bool discretize);

// Re-evaluates the grid and re-renders every map when the session revision,
// the resolution or the view changed; at most once per ImGui frame. Cheap to
// call from every panel that shows a map.
void refresh_heatmaps(Heatmaps& m, const Session& s, int resolution, bool discretize);

// The CPU side of the last refresh (values, bounds); null before the first
// refresh or when the network's input is not 1-D or 2-D.
const GridEval* heatmap_grid(const Heatmaps& m);

// Thumbnail of neuron j of layer l (1 ≤ l ≤ L) for 2-D inputs; invalid when
// there is no map (other input sizes, shader failure, before the first refresh).
HeatmapImage heatmap_tile_texture(const Heatmaps& m, int layer, int neuron);

// The decision view over the input plane (2-D inputs).
HeatmapImage decision_image(const Heatmaps& m);

// Draws neuron (l, j)'s map as a disc of `radius` around `centre` (the node
// itself, as in TensorFlow Playground). False, drawing nothing, when there is
// no map for it.
bool draw_node_map(const Heatmaps& m, ImDrawList* dl, ImVec2 centre, float radius, int layer,
                   int neuron);

// For tooltips: neuron (l, j)'s map enlarged to `side` pixels with a line on
// what its colours mean. Nothing when there is no map.
void neuron_map_preview(const Heatmaps& m, const Session& s, int layer, int neuron, float side);

// How neuron (l, j)'s thumbnail is scaled: centre and scale of its diverging map.
void tile_color_scale(const Heatmaps& m, const Session& s, int layer, int neuron, double& center,
                      double& scale);

// Non-empty when the shaders could not be loaded or compiled: the message
// names the file and the compiler's complaint. The maps are then absent.
const std::string& heatmap_error(const Heatmaps& m);

// Colour of class k in categorical views (Okabe–Ito palette, colour-blind safe).
Rgb class_colour(int k);
// The categorical "undecided" colour (probability 1/K).
inline constexpr Rgb kUndecidedColour{0.92f, 0.92f, 0.92f};

}  // namespace backstep
