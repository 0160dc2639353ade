#pragma once
// face-api's TinyFaceDetector (tiny_face_detector_model) in LibTorch: a Tiny-YOLOv2 style net
// with depthwise-separable convolutions, one class, 5 anchors on a grid of inputSize/32 cells.
//
// Preprocessing as face-api's NetInput.toBatchTensor(inputSize, isCenterInputs=false): the image
// is padded with zeros at the bottom or right to a square, resized to inputSize x inputSize with
// TF's legacy bilinear resize, then (x - meanRgb) / 255. Decoding as TinyYolov2Base.extractBoxes:
// centre = (cell + sigmoid(t)) / cells, size = exp(t) * anchor / cells, objectness = sigmoid,
// kept when > scoreThreshold, then greedy IoU non-maximum suppression.
#include <torch/torch.h>

#include <array>
#include <string>
#include <vector>

#include "perception/face_types.h"
#include "perception/tfjs_ops.h"
#include "perception/tfjs_weights.h"

namespace stf2m::perception {

struct TinyFaceDetectorOptions {
  int inputSize = 416;          // side of the square the image is resized to; a multiple of 32
  double scoreThreshold = 0.5;  // face-api's TinyFaceDetectorOptions default
  // face-api's IOU_THRESHOLD for this detector (tinyFaceDetector/const.ts) is 0.4, not 0.3; it
  // is not one of face-api's options, but we let callers change it.
  double iouThreshold = 0.4;
};

// Throws InvalidArgument naming the bad option.
void validate(const TinyFaceDetectorOptions& options);

class TinyFaceDetectorImpl : public torch::nn::Module {
 public:
  static constexpr int kAnchors = 5;
  static const std::array<std::array<double, 2>, kAnchors> kAnchorSizes;  // (width, height) in cells
  static const std::array<float, 3> kMeanRgb;

  // Weights of tiny_face_detector_model-weights_manifest.json; throws CorruptData on a mismatch.
  explicit TinyFaceDetectorImpl(const TfjsWeights& weights);

  // The network alone: N x 3 x S x S, normalised -> N x 25 x S/32 x S/32 (per anchor a: channels
  // 5a..5a+4 = tx, ty, tw, th, objectness logit).
  torch::Tensor forward(const torch::Tensor& x);

  // The normalised 1 x 3 x S x S input face-api builds from a CHW image (values 0..255).
  torch::Tensor preprocess(const torch::Tensor& imageChw, int inputSize) const;

  // Faces in image pixels, highest score first.
  std::vector<FaceBox> detect(const RgbImageView& image, const TinyFaceDetectorOptions& options = {});
  // `image`: CHW, HWC or 1 x C x H x W, uint8 or float values 0..255 (see imageTensorToChw).
  std::vector<FaceBox> detect(const torch::Tensor& image, const TinyFaceDetectorOptions& options = {});

  torch::Device device() const;

 private:
  TfConv2d conv0_{nullptr}, conv8_{nullptr};
  std::array<SeparableConv2d, 5> separable_{nullptr, nullptr, nullptr, nullptr, nullptr};
};
TORCH_MODULE(TinyFaceDetector);

// Decodes one image's raw output (25 x G x G) into boxes relative to the padded square's
// content, then maps them to pixels of an imageWidth x imageHeight image; runs the NMS.
std::vector<FaceBox> decodeTinyFaceDetections(const torch::Tensor& output, int imageWidth, int imageHeight,
                                              const TinyFaceDetectorOptions& options);

// Greedy non-maximum suppression as face-api's ops/nonMaxSuppression: highest score first, a box
// is dropped when its IoU with a kept one exceeds iouThreshold. Returns indices, best first.
std::vector<size_t> nonMaxSuppression(const std::vector<FaceBox>& boxes, double iouThreshold);
double intersectionOverUnion(const FaceBox& a, const FaceBox& b);

// Loads <modelDir>/tiny_face_detector_model-weights_manifest.json onto `device`, in eval mode.
TinyFaceDetector loadTinyFaceDetector(const std::string& modelDir, torch::Device device = torch::kCPU);

}  // namespace stf2m::perception
