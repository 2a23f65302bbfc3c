// Panel entry points. Each panel draws only its contents: the frame loop
// (app/shell/frame.cpp) positions the window and calls ImGui::Begin/End around it.
// Panels read the session as const and change it only by queuing commands.
#pragma once

#include "app/panels/panel_list.hpp"
#include "app/state/command_queue.hpp"
#include "app/state/ui_state.hpp"
#include "core/session.hpp"

namespace backstep {

// The contents of panel `id` of app/panels/panel_list.hpp, by its entry point below.
void draw_panel(PanelId id, const Session& s, UiState& ui, CommandQueue& q);

// Model & controls: training, hyperparameters, architecture, presets, counters.
void draw_controls_panel(const Session& s, UiState& ui, CommandQueue& q);

// Network graph: nodes coloured by activation, edges by sign / |w| or |∂L/∂w|.
void draw_graph_panel(const Session& s, UiState& ui, CommandQueue& q);

// Loss curves: train/test loss against steps, linear/log.
void draw_loss_panel(const Session& s, UiState& ui, CommandQueue& q);

// Rewind bar (one line, above the loss curves): undo/redo, scrub back to an
// earlier step, resume from there (confirmed) or return to the present.
void draw_rewind_bar(const Session& s, UiState& ui, CommandQueue& q);

// Data & output: the network's output over the input space (decision boundary
// heatmap, 1-D curve, scatter or confusion matrix) with the data points.
void draw_output_panel(const Session& s, UiState& ui, CommandQueue& q);

// Dataset: generator, sample count, noise, test share, regenerate; import a
// CSV / data-JSON file (typed path or ui.dropped_path from a drop onto the window).
void draw_dataset_panel(const Session& s, UiState& ui, CommandQueue& q);

// The one colour scale for |∂L/∂w| that the graph's gradient edges and the
// Gradient health histograms share: the largest |∂L/∂w| of the gradient the
// graph shows (the last step's, or the next batch's before any step), so a
// colour means the same magnitude in both views.
double shared_gradient_scale(const Session& s, UiState& ui);

// Gradient health: per-layer gradient norms over time, layer health table,
// weight/gradient histograms, "Verify gradients".
void draw_health_panel(const Session& s, UiState& ui, CommandQueue& q);

// Chain-rule inspector: the current micro-step of the traced training step
// (formula, numbers, result), its neighbours, a timeline, navigation.
void draw_inspector_panel(const Session& s, UiState& ui, CommandQueue& q);

// The divergence banner (drawn over the panels while Session::divergence is
// active): what overflowed, and restore / lower the learning rate / inspect.
void draw_divergence_banner(const Session& s, UiState& ui, CommandQueue& q);

// Lesson: the open lesson's page (title, progress, text, task state), Back /
// Next / Show me / Restart page. Drawn while ui.lesson has a lesson.
void draw_lesson_panel(const Session& s, UiState& ui, CommandQueue& q);
// The "Lessons" menu of the main menu bar: assets/lessons/*.json, and Close.
void draw_lessons_menu(UiState& ui);

}  // namespace backstep
