#include "perception/face_tracker.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "common/error.h"
#include "perception/face_shape.h"

namespace stf2m::perception {

namespace {

double side(const FaceBox& b) { return std::max(b.width, b.height); }

double centreDistance(const FaceBox& a, const FaceBox& b) {
  return std::hypot(a.x + a.width / 2 - b.x - b.width / 2, a.y + a.height / 2 - b.y - b.height / 2);
}

double sizeRatio(const FaceBox& a, const FaceBox& b) {
  const double sa = side(a), sb = side(b);
  return sa > 0 && sb > 0 ? std::max(sa, sb) / std::min(sa, sb) : INFINITY;
}

bool inUnitRange(double v) { return v >= 0 && v <= 1; }

// How much a detection box may differ in size from the box the track's box/landmark relation
// gives for its landmarks before it counts as framing something else.
constexpr double kMaxFramingChange = 1.3;

}  // namespace

const char* faceSourceName(FaceSource source) {
  switch (source) {
    case FaceSource::Detected: return "detected";
    case FaceSource::Refitted: return "refitted";
    case FaceSource::Missing: break;
  }
  return "missing";
}

FaceTracker::FaceTracker(FaceTrackerOptions options, DetectFn detect, RefineFn refine, SearchFn search)
    : options_(options), detect_(std::move(detect)), refine_(std::move(refine)), search_(std::move(search)) {
  if (!detect_) throw Error(ErrorCode::InvalidArgument, "face tracker", "no detect callback");
  const FaceTrackerOptions& o = options_;
  if (o.detectEvery < 1 || o.maxMissedFrames < 0 || !inUnitRange(o.minIou) || !inUnitRange(o.minRefineIou) ||
      !(o.refitScoreDecay > 0 && o.refitScoreDecay <= 1))
    throw Error(ErrorCode::InvalidArgument, "face tracker",
                "detectEvery must be >= 1, maxMissedFrames >= 0, minIou and minRefineIou in [0, 1], "
                "refitScoreDecay in (0, 1]");
  if (!inUnitRange(o.searchScoreThreshold) || !inUnitRange(o.acquireScoreThreshold) || !(o.searchRegionScale >= 1) || o.reidentifyFrames < 0 ||
      !(o.reidMaxDistance >= 0) || !(o.reidMaxSizeRatio >= 1) || !(o.reidMaxShapeDistance >= 0) ||
      !(o.maxShapeDistance > 0) || !(o.fps > 0) || !std::isfinite(o.fps) || !(o.rereadRollDegrees >= 0))
    throw Error(ErrorCode::InvalidArgument, "face tracker",
                "searchScoreThreshold must be in [0, 1], searchRegionScale >= 1, reidentifyFrames >= 0, "
                "reidMaxDistance and reidMaxShapeDistance >= 0, reidMaxSizeRatio >= 1, maxShapeDistance > 0, fps > 0");
  validate(o.smoothing);
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

void FaceTracker::update(Track& t, const FaceObservation& o, int frame, FaceSource source) {
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
  if (source == FaceSource::Refitted) {
    ++t.refits;
    return;
  }
  ++t.detections;
  t.detectionScore = o.box.score, t.detectionFrame = frame;
  // A detection box framing far more or less than the track's detections did around the same
  // landmarks (the whole head of a tilted face rather than the face) would make every refit
  // read the face from the wrong box: the box follows the landmarks and the relation is kept.
  if (t.canRefit && o.landmarks.valid) {
    FaceBox expected = boxFromLandmarks(t, o.landmarks);
    if (sizeRatio(expected, o.box) > kMaxFramingChange) {
      expected.score = o.box.score;
      t.last.box = expected;
      t.referenceBox = expected;
      t.referenceLandmarks = o.landmarks;
      return;
    }
  }
  t.referenceBox = o.box;
  t.referenceLandmarks = o.landmarks;
  learnBoxFromLandmarks(t);
}

TrackedFace FaceTracker::report(Track& t, FaceSource source) {
  TrackedFace out{t.id, t.last, source};
  filterLandmarks(t.filter, options_.smoothing, t.lastFrame / options_.fps, t.last.box.width, out.observation.landmarks);
  return out;
}

std::optional<FaceObservation> FaceTracker::gate(int frame, const Track& t, const FaceBox& propagated,
                                                 std::optional<FaceObservation> o, bool scoreGate) const {
  if (!o || !o->landmarks.valid || !t.canRefit) return std::nullopt;
  FaceBox box = boxFromLandmarks(t, o->landmarks);
  box.score = t.detectionScore * std::pow(options_.refitScoreDecay, frame - t.detectionFrame);
  const bool scoreLow = scoreGate && box.score < options_.minRefineScore;
  if (scoreLow || iou(box, propagated) < options_.minRefineIou ||
      shapeDistance(t.last.landmarks, o->landmarks) > options_.maxShapeDistance)
    return std::nullopt;
  o->box = box;
  o->landmarks.alignedBox.score = box.score;
  return o;
}

std::vector<std::optional<FaceObservation>> FaceTracker::refit(int frame, const std::vector<int>& indices,
                                                             bool scoreGate) {
  std::vector<std::optional<FaceObservation>> accepted(indices.size());
  if (!refine_ || indices.empty()) return accepted;
  std::vector<FaceBox> boxes;
  for (int i : indices) boxes.push_back(predicted(s_.tracks[i], frame));
  s_.refinementsRun += int(boxes.size());
  std::vector<std::optional<FaceObservation>> fits = refine_(frame, boxes, std::vector<double>(boxes.size(), 0.0));
  if (fits.size() != boxes.size()) return accepted;
  // A tilted face whose fit fails is read again upright (refine gets its previous roll): the
  // landmark net reads a face rolled by 30 degrees badly, but reading every tilted face upright
  // costs a network call of its own per face.
  std::vector<size_t> again;
  std::vector<FaceBox> againBoxes;
  std::vector<double> rolls;
  for (size_t k = 0; k < boxes.size(); ++k) {
    const Track& t = s_.tracks[indices[k]];
    accepted[k] = gate(frame, t, boxes[k], std::move(fits[k]), scoreGate);
    if (accepted[k] || !t.last.landmarks.valid) continue;
    const double roll = rollDegrees(t.last.landmarks);
    if (std::abs(roll) < options_.rereadRollDegrees) continue;
    again.push_back(k), againBoxes.push_back(boxes[k]), rolls.push_back(roll);
  }
  if (again.empty()) return accepted;
  s_.refinementsRun += int(again.size());
  std::vector<std::optional<FaceObservation>> upright = refine_(frame, againBoxes, rolls);
  if (upright.size() != again.size()) return accepted;
  for (size_t m = 0; m < again.size(); ++m)
    accepted[again[m]] = gate(frame, s_.tracks[indices[again[m]]], againBoxes[m], std::move(upright[m]), scoreGate);
  return accepted;
}

void FaceTracker::rereadTilted(int frame, const Track& t, FaceObservation& o) {
  if (!refine_ || !t.last.landmarks.valid || !o.landmarks.valid) return;
  const double roll = rollDegrees(t.last.landmarks);
  if (std::abs(roll) < options_.rereadRollDegrees ||
      shapeDistance(t.last.landmarks, o.landmarks) <= options_.maxShapeDistance)
    return;
  ++s_.refinementsRun;
  std::vector<std::optional<FaceObservation>> again = refine_(frame, {o.box}, {roll});
  if (again.size() != 1 || !again[0] || !again[0]->landmarks.valid) return;
  if (shapeDistance(t.last.landmarks, again[0]->landmarks) >= shapeDistance(t.last.landmarks, o.landmarks)) return;
  const double score = o.box.score;
  o.landmarks = again[0]->landmarks;
  o.landmarks.alignedBox.score = score;
  o.expressions = again[0]->expressions;
}

std::vector<FaceObservation> FaceTracker::acquire(int frame) {
  if (!search_) return {};
  for (const Track& t : s_.tracks)
    if (t.alive) return {};
  FaceBox picture;  // the callback clips the region to the picture
  picture.x = picture.y = -1e7, picture.width = picture.height = 2e7;
  ++s_.searchesRun;
  return search_(frame, picture, options_.acquireScoreThreshold);
}

std::optional<FaceObservation> FaceTracker::searchNear(int frame, const Track& t, const std::vector<FaceBox>& taken) {
  if (!search_) return std::nullopt;
  const FaceBox p = predicted(t, frame);
  const double s = side(p) * options_.searchRegionScale;
  FaceBox region;
  region.x = p.x + p.width / 2 - s / 2, region.y = p.y + p.height / 2 - s / 2, region.width = s, region.height = s;
  ++s_.searchesRun;
  for (FaceObservation& c : search_(frame, region, options_.searchScoreThreshold)) {
    // At the lower threshold the detector also fires on a neck or a shoulder: a candidate must
    // look like the track's face (shape, as for re-identification) and be of its size.
    bool plausible = sizeRatio(c.box, p) <= options_.reidMaxSizeRatio;
    if (c.landmarks.valid && (t.last.landmarks.valid || t.referenceLandmarks.valid))
      plausible = plausible && std::min(shapeDistance(t.last.landmarks, c.landmarks),
                                        shapeDistance(t.referenceLandmarks, c.landmarks)) <= options_.reidMaxShapeDistance;
    for (const FaceBox& b : taken) plausible = plausible && iou(b, c.box) < options_.minIou;
    if (plausible) return std::move(c);
  }
  return std::nullopt;
}

int FaceTracker::reidentify(int frame, const FaceObservation& o, const std::vector<bool>& candidate) const {
  int best = -1;
  double bestCost = INFINITY;
  for (int i = 0; i < int(candidate.size()); ++i) {
    if (!candidate[i]) continue;
    const Track& t = s_.tracks[i];
    if (frame - t.lastFrame > options_.reidentifyFrames) continue;
    const FaceBox last = t.alive ? predicted(t, frame) : t.last.box;
    const double distance =
        centreDistance(last, o.box) / std::max({side(last), side(t.referenceBox), side(o.box)});
    if (distance > options_.reidMaxDistance ||
        std::min(sizeRatio(last, o.box), sizeRatio(t.referenceBox, o.box)) > options_.reidMaxSizeRatio)
      continue;
    double shape = 0;
    if (o.landmarks.valid && (t.last.landmarks.valid || t.referenceLandmarks.valid)) {
      shape = std::min(shapeDistance(t.last.landmarks, o.landmarks), shapeDistance(t.referenceLandmarks, o.landmarks));
      if (shape > options_.reidMaxShapeDistance) continue;
    }
    const double cost = distance / std::max(options_.reidMaxDistance, 1e-9) +
                        shape / std::max(options_.reidMaxShapeDistance, 1e-9);
    if (cost < bestCost) bestCost = cost, best = i;
  }
  return best;
}

namespace {
// One box holds the other's centre, or the other way round: the same face read twice.
bool sameFace(const FaceBox& a, const FaceBox& b) {
  auto holds = [](const FaceBox& outer, const FaceBox& inner) {
    const double cx = inner.x + inner.width / 2, cy = inner.y + inner.height / 2;
    return cx > outer.x && cx < outer.right() && cy > outer.y && cy < outer.bottom();
  };
  return holds(a, b) || holds(b, a);
}
}  // namespace

bool FaceTracker::overlapsObservedFace(int frame, const FaceBox& box) const {
  for (const Track& t : s_.tracks)
    if (t.alive && t.lastFrame == frame && sameFace(t.last.box, box)) return true;
  return false;
}

void FaceTracker::dropDuplicates(int frame, std::vector<TrackedFace>& out) {
  for (Track& t : s_.tracks) {
    if (!t.alive || t.lastFrame != frame) continue;
    for (const Track& other : s_.tracks) {
      if (&other == &t || !other.alive || other.lastFrame != frame || !sameFace(t.last.box, other.last.box)) continue;
      // Keep the track seen longer (then the older one); the other ends for good (it must not
      // come back through re-identification with this frame's reading of another track's face).
      if (other.hits > t.hits || (other.hits == t.hits && other.id < t.id)) {
        t.hits -= 1;
        t.areaSum -= t.last.box.width * t.last.box.height;
        t.lastFrame = frame - 1;
        t.alive = false;
        retire(t);
        out.erase(std::remove_if(out.begin(), out.end(), [&](const TrackedFace& f) { return f.trackId == t.id; }), out.end());
        break;
      }
    }
  }
}

void FaceTracker::retire(Track& t) {
  t.retired = true;
  t.last = {};  // its landmarks and embedding are no longer needed
  t.referenceLandmarks = {};
  t.filter = {};
}

void FaceTracker::loseMissing(int frame) {
  for (Track& t : s_.tracks) {
    if (t.alive && t.lastFrame != frame && ++t.missed > options_.maxMissedFrames) t.alive = false;
    if (!t.alive && !t.retired && frame - t.lastFrame > options_.reidentifyFrames) retire(t);
  }
}

std::vector<TrackedFace> FaceTracker::detectFrame(int frame) {
  ++s_.detectionsRun;
  s_.lastDetectFrame = frame;
  s_.haveDetected = true;
  std::vector<FaceObservation> obs = detect_(frame);
  if (obs.empty()) obs = acquire(frame);
  std::vector<int> live;
  std::vector<FaceBox> trackBoxes, obsBoxes;
  for (int i = 0; i < int(s_.tracks.size()); ++i)
    if (s_.tracks[i].alive) live.push_back(i), trackBoxes.push_back(predicted(s_.tracks[i], frame));
  for (const FaceObservation& o : obs) obsBoxes.push_back(o.box);
  const std::vector<int> match = greedyMatch(trackBoxes, obsBoxes, options_.minIou);
  std::vector<bool> used(obs.size(), false);
  std::vector<TrackedFace> out;
  std::vector<bool> open(s_.tracks.size(), false);  // live and not yet observed this frame
  for (int k = 0; k < int(live.size()); ++k) {
    Track& t = s_.tracks[live[k]];
    if (match[k] < 0) {
      open[live[k]] = true;
      continue;
    }
    used[match[k]] = true;
    rereadTilted(frame, t, obs[match[k]]);
    update(t, obs[match[k]], frame, FaceSource::Detected);
    out.push_back(report(t, FaceSource::Detected));
  }
  // A detection too far from its track's prediction for the IoU rule (a fast move, a jump of
  // the box) but close in position, size and shape still belongs to it.
  for (int j = 0; j < int(obs.size()); ++j) {
    if (used[j]) continue;
    const int i = reidentify(frame, obs[j], open);
    if (i < 0) continue;
    used[j] = true, open[i] = false;
    update(s_.tracks[i], obs[j], frame, FaceSource::Detected);
    out.push_back(report(s_.tracks[i], FaceSource::Detected));
  }
  // Tracks the detector missed: refit through the gate, else search near them.
  std::vector<int> missedByDetector;
  for (int i = 0; i < int(s_.tracks.size()); ++i)
    if (open[i]) missedByDetector.push_back(i);
  std::vector<std::optional<FaceObservation>> fits = refit(frame, missedByDetector, false);
  for (size_t k = 0; k < fits.size(); ++k) {
    if (!fits[k]) continue;
    Track& t = s_.tracks[missedByDetector[k]];
    open[missedByDetector[k]] = false;
    update(t, *fits[k], frame, FaceSource::Refitted);
    out.push_back(report(t, FaceSource::Refitted));
  }
  for (int i : missedByDetector) {
    if (!open[i]) continue;
    std::vector<FaceBox> taken;
    for (const Track& other : s_.tracks)
      if (other.alive && other.lastFrame == frame) taken.push_back(other.last.box);
    std::optional<FaceObservation> found = searchNear(frame, s_.tracks[i], taken);
    if (!found) continue;
    for (int j = 0; j < int(obs.size()); ++j) used[j] = used[j] || iou(obs[j].box, found->box) >= 0.5;
    Track& t = s_.tracks[i];
    open[i] = false;
    ++t.searches;
    update(t, *found, frame, FaceSource::Detected);
    out.push_back(report(t, FaceSource::Detected));
  }
  // Detections left: a face seen before (lost or missing, within the re-identification time),
  // else a new track.
  std::vector<bool> returning(s_.tracks.size(), false);
  for (int i = 0; i < int(s_.tracks.size()); ++i) returning[i] = open[i] || (!s_.tracks[i].alive && !s_.tracks[i].retired);
  for (int j = 0; j < int(obs.size()); ++j) {
    if (used[j] || overlapsObservedFace(frame, obs[j].box)) continue;
    const int i = reidentify(frame, obs[j], returning);
    if (i >= 0) {
      Track& t = s_.tracks[i];
      returning[i] = false;
      t.alive = true;
      t.vx = t.vy = 0;
      t.filter.primed = false;
      ++t.reidentified;
      update(t, obs[j], frame, FaceSource::Detected);
      out.push_back(report(t, FaceSource::Detected));
      continue;
    }
    Track t;
    t.id = s_.nextId++;
    t.firstFrame = frame;
    t.lastFrame = frame;
    update(t, obs[j], frame, FaceSource::Detected);
    s_.tracks.push_back(t);
    out.push_back(report(s_.tracks.back(), FaceSource::Detected));
  }
  dropDuplicates(frame, out);
  loseMissing(frame);
  std::sort(out.begin(), out.end(), [](const TrackedFace& a, const TrackedFace& b) { return a.trackId < b.trackId; });
  return out;
}

std::vector<TrackedFace> FaceTracker::process(int frame) {
  s_.frame = frame;
  std::vector<int> live;
  bool refittable = bool(refine_);
  for (int i = 0; i < int(s_.tracks.size()); ++i) {
    const Track& t = s_.tracks[i];
    if (!t.alive) continue;
    live.push_back(i);
    refittable = refittable && t.missed == 0 && t.canRefit;
  }
  const bool due = !s_.haveDetected || frame - s_.lastDetectFrame >= options_.detectEvery;
  if (due || live.empty() || !refittable) return detectFrame(frame);

  // Landmark-based tracking: every track was seen last frame; refit each at its propagated box.
  // Any fit that fails the gate makes this a detection frame instead.
  std::vector<std::optional<FaceObservation>> fits = refit(frame, live, true);
  for (const std::optional<FaceObservation>& f : fits)
    if (!f) return detectFrame(frame);
  std::vector<TrackedFace> out;
  for (size_t k = 0; k < live.size(); ++k) {
    Track& t = s_.tracks[live[k]];
    update(t, *fits[k], frame, FaceSource::Refitted);
    out.push_back(report(t, FaceSource::Refitted));
  }
  loseMissing(frame);
  return out;
}

std::vector<FaceTrackInfo> FaceTracker::tracks() const {
  std::vector<FaceTrackInfo> out;
  for (const Track& t : s_.tracks)
    out.push_back({t.id, t.firstFrame, t.lastFrame, t.hits, t.hits > 0 ? t.areaSum / t.hits : 0.0, t.alive,
                   t.detections, t.refits, t.searches, t.reidentified});
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
