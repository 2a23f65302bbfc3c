#include "app/gpu/heatmap_renderer.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/cli/assets.hpp"
#include "app/text/strings.hpp"

namespace backstep {

namespace {

constexpr int kThumbPx = 96;      // side of one neuron thumbnail in the RGBA atlas
constexpr int kDecisionPx = 512;  // side of the decision view texture
constexpr int kMaxClasses = 8;    // tiles the shader can combine (palette size)
constexpr int kLutWidth = 256;

// Okabe & Ito's palette for colour-blind viewers, in an order whose first
// three are easy to tell apart: orange, blue, bluish green, reddish purple,
// sky blue, vermillion, yellow, grey.
constexpr std::array<Rgb, kMaxClasses> kPalette{{
    {0.902f, 0.624f, 0.000f},
    {0.000f, 0.447f, 0.698f},
    {0.000f, 0.620f, 0.451f},
    {0.800f, 0.475f, 0.655f},
    {0.337f, 0.706f, 0.914f},
    {0.835f, 0.369f, 0.000f},
    {0.941f, 0.894f, 0.259f},
    {0.400f, 0.400f, 0.400f},
}};

struct Program {
  GLuint id = 0;
  GLint values, lut, atlas_size, grid, tile_rows, tile_origin, tile_count, mode, center, scale,
      discretize, palette, neutral, invalid, fade, all_tiles, tiles, tile_scales;
};

struct RenderTarget {
  GLuint texture = 0, framebuffer = 0;
  int width = 0, height = 0;
};

}  // namespace

// Declared in the header, so that UiState can own one (app/state/view_caches.hpp).
struct Heatmaps {
  bool initialized = false;
  std::string error;
  Program program;
  GLuint vao = 0, values = 0, lut = 0;
  int values_w = 0, values_h = 0;
  GLuint tile_scales = 0;     // RG32F (centre, scale) per tile, for the one-pass thumbnails
  std::vector<float> scales;  // its texels, kept between refreshes (no allocation)
  RenderTarget thumbs, decision;
  GridEval grid;
  bool have_grid = false;
  std::uint64_t revision = ~std::uint64_t{0};
  const void* session = nullptr;  // a different Session object is a different run
  int resolution = 0;
  bool discretize = false;
  int frame = -1;
  double refreshed_at = -1.0;  // ImGui::GetTime() of the last refresh
};

namespace {

// While training plays, the weights change every frame, but nobody reads a
// map that changes 60 times a second; re-rendering every tile every frame
// cost ~85 ms a frame for an 8×16 net on a software GL (one framebuffer pass
// per tile). Playing, the maps follow the weights at 10 Hz; any other change
// (a step, an edit, a new resolution) shows at once.
constexpr double kPlayingRefreshSeconds = 0.1;
// … and on a slow machine (a frame over 1/30 s), at most every third frame:
// refreshing every frame of an 11 fps window spent a third of each frame on
// maps nobody can follow.
constexpr int kPlayingRefreshFrames = 3;

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open shader file"};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<GLuint> compile(GLenum kind, const std::string& path) {
  Result<std::string> source = read_text(path);
  if (!source) return source.error();
  const GLuint shader = glCreateShader(kind);
  const char* text = source.value().c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok == GL_TRUE) return shader;
  std::array<char, 2048> log{};
  glGetShaderInfoLog(shader, static_cast<GLsizei>(log.size()), nullptr, log.data());
  glDeleteShader(shader);
  // Compiler logs read "0:LINE(COL): error: …"; keep it whole after the file name.
  return Error{path + ": shader does not compile: " + log.data()};
}

