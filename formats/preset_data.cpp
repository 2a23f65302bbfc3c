#include "formats/preset_data.hpp"

#include "formats/data_import.hpp"
#include "formats/preset_io.hpp"

namespace backstep {

Result<LoadPreset> preset_command(Preset preset, const std::optional<ImportSpec>& instead) {
  LoadPreset command;
  if (!preset.data && !instead) {
    command.preset = std::move(preset);
    return command;
  }
  ImportSpec spec = instead ? *instead : *preset.data;
  if (instead && preset.data && spec.label_names.empty()) {
    spec.label_names = preset.data->label_names;  // the same classes, another copy of the files
  }
  std::error_code ec;
  if (!instead && !std::filesystem::exists(spec.path, ec)) {
    std::string message = "preset " + preset.name + ": its data, " + spec.path + ", is not here";
    if (!preset.data_package.empty()) {
      message += "; Debian's package " + preset.data_package +
                 " installs it: sudo apt-get install " + preset.data_package;
    }
    return Error{message};
  }
  Result<LoadDataset> data = import_dataset(spec, preset_network(preset));
  if (!data) return Error{"preset " + preset.name + ": " + data.error().message};
  command.data = std::move(data).value();
  command.preset = std::move(preset);
  return command;
}

Result<LoadPreset> load_preset_command(const std::filesystem::path& dir, const std::string& name,
                                       const std::optional<ImportSpec>& instead) {
  Result<Preset> p = load_preset(dir, name);
  if (!p) return p.error();
  return preset_command(std::move(p).value(), instead);
}

}  // namespace backstep
