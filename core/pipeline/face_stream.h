#pragma once
// The primary subject's face in every frame of one video file, a chunk of the file's time at a
// time: decoding, RGB conversion at an analysis size, tracking (perception::FaceSequence:
// detection every N frames, landmark refits between) and the face feature vector per frame.
// Chunks come in order; a run can also start at a later chunk from the tracker state saved at
// the end of the chunk before it, and then continues exactly as an uninterrupted run would.
#include <memory>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "perception/face_tracker.h"
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
  // (perception::FacePipeline's errors).
  FaceStream(const std::string& path, const FaceStreamOptions& options);
  ~FaceStream();
  FaceStream(const FaceStream&) = delete;
  FaceStream& operator=(const FaceStream&) = delete;

  double fps() const;
  int displayWidth() const;
  int displayHeight() const;
  double duration() const;  // end of the last frame, file seconds

  // The samples of every frame whose file time lies in [start, end), times in file seconds.
  // Calls must ask for consecutive ranges unless resume() came first. Progress: the file time
  // of each frame analysed.
  std::vector<FaceSample> samples(double start, double end, const CancelToken* cancel = nullptr,
                                  const std::function<void(double fileTime)>& progress = {});
  // Continue at file time `start` with the tracker as it was after the frames before it.
  void resume(double start, perception::FaceTrackerState state);
  // The tracker after the frames analysed so far (to save with a chunk).
  const perception::FaceTrackerState& trackerState() const;
  int framesAnalysed() const;

  // Damage met while decoding (media::VideoReader::diagnostics).
  const std::vector<std::string>& diagnostics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::pipeline
