#version 330 core
// One triangle that covers the viewport (the current tile of the target
// texture); no vertex buffer: positions come from gl_VertexID.
// v_uv runs 0 … 1 across the tile. v = 0 is the first texel row, which is
// grid row 0 (the top of the input plane) and which ImGui draws at the top.
out vec2 v_uv;

void main() {
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));  // (0,0) (2,0) (0,2)
  v_uv = corner;
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
