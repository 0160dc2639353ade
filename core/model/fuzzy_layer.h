#pragma once
// The fuzzy semantic layer (docs/learning-engine.md, "Fuzzy rules"): generalized fuzzy rules over
// a projection of the view embedding.
//   u = P z                                            fuzzyInputs variables
//   mu_rj = Gaussian exp(-(u_j - c_rj)^2 / (2 s_rj^2))  or generalized bell 1 / (1 + |(u_j - c_rj)/a_rj|^(2 b_rj))
//   firing_r = softmax_r( t * mean_j log mu_rj )       HTSK normalisation: the mean (not the sum)
//                                                       of log-memberships keeps firing strengths
//                                                       from collapsing to one rule in high
//                                                       dimension; a learned sharpness t (initial
//                                                       fuzzySharpness) keeps them from being uniform
//   y = sum_r firing_r (W_r u + b_r)                   first-order TSK consequents
//   s = [a * firing ; y]                                the fuzzy semantic vector attached to the
//                                                       view (a learned)
// Ablated ("no fuzzy layer"), s is a GELU MLP of the same width, so the ablation removes the fuzzy
// structure but not the capacity.
//
// Linguistic terms: for each emotion of a task, a view's membership degree (its class
// probability) is described by the terms low / medium / high, Gaussian sets on [0, 1] centred at
// 0, 0.5 and 1 (width 0.2), normalised to sum to 1. They are outputs for people to read.
#include <torch/torch.h>

#include "model/fast_weights.h"
#include "model/model_config.h"

namespace stf2m::model {

class FuzzyLayerImpl : public torch::nn::Module {
 public:
  FuzzyLayerImpl(int64_t inputSize, const ModelConfig& config);
  // z: [n, inputSize] -> [n, inputSize + outputExtra()]: the embedding with s appended.
  // `inputs` receives u = P z, the rule variables ([n, fuzzyInputs]; undefined when ablated).
  torch::Tensor forward(const torch::Tensor& z, const FastWeights* fast = nullptr, torch::Tensor* firing = nullptr,
                        torch::Tensor* inputs = nullptr);
  int64_t outputSize() const { return inputSize_ + rules_ + outputs_; }

 private:
  int64_t inputSize_, rules_, outputs_;
  bool fuzzy_ = true, bell_ = false;
  torch::Tensor projW_, projB_;
  torch::Tensor centres_, logWidth_, logSlope_;  // [rules, inputs]; logSlope_ for bell only
  torch::Tensor logSharpness_, logFiringScale_;  // [1]: firing temperature, weight of f in s
  torch::Tensor consW_, consB_;                  // [rules, outputs, inputs], [rules, outputs]
  torch::Tensor mlpW1_, mlpB1_, mlpW2_, mlpB2_;  // ablation
};
TORCH_MODULE(FuzzyLayer);

// [..., ways] probabilities -> [..., ways, 3] memberships of low / medium / high.
torch::Tensor linguisticTerms(const torch::Tensor& probabilities);
const char* const* linguisticTermNames();  // {"low", "medium", "high"}

}  // namespace stf2m::model
