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

std::string class_label(const std::vector<std::string>& class_names, int k) {
  if (k >= 0 && k < static_cast<int>(class_names.size())) {
    return class_names[static_cast<std::size_t>(k)];
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, tr("output.class_n"), k);
  return buf;
}

ThresholdLegend threshold_legend(Activation output, bool discretize, double scale,
                                 const std::vector<std::string>& class_names) {
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
  if (class_names.size() == 2) {
    // The same words with the file's class names in place of "class 0/1".
    char buf[256];
    if (probability && !discretize) {
      std::snprintf(buf, sizeof buf, tr("output.bg_output_p_named"), class_names[1].c_str());
    } else {
      std::snprintf(
          buf, sizeof buf,
          tr(discretize ? "output.bg_predicted_above_named" : "output.bg_output_above_named"),
          t.c_str(), class_names[1].c_str());
    }
    l.caption = buf;
    l.low = number(threshold - scale) + ": " + class_names[0];
    l.high = number(threshold + scale) + ": " + class_names[1];
  }
  return l;
}

}  // namespace backstep
