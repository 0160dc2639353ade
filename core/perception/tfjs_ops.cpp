#include "perception/tfjs_ops.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "common/error.h"

namespace stf2m::perception {

std::pair<int64_t, int64_t> tfSamePadding(int64_t in, int64_t kernel, int64_t stride) {
  const int64_t out = (in + stride - 1) / stride;
  const int64_t total = std::max<int64_t>((out - 1) * stride + kernel - in, 0);
  return {total / 2, total - total / 2};
}

torch::Tensor maxPoolSame(const torch::Tensor& x, int64_t kernel, int64_t stride) {
  const auto [top, bottom] = tfSamePadding(x.size(-2), kernel, stride);
  const auto [left, right] = tfSamePadding(x.size(-1), kernel, stride);
  // With padding only after, the windows start where TF's do; when ceil_mode gives TF's output
  // size, its partial last window (clipped to the input) takes the same maximum as TF's window
  // over -inf padding, without the padded copy.
  auto ceilModeMatches = [&](int64_t in) {
    if (in < kernel) return false;
    int64_t out = (in - kernel + stride - 1) / stride + 1;
    if ((out - 1) * stride >= in) --out;
    return out == (in + stride - 1) / stride;
  };
  if (top == 0 && left == 0 && ceilModeMatches(x.size(-2)) && ceilModeMatches(x.size(-1)))
    return torch::max_pool2d(x, {kernel, kernel}, {stride, stride}, {0, 0}, {1, 1}, /*ceil_mode=*/true);
  const torch::Tensor padded =
      torch::constant_pad_nd(x, {left, right, top, bottom}, -std::numeric_limits<float>::infinity());
  return torch::max_pool2d(padded, {kernel, kernel}, {stride, stride});
}

namespace {

// Source samples for one axis of the legacy (asymmetric) bilinear resize of `padded` samples of
// which the first `in` are real. The scale and the source position are single precision as in
// TF's kernels; the interpolation is continuous in the position, so where TF.js computes them in
// double the results still agree to rounding.
struct ResizeAxis {
  std::vector<int64_t> lower, upper;
  std::vector<float> fraction;
  std::vector<uint8_t> lowerInside, upperInside;  // 1 where the sample lies in x, 0 in the zero padding
};

ResizeAxis resizeAxis(int64_t in, int64_t padded, int64_t out) {
  const float scale = static_cast<float>(padded) / static_cast<float>(out);
  ResizeAxis a;
  a.lower.resize(out), a.upper.resize(out), a.fraction.resize(out), a.lowerInside.resize(out), a.upperInside.resize(out);
  for (int64_t d = 0; d < out; ++d) {
    const float source = static_cast<float>(d) * scale;
    const auto floor = static_cast<int64_t>(std::floor(source));
    const int64_t lo = std::min(floor, padded - 1), up = std::min(floor + 1, padded - 1);
    a.lower[d] = std::min(lo, in - 1);
    a.upper[d] = std::min(up, in - 1);
    a.lowerInside[d] = lo < in;
    a.upperInside[d] = up < in;
    a.fraction[d] = source - static_cast<float>(floor);
  }
  return a;
}

// The CPU path: one pass over the output with the same single-precision operations, in the same
// order, as the tensor path below (so the same bits), without its gathers and temporaries.
template <typename T>
void resizeHwcOnCpu(const T* src, int64_t inW, int64_t channels, const ResizeAxis& rows, const ResizeAxis& cols,
                    float* dst) {
  const int64_t outH = int64_t(rows.lower.size()), outW = int64_t(cols.lower.size());
  const int64_t rowStride = inW * channels;
  for (int64_t y = 0; y < outH; ++y) {
    const T* lowerRow = src + rows.lower[y] * rowStride;
    const T* upperRow = src + rows.upper[y] * rowStride;
    const bool lowerRowInside = rows.lowerInside[y], upperRowInside = rows.upperInside[y];
    const float rowFraction = rows.fraction[y];
    for (int64_t x = 0; x < outW; ++x) {
      const int64_t left = cols.lower[x] * channels, right = cols.upper[x] * channels;
      const bool leftInside = cols.lowerInside[x], rightInside = cols.upperInside[x];
      const float colFraction = cols.fraction[x];
      for (int64_t c = 0; c < channels; ++c) {
        // Samples in the zero padding read zeros.
        const float topLeft = lowerRowInside && leftInside ? static_cast<float>(lowerRow[left + c]) : 0.0f;
        const float topRight = lowerRowInside && rightInside ? static_cast<float>(lowerRow[right + c]) : 0.0f;
        const float bottomLeft = upperRowInside && leftInside ? static_cast<float>(upperRow[left + c]) : 0.0f;
        const float bottomRight = upperRowInside && rightInside ? static_cast<float>(upperRow[right + c]) : 0.0f;
        // Same operation order as TF: horizontal lerps first, then the vertical one.
        const float top = topLeft + (topRight - topLeft) * colFraction;
        const float bottom = bottomLeft + (bottomRight - bottomLeft) * colFraction;
        *dst++ = top + (bottom - top) * rowFraction;
      }
    }
  }
}

torch::Tensor resizeOnCpu(const torch::Tensor& hwc, const ResizeAxis& rows, const ResizeAxis& cols) {
  const torch::Tensor input = hwc.scalar_type() == torch::kUInt8 ? hwc.contiguous() : hwc.to(torch::kFloat32).contiguous();
  const int64_t inH = input.size(-3), inW = input.size(-2), channels = input.size(-1);
  std::vector<int64_t> shape = input.sizes().vec();
  shape[shape.size() - 3] = int64_t(rows.lower.size()), shape[shape.size() - 2] = int64_t(cols.lower.size());
  torch::Tensor out = torch::empty(shape, input.options().dtype(torch::kFloat32));
  const int64_t images = input.numel() / (inH * inW * channels), outPlane = out.numel() / std::max<int64_t>(images, 1);
  for (int64_t n = 0; n < images; ++n) {
    float* dst = out.data_ptr<float>() + n * outPlane;
    if (input.scalar_type() == torch::kUInt8)
      resizeHwcOnCpu(input.data_ptr<uint8_t>() + n * inH * inW * channels, inW, channels, rows, cols, dst);
    else
      resizeHwcOnCpu(input.data_ptr<float>() + n * inH * inW * channels, inW, channels, rows, cols, dst);
  }
  return out;
}

}  // namespace

torch::Tensor resizeBilinearTf(const torch::Tensor& x, int64_t outH, int64_t outW, int64_t paddedH, int64_t paddedW) {
  using torch::indexing::Ellipsis;
  using torch::indexing::Slice;
  const torch::Tensor hwc = x.movedim(-3, -1);
  const int64_t inH = hwc.size(-3), inW = hwc.size(-2);
  paddedH = std::max(paddedH, inH);
  paddedW = std::max(paddedW, inW);
  const ResizeAxis rows = resizeAxis(inH, paddedH, outH);
  const ResizeAxis cols = resizeAxis(inW, paddedW, outW);
  if (x.device().is_cpu()) return resizeOnCpu(hwc, rows, cols).movedim(-1, -3);

  // Other devices: each corner is one gather on the (N)HWC view, straight to the output size, so
  // a big picture is read only where the output samples it, and integer pixels become float only
  // there.
  const torch::Device device = x.device();
  auto onDevice = [&](const auto& values, torch::ScalarType type) {
    return torch::tensor(std::vector<typename std::decay_t<decltype(values)>::value_type>(values.begin(), values.end()))
        .to(device, type);
  };
  struct Axis { torch::Tensor lower, upper, fraction, lowerInside, upperInside; };
  auto axisOnDevice = [&](const ResizeAxis& a) {
    const std::vector<float> lowerInside(a.lowerInside.begin(), a.lowerInside.end());
    const std::vector<float> upperInside(a.upperInside.begin(), a.upperInside.end());
    return Axis{onDevice(a.lower, torch::kInt64), onDevice(a.upper, torch::kInt64), onDevice(a.fraction, torch::kFloat32),
                onDevice(lowerInside, torch::kFloat32), onDevice(upperInside, torch::kFloat32)};
  };
  const Axis r = axisOnDevice(rows), c = axisOnDevice(cols);
  const bool padded = paddedH > inH || paddedW > inW;
  auto corner = [&](const torch::Tensor& row, const torch::Tensor& rowInside, const torch::Tensor& col,
                    const torch::Tensor& colInside) {
    torch::Tensor v = hwc.index({Ellipsis, row.view({-1, 1}), col.view({1, -1}), Slice()}).to(torch::kFloat32);
    // Samples in the zero padding read zeros.
    return padded ? v * (rowInside.view({-1, 1}) * colInside.view({1, -1})).unsqueeze(-1) : v;
  };
  const torch::Tensor topLeft = corner(r.lower, r.lowerInside, c.lower, c.lowerInside);
  const torch::Tensor topRight = corner(r.lower, r.lowerInside, c.upper, c.upperInside);
  const torch::Tensor bottomLeft = corner(r.upper, r.upperInside, c.lower, c.lowerInside);
  const torch::Tensor bottomRight = corner(r.upper, r.upperInside, c.upper, c.upperInside);
  // Same operation order as TF: horizontal lerps first, then the vertical one.
  const torch::Tensor colFraction = c.fraction.view({-1, 1});
  const torch::Tensor top = topLeft + (topRight - topLeft) * colFraction;
  const torch::Tensor bottom = bottomLeft + (bottomRight - bottomLeft) * colFraction;
  return (top + (bottom - top) * r.fraction.view({-1, 1, 1})).movedim(-1, -3);
}

torch::Tensor padToSquare(const torch::Tensor& x, bool centred) {
  const int64_t h = x.size(-2), w = x.size(-1);
  if (h == w) return x;
  const int64_t diff = std::abs(h - w);
  const int64_t after = centred ? (diff + 1) / 2 : diff;  // JS Math.round(diff * 0.5) rounds .5 up
  const int64_t before = diff - after;
  return h > w ? torch::constant_pad_nd(x, {before, after, 0, 0}, 0.0)
               : torch::constant_pad_nd(x, {0, 0, before, after}, 0.0);
}

torch::Tensor normaliseMeanRgb(const torch::Tensor& x, const std::array<float, 3>& meanRgb) {
  const torch::Tensor mean =
      torch::tensor({meanRgb[0], meanRgb[1], meanRgb[2]}, torch::kFloat32).to(x.device()).view({3, 1, 1});
  return (x - mean) / 255.0f;
}

torch::Tensor& normaliseMeanRgbInPlace(torch::Tensor& x, const std::array<float, 3>& meanRgb) {
  const torch::Tensor mean =
      torch::tensor({meanRgb[0], meanRgb[1], meanRgb[2]}, torch::kFloat32).to(x.device()).view({3, 1, 1});
  return x.sub_(mean).div_(255.0f);
}

torch::Tensor rgbToChw(const RgbImageView& image, torch::Device device) {
  if (!image.data || image.width <= 0 || image.height <= 0 || image.stride < image.width * 3)
    throw Error(ErrorCode::InvalidArgument, "RGB image",
                "needs pixels, a positive size and a stride of at least 3 x width (have " + std::to_string(image.width) +
                    "x" + std::to_string(image.height) + ", stride " + std::to_string(image.stride) + ")");
  // from_blob does not write through the pointer; the copy (forced, also on the CPU) owns the
  // pixels. Bytes stay bytes: the resize converts only what it reads.
  const torch::Tensor hwc = torch::from_blob(const_cast<uint8_t*>(image.data), {image.height, image.width, 3},
                                             {image.stride, 3, 1}, torch::kUInt8);
  return hwc.to(device, torch::kUInt8, /*non_blocking=*/false, /*copy=*/true).permute({2, 0, 1});
}

torch::Tensor imageTensorToChw(const torch::Tensor& image, torch::Device device) {
  torch::Tensor t = image;
  if (t.dim() == 4 && t.size(0) == 1) t = t[0];
  if (t.dim() == 3 && t.size(0) != 3 && t.size(2) == 3) t = t.permute({2, 0, 1});
  if (t.dim() != 3 || t.size(0) != 3 || t.size(1) <= 0 || t.size(2) <= 0) {
    std::ostringstream shape;
    shape << image.sizes();
    throw Error(ErrorCode::InvalidArgument, "image tensor",
                "expected 3 x H x W, H x W x 3 or 1 x 3 x H x W values 0..255, got " + shape.str());
  }
  return t.to(device, t.scalar_type() == torch::kUInt8 ? torch::kUInt8 : torch::kFloat32);
}

namespace {

// A convolution with TF's 'same' padding: symmetric padding is the convolution's own (no padded
// copy of the input); TF's extra row/column after (stride 2 on an even size) needs the copy.
torch::Tensor convSame(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias, int64_t stride,
                       int64_t groups) {
  const int64_t kernel = weight.size(-1);
  const auto [top, bottom] = tfSamePadding(x.size(-2), kernel, stride);
  const auto [left, right] = tfSamePadding(x.size(-1), kernel, stride);
  const std::array<int64_t, 2> strides{stride, stride}, dilation{1, 1};
  if (top == bottom && left == right) {
    const std::array<int64_t, 2> padding{top, left};
    return torch::conv2d(x, weight, bias, strides, padding, dilation, groups);
  }
  const std::array<int64_t, 2> none{0, 0};
  return torch::conv2d(torch::constant_pad_nd(x, {left, right, top, bottom}, 0.0), weight, bias, strides, none, dilation,
                       groups);
}

}  // namespace

TfConv2dImpl::TfConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, TfPadding padding)
    : in_(in), out_(out), kernel_(kernel), stride_(stride), padding_(padding) {
  conv_ = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride)));
}

