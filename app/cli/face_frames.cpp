#include "face_frames.h"

#include <algorithm>
#include <optional>

namespace stf2m::cli {

using namespace stf2m::perception;

namespace {

void shift(FaceObservation& o, double dx, double dy) {
  o.box.x += dx, o.box.y += dy;
  for (FacePoint& p : o.landmarks.points) p.x += dx, p.y += dy;
  o.landmarks.alignedBox.x += dx, o.landmarks.alignedBox.y += dy;
}

FaceObservation toObservation(FaceAnalysis a) {
  return {a.box, std::move(a.landmarks), std::move(a.expressions)};
}

}  // namespace

struct FaceFrames::Impl {
  FacePipeline pipeline;
  // Refinement between detections reads a crop around the propagated box (twice its size) with a
  // small detector input: the face fills the crop, so 160 is enough and much cheaper.
  std::optional<FacePipeline> cropPipeline;
  RgbImageView image{};
  std::optional<FaceTracker> tracker;

  Impl(const FacePipelineOptions& po, int detectEvery) : pipeline(po) {
    if (detectEvery > 1) {
      FacePipelineOptions co = po;
      co.inputSize = std::min(po.inputSize, 160);
      cropPipeline.emplace(co);
    }
    FaceTrackerOptions to;
    to.detectEvery = detectEvery;
    auto detect = [this](int) {
      std::vector<FaceObservation> out;
      for (FaceAnalysis& a : pipeline.analyse(image)) out.push_back(toObservation(std::move(a)));
      return out;
    };
    auto refine = [this](int, const FaceBox& box) -> std::optional<FaceObservation> {
      const double cx = box.x + box.width / 2, cy = box.y + box.height / 2;
      const double half = std::max(box.width, box.height);  // crop side = 2x the box
      const int x0 = std::clamp(int(cx - half), 0, image.width), y0 = std::clamp(int(cy - half), 0, image.height);
      const int x1 = std::clamp(int(cx + half), 0, image.width), y1 = std::clamp(int(cy + half), 0, image.height);
      if (x1 - x0 < 16 || y1 - y0 < 16) return std::nullopt;
      const RgbImageView crop{image.data + size_t(y0) * image.stride + size_t(x0) * 3, x1 - x0, y1 - y0, image.stride};
      std::optional<FaceObservation> best;
      double bestIou = 0;
      for (FaceAnalysis& a : cropPipeline->analyse(crop)) {
        FaceObservation o = toObservation(std::move(a));
        shift(o, x0, y0);
        const double v = FaceTracker::iou(o.box, box);
        if (v > bestIou) bestIou = v, best = std::move(o);
      }
      return best;
    };
    tracker.emplace(to, detect, detectEvery > 1 ? FaceTracker::RefineFn(refine) : FaceTracker::RefineFn());
  }
};

FaceFrames::FaceFrames(const FacePipelineOptions& options, int detectEvery) : impl_(std::make_unique<Impl>(options, detectEvery)) {}
FaceFrames::~FaceFrames() = default;

std::vector<TrackedFace> FaceFrames::process(int index, const RgbImageView& image) {
  impl_->image = image;
  return impl_->tracker->process(index);
}

}  // namespace stf2m::cli
