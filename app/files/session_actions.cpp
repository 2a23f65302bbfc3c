#include "app/files/session_actions.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "formats/csv_export.hpp"
#include "formats/data_import.hpp"
#include "formats/session_io.hpp"

namespace backstep {

std::string config_dir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/backstep";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return std::string(home) + "/.config/backstep";
  return "";
}

std::string autosave_path() {
  const std::string dir = config_dir();
  return dir.empty() ? std::string() : dir + "/autosave.json";
}

Status save_session_file(const std::string& path, const Session& s, const json_util::Json& view) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) return Error{path + ": cannot create " + parent.string() + ": " + ec.message()};
  }
  return write_session(path, s, view);
}

Result<Command> load_session_command(const std::string& path, json_util::Json* view) {
  Result<SessionFile> file = read_session(path);
  if (!file) return file.error();
  if (view) *view = file.value().view;
  auto session = std::make_shared<Session>(std::move(file.value().session));
  return Command{LoadSession{std::move(session), path}};
}

Status run_script_file(Session& s, const ScriptFile& f) {
  switch (f.kind) {
    case ScriptFile::Kind::save_session:
      return save_session_file(f.path, s);
    case ScriptFile::Kind::load_session: {
      Result<Command> c = load_session_command(f.path);
      if (!c) return c.error();
      // Qualified: with a non-const Command, ADL would also find std::apply.
      return backstep::apply(s, c.value());
    }
    case ScriptFile::Kind::export_history:
      return write_history_csv(f.path, s.history);
    case ScriptFile::Kind::export_weights:
      return write_weights_csv(f.path, s.net);
    case ScriptFile::Kind::import_data: {
      ImportSpec spec;
      spec.path = f.path;
      Result<LoadDataset> c = import_dataset(spec, s.net);
      if (!c) return c.error();  // the session's data stays as it was
      return backstep::apply(s, c.value());
    }
  }
  return Error{"unknown file action"};
}

}  // namespace backstep
