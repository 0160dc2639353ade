#pragma once
// A tilted face read upright (no LibTorch types): a square patch around a face box, resampled
// (bilinear) so that a face rolled by `degrees` stands upright in it, and the mapping of points
// of the patch back to the picture. The landmark and expression nets were trained on mostly
// upright faces and read a face rolled by 30 degrees badly (docs/face-features.md); the tracker's
// refits read such a face from this patch instead (FacePipeline::analyseBoxes with rolls).
#include <cstdint>
#include <vector>

#include "perception/face_types.h"

namespace stf2m::perception {

class UprightCrop {
 public:
  // The patch: side = `sides` x the box's longer side, centred on the box, rotated by -degrees.
  // Pixels outside the picture are black (as the nets' own padding).
  UprightCrop(const RgbImageView& image, const FaceBox& box, double degrees, double sides = 2.0);

  RgbImageView view() const { return {rgb_.data(), side_, side_, side_ * 3}; }
  // The face box in patch pixels (same size, centred).
  FaceBox box() const;
  // A point of the patch in picture pixels.
  FacePoint toImage(const FacePoint& p) const;
  // Landmarks read in the patch, in picture pixels (their aligned box recomputed as face-api
  // does: the points' bounds grown by 20 %, centred).
  FaceLandmarks68 toImage(const FaceLandmarks68& landmarks) const;

 private:
  std::vector<uint8_t> rgb_;
  int side_ = 0;
  double cx_ = 0, cy_ = 0;  // box centre, picture pixels
  double cos_ = 1, sin_ = 0;
  double boxWidth_ = 0, boxHeight_ = 0;
};

}  // namespace stf2m::perception
