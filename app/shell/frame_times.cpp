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
}

void record_frame(FrameTimes& f, double ms, long steps) {
  f.ms.push_back(ms);
  f.steps.push_back(steps);
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
  return text;
}

}  // namespace backstep
