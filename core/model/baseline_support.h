#pragma once
// Small helpers the baselines share (protonet.cpp, maml.cpp, metalstm_learner.cpp, finetune.cpp).
// Internal to core/model: not part of the engine's API.
#include <torch/torch.h>

#include <string>

#include "common/error.h"
#include "model/gradient_scope.h"
#include "model/view_tensors.h"

namespace stf2m::model::baseline {

// Support labels must be [n] with values in [0, ways) and every class present.
inline void checkSupport(const char* method, const ViewTensors& support, const torch::Tensor& labels, int ways) {
  if (ways < 1) throw Error(ErrorCode::InvalidArgument, method, "ways must be positive");
  if (!labels.defined() || labels.dim() != 1 || labels.size(0) != support.size || support.size == 0)
    throw Error(ErrorCode::InvalidArgument, method, "support labels must be one per support view");
  const torch::Tensor l = labels.detach().to(torch::kCPU, torch::kLong);
  if (l.min().item<int64_t>() < 0 || l.max().item<int64_t>() >= ways)
    throw Error(ErrorCode::InvalidArgument, method, "a support label lies outside 0.." + std::to_string(ways - 1));
  if (torch::bincount(l, {}, ways).min().item<int64_t>() == 0)
    throw Error(ErrorCode::InvalidArgument, method, "every class needs at least one support view");
}

// Logits of a linear head whose parameters are one flat vector [ways * e + ways] (weights row by
// row, then biases), the layout the Meta-LSTM optimizer updates.
inline torch::Tensor flatHeadLogits(const torch::Tensor& embedding, const torch::Tensor& theta, int64_t ways) {
  const int64_t e = embedding.size(1);
  const torch::Tensor weight = theta.narrow(0, 0, ways * e).view({ways, e});
  const torch::Tensor bias = theta.narrow(0, ways * e, ways);
  return torch::nn::functional::linear(embedding, weight, bias);
}

}  // namespace stf2m::model::baseline
