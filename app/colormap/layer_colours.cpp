#include "app/colormap/layer_colours.hpp"

namespace backstep {

namespace {

constexpr Rgb rgb(int r, int g, int b) {
  return {r / 255.0f, g / 255.0f, b / 255.0f};
}

// The first seven follow the Okabe–Ito palette (told apart with every common
// colour-vision deficiency); the other five fill the hues it leaves. The
// deep-sigmoid lesson contrasts layer 1 with layer 9, which used to share a
// colour when an eight-colour palette cycled.
constexpr Rgb kOnDark[kLayerColours] = {rgb(86, 180, 233), rgb(230, 159, 0),   rgb(0, 158, 115),
                                        rgb(240, 228, 66), rgb(204, 121, 167), rgb(213, 94, 0),
                                        rgb(60, 130, 255), rgb(200, 200, 200), rgb(190, 110, 255),
                                        rgb(150, 150, 40), rgb(120, 235, 190), rgb(255, 120, 140)};
// On white the pale ones (yellow, grey, mint) would vanish: darker versions.
constexpr Rgb kOnLight[kLayerColours] = {rgb(0, 130, 200),  rgb(200, 130, 0),   rgb(0, 140, 100),
                                         rgb(170, 150, 0),  rgb(185, 90, 150),  rgb(213, 94, 0),
                                         rgb(0, 70, 170),   rgb(100, 100, 100), rgb(130, 50, 200),
                                         rgb(110, 110, 20), rgb(0, 150, 150),   rgb(200, 40, 70)};

}  // namespace

Rgb layer_colour(int l, bool light) {
  const int i = ((l - 1) % kLayerColours + kLayerColours) % kLayerColours;
  return light ? kOnLight[i] : kOnDark[i];
}

}  // namespace backstep
