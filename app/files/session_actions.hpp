// Session files and exports as the UI and scripts use them: save, load (as a
// LoadSession command), CSV exports, and where autosaves live. No GL.
#pragma once

#include <string>

#include "app/automation/script.hpp"
#include "core/commands.hpp"
#include "core/result.hpp"
#include "core/session.hpp"
#include "formats/json_util.hpp"

namespace backstep {

// $XDG_CONFIG_HOME/backstep, else $HOME/.config/backstep ("" if neither is set).
std::string config_dir();
// <config_dir>/autosave.json ("" without a config dir).
std::string autosave_path();

// Writes the session atomically, creating the parent directory if needed.
Status save_session_file(const std::string& path, const Session& s,
                         const json_util::Json& view = nullptr);
// Reads and validates a session file into a LoadSession command; `view`
// receives its "view" object. Errors name the file and the field.
Result<Command> load_session_command(const std::string& path, json_util::Json* view = nullptr);

// Runs a save-session / load-session / export-history / export-weights line.
Status run_script_file(Session& s, const ScriptFile& f);

}  // namespace backstep
