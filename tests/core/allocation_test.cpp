// A training step must allocate nothing once the shapes are known.
//
// Counting uses the bench's allocation counter (tests/bench/alloc_counter.*):
// it replaces malloc and friends, because Eigen allocates with std::malloc and
// counting operator new alone would miss exactly the allocations that matter.
// Under AddressSanitizer, which owns malloc itself, the counter compiles out
// and these tests are skipped (the release pass of scripts/test runs them).
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "core/init.hpp"
#include "core/random.hpp"
#include "core/trainer.hpp"
#include "tests/bench/alloc_counter.hpp"
#include "tests/core/engine_test_util.hpp"

namespace {
void* volatile g_sink = nullptr;  // makes test allocations escape, so none is elided
}  // namespace

namespace backstep {
namespace {

// Counts every heap allocation from construction to count().
struct Counted {
  Counted() { bench::start_counting_allocations(); }
  ~Counted() {
    if (!stopped_) bench::stop_counting_allocations();
  }
  long count() {
    stopped_ = true;
    return bench::stop_counting_allocations().malloc_calls;
  }

 private:
  bool stopped_ = false;
};

TEST(Allocation, CounterSeesEigenAndNew) {
  if (!bench::allocation_counting_available()) {
    GTEST_SKIP() << "malloc is owned by the sanitizer runtime";
  }
  // The counter must be able to fail: a fresh Eigen matrix and a new'd int
  // are both counted.
  long seen = 0;
  {
    Counted c;
    Matrix m(7, 9);
    m.setZero();
    int* p = new int(3);
    g_sink = p;
    g_sink = m.data();
    seen = c.count();
    delete p;
    EXPECT_EQ(m.sum(), 0.0);
  }
  EXPECT_GE(seen, 2);
}

struct Case {
  std::string label;
  std::vector<int> sizes;
  std::vector<Activation> activations;
  Loss loss;
  int batch_size;  // 0 = full batch
  Regularization reg;
  double clip;
  int count = 26;  // samples; batch 8 of 26 gives 8, 8, 8, 2 (a short last batch)
};

void expect_steps_allocate_nothing(const Case& c, OptimizerKind kind) {
  const int n = c.count;
  Rng rng(1);
  Dataset data;
  data.x = test::random_matrix(c.sizes.front(), n, rng, -1.0, 1.0);
  data.t = test::random_targets(c.loss, c.sizes.back(), n, rng);
  Mlp net = make_mlp(c.sizes, c.activations, c.loss);
  initialize(net, {Init::automatic, 0.5, 3});
  Hyperparams hp;
  hp.learning_rate = 1e-3;
  hp.optimizer.kind = kind;
  hp.batch_size = c.batch_size;
  hp.regularization = c.reg;
  hp.clip_norm = c.clip;
  hp.schedule.kind = ScheduleKind::cosine;
  Trainer trainer;
  trainer.reset(net, data, hp);
  // Warm-up: one full epoch, so every batch shape has been stepped once.
  do {
  } while (!trainer.step(net, data, hp).epoch_finished);

  long steps = 0;
  long allocations = 0;
  {
    Counted counted;
    for (int epoch = 0; epoch < 3; ++epoch) {
      do {
        ++steps;
      } while (!trainer.step(net, data, hp).epoch_finished);
    }
    allocations = counted.count();
  }
  EXPECT_EQ(allocations, 0) << c.label << " / " << to_string(kind) << ": " << allocations
                            << " allocations in " << steps << " steps";
  EXPECT_TRUE(all_finite(net));
}

// Bound: Eigen packs each product operand into one block when it fits and
// keeps blocks of up to EIGEN_STACK_ALLOCATION_LIMIT (1 MiB, core/CMakeLists.txt)
// on the stack. So a step allocates nothing while n_l·n_{l−1}·8 and n_{l−1}·B·8
// bytes stay ≤ 1 MiB — e.g. 784-100-10 up to batch 128 (the largest case
// below). Past that (784-256 at batch 128: a 1.6 MB block) Eigen falls back to
// the heap for that product; results are unaffected.
TEST(Allocation, TrainingStepAllocatesNothing) {
  if (!bench::allocation_counting_available()) {
    GTEST_SKIP() << "malloc is owned by the sanitizer runtime";
  }
  const std::vector<Case> cases = {
      {"tanh/sigmoid bce full batch",
       {2, 4, 1},
       {Activation::tanh, Activation::sigmoid},
       Loss::bce,
       0,
       {},
       0.0},
      {"relu/softmax ce mini-batch L2 clip",
       {3, 16, 12, 4},
       {Activation::relu, Activation::leaky_relu, Activation::softmax},
       Loss::ce,
       8,
       {RegularizationKind::l2, 1e-3},
       0.5},
      {"softmax mse (Jacobian) mini-batch L1",
       {4, 6, 3},
       {Activation::sigmoid, Activation::softmax},
       Loss::mse,
       8,
       {RegularizationKind::l1, 1e-3},
       0.0},
      {"wide 64-48-10 tanh mini-batch",
       {64, 48, 10},
       {Activation::tanh, Activation::linear},
       Loss::mse,
       8,
       {},
       0.0},
      {"784-100-10 relu/softmax ce, batch 32 of 70",
       {784, 100, 10},
       {Activation::relu, Activation::softmax},
       Loss::ce,
       32,
       {},
       0.0,
       70},
      {"784-100-10 tanh/softmax ce, batch 128 of 300",
       {784, 100, 10},
       {Activation::tanh, Activation::softmax},
       Loss::ce,
       128,
       {},
       0.0,
       300},
  };
  for (const Case& c : cases) {
    for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::rmsprop,
                               OptimizerKind::adam}) {
      expect_steps_allocate_nothing(c, kind);
    }
  }
}

}  // namespace
}  // namespace backstep