Status build_program(Program& p) {
  const std::string dir = cli::shaders_dir().string();
  Result<GLuint> vs = compile(GL_VERTEX_SHADER, dir + "/heatmap.vert");
  if (!vs) return vs.error();
  Result<GLuint> fs = compile(GL_FRAGMENT_SHADER, dir + "/heatmap.frag");
  if (!fs) {
    glDeleteShader(vs.value());
    return fs.error();
  }
  p.id = glCreateProgram();
  glAttachShader(p.id, vs.value());
  glAttachShader(p.id, fs.value());
  glLinkProgram(p.id);
  glDeleteShader(vs.value());
  glDeleteShader(fs.value());
  GLint ok = 0;
  glGetProgramiv(p.id, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    std::array<char, 2048> log{};
    glGetProgramInfoLog(p.id, static_cast<GLsizei>(log.size()), nullptr, log.data());
    glDeleteProgram(p.id);
    p.id = 0;
    return Error{dir + "/heatmap.frag: shaders do not link: " + log.data()};
  }
  auto at = [&](const char* name) { return glGetUniformLocation(p.id, name); };
  p.values = at("u_values");
  p.lut = at("u_lut");
  p.atlas_size = at("u_atlas_size");
  p.grid = at("u_grid");
  p.tile_rows = at("u_tile_rows");
  p.tile_origin = at("u_tile_origin");
  p.tile_count = at("u_tile_count");
  p.mode = at("u_mode");
  p.center = at("u_center");
  p.scale = at("u_scale");
  p.discretize = at("u_discretize");
  p.palette = at("u_palette");
  p.neutral = at("u_neutral");
  p.invalid = at("u_invalid");
  p.fade = at("u_fade");
  p.all_tiles = at("u_all_tiles");
  p.tiles = at("u_tiles");
  p.tile_scales = at("u_tile_scales");
  return Ok{};
}

void set_filtering(GLint filter) {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

// The colour maps as a 256 × 2 texture, sampled from app/colormap/colormap.hpp so the
// shader and the ImGui legends agree texel for texel.
void build_lut(GLuint texture) {
  std::array<std::uint8_t, kLutWidth * 2 * 4> rgba{};
  auto put = [&](int row, int i, Rgb c) {
    std::uint8_t* px = rgba.data() + (row * kLutWidth + i) * 4;
    px[0] = static_cast<std::uint8_t>(std::lround(std::clamp(c.r, 0.0f, 1.0f) * 255.0f));
    px[1] = static_cast<std::uint8_t>(std::lround(std::clamp(c.g, 0.0f, 1.0f) * 255.0f));
    px[2] = static_cast<std::uint8_t>(std::lround(std::clamp(c.b, 0.0f, 1.0f) * 255.0f));
    px[3] = 255;
  };
  for (int i = 0; i < kLutWidth; ++i) {
    const double u = static_cast<double>(i) / (kLutWidth - 1);
    put(0, i, diverging(2.0 * u - 1.0, 1.0));
    put(1, i, sequential(u, 1.0));
  }
  glBindTexture(GL_TEXTURE_2D, texture);
  set_filtering(GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kLutWidth, 2, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
}

void initialize(Heatmaps& m) {
  m.initialized = true;
  if (Status st = build_program(m.program); !st) {
    m.error = st.error().message;
    return;
  }
  glGenVertexArrays(1, &m.vao);
  glGenTextures(1, &m.values);
  glGenTextures(1, &m.lut);
  glGenTextures(1, &m.tile_scales);
  build_lut(m.lut);
}

void size_target(RenderTarget& t, int width, int height) {
  if (t.texture != 0 && t.width == width && t.height == height) return;
  if (t.texture == 0) {
    glGenTextures(1, &t.texture);
    glGenFramebuffers(1, &t.framebuffer);
  }
  t.width = width;
  t.height = height;
  glBindTexture(GL_TEXTURE_2D, t.texture);
  set_filtering(GL_LINEAR);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glBindFramebuffer(GL_FRAMEBUFFER, t.framebuffer);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.texture, 0);
}

void upload_values(Heatmaps& m) {
  const GridEval& g = m.grid;
  glBindTexture(GL_TEXTURE_2D, m.values);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  if (g.atlas_width != m.values_w || g.atlas_height != m.values_h) {
    set_filtering(GL_LINEAR);  // R32F is filterable on desktop GL 3.x
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, g.atlas_width, g.atlas_height, 0, GL_RED, GL_FLOAT,
                 g.atlas.data());
    m.values_w = g.atlas_width;
    m.values_h = g.atlas_height;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, g.atlas_width, g.atlas_height, GL_RED, GL_FLOAT,
                    g.atlas.data());
  }
}

// One pass of the shader into `viewport` of the bound framebuffer.
struct Pass {
  int mode = 0;  // 0 diverging, 1 sequential, 2 categorical
  double center = 0.0, scale = 1.0;
  bool discretize = false;
  float fade = 0.0f;
  int tiles[kMaxClasses] = {};
  int tile_count = 1;
};

