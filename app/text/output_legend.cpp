#include "app/text/output_legend.hpp"

#include <cstdio>

#include "app/text/short_text.hpp"
#include "app/text/strings.hpp"
#include "core/dataset.hpp"

namespace backstep {

namespace {

std::string number(double v) {
  char buf[24];
  return format_general(v, 3, buf, sizeof buf);
}

std::string printf1(const char* format, const std::string& arg) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, arg.c_str());
  return buf;
}

}  // namespace

ThresholdLegend threshold_legend(Activation output, bool discretize, double scale) {
  const double threshold = class_threshold(output);
  const std::string t = number(threshold);
  ThresholdLegend l;
  // A sigmoid's output is a probability: "ŷ = P(class 1)" says more than the
  // threshold, which is then ½ by definition.
  const bool probability = output == Activation::sigmoid || output == Activation::softmax;
  if (probability && !discretize) {
    l.caption = tr("output.bg_output_p");
  } else {
    l.caption = printf1(tr(discretize ? "output.bg_predicted_above" : "output.bg_output_above"), t);
  }
  l.low = printf1(tr("output.bar_low_class0"), number(threshold - scale));
  l.mid = t;
  l.high = printf1(tr("output.bar_high_class1"), number(threshold + scale));
  return l;
}

}  // namespace backstep
