#include "core/tracer.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/trace_text.hpp"

namespace backstep {

std::string_view to_string(TracePhase p) {
  switch (p) {
    case TracePhase::forward:
      return "forward";
    case TracePhase::loss:
      return "loss";
    case TracePhase::output_delta:
      return "output-delta";
    case TracePhase::hidden_delta:
      return "hidden-delta";
    case TracePhase::weight_gradient:
      return "weight-gradient";
    case TracePhase::bias_gradient:
      return "bias-gradient";
    case TracePhase::update:
      return "update";
  }
  return "?";
}

std::string_view flow_label(TracePhase p) {
  switch (p) {
    case TracePhase::forward:
      return "forward";
    case TracePhase::loss:
      return "loss";
    case TracePhase::output_delta:
    case TracePhase::hidden_delta:
      return "backward";
    case TracePhase::weight_gradient:
    case TracePhase::bias_gradient:
      return "gradient";
    case TracePhase::update:
      return "update";
  }
  return "?";
}

bool is_backward(TracePhase p) {
  return p == TracePhase::output_delta || p == TracePhase::hidden_delta ||
         p == TracePhase::weight_gradient || p == TracePhase::bias_gradient;
}

std::string_view to_string(TraceGranularity g) {
  return g == TraceGranularity::neuron ? "neuron" : "weight";
}

std::optional<TraceGranularity> parse_granularity(std::string_view name) {
  if (name == "neuron") return TraceGranularity::neuron;
  if (name == "weight") return TraceGranularity::weight;
  return std::nullopt;
}

std::string format_line(const TraceStep& m) {
  std::string line = "[";
  line += flow_label(m.phase);
  line += "] ";
  line += m.formula;
  line += " = ";
  line += m.substituted;
  if (!m.note.empty()) {
    line += "   — ";
    line += m.note;
  }
  return line;
}

Tracer::Tracer(const Mlp& net, std::shared_ptr<const Step> step, int sample, const Hyperparams& hp,
               const OptimizerState& state, TraceGranularity granularity)
    : net_(net),
      after_net_(net),
      step_(std::move(step)),
      state_before_(backstep::state_before(*step_, net, state)),
      hp_(hp),
      sample_(sample),
      granularity_(granularity) {
  assert(step_ && sample >= 0 && sample < step_->ws.batch);
  // θ + Δθ: the same sums commit_step forms, so both sides of every update
  // formula are the engine's numbers.
  apply_update(step_->after, after_net_);
  // The state after: the one before with the proposal's parts adopted, as
  // commit_step does.
  state_after_ = state_before_;
  OptimizerState proposal = step_->after;
  adopt_update(step_->optimizer, proposal, state_after_);
  compute_offsets();
  if (hp_.bug != Bug::none) {
    // The correct engine on the same batch (ws.a[0] holds its inputs), from
    // the same parameters and optimizer state: the other side of every
    // Bug lab comparison.
    Hyperparams correct = hp_;
    correct.bug = Bug::none;
    correct_ = std::make_shared<const Tracer>(net_, step_->ws.a[0], step_->t, sample_, correct,
                                              state_before_, step_->index, granularity_);
  }
}

namespace {

std::shared_ptr<const Step> computed(const Mlp& net, const Matrix& x, const Matrix& t,
                                     const Hyperparams& hp, const OptimizerState& state,
                                     long step) {
  auto out = std::make_shared<Step>();
  compute_step(net, x, t, hp, state, step, *out);
  return out;
}

}  // namespace

Tracer::Tracer(const Mlp& net, const Matrix& x, const Matrix& t, int sample, const Hyperparams& hp,
               const OptimizerState& state, long step, TraceGranularity granularity)
    : Tracer(net, computed(net, x, t, hp, state, step), sample, hp, state, granularity) {}

bool Tracer::has_batch_objective() const {
  return step_->ws.batch > 1 || hp_.regularization.kind != RegularizationKind::none;
}

namespace {

// The layers a phase walks, in order, and how many micro-steps each neuron of
// layer l gets. Every index computation below goes through these two.
struct PhaseLayers {
  int first = 1, last = 0, step = 1;  // first, first+step, …, last
};

PhaseLayers layers_of(TracePhase p, int depth) {
  switch (p) {
    case TracePhase::forward:
    case TracePhase::update:
      return {1, depth, 1};
    case TracePhase::loss:
    case TracePhase::output_delta:
      return {depth, depth, 1};
    case TracePhase::hidden_delta:
      return {depth - 1, 1, -1};  // empty when depth == 1
    case TracePhase::weight_gradient:
    case TracePhase::bias_gradient:
      return {depth, 1, -1};
  }
  return {1, 0, 1};
}

long layer_count(const PhaseLayers& pl) {
  return std::max(0L, static_cast<long>((pl.last - pl.first) / pl.step + 1));
}

// Steps per neuron of layer l in phase p (the loss phase is special-cased).
long per_neuron(const Mlp& net, TracePhase p, int l, TraceGranularity g) {
  const long row = g == TraceGranularity::neuron ? 1 : net.size(l - 1);
  switch (p) {
    case TracePhase::forward:
      return 2;  // z, then a
    case TracePhase::weight_gradient:
      return row;
    case TracePhase::update:
      return row + 1;  // the weights of the row, then the bias
    default:
      return 1;
  }
}

}  // namespace

void Tracer::compute_offsets() {
  const int depth = net_.depth();
  long begin = 0;
  for (int p = 0; p < kTracePhaseCount; ++p) {
    const auto phase = static_cast<TracePhase>(p);
    phase_begin_[p] = begin;
    if (phase == TracePhase::loss) {
      begin += net_.output_size() + 1 + (has_batch_objective() ? 1 : 0);
      continue;
    }
    const PhaseLayers pl = layers_of(phase, depth);
    for (long n = 0, l = pl.first; n < layer_count(pl); ++n, l += pl.step) {
      begin += net_.size(static_cast<int>(l)) *
               per_neuron(net_, phase, static_cast<int>(l), granularity_);
    }
  }
  phase_begin_[kTracePhaseCount] = begin;
  total_ = begin;
}

void Tracer::set_granularity(TraceGranularity g) {
  granularity_ = g;
  compute_offsets();
  if (correct_ && correct_->granularity() != g) {
    auto copy = std::make_shared<Tracer>(*correct_);
    copy->set_granularity(g);
    correct_ = std::move(copy);
  }
}

long Tracer::phase_size(TracePhase p) const {
  const int i = static_cast<int>(p);
  return phase_begin_[i + 1] - phase_begin_[i];
}

long Tracer::first_index(TracePhase p) const {
  return phase_begin_[static_cast<int>(p)];
}

TracePhase Tracer::phase_of(long i) const {
  i = std::clamp(i, 0L, std::max(total_ - 1, 0L));
  int p = 0;
  while (p + 1 < kTracePhaseCount && i >= phase_begin_[p + 1]) ++p;
  return static_cast<TracePhase>(p);
}

TraceLocus Tracer::locate(long i) const {
  assert(i >= 0 && i < total_);
  TraceLocus loc;
  loc.index = i;
  loc.phase = phase_of(i);
  long r = i - first_index(loc.phase);
  const int depth = net_.depth();
  if (loc.phase == TracePhase::loss) {
    loc.layer = depth;
    const long n_out = net_.output_size();
    loc.neuron = r < n_out ? static_cast<int>(r) : -1;
    loc.quantity = r < n_out    ? TraceQuantity::loss_term
                   : r == n_out ? TraceQuantity::sample_loss
                                : TraceQuantity::batch_loss;
    return loc;
  }
  const PhaseLayers pl = layers_of(loc.phase, depth);
  for (long n = 0, l = pl.first; n < layer_count(pl); ++n, l += pl.step) {
    const int layer = static_cast<int>(l);
    const long per = per_neuron(net_, loc.phase, layer, granularity_);
    const long count = net_.size(layer) * per;
    if (r >= count) {
      r -= count;
      continue;
    }
    loc.layer = layer;
    loc.neuron = static_cast<int>(r / per);
    const long sub = r % per;
    const bool single_weight = granularity_ == TraceGranularity::weight;
    switch (loc.phase) {
      case TracePhase::forward:
        loc.quantity = sub == 0 ? TraceQuantity::z : TraceQuantity::a;
        break;
      case TracePhase::output_delta:
      case TracePhase::hidden_delta:
        loc.quantity = TraceQuantity::delta;
        break;
      case TracePhase::weight_gradient:
        loc.quantity = TraceQuantity::weight_gradient;
        if (single_weight) loc.source = static_cast<int>(sub);
        break;
      case TracePhase::bias_gradient:
        loc.quantity = TraceQuantity::bias_gradient;
        break;
      case TracePhase::update:
        if (sub == per - 1) {
          loc.quantity = TraceQuantity::bias_update;
        } else {
          loc.quantity = TraceQuantity::weight_update;
          if (single_weight) loc.source = static_cast<int>(sub);
        }
        break;
      case TracePhase::loss:
        break;
    }
    return loc;
  }
  assert(false && "index arithmetic out of range");
  return loc;
}

long Tracer::index_of(TracePhase p, int layer, int neuron) const {
  const int depth = net_.depth();
  if (layer < 1 || layer > depth || neuron < 0 || neuron >= net_.size(layer)) return -1;
  long i = first_index(p);
  if (p == TracePhase::loss) return layer == depth ? i + neuron : -1;
  const PhaseLayers pl = layers_of(p, depth);
  for (long n = 0, l = pl.first; n < layer_count(pl); ++n, l += pl.step) {
    const long per = per_neuron(net_, p, static_cast<int>(l), granularity_);
    if (l == layer) return i + neuron * per;
    i += net_.size(static_cast<int>(l)) * per;
  }
  return -1;
}

long Tracer::index_of_neuron(int layer, int neuron) const {
  if (layer == 0) {
    if (neuron < 0 || neuron >= net_.input_size()) return -1;
    return index_of_edge(1, 0, neuron);
  }
  return index_of(TracePhase::forward, layer, neuron);
}

long Tracer::index_of_edge(int layer, int j, int k, TracePhase p) const {
  if (p != TracePhase::weight_gradient && p != TracePhase::update) return -1;
  if (layer < 1 || layer > net_.depth() || k < 0 || k >= net_.size(layer - 1)) return -1;
  const long row = index_of(p, layer, j);
  if (row < 0) return -1;
  return granularity_ == TraceGranularity::weight ? row + k : row;
}

TraceStep Tracer::at(long i) const {
  TraceStep m;
  static_cast<TraceLocus&>(m) = locate(i);
  describe_micro_step(*this, m);
  if (correct_) {
    // Both tracers index the same network's micro-steps the same way.
    TraceStep ok = correct_->at(i);
    if (ok.formula != m.formula || ok.value != m.value || ok.values != m.values) {
      m.correct = TraceCorrection{std::move(ok.formula), std::move(ok.substituted),
                                  std::move(ok.note),    ok.value,
                                  std::move(ok.values),  false};
      m.correct->same_formula = m.correct->formula == m.formula;
    }
  }
  return m;
}

void Tracer::set_class_names(std::vector<std::string> names) {
  if (correct_) {
    auto copy = std::make_shared<Tracer>(*correct_);
    copy->set_class_names(names);
    correct_ = std::move(copy);
  }
  class_names_ = std::move(names);
}

void Tracer::apply(Mlp& net, OptimizerState& state) const {
  assert(net.depth() == net_.depth());
  net = after_net_;
  state = state_after_;
}

}  // namespace backstep
