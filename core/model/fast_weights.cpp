#include "model/fast_weights.h"

namespace stf2m::model {

FastWeights sgdStep(const std::vector<torch::Tensor>& params, const FastWeights* previous, const torch::Tensor& loss,
                    const torch::Tensor& lr, bool createGraph) {
  std::vector<torch::Tensor> current;
  current.reserve(params.size());
  for (const torch::Tensor& p : params) current.push_back(pick(p, previous));
  const std::vector<torch::Tensor> grads =
      torch::autograd::grad({loss}, current, /*grad_outputs=*/{}, /*retain_graph=*/true, createGraph, /*allow_unused=*/true);
  FastWeights next;
  for (size_t i = 0; i < params.size(); ++i) {
    if (!grads[i].defined()) {
      next.set(params[i], current[i]);
      continue;
    }
    const torch::Tensor g = createGraph ? grads[i] : grads[i].detach();
    next.set(params[i], current[i] - lr * g);
  }
  return next;
}

}  // namespace stf2m::model
