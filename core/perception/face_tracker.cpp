#include "perception/face_tracker.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "common/error.h"

namespace stf2m::perception {

namespace {

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

}  // namespace

FaceTracker::FaceTracker(FaceTrackerOptions options, DetectFn detect, RefineFn refine)
    : options_(options), detect_(std::move(detect)), refine_(std::move(refine)) {
  if (!detect_) throw Error(ErrorCode::InvalidArgument, "face tracker", "no detect callback");
  if (options_.detectEvery < 1 || options_.maxMissedFrames < 0 || !(options_.minIou >= 0 && options_.minIou <= 1) ||
      !(options_.minRefineIou >= 0 && options_.minRefineIou <= 1) ||
      !(options_.refitScoreDecay > 0 && options_.refitScoreDecay <= 1))
    throw Error(ErrorCode::InvalidArgument, "face tracker",
                "detectEvery must be >= 1, maxMissedFrames >= 0, minIou and minRefineIou in [0, 1], "
                "refitScoreDecay in (0, 1]");
}

double FaceTracker::iou(const FaceBox& a, const FaceBox& b) {
  const double ix = std::max(0.0, std::min(a.right(), b.right()) - std::max(a.x, b.x));
  const double iy = std::max(0.0, std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y));
  const double inter = ix * iy;
  const double uni = a.width * a.height + b.width * b.height - inter;
  return uni > 0 ? inter / uni : 0.0;
}

std::vector<int> FaceTracker::greedyMatch(const std::vector<FaceBox>& a, const std::vector<FaceBox>& b,
                                          double minIou) {
  std::vector<std::tuple<double, int, int>> pairs;  // (-iou, i, j): sorts best first, then i, j
  for (int i = 0; i < int(a.size()); ++i)
    for (int j = 0; j < int(b.size()); ++j) {
      const double v = iou(a[i], b[j]);
      if (v >= minIou && v > 0) pairs.emplace_back(-v, i, j);
    }
  std::sort(pairs.begin(), pairs.end());
  std::vector<int> match(a.size(), -1);
  std::vector<bool> used(b.size(), false);
  for (const auto& [negIou, i, j] : pairs) {
    if (match[i] >= 0 || used[j]) continue;
    match[i] = j;
    used[j] = true;
  }
  return match;
}

FaceBox FaceTracker::predicted(const Track& t, int frame) const {
  FaceBox b = t.last.box;
  if (options_.useVelocity) {
    const int dt = frame - t.lastFrame;
    b.x += t.vx * dt, b.y += t.vy * dt;
  }
  return b;
}

void FaceTracker::learnBoxFromLandmarks(Track& t) {
  t.canRefit = false;
  if (!t.last.landmarks.valid) return;
  const FaceBox lb = landmarkBounds(t.last.landmarks);
  if (!(lb.width > 0 && lb.height > 0)) return;
  const FaceBox& b = t.last.box;
  t.offsetX = ((b.x + b.width / 2) - (lb.x + lb.width / 2)) / lb.width;
  t.offsetY = ((b.y + b.height / 2) - (lb.y + lb.height / 2)) / lb.height;
  t.scaleX = b.width / lb.width;
  t.scaleY = b.height / lb.height;
  t.canRefit = true;
}

FaceBox FaceTracker::boxFromLandmarks(const Track& t, const FaceLandmarks68& landmarks) {
  const FaceBox lb = landmarkBounds(landmarks);
  const double cx = lb.x + lb.width / 2 + t.offsetX * lb.width;
  const double cy = lb.y + lb.height / 2 + t.offsetY * lb.height;
  FaceBox b;
  b.width = t.scaleX * lb.width, b.height = t.scaleY * lb.height;
  b.x = cx - b.width / 2, b.y = cy - b.height / 2;
  return b;
}

void FaceTracker::update(Track& t, const FaceObservation& o, int frame) {
  const double cx = o.box.x + o.box.width / 2, cy = o.box.y + o.box.height / 2;
  const double px = t.last.box.x + t.last.box.width / 2, py = t.last.box.y + t.last.box.height / 2;
  if (t.hits > 0 && frame > t.lastFrame) {
    const double dt = frame - t.lastFrame;
    // Smoothed velocity (half new, half old) so one noisy box does not throw the prediction.
    t.vx = 0.5 * t.vx + 0.5 * (cx - px) / dt;
    t.vy = 0.5 * t.vy + 0.5 * (cy - py) / dt;
  }
  t.last = o;
  t.lastFrame = frame;
  t.missed = 0;
  t.hits += 1;
  t.areaSum += o.box.width * o.box.height;
}

