// --report-frame-times: per-frame wall time and training steps, summarized on
// exit as median, p95 and max. Plain data, no GL.
#pragma once

#include <string>
#include <vector>

namespace backstep {

struct FrameTimes {
  std::vector<double> ms;   // wall time of each frame, poll to swap
  std::vector<long> steps;  // optimizer steps trained during that frame
};

// Sized once up front, so recording a frame never allocates.
void reserve_frames(FrameTimes& f, long frames);
void record_frame(FrameTimes& f, double ms, long steps);

// "frame times over N frames (the first excluded): median … ms, p95 … ms,
// max … ms; training steps per frame: median …, mean …, max … (… in all)".
std::string frame_time_report(const FrameTimes& f);

}  // namespace backstep
