// Flag parsing for the subcommands: `--name value`, `--name=value` and
// switches, validated into typed values. Usage errors are Results whose
// message names the flag; the subcommand prints them and exits with 2.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace backstep::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntime = 1;  // the work itself failed (divergence, cannot write)
inline constexpr int kExitUsage = 2;    // bad input: flags, files, values

struct FlagSpec {
  std::string_view name;        // "--lr"
  std::string_view value_name;  // "X"; empty for a switch
  std::string_view help;
};

// Flag tables joined at compile time: a subcommand's own flags and a shared
// group (app/cli/setup.hpp's data flags) in one list for parse_args and help.
template <std::size_t... N>
constexpr std::array<FlagSpec, (N + ...)> join_flags(const FlagSpec (&... parts)[N]) {
  std::array<FlagSpec, (N + ...)> out{};
  std::size_t i = 0;
  ((std::copy(std::begin(parts), std::end(parts), out.begin() + i), i += N), ...);
  return out;
}

struct Args {
  std::map<std::string, std::string, std::less<>> values;  // switches map to ""
  bool help = false;
  bool has(std::string_view flag) const { return values.find(flag) != values.end(); }
  std::optional<std::string> get(std::string_view flag) const;
};

// argv[first …]: every flag must be in `flags`; no positional arguments; a
// flag given twice is an error. `--help`/`-h` anywhere sets Args::help.
Result<Args> parse_args(int argc, char** argv, int first, std::span<const FlagSpec> flags);

// Typed, validated values; nullopt when the flag is absent.
Result<std::optional<double>> positive_number(const Args& args, std::string_view flag);
Result<std::optional<long>> integer_in(const Args& args, std::string_view flag, long lo, long hi);
Result<std::optional<std::uint64_t>> seed_value(const Args& args, std::string_view flag);

// "usage: …\n\n<description>\n\noptions:\n  --flag VALUE  help\n".
std::string format_help(std::string_view usage, std::string_view description,
                        std::span<const FlagSpec> flags);

// Prints "backstep: error: <message>" to stderr and returns `exit_code`.
int fail(int exit_code, std::string_view message);

}  // namespace backstep::cli
