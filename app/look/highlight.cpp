#include "app/look/highlight.hpp"

#include "app/look/appearance.hpp"

namespace backstep {

ImU32 trace_colour(TracePhase p, float alpha) {
  const int a = static_cast<int>(alpha * 255.0f);
  // Three families, one per direction of flow: forward/loss green, the
  // backward pass (deltas, then gradients) rose, the update teal. Each phase
  // within a family is a shade of it, so the timeline still tells them apart.
  switch (p) {
    case TracePhase::forward:
      return IM_COL32(40, 205, 90, a);
    case TracePhase::loss:
      return IM_COL32(150, 215, 60, a);
    case TracePhase::output_delta:
      return IM_COL32(240, 55, 110, a);
    case TracePhase::hidden_delta:
      return IM_COL32(215, 60, 150, a);
    case TracePhase::weight_gradient:
      return IM_COL32(245, 105, 150, a);
    case TracePhase::bias_gradient:
      return IM_COL32(245, 150, 185, a);
    case TracePhase::update:
      return IM_COL32(0, 200, 190, a);
  }
  return IM_COL32(200, 200, 200, a);
}

ImU32 trace_text_colour(TracePhase p, float alpha) {
  const ImU32 c = trace_colour(p, alpha);
  if (!palette().light) return c;
  const auto dim = [&](int shift) { return ((c >> shift) & 0xFF) * 3 / 5; };
  return IM_COL32(dim(IM_COL32_R_SHIFT), dim(IM_COL32_G_SHIFT), dim(IM_COL32_B_SHIFT),
                  (c >> IM_COL32_A_SHIFT) & 0xFF);
}

}  // namespace backstep
