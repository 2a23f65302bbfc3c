// LossHistory: bounded memory for arbitrarily long runs. Halving the points and
// doubling the stride keeps the sampling uniform in steps, so the curve keeps
// its shape (a plot of 4096 evenly spaced points looks like the full curve).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

#include "core/loss_history.hpp"

namespace backstep {

namespace {

// Keeps points 0, 2, 4, …; the vector keeps its capacity, so nothing allocates.
void drop_every_other(std::vector<HistoryPoint>& points) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < points.size(); i += 2) points[kept++] = points[i];
  points.resize(kept);
}

}  // namespace

long evaluation_interval(int train_count, int test_count, int batch) {
  const int b = batch <= 0 || batch > train_count ? train_count : batch;
  if (b <= 0) return 1;
  const double k = static_cast<double>(train_count + test_count) / (b * kEvaluationShare);
  return std::max(1L, static_cast<long>(std::ceil(k)));
}

bool LossHistory::tick() {
  // The first point is always kept; then one every `stride_` calls.
  if (!points_.empty() && ++since_last_ < stride_) return false;
  since_last_ = 0;
  return true;
}

void LossHistory::record(const HistoryPoint& p) {
  if (tick()) push(p);
}

void LossHistory::push(const HistoryPoint& p) {
  if (points_.capacity() < capacity_) points_.reserve(capacity_);
  if (points_.size() >= capacity_) {
    drop_every_other(points_);
    stride_ *= 2;
  }
  points_.push_back(p);
}

void LossHistory::record_final(const HistoryPoint& p) {
  if (!points_.empty() && points_.back().step == p.step) {
    points_.back() = p;
    return;
  }
  if (points_.capacity() < capacity_) points_.reserve(capacity_);
  if (points_.size() >= capacity_) {
    drop_every_other(points_);
    stride_ *= 2;
  }
  points_.push_back(p);
  since_last_ = 0;
}

void LossHistory::restore(std::vector<HistoryPoint> points, long stride, long since_last) {
  points_ = std::move(points);
  if (points_.capacity() < capacity_) points_.reserve(capacity_);
  stride_ = stride;
  since_last_ = since_last;
}

void LossHistory::mark(long step, const std::string& key, const std::string& from,
                       const std::string& to, const std::string& label) {
  const auto text = [&](const std::string& first) {
    if (!label.empty()) return label;
    return key + " " + first + " → " + to;
  };
  if (!markers_.empty() && markers_.back().step == step && markers_.back().key == key) {
    markers_.back().label = text(markers_.back().from);
    return;
  }
  if (markers_.size() >= kMaxMarkers) markers_.erase(markers_.begin());
  markers_.push_back({step, key, from, text(from)});
}

void LossHistory::clear() {
  markers_.clear();
  points_.clear();
  stride_ = 1;
  since_last_ = 0;
}

}  // namespace backstep
