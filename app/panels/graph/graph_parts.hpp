// Pieces the network-graph panel shares between its files: graph_panel.cpp
// lays out and draws the graph, graph_interaction.cpp shows the hover cards
// and edits weights. Internal to app/panels.
#pragma once

#include <cstddef>

#include "app/panels/graph/graph_cache.hpp"
#include "app/state/command_queue.hpp"
#include "app/state/ui_state.hpp"
#include "core/session.hpp"

namespace backstep::graph {

// What the mouse is over: a node (layer, j) with k = −1, or the edge w⁽ˡᵃʸᵉʳ⁾_jk.
struct Hit {
  int layer = -1, j = -1, k = -1;
};

// The panel's view-side numbers (UiState owns them), recomputed once per
// session revision.
inline GraphCache& cache(UiState& ui) {
  return ui.views.graph;
}
inline const GraphCache& cache(const UiState& ui) {
  return ui.views.graph;
}

bool edge_valid(const Mlp& net, int l, int j, int k);

// "x₁₂", "ŷ₃": a symbol with a 1-based subscript.
void indexed_name(const char* symbol, int index0, char* out, std::size_t cap);
// "w⁽²⁾₁₃" (1-based j, k; a comma once an index has two digits).
void weight_name(int layer, int j, int k, char* out, std::size_t cap);
// Up to four entries of column `col`, then "… (n values)".
void format_column(const Matrix& m, int col, char* out, std::size_t cap);

// Hover cards with the exact numbers.
void node_tooltip(const Session& s, UiState& ui, int l, int j);
void edge_tooltip(const Session& s, UiState& ui, int l, int j, int k);

// Press on an edge arms it, a vertical drag changes w, a click opens a
// type-a-value popup; a click on a node pins it. Call right after the
// canvas's InvisibleButton (it reads that item's state).
void handle_edit_input(const Session& s, UiState& ui, CommandQueue& q, Hit hover);
void edit_popup(const Session& s, UiState& ui, CommandQueue& q);

}  // namespace backstep::graph
