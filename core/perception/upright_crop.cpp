#include "perception/upright_crop.h"

#include <algorithm>
#include <cmath>

#include "perception/face_shape.h"

namespace stf2m::perception {

UprightCrop::UprightCrop(const RgbImageView& image, const FaceBox& box, double degrees, double sides)
    : cx_(box.x + box.width / 2), cy_(box.y + box.height / 2), boxWidth_(box.width), boxHeight_(box.height) {
  const double radians = degrees * 3.14159265358979323846 / 180.0;
  cos_ = std::cos(radians), sin_ = std::sin(radians);
  side_ = std::max(16, int(std::ceil(sides * std::max(box.width, box.height))));
  rgb_.assign(size_t(side_) * side_ * 3, 0);
  for (int y = 0; y < side_; ++y)
    for (int x = 0; x < side_; ++x) {
      // The patch pixel's centre in the picture (pixel centres at +0.5).
      const FacePoint p = toImage(FacePoint{x + 0.5, y + 0.5});
      const double u = p.x - 0.5, v = p.y - 0.5;
      const int x0 = int(std::floor(u)), y0 = int(std::floor(v));
      if (x0 < 0 || y0 < 0 || x0 + 1 >= image.width || y0 + 1 >= image.height) continue;
      const double fx = u - x0, fy = v - y0;
      const uint8_t* r0 = image.data + size_t(y0) * image.stride + size_t(x0) * 3;
      const uint8_t* r1 = r0 + image.stride;
      uint8_t* out = &rgb_[(size_t(y) * side_ + x) * 3];
      for (int k = 0; k < 3; ++k) {
        const double top = (1 - fx) * r0[k] + fx * r0[3 + k], bottom = (1 - fx) * r1[k] + fx * r1[3 + k];
        out[k] = uint8_t(std::lround((1 - fy) * top + fy * bottom));
      }
    }
}

FaceBox UprightCrop::box() const {
  FaceBox b;
  b.width = boxWidth_, b.height = boxHeight_;
  b.x = side_ / 2.0 - boxWidth_ / 2, b.y = side_ / 2.0 - boxHeight_ / 2;
  return b;
}

FacePoint UprightCrop::toImage(const FacePoint& p) const {
  const double dx = p.x - side_ / 2.0, dy = p.y - side_ / 2.0;
  return {cx_ + cos_ * dx - sin_ * dy, cy_ + sin_ * dx + cos_ * dy};
}

FaceLandmarks68 UprightCrop::toImage(const FaceLandmarks68& landmarks) const {
  FaceLandmarks68 out = landmarks;
  if (!landmarks.valid) return out;
  for (FacePoint& p : out.points) p = toImage(p);
  const FaceBox bounds = landmarkBounds(out);
  out.alignedBox.width = bounds.width * 1.2, out.alignedBox.height = bounds.height * 1.2;
  out.alignedBox.x = bounds.x - bounds.width * 0.1, out.alignedBox.y = bounds.y - bounds.height * 0.1;
  out.alignedBox.score = landmarks.alignedBox.score;
  return out;
}

}  // namespace stf2m::perception
