// The network graph's hover cards as data: the lines a node's or an edge's
// card shows, with their exact numbers, all read from the session's pending
// step (core/session_step.hpp) — the same object the tracer walks. The window
// draws these lines; the script verbs `describe node L J` and
// `describe edge L J K` print them, so tests and screen readers read exactly
// what the card says. No GL, no ImGui.
#pragma once

#include <string>
#include <vector>

#include "core/session.hpp"

namespace backstep {

struct CardLine {
  enum class Kind { title, text, value, note };
  Kind kind = Kind::text;
  std::string text;    // a value line's label ("z = Σ w·a + b"), else the whole line
  double value = 0.0;  // for Kind::value
};

// Layer l (0 = input) and neuron j are engine indices (0-based j); the text is 1-based.
std::vector<CardLine> node_card(const Session& s, int l, int j);
// The weight w⁽ˡ⁾_jk, 1 ≤ l ≤ L (0-based j, k).
std::vector<CardLine> edge_card(const Session& s, int l, int j, int k);

// A line as the card prints it: "label = 0.259266" (%.6g), NaN / ∞ named.
std::string format_card_line(const CardLine& line);

}  // namespace backstep
