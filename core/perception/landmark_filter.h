#pragma once
// Temporal smoothing of a track's 68 landmarks: a One Euro filter (Casiez, Roussel and Vogel,
// CHI 2012) per coordinate. A first-order low-pass whose cutoff rises with the point's speed:
// on a still face the cutoff stays at minCutoffHz and the network's frame-to-frame jitter is
// averaged away; on a moving face (or a mouth opening) it rises, so the points lag little.
// Speed is measured in face widths per second, so one setting fits every face size. Jitter and
// lag of the default setting on real networks are measured in docs/face-features.md.
#include <array>

#include "perception/face_types.h"

namespace stf2m::perception {

struct LandmarkFilterOptions {
  bool enabled = true;
  double minCutoffHz = 1.5;          // cutoff on a still point
  double beta = 10.0;                // cutoff increase per face width per second of speed
  double derivativeCutoffHz = 1.0;   // low-pass of the speed estimate
};

struct LandmarkFilterState {
  bool primed = false;
  double time = 0;  // seconds, of the last sample
  std::array<double, 136> value{};       // filtered x0, y0, x1, y1, ...
  std::array<double, 136> derivative{};  // filtered speed, pixels per second
};

// Throws InvalidArgument when a cutoff is not positive or beta is negative.
void validate(const LandmarkFilterOptions& options);

// Filters `landmarks` (valid ones only) sampled at `time` seconds in place. `faceWidth` (pixels,
// > 0) sets the speed unit. A first sample, or one not after the last, restarts the filter.
void filterLandmarks(LandmarkFilterState& state, const LandmarkFilterOptions& options, double time, double faceWidth,
                     FaceLandmarks68& landmarks);

}  // namespace stf2m::perception
