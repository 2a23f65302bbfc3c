// Pieces of the Data & output panel shared by its views: point colours,
// legends, hover read-outs, and the views for inputs that are not a plane or a
// line (predicted-vs-target scatter, confusion matrix).
#pragma once

#include "app/gpu/heatmap_renderer.hpp"
#include "app/panels/output/output_cache.hpp"
#include "app/state/ui_state.hpp"
#include "core/session.hpp"

namespace backstep {

// Colour of sample i's label/target under the output view: class colour for
// classification (blue/orange, or the categorical palette), the diverging map
// for regression targets — the same colours as the heatmap beneath.
Rgb target_colour(const Session& s, const DecisionView& view, const Matrix& t, int i, int n_out);

// Tooltip lines: the network's output at input (x1, x2) (x2 ignored for 1-D),
// computed exactly with a one-sample forward pass (in cache), and what it means.
void describe_output_at(const Session& s, OutputCache& cache, const DecisionView& view, double x1,
                        double x2);
// Tooltip line: sample i's target and its class.
void describe_target(const Session& s, const Matrix& t, int i);

// Height the legend under the plane needs (its lines wrap in a narrow panel),
// and the legend itself.
float legend_height(const Session& s, const DecisionView& view, bool show_test);
void draw_output_legend(const Session& s, const DecisionView& view, bool show_test);

// Inputs of any other size: predicted against target for every sample.
void draw_prediction_scatter(const Session& s, UiState& ui);
// Inputs of any other size, classification: true class × predicted class counts
// of `outputs` (train, test: (n_L, N) each, null for an empty set). With
// `clickable`, a click on a cell opens its gallery (ui.views.image).
void draw_confusion_matrix(const Session& s, UiState& ui);
void draw_confusion_matrix(const Session& s, UiState& ui, const Matrix* train, const Matrix* test,
                           bool clickable);
// The output panel's own forward pass over one whole set, per revision.
const Matrix& predicted_outputs(const Session& s, OutputCache& c, bool test);

// Predicted class of one output column: argmax for several outputs, else the
// threshold at the middle of the activation's range (0.5, or 0 for tanh).
int class_of(const Matrix& m, int col, Activation out);

}  // namespace backstep
