#pragma once
// Frame-accurate video access over FFmpeg.
//
// Opening a reader indexes the first video stream by demuxing it once (no decoding): the
// index lists every frame in presentation order with its timestamp and the key frame to start
// decoding from. Sequential reading then decodes straight through; random access seeks to the
// key frame before the target and decodes forward, reusing the decoder state when the target
// lies ahead in the same group of pictures. Memory is bounded by the decoder's own buffers plus
// about 32 bytes per frame of index.
//
// Times are seconds since the container's start time; indices are 0-based in presentation order.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "media/media_info.h"

namespace stf2m::media {

struct VideoReaderOptions {
  int threads = 0;        // decoder threads; 0 = hardware concurrency
  int streamIndex = -1;   // container stream index; -1 = first video stream
  MediaBytes bytes;       // read these instead of the file (media_info.h); the path names them
  // Frames with more pixels than this fail to decode (reported in diagnostics()); at most
  // kMaxPicturePixels. The fuzz harness lowers it to stay within its memory limit.
  int64_t maxPixels = kMaxPicturePixels;
};

// A decoded picture, owned by the reader. Valid until the next call that moves the reader.
class DecodedFrame {
 public:
  DecodedFrame();
  ~DecodedFrame();
  DecodedFrame(const DecodedFrame&) = delete;
  DecodedFrame& operator=(const DecodedFrame&) = delete;

  int64_t index() const { return index_; }
  double time() const { return time_; }   // presentation time, seconds since container start
  int64_t pts() const { return pts_; }    // in the stream's time base
  int width() const;
  int height() const;
  std::string pixelFormat() const;
  bool isKeyFrame() const;

  // MD5 of the picture's planes packed without padding, as FFmpeg's framemd5 muxer hashes a
  // rawvideo packet, as 32 lowercase hex digits.
  std::string md5() const;

  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  friend class VideoReader;
  std::unique_ptr<Impl> impl_;
  int64_t index_ = -1;
  double time_ = 0.0;
  int64_t pts_ = 0;
};

// A caller-owned RGB24 destination (3 bytes per pixel, rows `stride` bytes apart).
struct RgbBuffer {
  uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;
};

struct Size {
  int width = 0;
  int height = 0;
};

class VideoReader {
 public:
  // Opens `path` and indexes its video stream. Throws stf2m::Error naming the file:
  // FileNotFound, FileUnreadable, EmptyFile, NotMedia, NoVideoStream, UnsupportedCodec,
  // CorruptData (nothing decodable), Cancelled.
  explicit VideoReader(const std::string& path, VideoReaderOptions options = {},
                       const CancelToken* cancel = nullptr, const ProgressCallback& progress = {});
  ~VideoReader();
  VideoReader(const VideoReader&) = delete;
  VideoReader& operator=(const VideoReader&) = delete;

  const std::string& path() const;
  const MediaInfo& mediaInfo() const;
  const StreamInfo& stream() const;
  int threads() const;

  int64_t frameCount() const;
  double frameTime(int64_t index) const;    // presentation time of frame `index`
  double duration() const;                  // end of the last frame, seconds
  // Index of the frame displayed at time t: the greatest presentation time <= t; for t between 0
  // and a later first frame (streams with an offset), the first frame.
  // Throws OutOfRange when t is negative or past the end of the stream.
  int64_t indexAtTime(double t) const;

  // Sequential decoding in presentation order from the current position. Returns nullptr at the
  // end of the stream. Damaged packets are skipped and reported in diagnostics().
  const DecodedFrame* nextFrame(const CancelToken* cancel = nullptr);
  void rewind();

  // Random access. Throws OutOfRange for a time or index outside the stream and CorruptData when
  // the requested frame cannot be decoded.
  const DecodedFrame& frameAt(double t, const CancelToken* cancel = nullptr);
  const DecodedFrame& frameAtIndex(int64_t index, const CancelToken* cancel = nullptr);

  // Display size (rotation and sample aspect ratio applied) scaled to fit in maxWidth x maxHeight
  // keeping its aspect; 0 for a bound means "no bound". Never upscales beyond the bounds given.
  Size displaySizeWithin(int maxWidth, int maxHeight) const;
  // Converts a frame of this reader to RGB24 at out.width x out.height, rotated for display.
  void convertToRgb(const DecodedFrame& frame, const RgbBuffer& out);

  // Human-readable reports of damage met so far (undecodable packets, truncation).
  const std::vector<std::string>& diagnostics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::media
