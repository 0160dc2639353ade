#include "model/fuzzy_layer.h"

#include <cmath>

namespace stf2m::model {

namespace {

torch::Tensor initWeight(torch::IntArrayRef shape, int64_t fanIn, double gain = 1.0) {
  return torch::randn(shape) * (gain / std::sqrt(static_cast<double>(std::max<int64_t>(1, fanIn))));
}

}  // namespace

FuzzyLayerImpl::FuzzyLayerImpl(int64_t inputSize, const ModelConfig& config)
    : torch::nn::Module("FuzzyLayer"),
      inputSize_(inputSize),
      rules_(config.fuzzyRules),
      outputs_(config.fuzzyOutputs),
      fuzzy_(!config.ablate.fuzzy),
      bell_(config.membership == "bell") {
  const int64_t p = config.fuzzyInputs;
  if (fuzzy_) {
    projW_ = register_parameter("proj_w", initWeight({p, inputSize}, inputSize));
    projB_ = register_parameter("proj_b", torch::zeros({p}));
    // Rule centres spread like the projected embeddings (roughly unit scale); widths start at 1.
    centres_ = register_parameter("centres", torch::randn({rules_, p}));
    logWidth_ = register_parameter("log_width", torch::zeros({rules_, p}));
    if (bell_) logSlope_ = register_parameter("log_slope", torch::zeros({rules_, p}));  // b = 1
    logSharpness_ = register_parameter("log_sharpness", torch::full({1}, std::log(config.fuzzySharpness)));
    logFiringScale_ = register_parameter("log_firing_scale", torch::zeros({1}));
    consW_ = register_parameter("consequent_w", initWeight({rules_, outputs_, p}, p));
    consB_ = register_parameter("consequent_b", torch::zeros({rules_, outputs_}));
  } else {
    mlpW1_ = register_parameter("mlp_w1", initWeight({rules_ + outputs_, inputSize}, inputSize, std::sqrt(2.0)));
    mlpB1_ = register_parameter("mlp_b1", torch::zeros({rules_ + outputs_}));
    mlpW2_ = register_parameter("mlp_w2", initWeight({rules_ + outputs_, rules_ + outputs_}, rules_ + outputs_));
    mlpB2_ = register_parameter("mlp_b2", torch::zeros({rules_ + outputs_}));
  }
}

torch::Tensor FuzzyLayerImpl::forward(const torch::Tensor& z, const FastWeights* fast, torch::Tensor* firing,
                                      torch::Tensor* inputs) {
  if (!fuzzy_) {
    const torch::Tensor s = torch::linear(torch::gelu(torch::linear(z, pick(mlpW1_, fast), pick(mlpB1_, fast))),
                                          pick(mlpW2_, fast), pick(mlpB2_, fast));
    return torch::cat({z, s}, 1);
  }
  const torch::Tensor u = torch::linear(z, pick(projW_, fast), pick(projB_, fast));  // [n, p]
  if (inputs) *inputs = u;
  const torch::Tensor diff = u.unsqueeze(1) - pick(centres_, fast).unsqueeze(0);     // [n, R, p]
  const torch::Tensor width = torch::exp(pick(logWidth_, fast)).unsqueeze(0);
  torch::Tensor logMu;
  if (bell_) {
    // log of 1 / (1 + |x/a|^(2b)) = -log1p(exp(2b log|x/a|)); the epsilon keeps log finite at x = c.
    const torch::Tensor b = torch::exp(pick(logSlope_, fast)).unsqueeze(0);
    logMu = -torch::softplus(2 * b * torch::log(torch::abs(diff / width) + 1e-6));
  } else {
    logMu = -(diff / width).pow(2) * 0.5;
  }
  const torch::Tensor f = torch::softmax(torch::exp(pick(logSharpness_, fast)) * logMu.mean(-1), 1);  // [n, R]: HTSK
  if (firing) *firing = f;
  // First-order TSK consequents y_r = W_r u + b_r, mixed by the firing strengths.
  const torch::Tensor y = torch::einsum("rop,np->nro", {pick(consW_, fast), u}) + pick(consB_, fast).unsqueeze(0);
  const torch::Tensor mixed = (y * f.unsqueeze(-1)).sum(1);  // [n, outputs]
  return torch::cat({z, torch::exp(pick(logFiringScale_, fast)) * f, mixed}, 1);
}

torch::Tensor linguisticTerms(const torch::Tensor& probabilities) {
  const torch::Tensor centres = torch::tensor({0.0f, 0.5f, 1.0f}, probabilities.options());
  const torch::Tensor mu = torch::exp(-(probabilities.unsqueeze(-1) - centres).pow(2) / (2 * 0.2 * 0.2));
  return mu / mu.sum(-1, true);
}

const char* const* linguisticTermNames() {
  static const char* const names[] = {"low", "medium", "high"};
  return names;
}

}  // namespace stf2m::model
