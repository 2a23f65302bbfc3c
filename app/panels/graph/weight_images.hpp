// The network graph for image inputs (DataSplit::image): the input layer
// drawn as the shown sample's picture, and each first-layer neuron's weights
// w⁽¹⁾_j· as a W × H image on the weight colour scale (the diverging map the
// edges use, symmetric about 0), in a grid beside the graph, live while
// training (re-made at most 10 times a second while playing). Hovering one
// shows it large beside that neuron's ∂L/∂w⁽¹⁾_j· for the pending step.
#pragma once

#include <imgui.h>

#include "app/state/ui_state.hpp"
#include "core/session.hpp"

namespace backstep::graph {

// The inputs are an image whose pixels are the network's inputs.
bool image_inputs(const Session& s);

// The shown sample's picture (the tracer's sample) filling [p0, p1].
void draw_input_picture(const Session& s, UiState& ui, ImDrawList* dl, ImVec2 p0, ImVec2 p1);

// The grid of weight images with its legend, in the rectangle at p0 of
// `size` (the cursor is moved there); hover cards included.
void draw_weight_images(const Session& s, UiState& ui, ImVec2 p0, ImVec2 size);

// Inside a tooltip: neuron j's weight image and its ∂L/∂w image, each `side`
// pixels wide, with their colour scales.
void weight_image_card(const Session& s, UiState& ui, int j, float side);

}  // namespace backstep::graph