std::vector<TrackedFace> FaceTracker::detectFrame(int frame) {
  ++s_.detectionsRun;
  s_.lastDetectFrame = frame;
  s_.haveDetected = true;
  const std::vector<FaceObservation> obs = detect_(frame);
  std::vector<int> live;
  std::vector<FaceBox> trackBoxes, obsBoxes;
  for (int i = 0; i < int(s_.tracks.size()); ++i)
    if (s_.tracks[i].alive) live.push_back(i), trackBoxes.push_back(predicted(s_.tracks[i], frame));
  for (const FaceObservation& o : obs) obsBoxes.push_back(o.box);
  const std::vector<int> match = greedyMatch(trackBoxes, obsBoxes, options_.minIou);
  std::vector<bool> used(obs.size(), false);
  std::vector<TrackedFace> out;
  for (int k = 0; k < int(live.size()); ++k) {
    Track& t = s_.tracks[live[k]];
    if (match[k] >= 0) {
      used[match[k]] = true;
      update(t, obs[match[k]], frame);
      t.detectionScore = t.last.box.score, t.detectionFrame = frame;
      learnBoxFromLandmarks(t);
      out.push_back({t.id, t.last, true});
    } else if (++t.missed > options_.maxMissedFrames) {
      t.alive = false;
    }
  }
  for (int j = 0; j < int(obs.size()); ++j) {
    if (used[j]) continue;
    Track t;
    t.id = s_.nextId++;
    t.firstFrame = frame;
    t.lastFrame = frame;
    update(t, obs[j], frame);
    t.detectionScore = t.last.box.score, t.detectionFrame = frame;
    learnBoxFromLandmarks(t);
    s_.tracks.push_back(t);
    out.push_back({t.id, t.last, true});
  }
  std::sort(out.begin(), out.end(), [](const TrackedFace& a, const TrackedFace& b) { return a.trackId < b.trackId; });
  return out;
}

std::vector<TrackedFace> FaceTracker::process(int frame) {
  bool anyLiveSeen = false;
  for (const Track& t : s_.tracks) anyLiveSeen = anyLiveSeen || (t.alive && t.missed == 0);
  const bool due = !s_.haveDetected || frame - s_.lastDetectFrame >= options_.detectEvery;
  if (!refine_ || due || !anyLiveSeen) return detectFrame(frame);

  // Landmark-based tracking: refit every track seen last frame at its propagated box (the last
  // box moved by the velocity; refit boxes come from landmarks, so this is where the previous
  // landmarks put the face). Any failed fit re-runs detection on this frame. Tracks currently
  // missing can only come back through a detection.
  std::vector<int> refitTracks;
  std::vector<FaceBox> boxes;
  for (int i = 0; i < int(s_.tracks.size()); ++i) {
    const Track& t = s_.tracks[i];
    if (!t.alive || t.missed > 0) continue;
    if (!t.canRefit) return detectFrame(frame);
    refitTracks.push_back(i);
    boxes.push_back(predicted(t, frame));
  }
  s_.refinementsRun += int(boxes.size());
  std::vector<std::optional<FaceObservation>> fits = refine_(frame, boxes);
  if (fits.size() != boxes.size()) return detectFrame(frame);
  struct Refit { int index; FaceObservation obs; };
  std::vector<Refit> refits;
  for (size_t k = 0; k < boxes.size(); ++k) {
    std::optional<FaceObservation>& o = fits[k];
    if (!o || !o->landmarks.valid) return detectFrame(frame);
    const Track& t = s_.tracks[refitTracks[k]];
    FaceBox box = boxFromLandmarks(t, o->landmarks);
    box.score = t.detectionScore * std::pow(options_.refitScoreDecay, frame - t.detectionFrame);
    if (box.score < options_.minRefineScore || iou(box, boxes[k]) < options_.minRefineIou) return detectFrame(frame);
    o->box = box;
    o->landmarks.alignedBox.score = box.score;
    refits.push_back({refitTracks[k], std::move(*o)});
  }
  std::vector<TrackedFace> out;
  for (Refit& r : refits) {
    update(s_.tracks[r.index], r.obs, frame);
    out.push_back({s_.tracks[r.index].id, s_.tracks[r.index].last, false});
  }
  for (Track& t : s_.tracks)
    if (t.alive && t.missed > 0 && ++t.missed > options_.maxMissedFrames) t.alive = false;
  return out;
}

std::vector<FaceTrackInfo> FaceTracker::tracks() const {
  std::vector<FaceTrackInfo> out;
  for (const Track& t : s_.tracks)
    out.push_back({t.id, t.firstFrame, t.lastFrame, t.hits, t.hits > 0 ? t.areaSum / t.hits : 0.0, t.alive});
  return out;
}

int FaceTracker::primaryTrack() const {
  if (s_.primaryOverride)
    for (const Track& t : s_.tracks)
      if (t.id == *s_.primaryOverride) return t.id;
  const Track* best = nullptr;
  for (const Track& t : s_.tracks) {
    if (!best) { best = &t; continue; }
    const double a = t.areaSum / std::max(1, t.hits), ba = best->areaSum / std::max(1, best->hits);
    if (t.hits > best->hits || (t.hits == best->hits && a > ba)) best = &t;
  }
  return best ? best->id : -1;
}

}  // namespace stf2m::perception
