// The subcommand dispatcher: a table of name → entry point.
#include "app/cli/cli.hpp"

#include <algorithm>
#include <iostream>

#include "app/cli/commands.hpp"
#include "backstep/version.hpp"

namespace backstep::cli {
namespace {

struct Subcommand {
  std::string_view name;
  std::string_view summary;
  int (*run)(int argc, char** argv);
};

// One line per subcommand; each prints its own --help.
constexpr Subcommand kSubcommands[] = {
    {"train", "train a model headless, print progress and a summary", run_train},
    {"grad", "print the pending step (batch, loss, exact gradients, proposed update) as JSON",
     run_grad},
    {"gradcheck",
     "compare backprop with finite differences on the pending batch; exit 0 when they agree",
     run_gradcheck},
    {"evaluate", "loss, accuracy and confusion matrix of a trained model on a data file",
     run_evaluate},
    {"export-pytorch", "print a PyTorch script that rebuilds the network with its weights",
     run_export_pytorch},
    {"trace", "walk the pending training step through the chain rule, micro-step by micro-step",
     run_trace},
    {"graph", "one neuron (or the loss) of the pending step as a computation graph: DOT or JSON",
     run_graph},
    {"bench", "time the standard workloads and count training allocations (--quick, --json)",
     run_bench},
};

const Subcommand* find(std::string_view word) {
  const auto it = std::find_if(std::begin(kSubcommands), std::end(kSubcommands),
                               [&](const Subcommand& c) { return c.name == word; });
  return it == std::end(kSubcommands) ? nullptr : it;
}

}  // namespace

bool is_subcommand(std::string_view word) {
  return find(word) != nullptr;
}

int run(int argc, char** argv) {
  const Subcommand* command = argc > 1 ? find(argv[1]) : nullptr;
  if (!command) {
    std::cerr << "backstep: error: unknown subcommand (see backstep --help)\n";
    return 2;
  }
  return command->run(argc, argv);
}

int print_main_help() {
  std::cout << "usage: backstep [--preset NAME | --model M.json] [--data D.json] [--frames N]\n"
               "                [--screenshot out.png [--screenshot-panel NAME]] [--script S.txt]\n"
               "                [--scale X] [--size WxH]\n"
               "                [--lang en|zh] [--theme dark|light] [--presenter]\n"
               "       backstep --version | --help\n"
               "       backstep <subcommand> [options]   (headless; `backstep <subcommand> "
               "--help`)\n\n"
               "backstep visualizes backpropagation: with no subcommand it opens the window.\n\n"
               "window options:\n"
               "  --preset NAME        start from assets/presets/NAME.json (default: xor)\n"
               "  --model M.json       start from a backstep-model/1 file\n"
               "  --data D.json        training data (JSON or CSV)\n"
               "  --frames N           render N frames, then exit\n"
               "  --screenshot out.png write the last frame as a PNG\n"
               "  --screenshot-panel NAME\n"
               "                       … only that panel (controls, graph, inspector, loss,\n"
               "                       output, dataset, health, lesson)\n"
               "  --script S.txt       run commands from a file, one per line\n"
               "  --lesson NAME        open the guided lesson assets/lessons/NAME.json\n"
               "  --lesson-page K      … at page K\n"
               "  --lesson-autoplay    play the lesson through its answers, then exit (0: every\n"
               "                       task completed)\n"
               "  --scale X            UI scale from 1 to 3 (e.g. 1.5 for a projector)\n"
               "  --lang en|zh         interface language (remembered when chosen in the menu)\n"
               "  --theme dark|light   colour theme (light suits washed-out projectors)\n"
               "  --presenter          start in presenter mode (F5 toggles it)\n"
               "  --report-layout      print on exit each panel's rectangle (name x y w h), the\n"
               "                       graph's nodes and edges, and the plots' rectangles\n"
               "  --live-pointer       with --frames: still take the mouse (tests with synthetic\n"
               "                       clicks; otherwise automated runs ignore the pointer)\n"
               "  --size WxH           window size in pixels\n"
               "  --show-health        open the Gradient health panel\n"
               "  --show-help          open the help window (F1)\n"
               "  --report-frame-times print frame-time median/p95/max and training steps per\n"
               "                       frame on exit (with --frames N)\n"
               "  --quit-after S       close the window after S seconds (an idle window sleeps:\n"
               "                       with --report-frame-times, count what it drew)\n\n"
               "subcommands:\n";
  std::size_t width = 0;
  for (const Subcommand& c : kSubcommands) width = std::max(width, c.name.size());
  for (const Subcommand& c : kSubcommands) {
    std::cout << "  " << c.name << std::string(width - c.name.size() + 2, ' ') << c.summary << "\n";
  }
  std::cout << "\nother options:\n"
               "  --version            print the version and exit\n"
               "  --help, -h           print this help and exit\n"
               "\nExit codes: 0 ok, 1 runtime failure, 2 bad input or usage.\n";
  return 0;
}

int print_version() {
  std::cout << "backstep " << kVersion << "\n";
  return 0;
}

}  // namespace backstep::cli
