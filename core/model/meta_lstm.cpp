// The learned optimizer of Ravi & Larochelle (2017), coordinate-wise. Choices the paper leaves to
// the implementer (docs/learning-engine.md, "Meta-LSTM"):
//   - Inputs of the coordinate LSTM: the preprocessed gradient and the preprocessed loss
//     (Andrychowicz et al. 2016, §3.2, p = 10), both detached: no second-order terms, and the loss
//     only tells the optimizer how far along the task is.
//   - The meta-learner cell's gates read [LSTM output h_t, theta_{t-1}, previous gate]; theta is
//     not detached, so the outer loss reaches the initial weights through theta_t = f * theta - i * g.
//   - Initialisation: gate weights tiny (U(-0.01, 0.01)) so that at the start the update is plain
//     SGD with weight decay: forget bias 5 (f = 0.993, almost no decay) and input bias
//     logit(initialRate) (i = initialRate, the initial learning rate; 0.1 by default, a safe
//     step for a cross-entropy head on embeddings of unit scale). Ravi & Larochelle start the
//     forget gate near 1 and the input gate small for the same reason: meta-training starts from a
//     working optimizer instead of a random one.
#include "model/meta_lstm.h"

#include <cmath>

#include "common/error.h"

namespace stf2m::model {

namespace {

constexpr double kPreprocessP = 10.0;

// [n] -> [n, 2]: (log|x| / p, sign x) when |x| >= e^-p, else (-1, e^p x) (Andrychowicz et al.).
torch::Tensor preprocess(const torch::Tensor& x) {
  const double threshold = std::exp(-kPreprocessP);
  const torch::Tensor big = x.abs() >= threshold;
  const torch::Tensor logPart = torch::where(big, torch::log(x.abs().clamp_min(threshold)) / kPreprocessP,
                                             torch::full_like(x, -1.0));
  const torch::Tensor signPart = torch::where(big, torch::sign(x), x * std::exp(kPreprocessP));
  return torch::stack({logPart, signPart}, 1);
}

}  // namespace

MetaLstmOptimizerImpl::MetaLstmOptimizerImpl(int hidden, double initialRate) : hidden_(hidden) {
  if (hidden < 1) throw Error(ErrorCode::InvalidArgument, "MetaLstmOptimizer", "hidden must be positive");
  if (!(initialRate > 0.0 && initialRate < 1.0))
    throw Error(ErrorCode::InvalidArgument, "MetaLstmOptimizer", "initialRate must lie in (0, 1)");
  lstm_ = register_module("lstm", torch::nn::LSTMCell(torch::nn::LSTMCellOptions(4, hidden)));
  inputGate_ = register_module("inputGate", torch::nn::Linear(hidden + 2, 1));
  forgetGate_ = register_module("forgetGate", torch::nn::Linear(hidden + 2, 1));
  torch::NoGradGuard noGrad;
  for (auto* gate : {&inputGate_, &forgetGate_}) (*gate)->weight.uniform_(-0.01, 0.01);
  inputGate_->bias.fill_(std::log(initialRate / (1.0 - initialRate)));
  forgetGate_->bias.fill_(5.0);
}

MetaLstmOptimizerImpl::State MetaLstmOptimizerImpl::start(int64_t coordinates, const torch::Device& device) const {
  State state;
  const auto options = torch::TensorOptions().dtype(torch::kFloat).device(device);
  state.h = torch::zeros({coordinates, hidden_}, options);
  state.c = torch::zeros({coordinates, hidden_}, options);
  // Kept differentiable: the previous gate enters the first step's gates, and the biases are
  // meta-learned.
  state.inputGate = torch::sigmoid(inputGate_->bias).to(device).expand({coordinates});
  state.forgetGate = torch::sigmoid(forgetGate_->bias).to(device).expand({coordinates});
  return state;
}

torch::Tensor MetaLstmOptimizerImpl::step(const torch::Tensor& theta, const torch::Tensor& grad,
                                          const torch::Tensor& loss, State& state) {
  const int64_t n = theta.numel();
  const torch::Tensor flatTheta = theta.reshape({n});
  const torch::Tensor g = grad.detach().reshape({n}).to(flatTheta.dtype());
  const torch::Tensor l = preprocess(loss.detach().reshape({1}).to(flatTheta.dtype())).expand({n, 2});
  const torch::Tensor input = torch::cat({preprocess(g), l}, 1);
  auto [h, c] = lstm_->forward(input, std::make_tuple(state.h, state.c));
  const torch::Tensor thetaColumn = flatTheta.unsqueeze(1);
  const torch::Tensor f =
      torch::sigmoid(forgetGate_->forward(torch::cat({h, thetaColumn, state.forgetGate.unsqueeze(1)}, 1))).squeeze(1);
  const torch::Tensor i =
      torch::sigmoid(inputGate_->forward(torch::cat({h, thetaColumn, state.inputGate.unsqueeze(1)}, 1))).squeeze(1);
  state.h = h;
  state.c = c;
  state.inputGate = i;
  state.forgetGate = f;
  return (f * flatTheta - i * g).reshape(theta.sizes());
}

}  // namespace stf2m::model
