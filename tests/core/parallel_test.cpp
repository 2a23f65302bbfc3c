// Two-thread products (core/parallel): the same bits as one thread, for the
// products alone over shapes around the split's alignment, and for whole
// training runs of the 784-100-10 network with adam.
#include "core/parallel.hpp"

#include <gtest/gtest.h>

#include "core/init.hpp"
#include "core/random.hpp"
#include "core/trainer.hpp"

namespace backstep {
namespace {

Matrix random_matrix(Eigen::Index rows, Eigen::Index cols, Rng& rng) {
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(-1.0, 1.0);
  return m;
}

// Restores the thread count a test changed.
class Parallel : public ::testing::Test {
 protected:
  void TearDown() override { set_product_threads(saved_); }
  int saved_ = product_threads();
};

bool same_bits(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::equal(a.data(), a.data() + a.size(), b.data());
}

TEST_F(Parallel, ProductsAreBitIdenticalToOneThread) {
  Rng rng(7);
  int split = 0;
  for (Eigen::Index m : {10, 47, 48, 71, 100, 101, 300}) {
    for (Eigen::Index n : {1, 3, 64, 1029}) {
      for (Eigen::Index k : {9, 784}) {
        SCOPED_TRACE(std::to_string(m) + "×" + std::to_string(k) + " · " + std::to_string(k) + "×" +
                     std::to_string(n));
        const Matrix a = random_matrix(m, k, rng);
        const Matrix b = random_matrix(k, n, rng);
        const Matrix bt = b.transpose();
        // The reference is Eigen's own product, not this code's one-thread path.
        const Matrix expected = a * b;
        set_product_threads(2);
        Matrix c, ct;
        product(c, a, b);
        product_rhs_transposed(ct, a, bt);
        EXPECT_TRUE(same_bits(c, expected));
        EXPECT_TRUE(same_bits(ct, expected));
        if (m >= 48 && static_cast<double>(m * n * k) >= (1 << 20)) ++split;
      }
    }
  }
  EXPECT_GE(split, 8);  // the split path really ran
}

TEST_F(Parallel, TrainingRunsAreBitIdenticalWithOneAndTwoThreads) {
  Rng rng(3);
  Dataset data;
  data.x = random_matrix(784, 640, rng).cwiseAbs();
  data.t = Matrix::Zero(10, 640);
  for (int i = 0; i < 640; ++i) data.t(i % 10, i) = 1.0;
  Hyperparams hp;
  hp.learning_rate = 0.001;
  hp.optimizer.kind = OptimizerKind::adam;
  hp.batch_size = 64;
  auto run = [&](int threads) {
    set_product_threads(threads);
    Mlp net = make_mlp({784, 100, 10}, {Activation::relu, Activation::softmax}, Loss::ce);
    initialize(net, InitSpec{});
    Trainer trainer;
    trainer.reset(net, data, hp);
    for (int i = 0; i < 30; ++i) trainer.step(net, data, hp);
    return net;
  };
  const Mlp one = run(1);
  const Mlp two = run(2);
  for (int l = 1; l <= one.depth(); ++l) {
    EXPECT_TRUE(same_bits(one.layer(l).W, two.layer(l).W)) << "layer " << l;
    EXPECT_TRUE(same_bits(Matrix(one.layer(l).b), Matrix(two.layer(l).b))) << "layer " << l;
  }
  // And the runs did move the weights (the comparison is not of two copies of the start).
  Mlp start = make_mlp({784, 100, 10}, {Activation::relu, Activation::softmax}, Loss::ce);
  initialize(start, InitSpec{});
  EXPECT_FALSE(same_bits(start.layer(1).W, one.layer(1).W));
}

}  // namespace
}  // namespace backstep
