// Small RGBA8 textures for the views made for images: the selected sample's
// picture, the graph's input picture, the first layer's weight images, one
// neuron's ∂L/∂w image, and the confusion gallery's thumbnails. The pixels are
// made on the CPU (app/colormap/image_pixels.hpp: the same colour maps as the
// legends, texel for texel) and drawn with nearest-neighbour filtering, so a
// pixel of a 28 × 28 image stays a crisp square however large it is drawn.
//
// Each slot re-uploads only when its key changes (the caller's key says what
// the pixels are of: a revision, a sample, a neuron), and a slot with a
// minimum interval follows a changing key at most that often, so a playing
// session re-uploads at a bounded rate. UiState owns the object
// (app/state/view_caches.hpp); its GL objects are made on first use inside a
// frame and freed when it is destroyed, before the context.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace backstep {

enum class ImageSlot { sample, graph_input, weights, gradient, gallery, large, count };

struct ImageTextures;  // image_textures.cpp
struct ImageTexturesDeleter {
  void operator()(ImageTextures* t) const;
};
using ImageTexturesPtr = std::unique_ptr<ImageTextures, ImageTexturesDeleter>;
ImageTexturesPtr make_image_textures();

// Fills `rgba` (already sized width·height·4) with the image's pixels, rows top to bottom.
using PixelFill = std::function<void(std::vector<std::uint8_t>& rgba)>;

// The slot's texture holding a width × height image: `fill` runs (and the
// texture is uploaded) only when `key` differs from the uploaded one and, for
// min_interval_s > 0, at least that long after the last upload (ImGui time);
// otherwise the texture keeps the last upload. Null before any upload.
ImTextureID image_texture(ImageTextures& t, ImageSlot slot, std::uint64_t key, int width,
                          int height, double min_interval_s, const PixelFill& fill);

// Mixes a few values into a key (FNV-1a over their bytes).
std::uint64_t image_key(std::initializer_list<std::uint64_t> parts);

}  // namespace backstep
