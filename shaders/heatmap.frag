#version 330 core
// Maps a neuron's values (one G×G tile of a GL_R32F atlas) to colour.
//
//   mode 0, diverging:   t = (v − center) / scale ∈ [−1, 1] → blue (+) … grey (0) … orange (−)
//   mode 1, sequential:  t = (v − center) / scale ∈ [0, 1]  → dark blue … yellow
//   mode 2, categorical: tiles 0 … K−1 hold the K class probabilities; the
//                        winning class's palette colour, saturated by how
//                        sure the network is: (p − 1/K) / (1 − 1/K).
//
// The colour maps come in as a lookup texture built on the CPU from
// app/colormap/colormap.hpp, so the shader and every ImGui legend show the same colours.
// "discretize" shows hard regions: the sign of t (or the winner) at a fixed strength.
in vec2 v_uv;
out vec4 out_colour;

uniform sampler2D u_values;   // R32F atlas, linear filtering
uniform sampler2D u_lut;      // 256 × 2 RGBA8: row 0 diverging (t = −1 … 1), row 1 sequential
uniform vec2 u_atlas_size;    // atlas size in texels
uniform float u_grid;         // G: texels per tile side
uniform int u_tile_rows;      // G for planes, 1 for a 1-D curve tile
uniform vec2 u_tile_origin[8];  // top-left texel of each tile used
uniform int u_tile_count;     // 1, or K classes for categorical
uniform int u_mode;           // 0 diverging, 1 sequential, 2 categorical
uniform float u_center;
uniform float u_scale;
uniform bool u_discretize;
uniform vec3 u_palette[8];    // categorical class colours
uniform vec3 u_neutral;       // categorical: colour of "no idea" (p = 1/K)
uniform vec3 u_invalid;       // NaN / ∞
uniform float u_fade;         // 0 … 1: mix towards white so data points stand out
// Every neuron's thumbnail in one pass (u_all_tiles): the viewport is the whole
// thumbnail target, laid out as the value atlas (u_tiles = tiles_x, tiles_y);
// tile (x, y)'s centre and scale are texel (x, y) of u_tile_scales. One pass
// instead of one per neuron: on a software GL each pass has a fixed cost that
// dominated the refresh (49 passes for spiral's net).
uniform bool u_all_tiles;
uniform vec2 u_tiles;
uniform sampler2D u_tile_scales;  // RG32F, tiles_x × tiles_y: (centre, scale)

// Value of tile i under this fragment. Cell (r, c) has its centre at texel
// origin + (c + ½, r + ½); clamping to the outer centres keeps the bilinear
// filter inside the tile (no bleeding from the neighbouring neuron).
float value_at(vec2 origin, vec2 uv) {
  vec2 size = vec2(u_grid, float(u_tile_rows));
  vec2 t = clamp(uv * size, vec2(0.5), size - vec2(0.5));
  return texture(u_values, (origin + t) / u_atlas_size).r;
}

float tile_value(int i) { return value_at(u_tile_origin[i], v_uv); }

vec3 lut(float u, float row) {
  // u ∈ [0, 1] → the centre of one of the 256 texels of that row.
  return texture(u_lut, vec2((0.5 + clamp(u, 0.0, 1.0) * 255.0) / 256.0, (row + 0.5) / 2.0)).rgb;
}

bool finite(float v) { return !(isnan(v) || isinf(v)); }

vec3 scalar_colour(float v, float center, float scale) {
  if (!finite(v)) return u_invalid;
  float t = (v - center) / max(scale, 1e-30);
  if (u_mode == 1) {
    t = clamp(abs(t), 0.0, 1.0);
    if (u_discretize) t = step(0.5, t) * 0.75 + 0.125;
    return lut(t, 1.0);
  }
  t = clamp(t, -1.0, 1.0);
  if (u_discretize) t = t > 0.0 ? 0.7 : (t < 0.0 ? -0.7 : 0.0);
  return lut(0.5 + 0.5 * t, 0.0);
}

vec3 categorical_colour() {
  int best = 0;
  float p_best = -1.0;
  for (int k = 0; k < u_tile_count; ++k) {
    float p = tile_value(k);
    if (!finite(p)) return u_invalid;
    if (p > p_best) {
      p_best = p;
      best = k;
    }
  }
  float chance = 1.0 / float(u_tile_count);
  float sure = clamp((p_best - chance) / (1.0 - chance), 0.0, 1.0);
  if (u_discretize) sure = 0.8;
  return mix(u_neutral, u_palette[best], 0.15 + 0.85 * sure);
}

void main() {
  if (u_all_tiles) {
    vec2 p = v_uv * u_tiles;
    vec2 cell = min(floor(p), u_tiles - vec2(1.0));
    vec2 cs = texelFetch(u_tile_scales, ivec2(cell), 0).rg;
    out_colour = vec4(scalar_colour(value_at(cell * u_grid, p - cell), cs.x, cs.y), 1.0);
    return;
  }
  vec3 c = u_mode == 2 ? categorical_colour() : scalar_colour(tile_value(0), u_center, u_scale);
  out_colour = vec4(mix(c, vec3(1.0), u_fade), 1.0);
}
