#include "media/rgb_converter.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace stf2m::media::detail {

Size fitDisplaySize(int width, int height, Rational sar, int rotation, int maxWidth, int maxHeight) {
  double w = width;
  double h = height;
  if (sar.valid()) w *= sar.value();
  if (rotation == 90 || rotation == 270) std::swap(w, h);
  double scale = 1.0;
  if (maxWidth > 0 && maxHeight > 0) scale = std::min(maxWidth / w, maxHeight / h);
  else if (maxWidth > 0) scale = maxWidth / w;
  else if (maxHeight > 0) scale = maxHeight / h;
  return {std::max(1, static_cast<int>(std::lround(w * scale))), std::max(1, static_cast<int>(std::lround(h * scale)))};
}

namespace {
int swsColorspace(AVColorSpace space) {
  switch (space) {
    case AVCOL_SPC_BT709: return SWS_CS_ITU709;
    case AVCOL_SPC_FCC: return SWS_CS_FCC;
    case AVCOL_SPC_SMPTE240M: return SWS_CS_SMPTE240M;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return SWS_CS_BT2020;
    default: return SWS_CS_DEFAULT;  // BT.601, also FFmpeg's choice for unspecified material
  }
}

bool isFullRange(const AVFrame* frame) {
  switch (frame->format) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVJ440P:
    case AV_PIX_FMT_YUVJ411P: return true;
    default: return frame->color_range == AVCOL_RANGE_JPEG;
  }
}

// Writes `src` (w x h, RGB24) turned clockwise by `rotation` into `out`.
void rotateInto(const uint8_t* src, int w, int h, int rotation, const RgbBuffer& out) {
  const int srcStride = w * 3;
  for (int y = 0; y < out.height; ++y) {
    uint8_t* row = out.data + static_cast<ptrdiff_t>(y) * out.stride;
    for (int x = 0; x < out.width; ++x) {
      int sx, sy;
      if (rotation == 90) { sx = y; sy = h - 1 - x; }
      else if (rotation == 270) { sx = w - 1 - y; sy = x; }
      else { sx = w - 1 - x; sy = h - 1 - y; }  // 180
      const uint8_t* p = src + static_cast<ptrdiff_t>(sy) * srcStride + sx * 3;
      row[x * 3 + 0] = p[0];
      row[x * 3 + 1] = p[1];
      row[x * 3 + 2] = p[2];
    }
  }
}
}  // namespace

void RgbConverter::ensureContext(const AVFrame* frame, int width, int height) {
  int space = swsColorspace(frame->colorspace);
  int range = isFullRange(frame) ? 1 : 0;
  if (sws_ && srcWidth_ == frame->width && srcHeight_ == frame->height && srcFormat_ == frame->format &&
      dstWidth_ == width && dstHeight_ == height && colorspace_ == space && colorRange_ == range)
    return;
  sws_.reset(sws_getContext(frame->width, frame->height, static_cast<AVPixelFormat>(frame->format), width, height,
                            AV_PIX_FMT_RGB24, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!sws_) throw Error(ErrorCode::Internal, "rgb conversion", "cannot convert this pixel format to RGB");
  const int* coefficients = sws_getCoefficients(space);
  // Output RGB is always full range; the input range follows the frame.
  sws_setColorspaceDetails(sws_.get(), coefficients, range, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
  srcWidth_ = frame->width;
  srcHeight_ = frame->height;
  srcFormat_ = frame->format;
  dstWidth_ = width;
  dstHeight_ = height;
  colorspace_ = space;
  colorRange_ = range;
}

// Bytes past the end of the scaled image that swscale may write.
constexpr size_t kScaleSlack = 64;

void RgbConverter::convert(const AVFrame* frame, int rotation, const RgbBuffer& out) {
  if (!out.data || out.width <= 0 || out.height <= 0 || out.stride < out.width * 3)
    throw Error(ErrorCode::InvalidArgument, "rgb conversion", "the destination buffer is empty or its stride is too small");
  const bool quarterTurn = rotation == 90 || rotation == 270;
  const int scaledWidth = quarterTurn ? out.height : out.width;
  const int scaledHeight = quarterTurn ? out.width : out.height;
  ensureContext(frame, scaledWidth, scaledHeight);
  // swscale's SIMD RGB24 writers may store up to a vector's width past the last pixel of the last
  // row (24 bytes measured at 1560x800), so it never writes into the caller's buffer directly: it
  // writes into our scratch, padded, and the rows are copied out.
  const int scratchStride = scaledWidth * 3;
  rotationScratch_.resize(static_cast<size_t>(scratchStride) * scaledHeight + kScaleSlack);
  uint8_t* dst[4] = {rotationScratch_.data(), nullptr, nullptr, nullptr};
  int dstStride[4] = {scratchStride, 0, 0, 0};
  sws_scale(sws_.get(), frame->data, frame->linesize, 0, frame->height, dst, dstStride);
  if (rotation == 0) {
    for (int y = 0; y < out.height; ++y)
      std::memcpy(out.data + static_cast<size_t>(y) * out.stride, rotationScratch_.data() + static_cast<size_t>(y) * scratchStride,
                  static_cast<size_t>(scratchStride));
    return;
  }
  rotateInto(rotationScratch_.data(), scaledWidth, scaledHeight, rotation, out);
}

}  // namespace stf2m::media::detail
