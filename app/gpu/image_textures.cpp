#include "app/gpu/image_textures.hpp"

#include <glad/gl.h>

#include <array>
#include <cstddef>

namespace backstep {

struct ImageTextures {
  struct Slot {
    GLuint texture = 0;
    int width = 0, height = 0;
    std::uint64_t key = 0;
    bool uploaded = false;
    double uploaded_at = -1e9;
    std::vector<std::uint8_t> rgba;  // kept: an unchanged size allocates nothing
  };
  std::array<Slot, static_cast<std::size_t>(ImageSlot::count)> slots;
};

ImageTexturesPtr make_image_textures() {
  return ImageTexturesPtr(new ImageTextures());
}

void ImageTexturesDeleter::operator()(ImageTextures* t) const {
  for (ImageTextures::Slot& s : t->slots) {
    if (s.texture != 0) glDeleteTextures(1, &s.texture);
  }
  delete t;
}

std::uint64_t image_key(std::initializer_list<std::uint64_t> parts) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::uint64_t p : parts) {
    for (int i = 0; i < 8; ++i) {
      h ^= (p >> (8 * i)) & 0xffu;
      h *= 1099511628211ull;
    }
  }
  return h;
}

ImTextureID image_texture(ImageTextures& t, ImageSlot slot, std::uint64_t key, int width,
                          int height, double min_interval_s, const PixelFill& fill) {
  ImageTextures::Slot& s = t.slots[static_cast<std::size_t>(slot)];
  const bool resized = width != s.width || height != s.height;
  const double now = ImGui::GetTime();
  const bool due =
      !s.uploaded || resized || (key != s.key && now - s.uploaded_at >= min_interval_s);
  if (due && width > 0 && height > 0) {
    s.rgba.assign(static_cast<std::size_t>(width) * height * 4, 0);
    fill(s.rgba);
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    if (s.texture == 0) glGenTextures(1, &s.texture);
    glBindTexture(GL_TEXTURE_2D, s.texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    if (resized || !s.uploaded) {
      // Nearest: one image pixel is a crisp block on screen, never a blur.
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                   s.rgba.data());
    } else {
      glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE,
                      s.rgba.data());
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    s.width = width;
    s.height = height;
    s.key = key;
    s.uploaded = true;
    s.uploaded_at = now;
  }
  if (s.texture == 0) return nullptr;
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(s.texture));
}

}  // namespace backstep
