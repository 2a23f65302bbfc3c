#include "formats/data_import.hpp"

#include "formats/data_io.hpp"

namespace backstep {

Result<LoadDataset> import_dataset(const std::string& path, const Mlp& net, int target_columns) {
  const int targets = target_columns > 0 ? target_columns : net.output_size();
  // CSV needs the target count to know where the inputs end; JSON rows carry
  // their own widths, so nothing is imposed there (the network follows them).
  const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  Result<Dataset> data = read_data(path, DataShape{0, json ? 0 : targets});
  if (!data) return data.error();
  LoadDataset command;
  command.data.train = std::move(data).value();
  command.data.task = infer_task(command.data.train.t, net.layer(net.depth()).activation);
  command.source = path;
  return command;
}

}  // namespace backstep