void draw_pass(const Heatmaps& m, const Pass& pass, int x, int y, int w, int h) {
  const Program& p = m.program;
  const GridEval& g = m.grid;
  std::array<float, kMaxClasses * 2> origins{};
  for (int i = 0; i < pass.tile_count; ++i) {
    origins[2 * i] = static_cast<float>(tile_x0(g, pass.tiles[i]));
    origins[2 * i + 1] = static_cast<float>(tile_y0(g, pass.tiles[i]));
  }
  glViewport(x, y, w, h);
  glUniform2fv(p.tile_origin, kMaxClasses, origins.data());
  glUniform1i(p.tile_count, pass.tile_count);
  glUniform1i(p.mode, pass.mode);
  glUniform1f(p.center, static_cast<float>(pass.center));
  glUniform1f(p.scale, static_cast<float>(pass.scale));
  glUniform1i(p.discretize, pass.discretize ? 1 : 0);
  glUniform1f(p.fade, pass.fade);
  glDrawArrays(GL_TRIANGLES, 0, 3);
}

void set_common_uniforms(const Heatmaps& m) {
  const Program& p = m.program;
  const GridEval& g = m.grid;
  glUniform1i(p.values, 0);
  glUniform1i(p.lut, 1);
  glUniform2f(p.atlas_size, static_cast<float>(g.atlas_width), static_cast<float>(g.atlas_height));
  glUniform1f(p.grid, static_cast<float>(g.resolution));
  glUniform1i(p.tile_rows, g.input_size == 2 ? g.resolution : 1);
  std::array<float, kMaxClasses * 3> palette{};
  for (int k = 0; k < kMaxClasses; ++k) {
    palette[3 * k] = kPalette[k].r;
    palette[3 * k + 1] = kPalette[k].g;
    palette[3 * k + 2] = kPalette[k].b;
  }
  glUniform3fv(p.palette, kMaxClasses, palette.data());
  glUniform3f(p.neutral, kUndecidedColour.r, kUndecidedColour.g, kUndecidedColour.b);
  glUniform3f(p.invalid, kInvalidColour.r, kInvalidColour.g, kInvalidColour.b);
}

// GL state the passes touch, restored afterwards so ImGui's renderer (and
// anything else drawing this frame) finds what it left.
struct SavedGlState {
  GLint framebuffer, program, vao, active_texture, texture0, texture1, texture2;
  GLint viewport[4];
  GLboolean blend, scissor, depth, cull;
  void save() {
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &framebuffer);
    glGetIntegerv(GL_CURRENT_PROGRAM, &program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &active_texture);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &texture0);
    glActiveTexture(GL_TEXTURE1);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &texture1);
    glActiveTexture(GL_TEXTURE2);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &texture2);
    glGetIntegerv(GL_VIEWPORT, viewport);
    blend = glIsEnabled(GL_BLEND);
    scissor = glIsEnabled(GL_SCISSOR_TEST);
    depth = glIsEnabled(GL_DEPTH_TEST);
    cull = glIsEnabled(GL_CULL_FACE);
  }
  void restore() const {
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(framebuffer));
    glUseProgram(static_cast<GLuint>(program));
    glBindVertexArray(static_cast<GLuint>(vao));
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(texture2));
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(texture1));
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(texture0));
    glActiveTexture(static_cast<GLenum>(active_texture));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    auto enable = [](GLenum cap, GLboolean on) { on ? glEnable(cap) : glDisable(cap); };
    enable(GL_BLEND, blend);
    enable(GL_SCISSOR_TEST, scissor);
    enable(GL_DEPTH_TEST, depth);
    enable(GL_CULL_FACE, cull);
  }
};

