#pragma once
// face-api's FaceExpressionNet (face_expression_model) in LibTorch: the full FaceFeatureExtractor
// (4 dense blocks of 4 convolutions, 256 features; not the tiny one the landmark net uses) and a
// fully connected layer to 7 logits, softmax. Batched over faces.
//
// Which box to read each face from is the caller's choice, as in face-api: after landmarks its
// pipeline uses the landmarks' aligned box (FaceLandmarks68::alignedBox), without landmarks the
// detection box. The crop is taken as for the landmark net (clip, floor, centred square, 112).
#include <torch/torch.h>

#include <string>
#include <vector>

#include "perception/face_feature_extractor.h"
#include "perception/face_types.h"

namespace stf2m::perception {

struct ExpressionBatch {
  torch::Tensor probabilities;  // N x 7, face-api's order (kExpressionNames)
  torch::Tensor embedding;      // N x 256, the features the classifier reads
};

class FaceExpressionNetImpl : public torch::nn::Module {
 public:
  // Weights of face_expression_model-weights_manifest.json; throws CorruptData on a mismatch.
  explicit FaceExpressionNetImpl(const TfjsWeights& weights);

  // N x 3 x 112 x 112 crops (values 0..255) -> N x 7 logits.
  torch::Tensor forward(const torch::Tensor& faces);
  // Probabilities and the penultimate features in one pass.
  ExpressionBatch classify(const torch::Tensor& faces);

  // One result per box, in order; a box that misses the image gives valid = false.
  std::vector<FaceExpressions> predict(const RgbImageView& image, const std::vector<FaceBox>& boxes);
  // `image`: CHW, HWC or 1 x C x H x W, uint8 or float values 0..255.
  std::vector<FaceExpressions> predict(const torch::Tensor& image, const std::vector<FaceBox>& boxes);

  torch::Device device() const;

 private:
  FaceFeatureExtractor features_{nullptr};
  torch::nn::Linear fc_{nullptr};
};
TORCH_MODULE(FaceExpressionNet);

// Loads <modelDir>/face_expression_model-weights_manifest.json onto `device`, in eval mode.
FaceExpressionNet loadFaceExpressionNet(const std::string& modelDir, torch::Device device = torch::kCPU);

}  // namespace stf2m::perception
