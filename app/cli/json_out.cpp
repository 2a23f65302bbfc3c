#include "app/cli/json_out.hpp"

#include <cmath>
#include <iostream>

#include "formats/json_util.hpp"

namespace backstep::cli {

void print_json_line(const OrderedJson& j) {
  std::cout << j.dump() << "\n";
}

OrderedJson number_or_null(double x) {
  return std::isfinite(x) ? OrderedJson(x) : OrderedJson();
}

OrderedJson layers_json(const std::vector<Matrix>& per_layer) {
  OrderedJson out = OrderedJson::array();
  for (std::size_t l = 1; l < per_layer.size(); ++l)
    out.push_back(json_util::to_json(per_layer[l]));
  return out;
}

OrderedJson layers_json(const std::vector<Vector>& per_layer) {
  OrderedJson out = OrderedJson::array();
  for (std::size_t l = 1; l < per_layer.size(); ++l)
    out.push_back(json_util::to_json(per_layer[l]));
  return out;
}

}  // namespace backstep::cli
