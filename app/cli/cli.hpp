// The headless command line: train, grad, trace, gradcheck, bench, export-pytorch, …
#pragma once

#include <string_view>

namespace backstep::cli {

bool is_subcommand(std::string_view word);
// argv[1] is the subcommand. Exit codes: 0 ok, 1 runtime failure, 2 bad input or usage.
int run(int argc, char** argv);
// `backstep --help`: the GUI flags and every subcommand. Returns 0.
int print_main_help();
// `backstep --version`: "backstep X.Y.Z". Returns 0.
int print_version();

}  // namespace backstep::cli
