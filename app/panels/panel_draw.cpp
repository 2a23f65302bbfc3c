// Panel id → its entry point: the one switch over the panel table's ids (the
// compiler names a missing case).
#include "app/panels/panels.hpp"

namespace backstep {

void draw_panel(PanelId id, const Session& s, UiState& ui, CommandQueue& q) {
  switch (id) {
    case PanelId::controls:
      return draw_controls_panel(s, ui, q);
    case PanelId::graph:
      return draw_graph_panel(s, ui, q);
    case PanelId::inspector:
      return draw_inspector_panel(s, ui, q);
    case PanelId::loss:
      // Scrub back, resume, undo/redo; presenter mode shows the room only the
      // curves (the bar is a control for the one at the keyboard).
      if (!ui.presenter) draw_rewind_bar(s, ui, q);
      return draw_loss_panel(s, ui, q);
    case PanelId::output:
      return draw_output_panel(s, ui, q);
    case PanelId::dataset:
      return draw_dataset_panel(s, ui, q);
    case PanelId::health:
      return draw_health_panel(s, ui, q);
    case PanelId::lesson:
      return draw_lesson_panel(s, ui, q);
  }
}

}  // namespace backstep
