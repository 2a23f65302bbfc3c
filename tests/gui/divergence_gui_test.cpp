// Divergence warned early, in the real window (issue 14 item 5): xor with a
// relu hidden layer, a linear output and lr 3 — a run that reaches Inf only
// after ~500 steps — puts the banner up within its first steps of Play, in
// both languages, with the status line inside its room.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/gui_fixture.hpp"
#include "tests/support/layout_report.hpp"

namespace {

using backstep::test::PanelBox;
using backstep::test::read_layout_report;
using backstep::test::ReportedLayout;

class DivergenceGui : public backstep::test::GuiFixture {
 protected:
  DivergenceGui() : GuiFixture("divergence") {}
};

constexpr const char* kSlowlyDiverging =
    "set activation 1 relu\nset activation 2 linear\nset lr 3\n"
    "play\nframes 30\n"
    // Paused by the warning, finite, long before the overflow at step ~500.
    "expect diverged == 1\nexpect playing == 0\nexpect step < 50\n";

TEST_F(DivergenceGui, TheBannerComesUpBeforeAnythingOverflows) {
  const auto script = write("diverge.txt", kSlowlyDiverging);
  for (const char* flags : {"--size 1600x900", "--size 1280x720 --lang zh"}) {
    const auto r = run(std::string("--preset xor --frames 35 --report-layout --script ") +
                       script.string() + " " + flags);
    ASSERT_EQ(r.code, 0) << flags << ": " << r.err;
    const ReportedLayout l = read_layout_report(r.out);
    const PanelBox* banner = l.find_overlay("divergence");
    ASSERT_NE(banner, nullptr) << flags << ": no banner";
    EXPECT_GT(banner->w, 0);
    EXPECT_GT(banner->h, 0);
    const auto* status = l.find_fit("status-message");
    ASSERT_NE(status, nullptr) << flags;
    EXPECT_LE(status->need, status->room + 1) << flags << ": the message runs under ms/frame";
  }
}

}  // namespace