void render(Heatmaps& m, const Session& s, bool discretize) {
  const GridEval& g = m.grid;
  SavedGlState saved;
  saved.save();
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  // Size the targets first: creating one binds its texture to the active unit,
  // which must not be the unit the shader samples the values from.
  if (g.input_size == 2) {
    size_target(m.thumbs, g.tiles_x * kThumbPx, g.tiles_y * kThumbPx);
    size_target(m.decision, kDecisionPx, kDecisionPx);
  }
  upload_values(m);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, m.lut);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, m.values);
  glUseProgram(m.program.id);
  glBindVertexArray(m.vao);
  set_common_uniforms(m);

  const Mlp& net = s.net;
  if (g.input_size == 2) {
    // Thumbnails: same tile layout as the value atlas, kThumbPx per tile, all
    // in one pass; each tile's centre and scale come from a small texture.
    m.scales.assign(static_cast<std::size_t>(g.tiles_x) * g.tiles_y * 2, 0.0f);
    for (int l = 1; l <= net.depth(); ++l) {
      for (int j = 0; j < net.size(l); ++j) {
        double center = 0.0, scale = 1.0;
        tile_color_scale(m, s, l, j, center, scale);
        const std::size_t t = static_cast<std::size_t>(tile_index(g, l, j));
        m.scales[2 * t] = static_cast<float>(center);
        m.scales[2 * t + 1] = static_cast<float>(scale);
      }
    }
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_2D, m.tile_scales);
    set_filtering(GL_NEAREST);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RG32F, g.tiles_x, g.tiles_y, 0, GL_RG, GL_FLOAT,
                 m.scales.data());
    glActiveTexture(GL_TEXTURE0);
    glBindFramebuffer(GL_FRAMEBUFFER, m.thumbs.framebuffer);
    glUniform1i(m.program.tile_scales, 2);
    glUniform2f(m.program.tiles, static_cast<float>(g.tiles_x), static_cast<float>(g.tiles_y));
    glUniform1i(m.program.all_tiles, 1);
    glViewport(0, 0, g.tiles_x * kThumbPx, g.tiles_y * kThumbPx);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glUniform1i(m.program.all_tiles, 0);
    // The decision view, larger, faded a little so the data points read on top.
    glBindFramebuffer(GL_FRAMEBUFFER, m.decision.framebuffer);
    const DecisionView view = decision_view_for(s, discretize);
    Pass pass;
    pass.discretize = view.discretize;
    pass.fade = 0.2f;
    if (view.style == DecisionStyle::categorical) {
      pass.mode = 2;
      pass.tile_count = std::min(net.output_size(), kMaxClasses);
      for (int k = 0; k < pass.tile_count; ++k) pass.tiles[k] = tile_index(g, net.depth(), k);
    } else {
      pass.tiles[0] = tile_index(g, net.depth(), 0);
      pass.center = view.center;
      pass.scale = view.scale;
    }
    draw_pass(m, pass, 0, 0, kDecisionPx, kDecisionPx);
  }
  saved.restore();
}

HeatmapImage image_of(const RenderTarget& t, float x0, float y0, float x1, float y1) {
  HeatmapImage img;
  if (t.texture == 0) return img;
  img.texture = reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(t.texture));
  img.uv0 = ImVec2(x0 / t.width, y0 / t.height);
  img.uv1 = ImVec2(x1 / t.width, y1 / t.height);
  return img;
}

}  // namespace

Rgb class_colour(int k) {
  return kPalette[static_cast<std::size_t>(k) % kPalette.size()];
}

DecisionView decision_view_for(const Session& s, bool discretize) {
  DecisionView v;
  v.discretize = discretize;
  const Mlp& net = s.net;
  const Activation out = net.layer(net.depth()).activation;
  if (s.data.task == Task::classification && net.output_size() > 1) {
    v.style = DecisionStyle::categorical;
    return v;
  }
  if (s.data.task == Task::classification) {
    // Neutral at the decision threshold (core's, the one accuracy uses).
    v.center = decision_threshold(net, s.data.task);
    v.scale = out == Activation::tanh ? 1.0 : 0.5;
    return v;
  }
  // Regression: signed output value, full colour at the largest |target|.
  v.center = 0.0;
  const double top = s.data.train.t.size() > 0 ? s.data.train.t.cwiseAbs().maxCoeff() : 1.0;
  v.scale = std::isfinite(top) && top > 0.0 ? top : 1.0;
  return v;
}

void tile_color_scale(const Heatmaps& m, const Session& s, int layer, int neuron, double& center,
                      double& scale) {
  switch (s.net.layer(layer).activation) {
    case Activation::tanh:
      center = 0.0;
      scale = 1.0;
      return;
    case Activation::sigmoid:
    case Activation::softmax:
      center = 0.5;
      scale = 0.5;
      return;
    default:
      break;
  }
  // Unbounded activations: scaled to the tile's own largest distance from the
  // centre, which is the decision threshold for a one-output classifier's
  // output (a linear output scored ŷ > 0.5 is neutral at 0.5, as the
  // background and the accuracy are), else 0.
  center = layer == s.net.depth() ? decision_threshold(s.net, s.data.task) : 0.0;
  scale = 1.0;
  if (!m.have_grid) return;
  const TileRange r = m.grid.ranges[tile_index(m.grid, layer, neuron)];
  const double top = std::max(std::fabs(r.min - center), std::fabs(r.max - center));
  if (std::isfinite(top) && top > 0.0) scale = top;
}

