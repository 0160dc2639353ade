#pragma once
// Face tracking over a frame sequence (no LibTorch types; see docs/face-features.md).
//
// The tracker does not look at pixels itself: it asks two injectable callbacks for observations,
// so it runs on a FacePipeline (see face_sequence.h) or on scripted ground truth in tests.
//   detect(frame)          full-frame detection + landmarks + expressions, every `detectEvery`
//                          frames, when there is no live track, and whenever a refit fails.
//   refine(frame, boxes)   landmark-based tracking between detections: the 68 landmarks (and
//                          expressions) re-read at each given box, no detector (one result per
//                          box, in order; all faces of a frame in one call so they batch). Each
//                          box is a track's box propagated from the previous frame. Optional:
//                          without it every frame is detected.
// A refit observation gets its box and score from the tracker, not from the callback:
//   box   = the new landmarks' bounding box mapped through the relation (centre offset and size
//           ratio) between the track's last detection box and that detection's landmark bounds,
//           so refit boxes are detector-like and follow the face's motion and scale;
//   score = the last detection's score x refitScoreDecay ^ (frames since that detection): the
//           landmark net has no objectness, so confidence decays with time since a detection
//           last confirmed the face.
// A refit fails (and the whole frame is detected instead) when it has no valid landmarks, when
// its score falls below minRefineScore, or when its box has IoU below minRefineIou with the
// propagated box: the landmarks drifted off the face (box moved away) or collapsed/spread (a box
// shrunk to a fraction a of the area, or grown to 1/a, has IoU a at best).
// Association: greedy by IoU (all track/observation pairs with IoU >= minIou, highest IoU first,
// each track and observation used once). Greedy equals the Hungarian optimum whenever the
// matrix has at most one plausible partner per row/column, which is what small inter-frame motion
// gives; it is O(n^2 log n) and deterministic (ties: lower track id, then lower observation
// index). Tracks are compared through their velocity-predicted box, which keeps identities of
// faces that cross.
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "perception/face_types.h"

namespace stf2m::perception {

struct FaceObservation {
  FaceBox box;                  // image pixels; box.score = confidence (detector or refit)
  FaceLandmarks68 landmarks;    // landmarks.valid false: none
  FaceExpressions expressions;  // expressions.valid false: none
};

struct FaceTrackerOptions {
  int detectEvery = 1;          // full detection at least every N frames (>= 1)
  int maxMissedFrames = 5;      // a track survives this many frames without observation
  double minIou = 0.3;          // association threshold (detection vs predicted box)
  double minRefineScore = 0.3;  // a refit below this score counts as a failed fit
  double minRefineIou = 0.5;    // ... as does one whose box moved off the propagated box
  double refitScoreDecay = 0.98;  // per frame since the track's last detection, in (0, 1]
  bool useVelocity = true;      // constant-velocity prediction of each track's box
};

struct TrackedFace {
  int trackId = 0;
  FaceObservation observation;
  bool detected = false;  // from a full detection this frame (false: a landmark refit)
};

struct FaceTrackInfo {
  int trackId = 0;
  int firstFrame = 0, lastFrame = 0;
  int hits = 0;             // frames with an observation
  double meanArea = 0;      // mean box area over the hits, pixels^2
  bool alive = false;       // still tracked (missed <= maxMissedFrames)
};

// One track's state (what the tracker remembers between frames).
struct FaceTrackState {
  int id = 0;
  FaceObservation last;
  double vx = 0, vy = 0;  // box centre velocity, pixels per frame
  int lastFrame = 0, firstFrame = 0, missed = 0, hits = 0;
  double areaSum = 0;
  bool alive = true;
  // From the last detection: its score and frame, and its box relative to its landmarks'
  // bounding box (centre offset in units of the bounds' size, size ratio); boxFromLandmarks.
  double detectionScore = 0;
  int detectionFrame = 0;
  bool canRefit = false;  // the last detection had landmarks with a non-degenerate bounding box
  double offsetX = 0, offsetY = 0, scaleX = 1, scaleY = 1;
};

// Everything a FaceTracker carries from frame to frame: with it, a tracker restored on another
// run continues exactly as the original would have (the session pipeline checkpoints it).
struct FaceTrackerState {
  std::vector<FaceTrackState> tracks;
  std::optional<int> primaryOverride;
  int nextId = 1;
  int lastDetectFrame = 0;
  bool haveDetected = false;
  int detectionsRun = 0, refinementsRun = 0;
};

class FaceTracker {
 public:
  using DetectFn = std::function<std::vector<FaceObservation>(int frame)>;
  // One result per box; std::nullopt (or landmarks.valid false) is a failed fit.
  using RefineFn =
      std::function<std::vector<std::optional<FaceObservation>>(int frame, const std::vector<FaceBox>& boxes)>;

  // Throws InvalidArgument for a bad option or a missing detect callback.
  explicit FaceTracker(FaceTrackerOptions options, DetectFn detect, RefineFn refine = {});

  // Processes the next frame (frames are numbered by the caller, increasing); returns the faces
  // observed in it, ordered by track id. Tracks that missed this frame are not reported.
  std::vector<TrackedFace> process(int frame);

  // Every track ever started, by id.
  std::vector<FaceTrackInfo> tracks() const;
  // The primary subject: the override when it names a known track, else the track with the most
  // hits, ties broken by larger mean area, then lower id. -1 when there is no track.
  int primaryTrack() const;
  void setPrimaryOverride(std::optional<int> trackId) { s_.primaryOverride = trackId; }

  int detectionsRun() const { return s_.detectionsRun; }
  int refinementsRun() const { return s_.refinementsRun; }  // boxes refitted, all frames

  // The state after the frames processed so far, and the same restored (options stay this
  // tracker's own).
  const FaceTrackerState& state() const { return s_; }
  void restore(FaceTrackerState state) { s_ = std::move(state); }

  static double iou(const FaceBox& a, const FaceBox& b);
  // Greedy-by-IoU assignment: result[i] = index into `b` matched with a[i], or -1.
  static std::vector<int> greedyMatch(const std::vector<FaceBox>& a, const std::vector<FaceBox>& b,
                                      double minIou);

 private:
  using Track = FaceTrackState;
  FaceBox predicted(const Track& t, int frame) const;
  static void learnBoxFromLandmarks(Track& t);
  static FaceBox boxFromLandmarks(const Track& t, const FaceLandmarks68& landmarks);
  void update(Track& t, const FaceObservation& o, int frame);
  std::vector<TrackedFace> detectFrame(int frame);

  FaceTrackerOptions options_;
  DetectFn detect_;
  RefineFn refine_;
  FaceTrackerState s_;
};

}  // namespace stf2m::perception
