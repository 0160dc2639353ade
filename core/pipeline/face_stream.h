#pragma once
// The primary subject's face in every frame of one video file, on the session clock: decoding,
// RGB conversion at an analysis size, tracking (perception::FaceSequence: detection every N
// frames, landmark refits between) and the face feature vector per frame.
#include <memory>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "pipeline/session_types.h"

namespace stf2m::pipeline {

struct FaceStreamOptions {
  int detectEvery = 5;           // full detection at least every N frames
  std::string device = "cpu";    // LibTorch device string for the face networks
  std::string modelDir;          // empty: perception::findFaceModelDir()
  int maxAnalysisSide = 1280;    // frames are analysed at their display size, scaled to fit this
  int decoderThreads = 0;        // 0: FFmpeg chooses
};

class FaceStream {
 public:
  // Opens and indexes the video (media::VideoReader's errors) and loads the face networks
  // (perception::FacePipeline's errors). `offset`: session time of the file's time 0.
  FaceStream(const std::string& path, double offset, const FaceStreamOptions& options);
  ~FaceStream();
  FaceStream(const FaceStream&) = delete;
  FaceStream& operator=(const FaceStream&) = delete;

  double fps() const;
  int displayWidth() const;
  int displayHeight() const;
  double endTime() const;  // session time of the end of the last frame

  // Appends the samples of every frame whose session time is before `end` and that is not yet
  // reported (frames before session time 0 are skipped). Progress: the session time reached.
  void samplesBefore(double end, std::vector<FaceSample>& out, const CancelToken* cancel = nullptr,
                     const std::function<void(double sessionTime)>& progress = {});

  // Damage met while decoding (media::VideoReader::diagnostics).
  const std::vector<std::string>& diagnostics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::pipeline
