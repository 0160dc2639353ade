#include "perception/face_shape.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace stf2m::perception {

namespace {

constexpr double kNoMatch = 2.0;

// Centred, unit-RMS-radius copy of the points; false when degenerate.
bool normalised(const FaceLandmarks68& lm, std::array<FacePoint, 68>& out) {
  double cx = 0, cy = 0;
  for (const FacePoint& p : lm.points) cx += p.x, cy += p.y;
  cx /= 68, cy /= 68;
  double r2 = 0;
  for (const FacePoint& p : lm.points) r2 += (p.x - cx) * (p.x - cx) + (p.y - cy) * (p.y - cy);
  const double r = std::sqrt(r2 / 68);
  if (!(r > 1e-9) || !std::isfinite(r)) return false;
  for (size_t i = 0; i < 68; ++i) out[i] = {(lm.points[i].x - cx) / r, (lm.points[i].y - cy) / r};
  return true;
}

}  // namespace

FaceBox landmarkBounds(const FaceLandmarks68& lm) {
  double x0 = lm.points[0].x, x1 = x0, y0 = lm.points[0].y, y1 = y0;
  for (const FacePoint& p : lm.points) {
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  }
  FaceBox b;
  b.x = x0, b.y = y0, b.width = x1 - x0, b.height = y1 - y0;
  return b;
}

double shapeDistance(const FaceLandmarks68& a, const FaceLandmarks68& b) {
  if (!a.valid || !b.valid) return kNoMatch;
  std::array<FacePoint, 68> p, q;
  if (!normalised(a, p) || !normalised(b, q)) return kNoMatch;
  // The rotation of q onto p that minimises the squared error: angle atan2(sum cross, sum dot).
  double dot = 0, cross = 0;
  for (size_t i = 0; i < 68; ++i) dot += q[i].x * p[i].x + q[i].y * p[i].y, cross += q[i].x * p[i].y - q[i].y * p[i].x;
  const double norm = std::hypot(dot, cross);
  const double c = norm > 0 ? dot / norm : 1.0, s = norm > 0 ? cross / norm : 0.0;
  double e2 = 0;
  for (size_t i = 0; i < 68; ++i) {
    const double rx = c * q[i].x - s * q[i].y, ry = s * q[i].x + c * q[i].y;
    e2 += (rx - p[i].x) * (rx - p[i].x) + (ry - p[i].y) * (ry - p[i].y);
  }
  return std::sqrt(e2 / 68);
}

double rollDegrees(const FaceLandmarks68& lm) {
  double rx = 0, ry = 0, lx = 0, ly = 0;
  for (int i = 36; i < 42; ++i) rx += lm.points[i].x / 6, ry += lm.points[i].y / 6;
  for (int i = 42; i < 48; ++i) lx += lm.points[i].x / 6, ly += lm.points[i].y / 6;
  return std::atan2(ly - ry, lx - rx) * 180.0 / 3.14159265358979323846;
}

}  // namespace stf2m::perception
