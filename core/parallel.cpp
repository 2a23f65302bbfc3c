#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace backstep {
namespace {

// Rows are split at a multiple of this: the row-block size of Eigen's
// product kernel (12 for AVX2 doubles, 24 for AVX-512) divides it, so every
// row keeps its place within a kernel block.
constexpr Eigen::Index kRowAlign = 24;
// Below this many multiply-adds a product is not split: waking the helper
// costs more than it saves.
constexpr double kMinSplitWork = 1 << 20;

std::atomic<int> g_threads{std::thread::hardware_concurrency() >= 2 ? 2 : 1};

// One helper thread, started on first use and kept for the process's life:
// it runs part 1 of a split while the caller runs part 0. A plain function
// pointer and context, so a step allocates nothing (the allocation tests).
class Helper {
 public:
  using Part = void (*)(const void* context, int part);

  void run(Part part, const void* context) {
    {
      std::unique_lock lock(mutex_);
      if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
      part_ = part;
      context_ = context;
      pending_ = true;
    }
    wake_.notify_one();
    part(context, 0);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return !pending_; });
  }

  ~Helper() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return pending_ || stop_; });
      if (stop_) return;
      lock.unlock();
      part_(context_, 1);
      lock.lock();
      pending_ = false;
      done_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::thread thread_;
  Part part_ = nullptr;
  const void* context_ = nullptr;
  bool pending_ = false;
  bool stop_ = false;
};

Helper& helper() {
  static Helper h;
  return h;
}

struct Split {
  Matrix* dst;
  const Matrix* lhs;
  const Matrix* rhs;
  Eigen::Index first_rows;  // part 0: rows [0, first_rows), part 1: the rest
};

template <bool kTransposed>
void run_part(const void* context, int part) {
  const Split& s = *static_cast<const Split*>(context);
  const Eigen::Index begin = part == 0 ? 0 : s.first_rows;
  const Eigen::Index rows = part == 0 ? s.first_rows : s.lhs->rows() - s.first_rows;
  if constexpr (kTransposed) {
    s.dst->middleRows(begin, rows).noalias() = s.lhs->middleRows(begin, rows) * s.rhs->transpose();
  } else {
    s.dst->middleRows(begin, rows).noalias() = s.lhs->middleRows(begin, rows) * *s.rhs;
  }
}

// Where to split m rows, or 0 for no split.
Eigen::Index split_rows(Eigen::Index m, Eigen::Index n, Eigen::Index k) {
  if (g_threads.load(std::memory_order_relaxed) < 2) return 0;
  if (static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) < kMinSplitWork) {
    return 0;
  }
  const Eigen::Index half = (m / 2) / kRowAlign * kRowAlign;
  return half >= kRowAlign ? half : 0;
}

}  // namespace

int product_threads() {
  return g_threads.load(std::memory_order_relaxed);
}

void set_product_threads(int threads) {
  g_threads.store(std::clamp(threads, 1, 2), std::memory_order_relaxed);
}

void product(Matrix& dst, const Matrix& lhs, const Matrix& rhs) {
  dst.resize(lhs.rows(), rhs.cols());  // no allocation when the size is right
  const Eigen::Index first = split_rows(lhs.rows(), rhs.cols(), lhs.cols());
  if (first == 0) {
    dst.noalias() = lhs * rhs;
    return;
  }
  const Split s{&dst, &lhs, &rhs, first};
  helper().run(&run_part<false>, &s);
}

void product_rhs_transposed(Matrix& dst, const Matrix& lhs, const Matrix& rhs) {
  dst.resize(lhs.rows(), rhs.rows());
  const Eigen::Index first = split_rows(lhs.rows(), rhs.rows(), lhs.cols());
  if (first == 0) {
    dst.noalias() = lhs * rhs.transpose();
    return;
  }
  const Split s{&dst, &lhs, &rhs, first};
  helper().run(&run_part<true>, &s);
}

}  // namespace backstep
