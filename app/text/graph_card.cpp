// GCC 12 reports a false -Wrestrict inside std::string's operator+ once it is
// inlined (GCC bug 105329); the card labels are built that way.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "app/text/graph_card.hpp"

#include <cmath>
#include <cstdio>

#include "app/text/strings.hpp"
#include "core/session_step.hpp"
#include "core/trace_text.hpp"

namespace backstep {
namespace {

std::string printf_string(const char* format, auto... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

CardLine value(std::string label, double v) {
  return {CardLine::Kind::value, std::move(label), v};
}
CardLine text(CardLine::Kind kind, std::string t) {
  return {kind, std::move(t), 0.0};
}

// A previous update exists and fits today's network (core/optimizer's
// state_matches: every block of the state is sized together).
bool has_last_update(const Session& s) {
  return s.trainer.steps() > 0 && state_matches(s.net, s.trainer.optimizer_state());
}

// "for sample #12 (column 3 of the pending batch of 10):", or why another one is shown.
void sample_lines(const Session& s, const Step& step, int column, std::vector<CardLine>& out) {
  const int sample = step.batch[column];
  out.push_back(text(CardLine::Kind::note,
                     printf_string(tr("card.for_sample"), sample + 1, column + 1, step.ws.batch)));
  if (sample != s.selected_sample) {
    out.push_back(
        text(CardLine::Kind::note, printf_string(tr("card.not_in_batch"), s.selected_sample + 1)));
  }
}

}  // namespace

std::vector<CardLine> node_card(const Session& s, int l, int j) {
  using namespace notation;
  std::vector<CardLine> out;
  const Mlp& net = s.net;
  if (l < 0 || l > net.depth() || j < 0 || j >= net.size(l)) return out;
  const Step* step = pending_step(s);
  const int col = shown_column(s);
  if (l == 0) {
    const std::string x = "x" + subscript(j + 1);
    out.push_back(text(CardLine::Kind::title, printf_string(tr("card.input_title"), x.c_str())));
    if (step != nullptr && col >= 0) {
      sample_lines(s, *step, col, out);
      out.push_back(value(neuron_name("a", 0, j) + " = " + x, step->ws.a[0](j, col)));
    }
    return out;
  }
  const std::string f(to_string(net.layer(l).activation));
  out.push_back(text(CardLine::Kind::title, printf_string(tr("graph.neuron_title"), l, j + 1,
                                                          static_cast<int>(f.size()), f.data())));
  if (step != nullptr && col >= 0) {
    sample_lines(s, *step, col, out);
    out.push_back(value(neuron_name("z", l, j) + " = Σ w·a + b", step->ws.z[l](j, col)));
    out.push_back(value(neuron_name("a", l, j) + " = " + f + "(z)", step->ws.a[l](j, col)));
    // The tracer's δ: ∂L/∂z of the batch objective, so it carries the 1/B.
    out.push_back(value(neuron_name("δ", l, j) + " = ∂L/∂z", step->ws.delta[l](j, col)));
    if (l == net.depth()) {
      const std::string t = "t" + subscript(j + 1);
      out.push_back(value(printf_string(tr("card.target"), t.c_str()), step->t(j, col)));
      // Which class output j stands for (imported data with named classes).
      const std::vector<std::string>& names = s.data.class_names;
      if (static_cast<int>(names.size()) == net.output_size()) {
        out.push_back(
            text(CardLine::Kind::note, printf_string(tr("card.output_class"), names[j].c_str())));
      } else if (net.output_size() == 1 && names.size() == 2) {
        out.push_back(
            text(CardLine::Kind::note,
                 printf_string(tr("card.output_p_class"), names[1].c_str(), names[0].c_str())));
      }
    }
  }
  out.push_back(value(bias_name(l, j), net.layer(l).b(j)));
  if (step != nullptr) {
    out.push_back(value("∂L/∂" + bias_name(l, j), step->ws.grad_b[l](j)));
    out.push_back(
        text(CardLine::Kind::note, printf_string(tr("card.batch_gradient"), step->ws.batch)));
  }
  if (has_last_update(s)) {
    out.push_back(value(tr("card.last_update_b"), s.trainer.optimizer_state().last_update_b[l](j)));
  }
  return out;
}

std::vector<CardLine> edge_card(const Session& s, int l, int j, int k) {
  using namespace notation;
  std::vector<CardLine> out;
  const Mlp& net = s.net;
  if (l < 1 || l > net.depth() || j < 0 || j >= net.size(l) || k < 0 || k >= net.size(l - 1)) {
    return out;
  }
  const std::string w = weight_name(l, j, k);
  if (l == 1) {
    const std::string x = "x" + subscript(k + 1);
    out.push_back(text(CardLine::Kind::title,
                       printf_string(tr("graph.edge_from_input"), w.c_str(), x.c_str(), j + 1)));
  } else {
    out.push_back(text(CardLine::Kind::title,
                       printf_string(tr("graph.edge_between"), w.c_str(), k + 1, l - 1, j + 1, l)));
  }
  out.push_back(value(w, net.layer(l).W(j, k)));
  if (const Step* step = pending_step(s)) {
    out.push_back(value("∂L/∂" + w, step->ws.grad_W[l](j, k)));
    out.push_back(
        text(CardLine::Kind::note, printf_string(tr("card.batch_gradient"), step->ws.batch)));
  }
  if (has_last_update(s)) {
    out.push_back(
        value(tr("card.last_update_w"), s.trainer.optimizer_state().last_update_W[l](j, k)));
  } else {
    out.push_back(text(CardLine::Kind::note, tr("graph.no_update")));
  }
  return out;
}

std::string format_card_line(const CardLine& line) {
  if (line.kind != CardLine::Kind::value) return line.text;
  if (std::isfinite(line.value)) return printf_string("%s = %.6g", line.text.c_str(), line.value);
  return line.text + " = " + tr(std::isnan(line.value) ? "value.nan" : "value.infinite");
}

}  // namespace backstep
