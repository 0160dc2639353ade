#pragma once
// Scripted ground truth for FaceTracker tests: per frame, which identity is where. Detections
// (and refits) come from callbacks that read boxes off a script, so ids, misses, crossings and
// the primary subject are known exactly.
#include <algorithm>
#include <map>
#include <vector>

#include "perception/face_tracker.h"

namespace stf2m::perception::test {

// Ground truth: per frame, a list of (true identity, box).
struct Truth {
  int identity;
  FaceBox box;
  double shape = 1.0;  // see observe()
};
using Script = std::map<int, std::vector<Truth>>;

inline FaceBox box(double x, double y, double size) {
  FaceBox b;
  b.x = x, b.y = y, b.width = size, b.height = size, b.score = 0.9;
  return b;
}

// `shape` stretches the landmark layout vertically: identities with different shapes differ in
// landmark geometry (face_shape.h), as two people do.
inline FaceObservation observe(const FaceBox& b, double shape = 1.0) {
  FaceObservation o;
  o.box = b;
  // Landmarks spread over the inner 80 % of the box (what propagation reads).
  for (int i = 0; i < 68; ++i)
    o.landmarks.points[i] = {b.x + b.width * (0.1 + 0.8 * (i % 9) / 8.0), b.y + b.height * (0.1 + 0.8 * shape * (i / 9) / 7.0)};
  // The eyes (36-41 right, 42-47 left) level: an upright face (no roll).
  for (int i = 36; i < 48; ++i)
    o.landmarks.points[i] = {b.x + b.width * (i < 42 ? 0.2 + 0.04 * (i - 36) : 0.6 + 0.04 * (i - 42)), b.y + b.height * 0.35 * shape};
  o.landmarks.valid = true;
  o.expressions.probabilities[0] = 1.0f;
  o.expressions.valid = true;
  return o;
}

inline FaceTracker::DetectFn detector(const Script& script, bool reverse = false) {
  return [&script, reverse](int frame) {
    std::vector<FaceObservation> out;
    auto it = script.find(frame);
    if (it == script.end()) return out;
    for (const Truth& t : it->second) out.push_back(observe(t.box, t.shape));
    if (reverse) std::reverse(out.begin(), out.end());
    return out;
  };
}

// identity -> track id, checking the mapping is one-to-one and stable over all frames.
struct IdCheck {
  std::map<int, int> trackOf;
  std::map<int, int> identityOf;
  bool consistent = true;
  void see(const Script& script, int frame, const std::vector<TrackedFace>& faces) {
    const auto& truths = script.count(frame) ? script.at(frame) : std::vector<Truth>{};
    for (const TrackedFace& f : faces) {
      int identity = -1;
      double best = 0;
      for (const Truth& t : truths) {
        const double v = FaceTracker::iou(t.box, f.observation.box);
        if (v > best) best = v, identity = t.identity;
      }
      if (identity < 0) { consistent = false; continue; }
      if (trackOf.count(identity) && trackOf[identity] != f.trackId) consistent = false;
      if (identityOf.count(f.trackId) && identityOf[f.trackId] != identity) consistent = false;
      trackOf[identity] = f.trackId;
      identityOf[f.trackId] = identity;
    }
  }
};


}  // namespace stf2m::perception::test