void TfConv2dImpl::load(const TfjsWeights& w, const std::string& prefix) {
  torch::NoGradGuard noGrad;
  conv_->weight.copy_(conv2dWeightFromHwio(w.get(prefix + "/filters", {kernel_, kernel_, in_, out_})));
  conv_->bias.copy_(w.get(prefix + "/bias", {out_}));
  conv_->weight.set_data(conv_->weight.contiguous(torch::MemoryFormat::ChannelsLast));
}

torch::Tensor TfConv2dImpl::forward(const torch::Tensor& x) {
  if (padding_ == TfPadding::Valid) return conv_(x);
  return convSame(x, conv_->weight, conv_->bias, stride_, 1);
}

SeparableConv2dImpl::SeparableConv2dImpl(int64_t in, int64_t out, int64_t stride) : in_(in), out_(out), stride_(stride) {
  depthwise_ = register_module(
      "depthwise", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, in, 3).stride(stride).groups(in).bias(false)));
  pointwise_ = register_module("pointwise", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
}

void SeparableConv2dImpl::load(const TfjsWeights& w, const std::string& prefix) {
  torch::NoGradGuard noGrad;
  depthwise_->weight.copy_(depthwiseWeightFromTf(w.get(prefix + "/depthwise_filter", {3, 3, in_, 1})));
  pointwise_->weight.copy_(conv2dWeightFromHwio(w.get(prefix + "/pointwise_filter", {1, 1, in_, out_})));
  pointwise_->bias.copy_(w.get(prefix + "/bias", {out_}));
  depthwise_->weight.set_data(depthwise_->weight.contiguous(torch::MemoryFormat::ChannelsLast));
  pointwise_->weight.set_data(pointwise_->weight.contiguous(torch::MemoryFormat::ChannelsLast));
}

