#include "core/bug.hpp"

#include <array>
#include <string>
#include <utility>

namespace backstep {
namespace {

constexpr std::array<std::pair<Bug, std::string_view>, 11> kNames = {{
    {Bug::none, "none"},
    {Bug::sigmoid_prime_of_z, "sigmoid-prime-of-z"},
    {Bug::tanh_prime_of_z, "tanh-prime-of-z"},
    {Bug::loss_derivative_factor, "loss-derivative-factor"},
    {Bug::no_batch_mean, "no-batch-mean"},
    {Bug::update_before_backprop, "update-before-backprop"},
    {Bug::no_activation_derivative, "no-activation-derivative"},
    {Bug::bias_sum_over_neurons, "bias-sum-over-neurons"},
    {Bug::softmax_jacobian_twice, "softmax-jacobian-twice"},
    {Bug::relu_prime_one, "relu-prime-one"},
    {Bug::gradient_ascent, "gradient-ascent"},
}};

}  // namespace

const std::vector<Bug>& all_bugs() {
  static const std::vector<Bug> bugs = [] {
    std::vector<Bug> v;
    for (const auto& [bug, name] : kNames)
      if (bug != Bug::none) v.push_back(bug);
    return v;
  }();
  return bugs;
}

std::string_view bug_name(Bug bug) {
  for (const auto& [b, name] : kNames)
    if (b == bug) return name;
  return "none";
}

std::optional<Bug> parse_bug(std::string_view name) {
  for (const auto& [bug, n] : kNames)
    if (n == name) return bug;
  return std::nullopt;
}

std::string bug_name_list() {
  std::string out;
  for (const auto& [bug, name] : kNames) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool bug_changes_gradient(Bug bug) {
  return bug != Bug::none && bug != Bug::gradient_ascent;
}

}  // namespace backstep
