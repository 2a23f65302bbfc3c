#include "app/shell/key_latch.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>

#include <array>
#include <cstddef>

namespace backstep {
namespace {

// One window per process: the state is the latch's own.
struct Latch {
  // Pressed since the last frame began (cleared before each poll).
  std::array<bool, GLFW_KEY_LAST + 1> pressed{};
  struct Held {
    int key, scancode, mods;
  };
  std::array<Held, 32> held{};  // releases waiting for their frame
  std::size_t count = 0;
};
Latch g_latch;

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  const bool known = key >= 0 && key <= GLFW_KEY_LAST;
  if (known && action == GLFW_PRESS) g_latch.pressed[static_cast<std::size_t>(key)] = true;
  if (known && action == GLFW_RELEASE && g_latch.pressed[static_cast<std::size_t>(key)] &&
      g_latch.count < g_latch.held.size()) {
    g_latch.held[g_latch.count++] = {key, scancode, mods};
    return;  // the frame must see it down first
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

}  // namespace

void install_key_latch(GLFWwindow* window) {
  glfwSetKeyCallback(window, on_key);
}

void release_latched_keys(GLFWwindow* window) {
  for (std::size_t i = 0; i < g_latch.count; ++i) {
    const Latch::Held& h = g_latch.held[i];
    ImGui_ImplGlfw_KeyCallback(window, h.key, h.scancode, GLFW_RELEASE, h.mods);
  }
  g_latch.count = 0;
  g_latch.pressed.fill(false);
}

}  // namespace backstep
