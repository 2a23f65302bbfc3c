#include "app/shell/frame_times.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace backstep {

namespace {

// The value at quantile q of sorted values (nearest rank).
template <class T>
T quantile(const std::vector<T>& sorted, double q) {
  const double rank = std::ceil(q * static_cast<double>(sorted.size()));
  const std::size_t i = static_cast<std::size_t>(std::max(rank, 1.0)) - 1;
  return sorted[std::min(i, sorted.size() - 1)];
}

}  // namespace

void reserve_frames(FrameTimes& f, long frames) {
  f.ms.reserve(static_cast<std::size_t>(std::max(frames, 1L)));
  f.steps.reserve(static_cast<std::size_t>(std::max(frames, 1L)));
  f.phases.reserve(static_cast<std::size_t>(std::max(frames, 1L)));
}

void record_frame(FrameTimes& f, double ms, long steps, const FramePhases& phases) {
  f.ms.push_back(ms);
  f.steps.push_back(steps);
  f.phases.push_back(phases);
}

std::string frame_time_report(const FrameTimes& f) {
  if (f.ms.empty()) return "frame times: no frames";
  // The first frame uploads fonts and sizes every buffer: reported apart.
  const std::size_t skip = f.ms.size() > 1 ? 1 : 0;
  std::vector<double> ms(f.ms.begin() + static_cast<long>(skip), f.ms.end());
  std::vector<long> steps(f.steps.begin() + static_cast<long>(skip), f.steps.end());
  std::sort(ms.begin(), ms.end());
  std::sort(steps.begin(), steps.end());
  const long total = std::accumulate(steps.begin(), steps.end(), 0L);
  char text[512];
  std::snprintf(text, sizeof text,
                "frame times over %zu frames (the first, %.1f ms, excluded): median %.2f ms, "
                "p95 %.2f ms, max %.2f ms\n"
                "training steps per frame: median %ld, mean %.1f, max %ld (%ld in all)",
                ms.size(), f.ms.front(), quantile(ms, 0.5), quantile(ms, 0.95), ms.back(),
                quantile(steps, 0.5), static_cast<double>(total) / static_cast<double>(ms.size()),
                steps.back(), total);
  std::string report = text;
  // Each phase over the same frames: median and mean (a phase that runs every
  // few frames, like a refresh, shows in the mean and not in the median).
  auto phase_line = [&](const char* name, auto value_of) {
    std::vector<double> v;
    v.reserve(f.phases.size());
    for (std::size_t i = skip; i < f.phases.size(); ++i) v.push_back(value_of(f.phases[i]));
    if (v.empty()) return;
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    if (mean <= 0.0) return;  // a panel never shown
    std::sort(v.begin(), v.end());
    char line[160];
    std::snprintf(line, sizeof line, "\nphase %-16s median %7.2f ms, mean %7.2f ms", name,
                  quantile(v, 0.5), mean);
    report += line;
  };
  phase_line("train", [](const FramePhases& p) { return p.train; });
  for (const PanelInfo& panel : kPanels) {
    const std::string name = std::string("panel:").append(panel.name);
    phase_line(name.c_str(), [&](const FramePhases& p) { return p.panels[index_of(panel.id)]; });
  }
  phase_line("imgui-build", [](const FramePhases& p) { return p.build; });
  phase_line("gl-draw", [](const FramePhases& p) { return p.draw; });
  phase_line("swap", [](const FramePhases& p) { return p.swap; });
  return report;
}

}  // namespace backstep
