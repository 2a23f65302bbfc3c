// Model & controls: training, speed, presets, hyperparameters, architecture
// and data. Every widget shows the session's value and, when the user changes
// it, queues the one command that makes the change.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>

#include "app/look/appearance.hpp"
#include "app/panels/bug_lab_section.hpp"
#include "app/panels/panels.hpp"
#include "app/text/short_text.hpp"
#include "app/text/strings.hpp"
#include "core/session_validate.hpp"
#include "formats/preset_data.hpp"
#include "formats/preset_io.hpp"

namespace backstep {

namespace {

const Activation kActivations[] = {Activation::linear, Activation::sigmoid,    Activation::tanh,
                                   Activation::relu,   Activation::leaky_relu, Activation::softmax};
const OptimizerKind kOptimizers[] = {OptimizerKind::sgd, OptimizerKind::momentum,
                                     OptimizerKind::rmsprop, OptimizerKind::adam};
const Loss kLosses[] = {Loss::mse, Loss::bce, Loss::ce};
const Init kInits[] = {Init::automatic, Init::xavier, Init::he, Init::uniform, Init::zeros};
const char* const kRegKeys[] = {"controls.reg_none", "controls.reg_l1", "controls.reg_l2"};
const int kSpeeds[] = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

// A combo over an enum list; returns true and sets `out` when the user picks.
template <class E, std::size_t N>
bool enum_combo(const char* label, E current, const E (&items)[N], E& out, bool softmax_ok = true) {
  bool picked = false;
  if (ImGui::BeginCombo(label, std::string(to_string(current)).c_str())) {
    for (E item : items) {
      if constexpr (std::is_same_v<E, Activation>) {
        if (item == Activation::softmax && !softmax_ok) continue;
      }
      const bool selected = item == current;
      if (ImGui::Selectable(std::string(to_string(item)).c_str(), selected) && !selected) {
        out = item;
        picked = true;
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return picked;
}

// A loss or an accuracy in the metrics table: "—" for a set with no samples,
// short (1.28e+154, not 155 digits), and a non-finite one as "inf" or "NaN",
// as the loss panel writes it, in the warning colour with the word on hover.
void metric_value(double v, bool percent, bool empty_set) {
  char buf[32];
  if (empty_set) {
    ImGui::TextUnformatted("—");
  } else if (!std::isfinite(v)) {
    ImGui::TextColored(palette().warn_text, "%s", format_general(v, 5, buf, sizeof buf));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr(std::isnan(v) ? "value.nan" : "value.infinite"));
  } else if (percent) {
    ImGui::Text("%.1f%%", 100.0 * v);
  } else {
    ImGui::TextUnformatted(format_general(v, 5, buf, sizeof buf));
  }
}

void draw_counters(const Session& s) {
  ImGui::Text(tr("controls.step_epoch"), s.trainer.steps(), s.trainer.epochs());
  const bool classify = s.data.task == Task::classification;
  if (ImGui::BeginTable("metrics", 3, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", tr("controls.set"));
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", tr("controls.loss"));
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", classify ? tr("controls.accuracy") : "");
    for (int row = 0; row < 2; ++row) {
      const Evaluation& e = row == 0 ? s.train_eval : s.test_eval;
      const bool empty = (row == 0 ? s.data.train : s.data.test).count() == 0;
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(tr(row == 0 ? "controls.train" : "controls.test"));
      ImGui::TableNextColumn();
      metric_value(e.loss.total(), false, empty);
      ImGui::TableNextColumn();
      if (classify) metric_value(e.accuracy, true, empty);
    }
    ImGui::EndTable();
  }
}

void draw_training(const Session& s, UiState& ui, CommandQueue& q) {
  const float w = ImGui::GetContentRegionAvail().x;
  const float bw = (w - 2.0f * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
  if (ImGui::Button(tr_id(s.playing ? "controls.pause" : "controls.play"), ImVec2(bw, 0)))
    q.push(SetPlaying{!s.playing});
  ImGui::SameLine();
  if (ImGui::Button(tr_id("controls.step"), ImVec2(bw, 0))) q.push(TrainSteps{1});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("controls.step_tip"));
  ImGui::SameLine();
  if (ImGui::Button(tr_id("controls.epoch"), ImVec2(bw, 0))) q.push(TrainEpochs{1});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("controls.epoch_tip"));
  const float hw = (w - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
  if (ImGui::Button(tr_id("controls.reset"), ImVec2(hw, 0))) q.push(Reset{false});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("controls.reset_tip"));
  ImGui::SameLine();
  if (ImGui::Button(tr_id("controls.reset_new"), ImVec2(hw, 0))) q.push(Reset{true});

  char speed[48];
  if (ui.steps_per_frame == 0) {
    std::snprintf(speed, sizeof speed, tr("controls.speed_auto_n"), ui.auto_steps);
  } else {
    std::snprintf(speed, sizeof speed, tr("controls.steps_per_frame"), ui.steps_per_frame);
  }
  if (ImGui::BeginCombo(tr_id("controls.speed"), speed)) {
    for (int v : kSpeeds) {
      char label[32];
      if (v == 0) {
        std::snprintf(label, sizeof label, "%s", tr("controls.speed_auto"));
      } else {
        std::snprintf(label, sizeof label, tr("controls.steps_per_frame"), v);
      }
      if (ImGui::Selectable(label, v == ui.steps_per_frame)) ui.steps_per_frame = v;
    }
    ImGui::EndCombo();
  }
}

void draw_presets(const Session& s, UiState& ui, CommandQueue& q) {
  if (ui.preset_names.empty()) {
    ImGui::TextDisabled(tr("controls.no_presets"), ui.presets_dir.c_str());
    return;
  }
  if (ImGui::BeginCombo(tr_id("controls.preset"), s.name.c_str())) {
    for (const std::string& name : ui.preset_names) {
      if (ImGui::Selectable(name.c_str(), name == s.name)) {
        // Read on click only: the file may have changed since start.
        // A data preset reads its file here (about a second for 60 000
        // images); a missing file says which package installs it.
        Result<LoadPreset> p = load_preset_command(ui.presets_dir, name);
        if (p) {
          q.push(std::move(p).value());
          ui.status_note.clear();
          ui.status_note_is_error = false;
        } else {
          ui.status_note = p.error().message;
          ui.status_note_is_error = true;
        }
      }
    }
    ImGui::EndCombo();
  }
}

void draw_hyperparameters(const Session& s, CommandQueue& q) {
  double lr = s.hp.learning_rate;
  const double lr_min = 1e-5, lr_max = 10.0;
  if (ImGui::SliderScalar(tr_id("controls.learning_rate"), ImGuiDataType_Double, &lr, &lr_min,
                          &lr_max, "%.5g",
                          ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    q.push(SetLearningRate{lr});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("controls.learning_rate_tip"));

  OptimizerKind opt = s.hp.optimizer.kind;
  if (enum_combo(tr_id("controls.optimizer"), opt, kOptimizers, opt)) q.push(SetOptimizer{opt});

  Loss loss = s.net.loss;
  if (enum_combo(tr_id("controls.loss_fn"), loss, kLosses, loss)) q.push(SetLoss{loss});

  int batch = s.hp.batch_size;
  if (ImGui::InputInt(tr_id("controls.batch"), &batch, 1, 10, ImGuiInputTextFlags_EnterReturnsTrue))
    q.push(SetBatchSize{std::max(0, batch)});

  int reg = static_cast<int>(s.hp.regularization.kind);
  double lambda = s.hp.regularization.lambda;
  const char* reg_names[3];
  for (int i = 0; i < 3; ++i) reg_names[i] = tr(kRegKeys[i]);
  bool reg_changed = ImGui::Combo(tr_id("controls.regularization"), &reg, reg_names, 3);
  if (reg != 0) {
    const double lo = 1e-6, hi = 1.0;
    if (lambda <= 0.0) lambda = 1e-3;
    reg_changed |= ImGui::SliderScalar("λ", ImGuiDataType_Double, &lambda, &lo, &hi, "%.2e",
                                       ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  }
  if (reg_changed) q.push(SetRegularization{static_cast<RegularizationKind>(reg), lambda});

  double clip = s.hp.clip_norm;
  if (ImGui::InputDouble(tr_id("controls.clip_norm"), &clip, 0.0, 0.0, "%.3g",
                         ImGuiInputTextFlags_EnterReturnsTrue))
    q.push(SetClipNorm{std::max(0.0, clip)});

  Init init = s.init.kind;
  if (enum_combo(tr_id("controls.initializer"), init, kInits, init)) q.push(SetInit{init});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("controls.initializer_tip"));

  unsigned long long seed = s.init.seed;
  if (ImGui::InputScalar(tr_id("controls.seed"), ImGuiDataType_U64, &seed, nullptr, nullptr, "%llu",
                         ImGuiInputTextFlags_EnterReturnsTrue))
    q.push(SetSeed{static_cast<std::uint64_t>(seed)});
}

// One row per layer: size (−/+ for hidden layers), activation, remove.
void draw_architecture(const Session& s, CommandQueue& q) {
  const Mlp& net = s.net;
  const int depth = net.depth();
  ImGui::Text(tr("controls.layer_input"), net.size(0));
  for (int l = 1; l <= depth; ++l) {
    ImGui::PushID(l);
    const bool hidden = l < depth;
    const int n = net.size(l);
    if (hidden) {
      ImGui::Text(tr("controls.layer_hidden"), l);
      ImGui::SameLine();
      if (ImGui::SmallButton("−") && n > 1) q.push(SetNeurons{l, n - 1});
      ImGui::SameLine();
      ImGui::Text("%3d", n);
      ImGui::SameLine();
      if (ImGui::SmallButton("+") && n < kMaxHiddenNeurons) q.push(SetNeurons{l, n + 1});
    } else {
      ImGui::Text(tr("controls.layer_output"), l, n);
    }
    ImGui::SameLine();
    const float remove_w =
        hidden ? ImGui::CalcTextSize("×").x + 3 * ImGui::GetStyle().FramePadding.x : 0;
    ImGui::SetNextItemWidth(std::max(60.0f, ImGui::GetContentRegionAvail().x - remove_w));
    Activation a = net.layer(l).activation;
    if (enum_combo("##act", a, kActivations, a, !hidden)) q.push(SetActivation{l, a});
    if (hidden) {
      ImGui::SameLine();
      if (ImGui::SmallButton("×")) q.push(RemoveLayer{l});
      if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("controls.remove_layer_tip"), l);
    }
    ImGui::PopID();
  }
  if (depth - 1 < kMaxHiddenLayers && ImGui::Button(tr_id("controls.add_layer"))) {
    // The new layer copies the last hidden layer (or 4 tanh units) and goes before the output.
    const int n = depth > 1 ? net.size(depth - 1) : 4;
    const Activation a = depth > 1 ? net.layer(depth - 1).activation : Activation::tanh;
    q.push(AddLayer{depth, n, a});
  }
  ImGui::SameLine();
  ImGui::TextDisabled(tr("controls.parameters"), net.parameter_count());
}

void draw_data(const Session& s, CommandQueue& q) {
  if (!s.data_source.empty()) {
    ImGui::Text(tr("controls.file"), s.data_source.c_str());
  }
  GeneratorSpec spec = s.data_spec;
  bool changed = false;
  if (ImGui::BeginCombo(tr_id("controls.dataset"),
                        s.data_source.empty() ? spec.name.c_str() : tr("controls.from_file"))) {
    for (const std::string& name : generator_names()) {
      if (ImGui::Selectable(name.c_str(), s.data_source.empty() && name == spec.name)) {
        spec.name = name;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  float noise = static_cast<float>(spec.noise);
  if (ImGui::SliderFloat(tr_id("controls.noise"), &noise, 0.0f, 1.0f, "%.2f")) {
    spec.noise = noise;
    changed = true;
  }
  int count = spec.count;
  if (ImGui::InputInt(tr_id("controls.samples"), &count, 10, 100,
                      ImGuiInputTextFlags_EnterReturnsTrue)) {
    spec.count = std::clamp(count, 4, 100000);
    changed = true;
  }
  float ratio = static_cast<float>(spec.test_ratio);
  if (ImGui::SliderFloat(tr_id("controls.test_share"), &ratio, 0.0f, 0.9f, "%.2f")) {
    spec.test_ratio = ratio;
    changed = true;
  }
  if (changed) q.push(GenerateDataset{spec});
  ImGui::TextDisabled(tr("controls.sample_counts"), s.data.train.count(), s.data.test.count());
}

}  // namespace

void draw_controls_panel(const Session& s, UiState& ui, CommandQueue& q) {
  draw_counters(s);
  ImGui::Separator();
  draw_training(s, ui, q);
  draw_presets(s, ui, q);
  ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.0f);  // room for the labels on the right
  if (ImGui::CollapsingHeader(tr_id("controls.hyperparameters"), ImGuiTreeNodeFlags_DefaultOpen))
    draw_hyperparameters(s, q);
  if (ImGui::CollapsingHeader(tr_id("controls.architecture"), ImGuiTreeNodeFlags_DefaultOpen))
    draw_architecture(s, q);
  if (ImGui::CollapsingHeader(tr_id("controls.data"))) draw_data(s, q);
  // The Bug lab: closed by default, and in the warning colour while a mistake is on.
  const bool bug_on = s.hp.bug != Bug::none;
  if (bug_on) ImGui::PushStyleColor(ImGuiCol_Text, palette().warn_text);
  // One ID either way ("###controls.bug_lab"), so the section stays open as the title changes.
  const std::string title =
      std::string(tr(bug_on ? "controls.bug_lab_on" : "controls.bug_lab")) + "###controls.bug_lab";
  // A mistake switched on (here, by a script or a lesson) opens the section once,
  // so the warning and the mistake's description are in view.
  if (bug_on && s.hp.bug != ui.bug_lab_seen) ImGui::SetNextItemOpen(true);
  ui.bug_lab_seen = s.hp.bug;
  const bool open = ImGui::CollapsingHeader(title.c_str());
  if (bug_on) ImGui::PopStyleColor();
  if (open) draw_bug_lab_section(s, ui, q);
  ImGui::PopItemWidth();
}

}  // namespace backstep
