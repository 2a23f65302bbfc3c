// backstep-session/1: a whole run in one JSON file, so training continues
// after a load exactly as it would have without saving (bit-identical).
//
//   {"format": "backstep-session/1",
//    "name": "spiral",
//    "model": {backstep-model/1, weights included},
//    "init": {"kind", "uniform_range", "seed"},
//    "data": {"generator": {"name", "count", "noise", "test_ratio", "seed"}}
//         or {"source": path, "task": "classification"|"regression",
//             "import": {"path", "test_path", "target", "scaling", "test_share",
//                        "split_seed", "image": [w, h],
//                        "file_check": {"size", "fnv1a64"}, "test_file_check": {…}},
//             "class_names": […], "scaling": {"mode", "shift": […], "scale": […]},
//             "image": [w, h],                 (each optional: older files lack them)
//             "train": {"inputs": [[…]…], "targets": [[…]…]}, "test": {…}},
//       "train"/"test" are left out above kInlineDataLimit numbers when the file
//       can be read again: the load re-imports it with "import" and refuses a
//       file that is missing or whose size or hash changed.
//    "hyperparams": {"learning_rate", "optimizer": {"kind", "momentum", "rho", "beta1",
//                    "beta2", "epsilon"}, "schedule": {…}, "regularization": {…},
//                    "clip_norm", "batch_size", "shuffle_seed"},
//    "optimizer_state": {"t", "first_W", "second_W", "first_b", "second_b",
//                        "last_update_W", "last_update_b"},   one entry per layer 1 … L
//    "trainer": {"steps", "epochs", "cursor"},
//    "history": {"stride", "since_last",
//                "points": [[step, epoch, train_loss, test_loss, train_acc, test_acc], …]},
//    "last_step": {"loss", "regularization", "gradient_norm", "learning_rate"},
//    "selected_sample": 0,
//    "view": {…}}                         UI settings; optional, ignored by core
//
// Generated data is not stored: it is a pure function of the generator spec
// and the output layer, so it is regenerated. The epoch's mini-batch order is
// a pure function of (shuffle_seed, epoch), so only the cursor is stored.
// In "history", null stands for NaN (no test set, no accuracy yet).
#pragma once

#include <string>

#include "core/result.hpp"
#include "core/session.hpp"
#include "formats/json_util.hpp"

namespace backstep {

inline constexpr const char* kSessionFormat = "backstep-session/1";
// Imported data up to this many numbers (inputs and targets, train and test)
// is written into the session; above it, the import spec and a file check.
inline constexpr double kInlineDataLimit = 200000;

struct SessionFile {
  Session session;
  json_util::Json view;    // the "view" object, null when absent
  std::string written_by;  // "backstep_version", empty in files from before it was recorded
};

// Every field is validated; errors read "<file>:/hyperparams/learning_rate: …".
Result<SessionFile> parse_session(const json_util::Json& doc, const std::string& file);
Result<SessionFile> parse_session_text(const std::string& text, const std::string& file);
Result<SessionFile> read_session(const std::string& path);

// Replaces `s` with the session in `path` only if the whole file is valid;
// on error `s` is untouched. `s.revision` keeps counting (views cache on it).
// `view`, if given, receives the file's "view" object (null when absent).
Status load_session(const std::string& path, Session& s, json_util::Json* view = nullptr);

// Numbers round-trip exact; one matrix row per line.
std::string session_to_string(const Session& s, const json_util::Json& view = nullptr);
// Atomic: the file is the old one or the complete new one.
Status write_session(const std::string& path, const Session& s,
                     const json_util::Json& view = nullptr);

}  // namespace backstep
