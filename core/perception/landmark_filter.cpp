#include "perception/landmark_filter.h"

#include <cmath>

#include "common/error.h"

namespace stf2m::perception {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Smoothing factor of a first-order low-pass with cutoff `hz` for a step of `dt` seconds.
double alpha(double hz, double dt) {
  const double tau = 1.0 / (2 * kPi * hz);
  return 1.0 / (1.0 + tau / dt);
}

}  // namespace

void validate(const LandmarkFilterOptions& o) {
  if (!(o.minCutoffHz > 0) || !(o.derivativeCutoffHz > 0) || !(o.beta >= 0) || !std::isfinite(o.beta) ||
      !std::isfinite(o.minCutoffHz) || !std::isfinite(o.derivativeCutoffHz))
    throw Error(ErrorCode::InvalidArgument, "landmark filter", "cutoffs must be positive and beta >= 0");
}

void filterLandmarks(LandmarkFilterState& s, const LandmarkFilterOptions& o, double time, double faceWidth,
                     FaceLandmarks68& lm) {
  if (!o.enabled || !lm.valid) return;
  const double dt = time - s.time;
  if (!s.primed || !(dt > 0) || !(faceWidth > 0)) {
    for (size_t i = 0; i < 68; ++i) s.value[2 * i] = lm.points[i].x, s.value[2 * i + 1] = lm.points[i].y;
    s.derivative.fill(0);
    s.primed = true;
    s.time = time;
    return;
  }
  const double aD = alpha(o.derivativeCutoffHz, dt);
  for (size_t k = 0; k < 136; ++k) {
    const double x = k % 2 ? lm.points[k / 2].y : lm.points[k / 2].x;
    const double speed = (x - s.value[k]) / dt;
    s.derivative[k] += aD * (speed - s.derivative[k]);
    const double cutoff = o.minCutoffHz + o.beta * std::abs(s.derivative[k]) / faceWidth;
    s.value[k] += alpha(cutoff, dt) * (x - s.value[k]);
    (k % 2 ? lm.points[k / 2].y : lm.points[k / 2].x) = s.value[k];
  }
  s.time = time;
}

}  // namespace stf2m::perception
