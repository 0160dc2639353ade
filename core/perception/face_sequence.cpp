#include "perception/face_sequence.h"

#include <optional>

namespace stf2m::perception {

namespace {
FaceObservation toObservation(FaceAnalysis a) { return {a.box, std::move(a.landmarks), std::move(a.expressions)}; }
}  // namespace

struct FaceSequence::Impl {
  FacePipeline pipeline;
  RgbImageView image{};  // the frame being processed; the callbacks read it
  std::optional<FaceTracker> tracker;

  Impl(const FacePipelineOptions& po, const FaceTrackerOptions& to) : pipeline(po) {
    auto detect = [this](int) {
      std::vector<FaceObservation> out;
      for (FaceAnalysis& a : pipeline.analyse(image)) out.push_back(toObservation(std::move(a)));
      return out;
    };
    // Without landmarks there is nothing to track by: every frame is detected.
    FaceTracker::RefineFn refine;
    if (to.detectEvery > 1 && po.landmarks)
      refine = [this](int, const std::vector<FaceBox>& boxes, const std::vector<double>& rolls) {
        std::vector<std::optional<FaceObservation>> out;
        for (FaceAnalysis& a : pipeline.analyseBoxes(image, boxes, rolls)) out.emplace_back(toObservation(std::move(a)));
        return out;
      };
    // The second look near a face the tracker lost needs no landmarks, but is only worth it
    // when tracking by landmarks (without refits a miss is simply a missing face).
    FaceTracker::SearchFn search;
    if (refine)
      search = [this](int, const FaceBox& region, double minScore) {
        std::vector<FaceObservation> out;
        for (FaceAnalysis& a : pipeline.analyseRegion(image, region, minScore)) out.push_back(toObservation(std::move(a)));
        return out;
      };
    tracker.emplace(to, detect, refine, search);
  }
};

FaceSequence::FaceSequence(const FacePipelineOptions& pipelineOptions, const FaceTrackerOptions& trackerOptions)
    : impl_(std::make_unique<Impl>(pipelineOptions, trackerOptions)) {}
FaceSequence::~FaceSequence() = default;

std::vector<TrackedFace> FaceSequence::process(int index, const RgbImageView& image) {
  impl_->image = image;
  std::vector<TrackedFace> faces = impl_->tracker->process(index);
  impl_->image = {};
  return faces;
}

FaceTracker& FaceSequence::tracker() { return *impl_->tracker; }
const FaceTracker& FaceSequence::tracker() const { return *impl_->tracker; }

}  // namespace stf2m::perception
