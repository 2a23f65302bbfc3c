// Commands: every change to a Session is one of these small imperative
// structs, applied by apply(Session&, const Command&) (core/session.hpp).
// The UI, keyboard shortcuts, --script lines, lessons and tests all build
// these; nothing else mutates a Session.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "core/activation.hpp"
#include "core/dataset.hpp"
#include "core/import_spec.hpp"
#include "core/init.hpp"
#include "core/loss.hpp"
#include "core/optimizer.hpp"
#include "core/preset.hpp"
#include "core/schedule.hpp"
#include "core/tracer.hpp"

namespace backstep {

struct Session;  // core/session.hpp

// One-line commands read as a table: clang-format would spread each over
// three lines.
// clang-format off
// --- training -------------------------------------------------------------
// optimizer updates; final_evaluation: evaluate both whole sets after the last
// one (off for the window's Play slices on large data, see core/session.cpp)
struct TrainSteps { long count = 1; bool final_evaluation = true; };
struct TrainEpochs { long count = 1; };
struct SetPlaying { bool playing = true; };
// Re-initialize the network (same architecture); new_seed draws seed + 1.
struct Reset { bool new_seed = false; };

// --- hyperparameters ------------------------------------------------------
struct SetLearningRate { double value = 0.1; };
struct SetOptimizer { OptimizerKind kind = OptimizerKind::sgd; };
struct SetBatchSize { int size = 0; };  // 0 = full batch
struct SetRegularization { RegularizationKind kind = RegularizationKind::none; double lambda = 0.0; };
struct SetClipNorm { double max_norm = 0.0; };  // 0 = off
// The Bug lab (core/bug.hpp); none = correct. `secret`: "Find the bug" — the
// status line and the loss curve's marker do not name it.
struct SetBug { Bug bug = Bug::none; bool secret = false; };
struct SetSchedule { Schedule schedule; };
struct SetInit { Init kind = Init::automatic; };  // takes effect on the next Reset
struct SetSeed { std::uint64_t seed = 1; };       // init seed; re-initializes

// --- architecture (re-initializes parameters of the changed layers) ------
struct SetActivation { int layer = 1; Activation activation = Activation::tanh; };  // live, keeps weights
struct SetLoss { Loss loss = Loss::mse; };
struct AddLayer { int position = 1; int neurons = 4; Activation activation = Activation::tanh; };  // new hidden layer becomes layer `position`
struct RemoveLayer { int layer = 1; };  // hidden layers only
struct SetNeurons { int layer = 1; int count = 4; };  // hidden layers only

// --- parameters by hand ---------------------------------------------------
struct SetWeight { int layer = 1; int j = 0; int k = 0; double value = 0.0; };  // w⁽ˡ⁾_jk
struct SetBias { int layer = 1; int j = 0; double value = 0.0; };

// --- data and models --------------------------------------------------------
// Parsed by formats/model_io; keeps the data if shapes fit (generated data is
// regenerated for a new output layer). With `data`, the model and that data
// are loaded together (e.g. a 784-input model with its own data file).
struct LoadModel {
  Mlp net;
  std::optional<DataSplit> data = std::nullopt;
  std::string data_source = {};
  ImportSpec data_import = {};
};
// An imported file: the data as read, its path (for messages and the title),
// and how it was read (kept in the session to read it again).
struct LoadDataset {
  DataSplit data;
  std::string source;
  ImportSpec spec = {};
};
// Parsed by formats/preset_io. `data`: a data preset's file, read and checked
// before the command exists (formats/preset_data), so applying it reads
// nothing from disk.
struct LoadPreset {
  Preset preset;
  std::optional<LoadDataset> data = std::nullopt;
};
struct GenerateDataset { GeneratorSpec spec; };
struct SelectSample { int index = 0; };  // training sample shown on the graph / traced

// --- gradient health (core/session_health.hpp) ------------------------------
struct CheckGradients {};     // finite differences vs backprop on the next batch
struct RestoreLastGood {};    // after a divergence: dismiss it, showing the last good network
struct LowerLearningRate {};  // after a divergence: learning rate ×0.1, restore, play on
struct InspectDiverged {};    // show the diverged network; any edit or training restores

// --- rewind and undo (core/rewind.hpp, core/session_rewind.hpp) ------------
struct Rewind { long step = 0; };  // show the network at the latest snapshot ≤ step
struct ResumeFromRewind {};        // train on from the step shown; the later steps are discarded
struct ReturnToPresent {};         // leave the past, back to where training stopped
struct Undo {};                    // the last edit (architecture, weight, hyperparameter)
struct Redo {};
// Replaces the whole session (a session file read by formats/session_io).
struct LoadSession {
  std::shared_ptr<const Session> session;
  std::string source;
};

// --- chain-rule tracer (core/session_trace.hpp) ------------------------------
// Moves the cursor by delta micro-steps; passing the last one applies the step.
struct MicroStep { long delta = 1; };
struct SetTraceIndex { long index = 0; };
struct SetTraceGranularity { TraceGranularity granularity = TraceGranularity::neuron; };
// To the first micro-step of a phase (layer < 0), of a neuron of that phase, or
// of an edge w⁽ˡ⁾_jk (source = k ≥ 0; phase weight_gradient or update).
// Layer 0 with a neuron: the first step of an input neuron's outgoing edges.
struct JumpTrace {
  TracePhase phase = TracePhase::forward;
  int layer = -1;
  int neuron = -1;
  int source = -1;
};

// clang-format on

using Command =
    std::variant<TrainSteps, TrainEpochs, SetPlaying, Reset, SetLearningRate, SetOptimizer,
                 SetBatchSize, SetRegularization, SetClipNorm, SetBug, SetSchedule, SetInit,
                 SetSeed, SetActivation, SetLoss, AddLayer, RemoveLayer, SetNeurons, SetWeight,
                 SetBias, LoadPreset, LoadModel, LoadDataset, GenerateDataset, SelectSample,
                 CheckGradients, RestoreLastGood, LowerLearningRate, InspectDiverged, Rewind,
                 ResumeFromRewind, ReturnToPresent, Undo, Redo, LoadSession, MicroStep,
                 SetTraceIndex, SetTraceGranularity, JumpTrace>;

}  // namespace backstep
