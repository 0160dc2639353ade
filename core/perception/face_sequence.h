#pragma once
// Tracked faces of consecutive frames of one video: a FacePipeline and a FaceTracker wired
// together (no LibTorch types, for the CLI and the UI). Full detection every `detectEvery`
// frames; between detections, landmark-based tracking: the landmark and expression nets re-read
// each face at its box propagated from the previous frame (FacePipeline::analyseBoxes), and the
// tracker derives the next box from the new landmarks (face_tracker.h, docs/face-features.md).
#include <memory>
#include <vector>

#include "perception/face_pipeline.h"
#include "perception/face_tracker.h"

namespace stf2m::perception {

class FaceSequence {
 public:
  // Loads the networks (see FacePipeline); throws as FaceTracker does for bad tracker options.
  FaceSequence(const FacePipelineOptions& pipelineOptions, const FaceTrackerOptions& trackerOptions);
  ~FaceSequence();
  FaceSequence(const FaceSequence&) = delete;
  FaceSequence& operator=(const FaceSequence&) = delete;

  // Faces of frame `index` (increasing from call to call), ordered by track id; `image` need
  // only stay valid during the call.
  std::vector<TrackedFace> process(int index, const RgbImageView& image);

  // The tracker, for its tracks, primary subject and counters.
  FaceTracker& tracker();
  const FaceTracker& tracker() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::perception
