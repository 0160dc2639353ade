#pragma once
// face-api's face feature extractors, the shared trunk of its 112x112 face networks:
//   tiny (TinyFaceFeatureExtractor, in face_landmark_68_tiny_model): 3 dense blocks of 3
//     convolutions, 32/64/128 channels, 112 -> 14, average-pooled to 128 features;
//   full (FaceFeatureExtractor, in face_expression_model and face_landmark_68_model): 4 dense
//     blocks of 4 convolutions, 32/64/128/256 channels, 112 -> 7, pooled to 256 features.
// A dense block: out1 = relu(conv0(x)) at stride 2 (a plain 3x3 convolution in the first block, a
// separable one after), then each further separable convolution reads relu of the sum of all
// earlier outputs; the block returns relu of the sum of all outputs.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "perception/tfjs_ops.h"
#include "perception/tfjs_weights.h"

namespace stf2m::perception {

class DenseBlockImpl : public torch::nn::Module {
 public:
  // Weights "<prefix>/conv0" .. "<prefix>/conv<convolutions-1>".
  DenseBlockImpl(const TfjsWeights& w, const std::string& prefix, int64_t in, int64_t out, int convolutions,
                 bool firstBlock);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  TfConv2d plainConv0_{nullptr};
  SeparableConv2d separableConv0_{nullptr};
  std::vector<SeparableConv2d> convs_;  // conv1 ..
};
TORCH_MODULE(DenseBlock);

enum class FeatureExtractorSize { Tiny, Full };

class FaceFeatureExtractorImpl : public torch::nn::Module {
 public:
  static constexpr int64_t kInputSize = 112;

  FaceFeatureExtractorImpl(const TfjsWeights& w, FeatureExtractorSize size);
  // N x 3 x 112 x 112 face crops with values 0..255 (see faceCropBatch) -> N x features.
  torch::Tensor forward(const torch::Tensor& faces);
  int64_t features() const { return features_; }

 private:
  std::vector<DenseBlock> blocks_;
  int64_t features_ = 0;
};
TORCH_MODULE(FaceFeatureExtractor);

}  // namespace stf2m::perception
