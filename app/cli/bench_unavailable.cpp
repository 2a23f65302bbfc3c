// `backstep bench` in a build without the benchmarks (BACKSTEP_BENCH=OFF, as
// in the portable preset): the subcommand stays listed and says how to get it.
#include <cstdio>

#include "app/cli/commands.hpp"

namespace backstep::cli {

int run_bench(int, char**) {
  std::fputs(
      "backstep: error: this build has no benchmarks (configure with -DBACKSTEP_BENCH=ON, as "
      "the debug and release presets do)\n",
      stderr);
  return 2;
}

}  // namespace backstep::cli
