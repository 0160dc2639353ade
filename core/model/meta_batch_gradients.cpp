#include "model/meta_batch_gradients.h"

#include "common/error.h"

namespace stf2m::model {

MetaBatchGradients::MetaBatchGradients(std::vector<torch::Tensor> parameters, int episodes)
    : parameters_(std::move(parameters)), episodes_(episodes) {
  int64_t columns = 0;
  for (const torch::Tensor& p : parameters_) {
    offsets_.push_back(columns);
    columns += p.numel();
  }
  const torch::TensorOptions like =
      (parameters_.empty() ? torch::TensorOptions().dtype(torch::kFloat32) : parameters_.front().options()).requires_grad(false);
  rows_ = torch::zeros({episodes, columns}, like);
  reached_ = torch::zeros({episodes, int64_t(parameters_.size())}, like.dtype(torch::kFloat32));
  losses_ = torch::zeros({episodes}, like.dtype(torch::kFloat64));
}

void MetaBatchGradients::collect(int index, double loss) {
  if (index < 0 || index >= episodes_)
    throw Error(ErrorCode::Internal, "meta-batch gradients", "episode " + std::to_string(index) + " outside the batch");
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < parameters_.size(); ++i) {
    torch::Tensor& grad = parameters_[i].mutable_grad();
    if (!grad.defined()) continue;
    rows_[index].narrow(0, offsets_[i], parameters_[i].numel()).copy_(grad.reshape({-1}));
    reached_[index][int64_t(i)] = 1;
    grad.zero_();
  }
  losses_[index] = loss;
}

double MetaBatchGradients::reduce(Communicator& communicator) {
  torch::NoGradGuard noGrad;
  communicator.allReduceSum(rows_);
  communicator.allReduceSum(reached_);
  communicator.allReduceSum(losses_);
  const torch::Tensor reached = reached_.cpu().gt(0);
  const torch::Tensor losses = losses_.cpu();
  for (size_t i = 0; i < parameters_.size(); ++i) {
    torch::Tensor& grad = parameters_[i].mutable_grad();
    for (int e = 0; e < episodes_; ++e) {
      if (!reached[e][int64_t(i)].item<bool>()) continue;
      if (!grad.defined()) grad = torch::zeros_like(parameters_[i]);
      grad.add_(rows_[e].narrow(0, offsets_[i], parameters_[i].numel()).view_as(parameters_[i]));
    }
  }
  double loss = 0;
  for (int e = 0; e < episodes_; ++e) loss += losses[e].item<double>();
  rows_.zero_();
  reached_.zero_();
  losses_.zero_();
  return loss;
}

}  // namespace stf2m::model
