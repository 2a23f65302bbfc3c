// The loss curve of a run: one point per recorded step, decimated so a run of
// any length fits in bounded memory. Owned by Session (core/session.hpp).
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace backstep {

// Every value of a point is measured on the same parameters: those after
// `step` updates. train_* and test_* are over the whole training and test set
// (the quantities a change of learning rate moves); batch_loss is the loss of
// the mini-batch the next step uses, at those parameters (the noisy quantity
// the optimizer sees), NaN where no step followed.
struct HistoryPoint {
  long step = 0;
  long epoch = 0;
  double train_loss = 0.0;
  double test_loss = 0.0;  // NaN when there is no test set
  double train_accuracy = 0.0;
  double test_accuracy = 0.0;
  double batch_loss = std::numeric_limits<double>::quiet_NaN();
};

// How many steps apart full-set evaluations are, so that evaluating costs at
// most kEvaluationShare of the training it interrupts. An evaluation is one
// forward pass of N_train + N_test samples; a step is a forward and a
// backward of B samples, plus the update. On paper the backward's two matrix
// products per layer make a step ~3 sample-forwards per sample, but measured
// (spiral, batch 50) it is only ~1.6: the activations' tanh/exp dominate the
// forward and the backward has none. So a step is counted as just one forward
// of B samples, a bound that holds for every network here: evaluating every k
// steps costs at most (N_train + N_test) / (B·k) of the training, which is
// ≤ kEvaluationShare when k ≥ (N_train + N_test) / (B·kEvaluationShare).
inline constexpr double kEvaluationShare = 0.1;
long evaluation_interval(int train_count, int test_count, int batch);

// An edit marked on the curve where it happened: "lr 0.03 → 0.3", "added
// hidden layer 2". `key` groups repeats of one continuous edit (a slider drag
// at one step makes one marker from the first value to the last).
struct HistoryMarker {
  long step = 0;  // the number of updates the parameters had when it happened
  std::string key;
  std::string from;   // the value before the first of the merged edits
  std::string label;  // what the curve shows
};

// One point per evaluation. During training the session evaluates every
// evaluation_interval() steps, and only when tick() says the point is kept;
// the last point of every training command is always evaluated
// (record_final). test_* are NaN when there is no test set.
//
// Bounded, decimated loss history: at most `capacity` points; when full, every
// other point is dropped and the recording stride doubles, so a long run keeps
// its whole shape in bounded memory.
class LossHistory {
 public:
  explicit LossHistory(std::size_t capacity = 4096) : capacity_(capacity) {}
  void record(const HistoryPoint& p);  // kept if it falls on the stride
  // Counts one candidate point; true when it falls on the stride and must be
  // recorded with push() (so a caller can skip measuring a point it drops).
  bool tick();
  void push(const HistoryPoint& p);
  void record_final(const HistoryPoint& p);  // always kept; replaces a point of the same step
  void clear();
  const std::vector<HistoryPoint>& points() const { return points_; }

  // Marks an edit at `step`: "<key> <from> → <to>" (or `label` as given when
  // from and to are empty). A repeat of the same key at the same step updates
  // the last marker, keeping its original `from`. At most kMaxMarkers: the
  // oldest go first.
  void mark(long step, const std::string& key, const std::string& from, const std::string& to,
            const std::string& label = {});
  const std::vector<HistoryMarker>& markers() const { return markers_; }
  void restore_markers(std::vector<HistoryMarker> markers) { markers_ = std::move(markers); }
  static constexpr std::size_t kMaxMarkers = 256;
  long stride() const { return stride_; }
  long since_last() const { return since_last_; }
  std::size_t capacity() const { return capacity_; }
  // Restores a saved history exactly (points, stride and phase), so recording
  // continues as if it had never been interrupted. points.size() ≤ capacity().
  void restore(std::vector<HistoryPoint> points, long stride, long since_last);

 private:
  std::size_t capacity_;
  long stride_ = 1;
  long since_last_ = 0;
  std::vector<HistoryPoint> points_;
  std::vector<HistoryMarker> markers_;
};

}  // namespace backstep
