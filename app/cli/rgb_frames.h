#pragma once
// The pictures that `stf2m faces` and `stf2m bench perception` read, as RGB24 frames at the
// display size: a Netpbm picture (P5/P6) in every build, and in the media build anything FFmpeg
// opens (a JPEG or PNG as a one-frame video, a video frame by frame, rotation and sample aspect
// ratio applied). The GPU build has no FFmpeg, so Netpbm is what it reads.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stf2m::cli {

class RgbFrames {
 public:
  struct Frame {
    int64_t index = 0;
    double time = 0;            // seconds
    const uint8_t* rgb = nullptr;  // width x height x 3, rows packed; valid until the next call
  };

  // Throws stf2m::Error naming the file (FileNotFound, NotMedia, CorruptData, ...); in a build
  // without FFmpeg, InvalidArgument for anything but a Netpbm picture.
  explicit RgbFrames(const std::string& path);
  ~RgbFrames();
  RgbFrames(const RgbFrames&) = delete;
  RgbFrames& operator=(const RgbFrames&) = delete;

  int width() const;
  int height() const;
  bool isPicture() const;  // a still picture rather than a video
  double fps() const;      // the video's average frame rate; 0 when unknown or a picture

  // The next frame; false at the end.
  bool next(Frame& frame);

  // What the decoder reported about damaged data so far (empty for Netpbm pictures).
  std::vector<std::string> diagnostics() const;

  // Call after next() returned false before any frame: throws CorruptData naming the file when
  // the decoder reported why nothing decoded.
  void throwIfNothingDecoded() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::cli
