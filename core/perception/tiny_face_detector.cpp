#include "perception/tiny_face_detector.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/error.h"

namespace stf2m::perception {

// tinyFaceDetector/const.ts: BOX_ANCHORS and MEAN_RGB.
const std::array<std::array<double, 2>, TinyFaceDetectorImpl::kAnchors> TinyFaceDetectorImpl::kAnchorSizes = {{
    {1.603231, 2.094468}, {6.041143, 7.080126}, {2.882459, 3.518061}, {4.266906, 5.178857}, {9.041765, 10.66308}}};
const std::array<float, 3> TinyFaceDetectorImpl::kMeanRgb = {117.001f, 114.697f, 97.404f};

namespace {
constexpr int kBoxEncoding = 5;  // tx, ty, tw, th, objectness; one class, so no class scores
constexpr std::array<int64_t, 6> kChannels = {16, 32, 64, 128, 256, 512};

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// TinyYolov2's leaky activation, max(x, 0.1 x), in place on a layer's fresh output (the first
// one is 11 MB at input size 416: one allocation and one pass less).
torch::Tensor leaky(torch::Tensor x) { return torch::leaky_relu_(x, 0.1); }
}  // namespace

void validate(const TinyFaceDetectorOptions& options) {
  if (options.inputSize <= 0 || options.inputSize % 32 != 0)
    throw Error(ErrorCode::InvalidArgument, "tiny face detector",
                "inputSize must be a positive multiple of 32, not " + std::to_string(options.inputSize));
  if (!(options.scoreThreshold > 0 && options.scoreThreshold < 1))
    throw Error(ErrorCode::InvalidArgument, "tiny face detector", "scoreThreshold must lie strictly between 0 and 1");
  if (!(options.iouThreshold >= 0 && options.iouThreshold <= 1))
    throw Error(ErrorCode::InvalidArgument, "tiny face detector", "iouThreshold must lie between 0 and 1");
}

TinyFaceDetectorImpl::TinyFaceDetectorImpl(const TfjsWeights& weights) {
  // The first layer is a plain 3x3 convolution without padding ('valid'); the separable layers
  // pad by one on each side (face-api pads explicitly, then convolves 'valid').
  conv0_ = register_module("conv0", TfConv2d(3, kChannels[0], 3, 1, TfPadding::Valid));
  conv0_->load(weights, "conv0");
  for (size_t i = 0; i < separable_.size(); ++i) {
    const std::string name = "conv" + std::to_string(i + 1);
    separable_[i] = register_module(name, SeparableConv2d(kChannels[i], kChannels[i + 1], 1));
    separable_[i]->load(weights, name);
  }
  // conv6/conv7 do not exist in this model (7 filter sizes); the head is conv8, 1x1, no padding.
  conv8_ = register_module("conv8", TfConv2d(kChannels.back(), kAnchors * kBoxEncoding, 1, 1, TfPadding::Valid));
  conv8_->load(weights, "conv8");
  eval();
}

torch::Device TinyFaceDetectorImpl::device() const { return conv0_->parameters().front().device(); }

torch::Tensor TinyFaceDetectorImpl::forward(const torch::Tensor& x) {
  torch::Tensor out = maxPoolSame(leaky(conv0_(x.contiguous(torch::MemoryFormat::ChannelsLast))), 2, 2);
  for (size_t i = 0; i < separable_.size(); ++i) {
    // The last pooling keeps the grid (stride 1): 416 -> 414 -> 207 -> 104 -> 52 -> 26 -> 13 -> 13.
    out = maxPoolSame(leaky(separable_[i](out)), 2, i + 1 < separable_.size() ? 2 : 1);
  }
  return conv8_(out);
}

torch::Tensor TinyFaceDetectorImpl::preprocess(const torch::Tensor& imageChw, int inputSize) const {
  // padToSquare(bottom/right) + resize in one pass; at the size already, the resize is exact.
  const int64_t side = std::max(imageChw.size(1), imageChw.size(2));
  torch::Tensor resized = resizeBilinearTf(imageChw, inputSize, inputSize, side, side);
  return normaliseMeanRgbInPlace(resized, kMeanRgb).unsqueeze(0);
}

std::vector<FaceBox> TinyFaceDetectorImpl::detect(const RgbImageView& image, const TinyFaceDetectorOptions& options) {
  validate(options);
  c10::InferenceMode inference;
  return detect(rgbToChw(image, device()), options);
}

std::vector<FaceBox> TinyFaceDetectorImpl::detect(const torch::Tensor& image, const TinyFaceDetectorOptions& options) {
  validate(options);
  c10::InferenceMode inference;
  const torch::Tensor chw = imageTensorToChw(image, device());
  const torch::Tensor output = forward(preprocess(chw, options.inputSize));
  return decodeTinyFaceDetections(output[0], static_cast<int>(chw.size(2)), static_cast<int>(chw.size(1)), options);
}

std::vector<FaceBox> decodeTinyFaceDetections(const torch::Tensor& output, int imageWidth, int imageHeight,
                                              const TinyFaceDetectorOptions& options) {
  constexpr int anchors = TinyFaceDetectorImpl::kAnchors;
  const int64_t cells = output.size(-1);
  const torch::Tensor grid = output.to(torch::kCPU, torch::kFloat32).permute({1, 2, 0}).contiguous();
  const auto g = grid.accessor<float, 3>();  // row, col, anchor * 5 + k

  // The image filled the top-left of the square: boxes relative to the square become relative
  // to the image by inputSize / reshaped size, with face-api's rounding of the reshaped size.
  const double scale = static_cast<double>(options.inputSize) / std::max(imageWidth, imageHeight);
  const double reshapedWidth = std::round(imageWidth * scale), reshapedHeight = std::round(imageHeight * scale);
  const double side = std::max(reshapedWidth, reshapedHeight);
  const double correctionX = side / reshapedWidth, correctionY = side / reshapedHeight;

  std::vector<FaceBox> candidates;
  for (int64_t row = 0; row < cells; ++row)
    for (int64_t col = 0; col < cells; ++col)
      for (int a = 0; a < anchors; ++a) {
        const float* t = &g[row][col][a * kBoxEncoding];
        const double score = sigmoid(t[4]);
        if (!(score > options.scoreThreshold)) continue;
        const double centreX = ((col + sigmoid(t[0])) / cells) * correctionX;
        const double centreY = ((row + sigmoid(t[1])) / cells) * correctionY;
        const double width = ((std::exp(t[2]) * TinyFaceDetectorImpl::kAnchorSizes[a][0]) / cells) * correctionX;
        const double height = ((std::exp(t[3]) * TinyFaceDetectorImpl::kAnchorSizes[a][1]) / cells) * correctionY;
        FaceBox box;
        box.x = (centreX - width / 2) * imageWidth;
        box.y = (centreY - height / 2) * imageHeight;
        box.width = width * imageWidth;
        box.height = height * imageHeight;
        box.score = score;
        candidates.push_back(box);
      }
  // IoU is unchanged by scaling each axis, so suppressing in pixels equals face-api's
  // suppression on boxes scaled to the input size.
  std::vector<FaceBox> kept;
  for (size_t i : nonMaxSuppression(candidates, options.iouThreshold)) kept.push_back(candidates[i]);
  return kept;
}

double intersectionOverUnion(const FaceBox& a, const FaceBox& b) {
  const double w = std::max(0.0, std::min(a.right(), b.right()) - std::max(a.x, b.x));
  const double h = std::max(0.0, std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y));
  const double intersection = w * h;
  const double uni = a.width * a.height + b.width * b.height - intersection;
  return uni > 0 ? intersection / uni : 0.0;
}

std::vector<size_t> nonMaxSuppression(const std::vector<FaceBox>& boxes, double iouThreshold) {
  std::vector<size_t> order(boxes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return boxes[a].score > boxes[b].score; });
  std::vector<size_t> picked;
  std::vector<bool> suppressed(boxes.size(), false);
  for (size_t i = 0; i < order.size(); ++i) {
    if (suppressed[order[i]]) continue;
    picked.push_back(order[i]);
    for (size_t j = i + 1; j < order.size(); ++j)
      if (!suppressed[order[j]] && intersectionOverUnion(boxes[order[i]], boxes[order[j]]) > iouThreshold)
        suppressed[order[j]] = true;
  }
  return picked;
}

TinyFaceDetector loadTinyFaceDetector(const std::string& modelDir, torch::Device device) {
  TinyFaceDetector net(loadTfjsWeights(modelDir + "/tiny_face_detector_model-weights_manifest.json"));
  net->to(device);
  net->eval();
  return net;
}

}  // namespace stf2m::perception