void refresh_heatmaps(Heatmaps& m, const Session& s, int resolution, bool discretize) {
  const int frame = ImGui::GetFrameCount();
  if (m.frame == frame) return;
  const bool view_changed =
      &s != m.session || resolution != m.resolution || discretize != m.discretize;
  if (!view_changed && s.revision == m.revision) return;
  const double now = ImGui::GetTime();
  if (!view_changed && s.playing &&
      (now - m.refreshed_at < kPlayingRefreshSeconds || frame - m.frame < kPlayingRefreshFrames))
    return;
  m.refreshed_at = now;
  m.frame = frame;
  m.revision = s.revision;
  m.session = &s;
  m.resolution = resolution;
  m.discretize = discretize;
  m.have_grid = false;
  if (!grid_supported(s.net) || s.net.input_size() != s.data.train.x.rows()) return;
  // A 1-D curve is cheap (G points, not G²): sample it finely enough to be smooth.
  const int points = s.net.input_size() == 1 ? std::max(resolution, 256) : resolution;
  evaluate_grid(s.net, data_bounds(s.data), std::max(points, 2), m.grid);
  m.have_grid = true;
  if (!m.initialized) initialize(m);
  if (m.error.empty()) render(m, s, discretize);
}

const GridEval* heatmap_grid(const Heatmaps& m) {
  return m.have_grid ? &m.grid : nullptr;
}

HeatmapImage heatmap_tile_texture(const Heatmaps& m, int layer, int neuron) {
  if (!m.have_grid || !m.error.empty() || m.grid.input_size != 2) return {};
  if (layer < 1 || layer >= static_cast<int>(m.grid.first_tile.size())) return {};
  const int t = tile_index(m.grid, layer, neuron);
  if (neuron < 0 || t >= m.grid.tile_count) return {};
  const float x = static_cast<float>((t % m.grid.tiles_x) * kThumbPx);
  const float y = static_cast<float>((t / m.grid.tiles_x) * kThumbPx);
  return image_of(m.thumbs, x, y, x + kThumbPx, y + kThumbPx);
}

HeatmapImage decision_image(const Heatmaps& m) {
  if (!m.have_grid || !m.error.empty() || m.grid.input_size != 2) return {};
  return image_of(m.decision, 0, 0, kDecisionPx, kDecisionPx);
}

bool draw_node_map(const Heatmaps& m, ImDrawList* dl, ImVec2 centre, float radius, int layer,
                   int neuron) {
  const HeatmapImage img = heatmap_tile_texture(m, layer, neuron);
  if (!img.valid()) return false;
  dl->AddImageRounded(img.texture, ImVec2(centre.x - radius, centre.y - radius),
                      ImVec2(centre.x + radius, centre.y + radius), img.uv0, img.uv1,
                      IM_COL32_WHITE, radius);
  return true;
}

void neuron_map_preview(const Heatmaps& m, const Session& s, int layer, int neuron, float side) {
  const HeatmapImage img = heatmap_tile_texture(m, layer, neuron);
  if (!img.valid()) return;
  const GridEval& g = m.grid;
  ImGui::Image(img.texture, ImVec2(side, side), img.uv0, img.uv1);
  double center = 0.0, scale = 1.0;
  tile_color_scale(m, s, layer, neuron, center, scale);
  const TileRange r = g.ranges[tile_index(g, layer, neuron)];
  ImGui::TextDisabled(tr("map.over_plane"), g.bounds.x_min, g.bounds.x_max, g.bounds.y_min,
                      g.bounds.y_max);
  ImGui::TextDisabled(tr("map.colours"), center, scale, r.min, r.max);
}

const std::string& heatmap_error(const Heatmaps& m) {
  return m.error;
}

HeatmapsPtr make_heatmaps() {
  return HeatmapsPtr(new Heatmaps());
}

void HeatmapsDeleter::operator()(Heatmaps* p) const {
  Heatmaps& m = *p;
  if (m.initialized) {
    for (RenderTarget* t : {&m.thumbs, &m.decision}) {
      if (t->texture != 0) glDeleteTextures(1, &t->texture);
      if (t->framebuffer != 0) glDeleteFramebuffers(1, &t->framebuffer);
    }
    if (m.values != 0) glDeleteTextures(1, &m.values);
    if (m.lut != 0) glDeleteTextures(1, &m.lut);
    if (m.tile_scales != 0) glDeleteTextures(1, &m.tile_scales);
    if (m.vao != 0) glDeleteVertexArrays(1, &m.vao);
    if (m.program.id != 0) glDeleteProgram(m.program.id);
  }
  delete p;
}

}  // namespace backstep
