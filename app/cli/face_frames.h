#pragma once
// Faces of consecutive frames, tracked (core/perception/face_tracker.h): full detection every
// `detectEvery` frames and, between detections, a cheap refinement on a crop around each
// propagated box. Shared by `stf2m faces --every` and `stf2m bench perception --every`.
#include <memory>
#include <vector>

#include "perception/face_pipeline.h"
#include "perception/face_tracker.h"

namespace stf2m::cli {

class FaceFrames {
 public:
  FaceFrames(const perception::FacePipelineOptions& options, int detectEvery);
  ~FaceFrames();
  FaceFrames(const FaceFrames&) = delete;
  FaceFrames& operator=(const FaceFrames&) = delete;

  // Faces of frame `index`; `image` need only stay valid during the call.
  std::vector<perception::TrackedFace> process(int index, const perception::RgbImageView& image);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::cli
