#pragma once
// Internal to core/media: decoded picture -> RGB24 at a requested size, rotated for display.
#include <vector>

#include "media/ffmpeg_util.h"
#include "media/video_reader.h"

namespace stf2m::media::detail {

// Display size of a w x h picture with sample aspect `sar` turned by `rotation` degrees,
// scaled to fit maxWidth x maxHeight (0 = unbounded) keeping its aspect.
Size fitDisplaySize(int width, int height, Rational sar, int rotation, int maxWidth, int maxHeight);

class RgbConverter {
 public:
  void convert(const AVFrame* frame, int rotation, const RgbBuffer& out);

 private:
  void ensureContext(const AVFrame* frame, int width, int height);
  SwsPtr sws_;
  int srcWidth_ = 0, srcHeight_ = 0, srcFormat_ = -1, dstWidth_ = 0, dstHeight_ = 0;
  int colorspace_ = -1, colorRange_ = -1;
  std::vector<uint8_t> rotationScratch_;  // swscale output (padded), copied or rotated into the caller's buffer
};

}  // namespace stf2m::media::detail
