#pragma once
// The spatio-temporal view encoder (docs/learning-engine.md, "Encoder"):
//   per modality: average-pool to ~encoderRateHz
//     -> spatial: per-group 1x1 projections (groupChannels each), a convolution across
//        neighbouring groups (kernel 3 over the group axis: face regions top to bottom, voice
//        bands low to high), and a per-view softmax relevance over groups; or, ablated, one 1x1
//        convolution over all features
//     -> temporalBlocks residual blocks of dilated temporal convolutions (kernel 3, one branch per
//        dilation) mixed by per-view softmax weights computed from the block input; ablated: one
//        branch, dilation 1
//     -> mean and max over time, a linear map to the shared embedding size
//   plus a learned modality embedding and a sinusoidal embedding of the view's position in its
//   clip, then layer normalisation (no affine). Every parameter is read through pick(), so MAML can
//   adapt any of them.
#include <torch/torch.h>

#include <vector>

#include "dataset/feature_dataset.h"
#include "model/fast_weights.h"
#include "model/model_config.h"
#include "model/view_tensors.h"

namespace stf2m::model {

// What the encoder looked at, per view, for inspection (the app shows it).
struct EncoderTrace {
  std::vector<torch::Tensor> groupRelevance;  // per modality: [n_m, groups] (undefined when ablated)
  std::vector<torch::Tensor> scaleWeights;    // per modality: [n_m, blocks, scales]
};

class ModalityEncoderImpl : public torch::nn::Module {
 public:
  ModalityEncoderImpl(const dataset::ModalitySpec& spec, const ModelConfig& config);
  // x: [n, T, D] -> [n, embedding]
  torch::Tensor forward(const torch::Tensor& x, const FastWeights* fast = nullptr,
                        torch::Tensor* groupRelevance = nullptr, torch::Tensor* scaleWeights = nullptr);

 private:
  torch::Tensor spatial(const torch::Tensor& x, const FastWeights* fast, torch::Tensor* relevance);
  int pool_ = 1, groups_ = 0;
  bool groupWise_ = true;
  std::vector<int> dilations_;
  torch::Tensor groupMask_;                                // [groups * gc, D] buffer
  torch::Tensor projW_, projB_, mixW_, mixB_, relW_, relB_, outW_, outB_;  // spatial
  std::vector<torch::Tensor> normW_, normB_, gateW_, gateB_;   // per block
  std::vector<std::vector<torch::Tensor>> convW_, convB_;      // per block, per dilation
  torch::Tensor headW_, headB_;                            // pooled -> embedding
};
TORCH_MODULE(ModalityEncoder);

class ViewEncoderImpl : public torch::nn::Module {
 public:
  ViewEncoderImpl(const std::vector<dataset::ModalitySpec>& modalities, const ModelConfig& config);
  // [n, embedding] in set order.
  torch::Tensor forward(const ViewTensors& views, const FastWeights* fast = nullptr, EncoderTrace* trace = nullptr);
  int64_t embeddingSize() const { return embedding_; }
  int64_t modalityCount() const { return static_cast<int64_t>(encoders_.size()); }

 private:
  int64_t embedding_ = 0;
  std::vector<ModalityEncoder> encoders_;
  torch::Tensor modalityEmbedding_;  // [modalities, embedding]
  torch::Tensor positionW_, positionB_;
};
TORCH_MODULE(ViewEncoder);

}  // namespace stf2m::model
