// One decision threshold everywhere (issue 14 item 4): for every output
// activation a two-class problem can use, the output legend's caption and the
// colour bar's middle name the threshold that accuracy scores with, the class
// targets lie on either side of it, and the targets are classified correctly
// by "ŷ > threshold" (the rule the graph's output node and the background use).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "app/text/output_legend.hpp"
#include "app/text/short_text.hpp"
#include "app/text/strings.hpp"
#include "core/dataset.hpp"
#include "core/mlp.hpp"
#include "core/session.hpp"
#include "formats/preset_io.hpp"

namespace backstep {
namespace {

const std::filesystem::path kSource = BACKSTEP_SOURCE_DIR;

class OutputLegend : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<StringTable> strings = read_string_tables(kSource / "assets/strings");
    ASSERT_TRUE(strings.ok());
    install_strings(std::move(strings).value());
    set_language(Language::en);
  }
};

Session circle_with_output(Activation out) {
  Result<Preset> p = load_preset(kSource / "assets/presets", "circle");
  EXPECT_TRUE(p.ok());
  Result<Session> s = make_session(p.value());
  EXPECT_TRUE(s.ok());
  Session session = std::move(s).value();
  if (out != Activation::sigmoid) {
    EXPECT_TRUE(apply(session, SetLoss{Loss::mse}).ok());
    EXPECT_TRUE(apply(session, SetActivation{session.net.depth(), out}).ok());
  }
  return session;
}

TEST_F(OutputLegend, CaptionBarAndAccuracyUseOneThreshold) {
  for (Activation out : {Activation::sigmoid, Activation::tanh, Activation::linear}) {
    const std::string name(to_string(out));
    Session s = circle_with_output(out);
    ASSERT_EQ(s.data.task, Task::classification) << name;
    const double threshold = decision_threshold(s.net, s.data.task);
    // The two class targets straddle it (0/1 → 0.5, −1/+1 → 0).
    const double lo = s.data.train.t.minCoeff(), hi = s.data.train.t.maxCoeff();
    EXPECT_LT(lo, threshold) << name;
    EXPECT_GT(hi, threshold) << name;
    EXPECT_DOUBLE_EQ(threshold, 0.5 * (lo + hi)) << name;

    for (bool discretize : {false, true}) {
      const ThresholdLegend l = threshold_legend(out, discretize, 0.5 * (hi - lo));
      char t[24];
      format_general(threshold, 3, t, sizeof t);
      EXPECT_EQ(l.mid, t) << name;
      if (out != Activation::sigmoid || discretize) {
        EXPECT_NE(l.caption.find(std::string("ŷ > ") + t), std::string::npos)
            << name << ": " << l.caption;
      }
      EXPECT_EQ(l.caption.find("sign"), std::string::npos) << name << ": " << l.caption;
      // The ends of the bar are the class targets.
      char a[24], b[24];
      EXPECT_EQ(l.low.rfind(format_general(lo, 3, a, sizeof a), 0), 0u) << name << ": " << l.low;
      EXPECT_EQ(l.high.rfind(format_general(hi, 3, b, sizeof b), 0), 0u) << name << ": " << l.high;
    }

    // Accuracy scores exactly "ŷ > threshold": outputs just either side of it.
    Matrix y(1, 4), target(1, 4);
    y << threshold - 0.023, threshold + 0.023, threshold - 0.4, threshold + 0.001;
    target << lo, hi, hi, lo;
    EXPECT_DOUBLE_EQ(accuracy(y, target, out), 0.5) << name;
  }
}

}  // namespace
}  // namespace backstep