torch::Tensor SeparableConv2dImpl::forward(const torch::Tensor& x) {
  return pointwise_(convSame(x, depthwise_->weight, {}, stride_, in_));
}

torch::nn::Linear loadFullyConnected(const TfjsWeights& w, const std::string& prefix, int64_t in, int64_t out) {
  torch::nn::Linear fc(in, out);
  torch::NoGradGuard noGrad;
  fc->weight.copy_(w.get(prefix + "/weights", {in, out}).t());
  fc->bias.copy_(w.get(prefix + "/bias", {out}));
  return fc;
}

FaceCrop faceCropFor(const FaceBox& box, int64_t imageWidth, int64_t imageHeight) {
  const double x = std::max(box.x, 0.0), y = std::max(box.y, 0.0);
  const double width = std::min(box.right() - x, static_cast<double>(imageWidth) - x);
  const double height = std::min(box.bottom() - y, static_cast<double>(imageHeight) - y);
  return {static_cast<int64_t>(std::floor(x)), static_cast<int64_t>(std::floor(y)),
          static_cast<int64_t>(std::floor(width)), static_cast<int64_t>(std::floor(height))};
}

torch::Tensor faceCropBatch(const torch::Tensor& imageChw, const std::vector<FaceCrop>& crops, int64_t size) {
  std::vector<torch::Tensor> faces;
  for (const FaceCrop& c : crops) {
    if (c.empty()) continue;
    const torch::Tensor pixels = imageChw.slice(1, c.y, c.y + c.height).slice(2, c.x, c.x + c.width);
    torch::Tensor face = padToSquare(pixels.to(torch::kFloat32), true);
    if (face.size(-1) != size) face = resizeBilinearTf(face, size, size);
    faces.push_back(face);
  }
  if (faces.empty()) return torch::empty({0, 3, size, size}, imageChw.options());
  return torch::stack(faces);
}

}  // namespace stf2m::perception
