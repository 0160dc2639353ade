#pragma once
// face-api's FaceLandmark68TinyNet (face_landmark_68_tiny_model) in LibTorch: the tiny face
// feature extractor and a fully connected layer to 136 values (68 x, y), batched over faces.
//
// Face crops as face-api's DetectAllFaceLandmarksTask takes them from a tensor input: the
// detection box clipped at the image borders and floored, padded with zeros to a centred square,
// resized to 112 (TF's legacy bilinear). The outputs, relative to the 112 square, are mapped back
// to the crop (undoing face-api's assumed symmetric padding) and shifted by the detection box's
// own top-left corner, as face-api does (it shifts by the unclipped, unfloored box).
#include <torch/torch.h>

#include <string>
#include <vector>

#include "perception/face_feature_extractor.h"
#include "perception/face_types.h"

namespace stf2m::perception {

class FaceLandmarkNetImpl : public torch::nn::Module {
 public:
  // Weights of face_landmark_68_tiny_model-weights_manifest.json; throws CorruptData on a mismatch.
  explicit FaceLandmarkNetImpl(const TfjsWeights& weights);

  // N x 3 x 112 x 112 crops (values 0..255) -> N x 136: x0, y0, x1, ... relative to the square.
  torch::Tensor forward(const torch::Tensor& faces);

  // One result per box, in order; a box that misses the image gives valid = false.
  std::vector<FaceLandmarks68> detect(const RgbImageView& image, const std::vector<FaceBox>& faces);
  // `image`: CHW, HWC or 1 x C x H x W, uint8 or float values 0..255.
  std::vector<FaceLandmarks68> detect(const torch::Tensor& image, const std::vector<FaceBox>& faces);

  torch::Device device() const;

 private:
  FaceFeatureExtractor features_{nullptr};
  torch::nn::Linear fc_{nullptr};
};
TORCH_MODULE(FaceLandmarkNet);

// face-api's FaceLandmarks.align() default: the points' bounding box (its minBbox starts the
// maxima at 0) grown by 20 % of its width and height, centred; the score is copied from `face`.
FaceBox alignedFaceBox(const FaceLandmarks68& landmarks, const FaceBox& face);

// Loads <modelDir>/face_landmark_68_tiny_model-weights_manifest.json onto `device`, in eval mode.
FaceLandmarkNet loadFaceLandmarkNet(const std::string& modelDir, torch::Device device = torch::kCPU);

}  // namespace stf2m::perception
