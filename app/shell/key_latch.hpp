// Keys tapped faster than a frame still count.
//
// Dear ImGui 1.86's GLFW backend keeps only whether a key is down: a press
// and its release that arrive in the same poll (a quick tap while a frame on
// software GL takes 100 ms) leave the key up when the frame looks, and the
// tap is lost. The latch sits in front of the backend's key callback and
// holds such a release back until the frame after the press has been drawn.
// (Mouse buttons need no latch: the backend already remembers presses.)
#pragma once

struct GLFWwindow;

namespace backstep {

// Call once, after ImGui_ImplGlfw_InitForOpenGL(window, true): it replaces
// the backend's key callback with one that forwards to it.
void install_key_latch(GLFWwindow* window);

// Call before each poll for events: hands the held-back releases to ImGui,
// now that a frame has seen their keys down.
void release_latched_keys(GLFWwindow* window);

}  // namespace backstep
