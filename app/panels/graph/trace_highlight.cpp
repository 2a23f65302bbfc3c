#include "app/panels/graph/trace_highlight.hpp"

#include <cmath>

#include "app/look/appearance.hpp"
#include "app/look/highlight.hpp"
#include "core/session_trace.hpp"

namespace backstep {

namespace {

// A thick line with an arrowhead at its middle pointing from node `from` to
// node `to`, so the direction of flow reads without a legend. It runs from
// rim to rim: over a node it would strike through the value written inside.
void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, float radius, ImU32 colour, float width,
           bool head = true) {
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 2.0f * radius + 1.0f) return;
  const float ux = dx / len, uy = dy / len;
  const ImVec2 a(from.x + ux * radius, from.y + uy * radius);
  const ImVec2 b(to.x - ux * radius, to.y - uy * radius);
  dl->AddLine(a, b, IM_COL32(0, 0, 0, 160), width + 3.0f);
  dl->AddLine(a, b, colour, width);
  if (!head) return;
  const float size = 4.0f * width;
  const ImVec2 tip(0.5f * (a.x + b.x) + ux * size, 0.5f * (a.y + b.y) + uy * size);
  const ImVec2 left(tip.x - ux * 2.0f * size - uy * size, tip.y - uy * 2.0f * size + ux * size);
  const ImVec2 right(tip.x - ux * 2.0f * size + uy * size, tip.y - uy * 2.0f * size - ux * size);
  dl->AddTriangleFilled(tip, left, right, colour);
}

// A fan of more edges than this draws its lines without arrowheads: dozens of
// heads at nearly the same point merge into one solid wedge (784 inputs), and
// the ring on the target already says where the flow goes.
constexpr int kMaxArrowHeads = 8;

void ring(ImDrawList* dl, std::optional<ImVec2> at, float radius, ImU32 colour) {
  if (!at) return;
  dl->AddCircle(*at, radius + 6.0f, IM_COL32(0, 0, 0, 160), 0, 6.0f);
  dl->AddCircle(*at, radius + 6.0f, colour, 0, 4.0f);
}

}  // namespace

std::optional<TraceLocus> current_trace_locus(const Session& s, const UiState& ui) {
  if (!shown(ui, PanelId::inspector) || s.playing) return std::nullopt;
  const Tracer* tr = session_tracer(s);
  if (!tr || tr->size() == 0) return std::nullopt;
  return tr->locate(trace_index(s));
}

void draw_trace_highlight(ImDrawList* dl, const Session& s, const UiState& ui,
                          const NodePosition& node, float radius) {
  const std::optional<TraceLocus> at = current_trace_locus(s, ui);
  if (!at) return;
  const Mlp& net = s.net;
  const int l = at->layer, j = at->neuron;
  const ImU32 colour = trace_colour(at->phase);
  const float width = 3.0f * palette().thicker;
  switch (at->quantity) {
    case TraceQuantity::z:
      // z = Σ_k w_jk a_k + b: every incoming edge feeds the sum.
      for (int k = 0; k < net.size(l - 1); ++k) {
        const auto from = node(l - 1, k), to = node(l, j);
        if (from && to)
          arrow(dl, *from, *to, radius, colour, width, net.size(l - 1) <= kMaxArrowHeads);
      }
      ring(dl, node(l, j), radius, colour);
      break;
    case TraceQuantity::a:
    case TraceQuantity::loss_term:
    case TraceQuantity::bias_gradient:
    case TraceQuantity::bias_update:
      ring(dl, node(l, j), radius, colour);
      break;
    case TraceQuantity::sample_loss:
    case TraceQuantity::batch_loss:
      for (int k = 0; k < net.output_size(); ++k) ring(dl, node(net.depth(), k), radius, colour);
      break;
    case TraceQuantity::delta:
      // δ⁽ˡ⁾_j = (Σ_k w⁽ˡ⁺¹⁾_kj δ⁽ˡ⁺¹⁾_k) f′: the deltas of the next layer flow
      // back along j's outgoing edges.
      if (l < net.depth()) {
        for (int k = 0; k < net.size(l + 1); ++k) {
          const auto from = node(l + 1, k), to = node(l, j);
          if (from && to)
            arrow(dl, *from, *to, radius, colour, width, net.size(l + 1) <= kMaxArrowHeads);
        }
      }
      ring(dl, node(l, j), radius, colour);
      break;
    case TraceQuantity::weight_gradient:
    case TraceQuantity::weight_update: {
      // One edge, or the neuron's whole row of incoming edges.
      const int first = at->source >= 0 ? at->source : 0;
      const int last = at->source >= 0 ? at->source : net.size(l - 1) - 1;
      for (int k = first; k <= last; ++k) {
        const auto from = node(l, j), to = node(l - 1, k);
        if (from && to)
          arrow(dl, *from, *to, radius, colour, width + 1.0f, last - first < kMaxArrowHeads);
      }
      ring(dl, node(l, j), radius, colour);
      if (at->source >= 0) ring(dl, node(l - 1, at->source), radius, colour);
      break;
    }
  }
}

}  // namespace backstep
