// --report-frame-times: per-frame wall time and training steps, summarized on
// exit as median, p95 and max, and where the time goes: training, each
// panel's CPU time, ImGui's draw-data build, the GL draw (finished, so the
// software rasterizer's work lands here) and the buffer swap. Plain data, no GL.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "app/panels/panel_list.hpp"

namespace backstep {

// One frame's phases, in ms of wall time.
struct FramePhases {
  double train = 0;                          // the Play slice (0 when paused)
  std::array<double, kPanelCount> panels{};  // Begin … End of each panel shown
  double build = 0;                          // ImGui::Render: the draw lists' final form
  double draw = 0;                           // RenderDrawData + glFinish
  double swap = 0;                           // glfwSwapBuffers
};

struct FrameTimes {
  std::vector<double> ms;   // wall time of each frame, poll to swap
  std::vector<long> steps;  // optimizer steps trained during that frame
  std::vector<FramePhases> phases;
};

// Sized once up front, so recording a frame never allocates.
void reserve_frames(FrameTimes& f, long frames);
void record_frame(FrameTimes& f, double ms, long steps, const FramePhases& phases);

// "frame times over N frames (the first excluded): median … ms, p95 … ms,
// max … ms; training steps per frame: median …, mean …, max … (… in all)",
// then one "phase NAME median … ms, mean … ms" line per phase and shown panel.
std::string frame_time_report(const FrameTimes& f);

}  // namespace backstep
