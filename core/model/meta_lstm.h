#pragma once
// A learned recurrent optimizer after Ravi & Larochelle (2017), shared by the Meta-LSTM baseline
// and ST-F2M's optional inner optimizer (config.innerOptimizer = "metalstm"). Coordinate-wise: one
// small LSTM shared by every parameter coordinate reads the preprocessed gradient and loss
// (Andrychowicz et al. 2016: log-magnitude and sign), and a meta-learner cell updates
//   theta_t = f_t * theta_{t-1} - i_t * grad_t
// with input gate i_t and forget gate f_t computed from the LSTM state, theta_{t-1} and the
// previous gates. Second-order terms through the gradient are dropped (the gradient and the loss
// are detached), as in the paper; theta itself is not, so the outer loss reaches theta_0 and the
// optimizer's weights.
#include <torch/torch.h>

#include <vector>

namespace stf2m::model {

class MetaLstmOptimizerImpl : public torch::nn::Module {
 public:
  // `initialRate`: the input gate at the start of meta-training, i.e. the initial learning rate
  // (the forget gate starts at 0.993); see meta_lstm.cpp for the initialisation.
  explicit MetaLstmOptimizerImpl(int hidden = 20, double initialRate = 0.1);

  struct State {
    torch::Tensor h, c;               // [coordinates, hidden] of the coordinate LSTM
    torch::Tensor inputGate, forgetGate;  // [coordinates]
  };
  // Fresh state for `coordinates` parameters (gates start at their learned biases).
  State start(int64_t coordinates, const torch::Device& device) const;
  // One update of the flat parameter vector `theta` given its gradient and the loss.
  torch::Tensor step(const torch::Tensor& theta, const torch::Tensor& grad, const torch::Tensor& loss, State& state);

 private:
  int hidden_;
  torch::nn::LSTMCell lstm_{nullptr};
  torch::nn::Linear inputGate_{nullptr}, forgetGate_{nullptr};
};
TORCH_MODULE(MetaLstmOptimizer);

}  // namespace stf2m::model
