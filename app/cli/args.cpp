#include "app/cli/args.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>

namespace backstep::cli {
namespace {

const FlagSpec* find_flag(std::span<const FlagSpec> flags, std::string_view name) {
  const auto it =
      std::find_if(flags.begin(), flags.end(), [&](const FlagSpec& f) { return f.name == name; });
  return it == flags.end() ? nullptr : &*it;
}

}  // namespace

std::optional<std::string> Args::get(std::string_view flag) const {
  const auto it = values.find(flag);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

Result<Args> parse_args(int argc, char** argv, int first, std::span<const FlagSpec> flags) {
  Args args;
  for (int i = first; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--help" || word == "-h") args.help = true;
  }
  if (args.help) return args;
  for (int i = first; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word.substr(0, 2) != "--") {
      return Error{"unexpected argument \"" + std::string(word) + "\" (see --help)"};
    }
    std::optional<std::string_view> inline_value;
    if (const std::size_t eq = word.find('='); eq != std::string_view::npos) {
      inline_value = word.substr(eq + 1);
      word = word.substr(0, eq);
    }
    const FlagSpec* spec = find_flag(flags, word);
    if (!spec) return Error{"unknown flag " + std::string(word) + " (see --help)"};
    if (args.has(word)) return Error{std::string(word) + ": given more than once"};
    std::string value;
    if (spec->value_name.empty()) {
      if (inline_value) return Error{std::string(word) + ": takes no value"};
    } else if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < argc && std::string_view(argv[i + 1]).substr(0, 2) != "--") {
      value = argv[++i];
    } else {
      return Error{std::string(word) + ": needs a value " + std::string(spec->value_name)};
    }
    args.values.emplace(std::string(word), std::move(value));
  }
  return args;
}

Result<std::optional<double>> positive_number(const Args& args, std::string_view flag) {
  const std::optional<std::string> text = args.get(flag);
  if (!text) return std::optional<double>{};
  double x = 0.0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, x);
  if (text->empty() || ptr != end || ec != std::errc() || !std::isfinite(x) || x <= 0.0) {
    return Error{std::string(flag) + ": expected a positive finite number, got \"" + *text + "\""};
  }
  return std::optional<double>{x};
}

Result<std::optional<long>> integer_in(const Args& args, std::string_view flag, long lo, long hi) {
  const std::optional<std::string> text = args.get(flag);
  if (!text) return std::optional<long>{};
  long x = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, x);
  if (text->empty() || ptr != end || ec != std::errc() || x < lo || x > hi) {
    return Error{std::string(flag) + ": expected an integer in " + std::to_string(lo) + " … " +
                 std::to_string(hi) + ", got \"" + *text + "\""};
  }
  return std::optional<long>{x};
}

Result<std::optional<std::uint64_t>> seed_value(const Args& args, std::string_view flag) {
  const std::optional<std::string> text = args.get(flag);
  if (!text) return std::optional<std::uint64_t>{};
  std::uint64_t x = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, x);
  if (text->empty() || ptr != end || ec != std::errc()) {
    return Error{std::string(flag) + ": expected a non-negative integer, got \"" + *text + "\""};
  }
  return std::optional<std::uint64_t>{x};
}

std::string format_help(std::string_view usage, std::string_view description,
                        std::span<const FlagSpec> flags) {
  std::string out = "usage: " + std::string(usage) + "\n\n" + std::string(description) + "\n";
  if (flags.empty()) return out;
  std::size_t width = 0;
  for (const FlagSpec& f : flags) width = std::max(width, f.name.size() + 1 + f.value_name.size());
  out += "\noptions:\n";
  for (const FlagSpec& f : flags) {
    std::string left = std::string(f.name);
    if (!f.value_name.empty()) left.append(" ").append(f.value_name);
    out += "  " + left + std::string(width - left.size() + 2, ' ') + std::string(f.help) + "\n";
  }
  out += "  --help" + std::string(width > 6 ? width - 6 + 2 : 2, ' ') + "show this help\n";
  return out;
}

int fail(int exit_code, std::string_view message) {
  std::cout.flush();
  std::cerr << "backstep: error: " << message << "\n";
  return exit_code;
}

}  // namespace backstep::cli
