#pragma once
// TensorFlow.js semantics in LibTorch, for the face networks: the layers and image operations
// whose conventions differ from PyTorch's defaults (TF's asymmetric 'same' padding, the legacy
// bilinear resize, face-api's padToSquare and mean normalisation). Activations are indexed NCHW
// but stored channels-last, as are the weights (TF layouts converted on load): LibTorch's CPU
// (oneDNN) depthwise convolutions run about 2.5x faster that way.
#include <torch/torch.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "perception/face_types.h"
#include "perception/tfjs_weights.h"

namespace stf2m::perception {

// Padding (before, after) that TF's 'same' adds along one axis: the output has ceil(in/stride)
// samples and the extra padding goes after. A stride-2 3x3 convolution on an even size pads only
// after, where torch's symmetric padding=1 would shift every sample by one pixel.
std::pair<int64_t, int64_t> tfSamePadding(int64_t in, int64_t kernel, int64_t stride);

// tf.maxPool(x, k, s, 'same'): the padded cells never win (padded with -inf).
torch::Tensor maxPoolSame(const torch::Tensor& x, int64_t kernel, int64_t stride);

// tf.image.resizeBilinear(x, [outH, outW], alignCorners=false, halfPixelCenters=false) on
// (N)CHW pixels (uint8 or float; the result is float): source = destination * (in/out) with no half-pixel offset and no antialiasing,
// the last row/column clamped. torch's interpolate has no such mode (align_corners=false there
// means half-pixel centres), so it is written out: one loop over the output on the CPU (the
// tensor version's gathers took 40 ms for a 640x360 frame there), gathers on other devices; both
// compute the same single-precision operations in the same order.
// With paddedH/paddedW > 0 the source is taken as x zero-padded at the bottom/right to that size
// (padToSquare(x, false) followed by the resize) without building the padded picture.
torch::Tensor resizeBilinearTf(const torch::Tensor& x, int64_t outH, int64_t outW, int64_t paddedH = 0,
                               int64_t paddedW = 0);

// face-api's padToSquare on (N)CHW: zeros after the image (bottom or right) when not centred;
// centred puts round(diff/2) after and the rest before.
torch::Tensor padToSquare(const torch::Tensor& x, bool centred);

// face-api's normalize(x, meanRgb) followed by div(255), on (N)CHW.
torch::Tensor normaliseMeanRgb(const torch::Tensor& x, const std::array<float, 3>& meanRgb);
// The same in place on a float tensor (the same operations, so the same values); returns x.
torch::Tensor& normaliseMeanRgbInPlace(torch::Tensor& x, const std::array<float, 3>& meanRgb);

// A copy of an RGB24 picture as a uint8 CHW tensor on `device`, laid out channels-last (a
// permuted HWC buffer). Throws InvalidArgument for an empty or inconsistent view.
torch::Tensor rgbToChw(const RgbImageView& image, torch::Device device);

// A tensor image as the networks take it: CHW or HWC (3 channels, values 0..255), or NCHW with
// N = 1. Returns CHW on `device`, uint8 kept, other types as float; throws InvalidArgument
// otherwise.
torch::Tensor imageTensorToChw(const torch::Tensor& image, torch::Device device);

enum class TfPadding { Valid, Same };

// tf.conv2d + bias, weights "<prefix>/filters" (HWIO) and "<prefix>/bias".
class TfConv2dImpl : public torch::nn::Module {
 public:
  TfConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, TfPadding padding);
  void load(const TfjsWeights& w, const std::string& prefix);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  int64_t in_, out_, kernel_, stride_;
  TfPadding padding_;
  torch::nn::Conv2d conv_{nullptr};
};
TORCH_MODULE(TfConv2d);

// tf.separableConv2d (3x3 depthwise, multiplier 1, then 1x1 pointwise) + bias, 'same' padding;
// weights "<prefix>/depthwise_filter", "<prefix>/pointwise_filter", "<prefix>/bias".
class SeparableConv2dImpl : public torch::nn::Module {
 public:
  SeparableConv2dImpl(int64_t in, int64_t out, int64_t stride);
  void load(const TfjsWeights& w, const std::string& prefix);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  int64_t in_, out_, stride_;
  torch::nn::Conv2d depthwise_{nullptr}, pointwise_{nullptr};
};
TORCH_MODULE(SeparableConv2d);

// face-api's fullyConnectedLayer, matMul(x, weights [in, out]) + bias, from "<prefix>/weights"
// and "<prefix>/bias".
torch::nn::Linear loadFullyConnected(const TfjsWeights& w, const std::string& prefix, int64_t in, int64_t out);

// The face boxes face-api cuts from an image for its 112x112 face networks
// (extractFaceTensors): clipped at the image borders, each of x, y, width, height floored.
struct FaceCrop {
  int64_t x = 0, y = 0, width = 0, height = 0;
  bool empty() const { return width <= 0 || height <= 0; }
};
FaceCrop faceCropFor(const FaceBox& box, int64_t imageWidth, int64_t imageHeight);

// The crops of a CHW image, each padded to a centred square and resized to size x size as
// face-api's NetInput.toBatchTensor(size, true) does, stacked to N x 3 x size x size (values
// 0..255). Empty crops are skipped: the result has one row per non-empty crop, in order.
torch::Tensor faceCropBatch(const torch::Tensor& imageChw, const std::vector<FaceCrop>& crops, int64_t size);

}  // namespace stf2m::perception
