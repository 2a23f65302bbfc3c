// Published hand-worked examples, reproduced to their printed digits.
#include <gtest/gtest.h>

#include "core/mlp.hpp"
#include "core/optimizer.hpp"

namespace backstep {
namespace {

// "A step by step backpropagation example": 2-2-2 sigmoid, mse as ½Σ, lr 0.5.
TEST(WorkedExample, StepByStepBackpropagation) {
  Mlp net = make_mlp({2, 2, 2}, {Activation::sigmoid, Activation::sigmoid}, Loss::mse);
  net.layer(1).W << 0.15, 0.20,  // w1 w2
      0.25, 0.30;                // w3 w4
  net.layer(1).b << 0.35, 0.35;
  net.layer(2).W << 0.40, 0.45,  // w5 w6
      0.50, 0.55;                // w7 w8
  net.layer(2).b << 0.60, 0.60;
  Matrix x(2, 1), t(2, 1);
  x << 0.05, 0.10;
  t << 0.01, 0.99;

  Workspace ws;
  const LossParts loss = loss_and_gradients(net, x, t, {}, ws);
  // Printed: out_o1 = 0.75136507, out_o2 = 0.772928465, E_total = 0.298371109.
  EXPECT_NEAR(ws.a[2](0, 0), 0.75136507, 5e-9);
  EXPECT_NEAR(ws.a[2](1, 0), 0.772928465, 5e-10);
  EXPECT_NEAR(loss.total(), 0.298371109, 5e-10);
  // Printed: ∂E/∂w5 = 0.082167041, ∂E/∂w1 = 0.000438568.
  EXPECT_NEAR(ws.grad_W[2](0, 0), 0.082167041, 5e-10);
  EXPECT_NEAR(ws.grad_W[1](0, 0), 0.000438568, 5e-10);

  OptimizerState state;
  optimizer_step(net, ws, {}, 0.5, state);  // sgd
  // Both come from gradients taken before any weight moved.
  EXPECT_NEAR(net.layer(2).W(0, 0), 0.35891648, 5e-9);    // w5
  EXPECT_NEAR(net.layer(1).W(0, 0), 0.149780716, 5e-10);  // w1
  EXPECT_NEAR(net.layer(2).W(1, 1), 0.56137012, 5e-9);    // w8
  EXPECT_NEAR(net.layer(1).W(1, 1), 0.29950229, 5e-9);    // w4
}

// A single neuron f = g(w·x + b) observed through the engine. To get ∂f/∂θ
// out of a loss gradient, use mse with the target t = f − 1: then
// ∂L/∂f = f − t = 1 and every ∂L/∂θ equals ∂f/∂θ. To get ∂f/∂x as well, the
// input passes through a linear identity layer first, so x = A⁽¹⁾ and the
// engine's back-propagated ∂L/∂A⁽¹⁾ is ∂f/∂x.
struct Neuron {
  Mlp net;
  Workspace ws;
  double f = 0.0;
};

Neuron observe_neuron(Activation g, const Eigen::Vector2d& w, double b, const Eigen::Vector2d& x) {
  Neuron n;
  n.net = make_mlp({2, 2, 1}, {Activation::linear, g}, Loss::mse);
  n.net.layer(1).W.setIdentity();
  n.net.layer(2).W.row(0) = w.transpose();
  n.net.layer(2).b(0) = b;
  const Matrix input = x;
  prepare_workspace(n.net, 1, n.ws);
  forward(n.net, input, n.ws);
  n.f = n.ws.a[2](0, 0);
  const Matrix t = Matrix::Constant(1, 1, n.f - 1.0);
  backward(n.net, t, {}, n.ws);
  return n;
}

// CS231n's sigmoid neuron: w = [2, −3], b = −3, x = [−1, −2].
TEST(WorkedExample, SigmoidNeuron) {
  const Neuron n =
      observe_neuron(Activation::sigmoid, {2.0, -3.0}, -3.0, Eigen::Vector2d(-1.0, -2.0));
  EXPECT_NEAR(n.f, 0.7310585786, 5e-11);
  EXPECT_NEAR(n.ws.da[1](0, 0), 0.39322387, 5e-9);   // ∂f/∂x₀
  EXPECT_NEAR(n.ws.da[1](1, 0), -0.58983580, 5e-9);  // ∂f/∂x₁
  EXPECT_NEAR(n.ws.grad_W[2](0, 0), -0.19661193, 5e-9);
  EXPECT_NEAR(n.ws.grad_W[2](0, 1), -0.39322387, 5e-9);
  EXPECT_NEAR(n.ws.grad_b[2](0), 0.19661193, 5e-9);
}

// Karpathy's tanh neuron: x = (2, 0), w = (−3, 1), b = 6.8813735870195432.
TEST(WorkedExample, TanhNeuron) {
  const Neuron n =
      observe_neuron(Activation::tanh, {-3.0, 1.0}, 6.8813735870195432, Eigen::Vector2d(2.0, 0.0));
  EXPECT_NEAR(n.f, 0.7071067812, 5e-11);
  EXPECT_NEAR(n.ws.grad_W[2](0, 0), 1.0, 1e-12);
  EXPECT_NEAR(n.ws.grad_W[2](0, 1), 0.0, 1e-12);
  EXPECT_NEAR(n.ws.grad_b[2](0), 0.5, 1e-12);
}

}  // namespace
}  // namespace backstep
