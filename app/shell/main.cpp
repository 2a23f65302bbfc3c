// backstep: with a subcommand it runs headless and never touches GLFW;
// without one it opens the window.
#include <string_view>

#include "app/cli/cli.hpp"
#include "app/shell/gui.hpp"

int main(int argc, char** argv) {
  if (argc > 1 && backstep::cli::is_subcommand(argv[1])) {
    return backstep::cli::run(argc, argv);
  }
  if (argc > 1 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    return backstep::cli::print_main_help();
  }
  if (argc > 1 && std::string_view(argv[1]) == "--version") return backstep::cli::print_version();
  return backstep::gui::run(argc, argv);
}
