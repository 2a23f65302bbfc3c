// Dataset: pick a generator and its parameters, regenerate, or import a file.
// Every change is a command (GenerateDataset / LoadDataset); the network's
// input and output layers follow the data (core/data_fit.hpp). A file that
// does not parse leaves the current data loaded and shows file:line.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "app/look/appearance.hpp"
#include "app/look/widgets.hpp"
#include "app/panels/panels.hpp"
#include "app/text/strings.hpp"
#include "core/data_fit.hpp"
#include "formats/data_import.hpp"
#include "formats/idx.hpp"

namespace backstep {

namespace {

// Reads `spec` and queues the LoadDataset; on error the message shows and
// the session keeps its data (nothing is queued).
void import_spec(const ImportSpec& spec, const Session& s, UiState& ui, CommandQueue& q) {
  const std::string& path = spec.path;
  Result<LoadDataset> cmd = import_dataset(spec, s.net);
  if (!cmd) {
    ui.import_error = cmd.error().message;
    ui.status_note = tr("dataset.import_failed") + cmd.error().message;
    ui.status_note_is_error = true;
    return;
  }
  ui.import_error.clear();
  ui.status_note = tr("dataset.imported") + path;
  ui.status_note_is_error = false;
  q.push(std::move(cmd).value());
}

void import_file(const std::string& path, const Session& s, UiState& ui, CommandQueue& q) {
  ImportSpec spec = s.data_source.empty() ? ImportSpec{} : s.data_import;
  if (spec.path != path) spec.test_path.clear();  // a new file: its own test set
  spec.path = path;
  spec.target = ui.import_target;
  import_spec(spec, s, ui, q);
}

// The target column's header name: a 1-based index as the name it points at;
// empty (the default) as the last column's name.
std::string target_name(const ImportSpec& spec) {
  const std::vector<std::string>& names = spec.columns;
  if (spec.target.empty()) return names.back();
  char* end = nullptr;
  const long k = std::strtol(spec.target.c_str(), &end, 10);
  if (end != spec.target.c_str() && *end == '\0' && k >= 1 && k <= static_cast<long>(names.size()))
    return names[static_cast<std::size_t>(k - 1)];
  return spec.target;  // a name, or several columns ("a,b")
}

// A CSV with a header: its target column picked by name, a re-import of the
// file with that column as the target (the network's output layer follows,
// core/data_fit); the other columns become the inputs.
void draw_target_picker(const Session& s, UiState& ui, CommandQueue& q) {
  const ImportSpec& now = s.data_import;
  if (now.columns.empty()) return;
  const std::string current = target_name(now);
  // The default target says so: "species (the last)".
  char label[256];
  std::snprintf(label, sizeof label, now.target.empty() ? tr("dataset.target_default") : "%s",
                current.c_str());
  ImGui::SetNextItemWidth(14.0f * ImGui::GetFontSize());
  if (!ImGui::BeginCombo(tr_id("dataset.target_pick"), label)) return;
  for (std::size_t i = 0; i < now.columns.size(); ++i) {
    const std::string& name = now.columns[i];
    ImGui::PushID(static_cast<int>(i));  // two columns may share a name
    if (ImGui::Selectable(name.c_str(), name == current) && name != current) {
      ImportSpec spec = now;
      spec.target = name;
      import_spec(spec, s, ui, q);
    }
    ImGui::PopID();
  }
  ImGui::EndCombo();
}

// Imported data: the scaling and the held-out share, each a re-import of the
// same file with one field of the spec changed (a LoadDataset through apply).
void draw_import_controls(const Session& s, UiState& ui, CommandQueue& q) {
  if (s.data_source.empty() || s.data_import.path.empty()) return;
  const ImportSpec& now = s.data_import;
  const ScalingMode modes[] = {ScalingMode::standardize, ScalingMode::minmax, ScalingMode::none};
  const char* names[] = {"dataset.scaling_standardize", "dataset.scaling_minmax",
                         "dataset.scaling_none"};
  // The mode in effect (the spec may leave it to the format's default).
  const ScalingMode applied = s.data.scaling.mode;
  int current = 0;
  for (int i = 0; i < 3; ++i) {
    if (modes[i] == applied) current = i;
  }
  ImGui::SetNextItemWidth(12.0f * ImGui::GetFontSize());
  if (ImGui::BeginCombo(tr_id("dataset.scaling"), tr(names[current]))) {
    for (int i = 0; i < 3; ++i) {
      if (ImGui::Selectable(tr(names[i]), i == current) && i != current) {
        ImportSpec spec = now;
        spec.scaling = modes[i];
        import_spec(spec, s, ui, q);
      }
    }
    ImGui::EndCombo();
  }
  draw_target_picker(s, ui, q);
  // An IDX directory's test set is its t10k files: no share to choose.
  std::error_code ec;
  if (now.test_path.empty() && !std::filesystem::is_directory(now.path, ec)) {
    // Applied when the slider is let go: one re-import, not one per frame.
    float share = ui.import_test_share >= 0.0f ? ui.import_test_share
                                               : static_cast<float>(now.test_share * 100.0);
    ImGui::SetNextItemWidth(12.0f * ImGui::GetFontSize());
    if (ImGui::SliderFloat(tr_id("dataset.file_test_share"), &share, 0.0f, 90.0f, "%.0f %%")) {
      ui.import_test_share = share;
    }
    if (ImGui::IsItemDeactivatedAfterEdit()) {
      ImportSpec spec = now;
      spec.test_share = std::round(static_cast<double>(share)) / 100.0;
      ui.import_test_share = -1.0f;
      if (!(spec == now)) import_spec(spec, s, ui, q);
    }
  }
  const char* line = applied == ScalingMode::standardize ? "dataset.scaled_standardize"
                     : applied == ScalingMode::minmax    ? "dataset.scaled_minmax"
                                                         : "dataset.scaled_none";
  ImGui::TextDisabled("%s", tr(line));
}

const char* task_name(Task t) {
  return tr(t == Task::classification ? "dataset.classification" : "dataset.regression");
}

void draw_generator(const Session& s, CommandQueue& q) {
  const bool imported = !s.data_source.empty();
  GeneratorSpec spec = s.data_spec;
  std::string preview =
      imported ? tr("dataset.file") + std::filesystem::path(s.data_source).filename().string()
               : spec.name;
  if (ImGui::BeginCombo(tr_id("dataset.generator"), preview.c_str())) {
    for (const std::string& name : generator_names()) {
      const bool current = !imported && name == spec.name;
      char label[96];
      const std::optional<Task> task = generator_task(name);
      std::snprintf(label, sizeof label, "%-10s %s", name.c_str(), task ? task_name(*task) : "");
      if (ImGui::Selectable(label, current) && !current) {
        spec.name = name;
        q.push(GenerateDataset{spec});
      }
      if (current) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  if (imported) {
    // The sliders describe a generator, not the file: a file's sample count
    // is in the summary below ("Samples 4" for a 200-row file misled).
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text_wrapped(tr("dataset.slider_switches"));
    ImGui::PopStyleColor();
    return;
  }

  // Sliders edit a copy of the spec; a change is one GenerateDataset (same
  // seed, so only the changed parameter moves the points).
  bool changed = false;
  ImGui::BeginDisabled(spec.name == "xor");  // XOR is always its 4 corners
  changed |= ImGui::SliderInt(tr_id("dataset.samples"), &spec.count, 10, 1000);
  ImGui::EndDisabled();
  float noise = static_cast<float>(spec.noise * 100.0);
  if (ImGui::SliderFloat(tr_id("dataset.noise"), &noise, 0.0f, 100.0f, "%.0f %%")) {
    spec.noise = noise / 100.0;
    changed = true;
  }
  float test = static_cast<float>(spec.test_ratio * 100.0);
  if (ImGui::SliderFloat(tr_id("dataset.test_share"), &test, 0.0f, 90.0f, "%.0f %%")) {
    spec.test_ratio = test / 100.0;
    changed = true;
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s", tr("dataset.test_share_tip"));
  }
  if (ImGui::Button(tr_id("dataset.regenerate"))) {
    spec.seed += 1;
    changed = true;
  }
  if (changed) q.push(GenerateDataset{spec});
}

// "classes: setosa, versicolor, virginica" when the classes have names.
void class_line(const DataSplit& d) {
  if (d.class_names.empty()) return;
  std::string names;
  for (const std::string& n : d.class_names) names += (names.empty() ? "" : ", ") + n;
  ImGui::TextWrapped(tr("dataset.classes"), names.c_str());
}

void draw_summary(const Session& s) {
  const DataSplit& d = s.data;
  const int n_in = static_cast<int>(d.train.x.rows()), n_out = static_cast<int>(d.train.t.rows());
  ImGui::Text(tr("dataset.summary"), d.train.count(), d.test.count(), task_name(d.task));
  std::error_code ec;
  const std::string& path = s.data_import.path;
  const bool idx = !s.data_source.empty() && !path.empty() &&
                   (is_idx_name(path) || std::filesystem::is_directory(path, ec));
  if (idx) {
    // IDX files have no columns: images (one input per pixel) and labels.
    ImGui::TextWrapped(tr("dataset.idx_images"), s.data_source.c_str(), d.image.width,
                       d.image.height, n_in);
    ImGui::Text(tr("dataset.idx_labels"), n_out);
    class_line(d);
  } else if (!s.data_source.empty() && !s.data_import.columns.empty()) {
    // A CSV with a header: the target by name, the rest are the inputs (a
    // class column is one column of the file and K outputs of the network).
    const int columns = static_cast<int>(s.data_import.columns.size());
    ImGui::TextWrapped(tr("dataset.rows_columns"), s.data_source.c_str(), d.train.count(), columns);
    ImGui::TextWrapped(tr("dataset.target_named"), target_name(s.data_import).c_str(), n_out);
    ImGui::Text(tr("dataset.inputs_other"), n_in);
    class_line(d);
  } else if (!s.data_source.empty()) {
    // An imported table without a header: which columns are what.
    const int columns = n_in + n_out;
    ImGui::TextWrapped(tr("dataset.rows_columns"), s.data_source.c_str(), d.train.count(), columns);
    if (n_in == 1) {
      ImGui::TextUnformatted(tr("dataset.column_input"));
    } else {
      ImGui::Text(tr("dataset.columns_inputs"), n_in);
    }
    if (n_out == 1) {
      ImGui::Text(tr("dataset.column_target"), columns);
    } else {
      ImGui::Text(tr("dataset.columns_targets"), n_in + 1, columns);
    }
    class_line(d);
  } else {
    ImGui::Text(tr("dataset.inputs_targets"), n_in, n_out);
  }
  ImGui::TextDisabled(tr("dataset.network"), describe_shape(s.net).c_str());
}

void draw_import(const Session& s, UiState& ui, CommandQueue& q) {
  ImGui::TextUnformatted(tr("dataset.import_title"));
  ImGui::SetNextItemWidth(-4.0f * ImGui::GetFontSize());
  const bool enter =
      ImGui::InputTextWithHint("##path", "path/to/data.csv", ui.import_path, sizeof ui.import_path,
                               ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button(tr_id("dataset.load")) || enter) && ui.import_path[0] != '\0') {
    import_file(ui.import_path, s, ui, q);
  }
  ImGui::SetNextItemWidth(10.0f * ImGui::GetFontSize());
  ImGui::InputText(tr_id("dataset.target_column"), ui.import_target, sizeof ui.import_target);
  ImGui::TextDisabled("%s", tr("dataset.drop_hint"));
  if (!ui.import_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().error_text);
    ImGui::TextWrapped("%s", ui.import_error.c_str());
    ImGui::PopStyleColor();
    ImGui::TextDisabled("%s", tr("dataset.data_kept"));
  }
}

}  // namespace

void draw_dataset_panel(const Session& s, UiState& ui, CommandQueue& q) {
  if (!ui.dropped_path.empty()) {
    std::snprintf(ui.import_path, sizeof ui.import_path, "%s", ui.dropped_path.c_str());
    const std::string path = std::move(ui.dropped_path);
    ui.dropped_path.clear();
    import_file(path, s, ui, q);
  }
  draw_generator(s, q);
  ImGui::Separator();
  draw_summary(s);
  draw_import_controls(s, ui, q);
  ImGui::Separator();
  draw_import(s, ui, q);
}

}  // namespace backstep
