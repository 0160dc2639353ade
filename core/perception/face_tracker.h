#pragma once
// Face tracking over a frame sequence (no LibTorch types; see docs/face-features.md).
//
// The tracker does not look at pixels itself: it asks injectable callbacks for observations, so
// it runs on a FacePipeline (see face_sequence.h) or on scripted ground truth in tests.
//   detect(frame)          full-frame detection + landmarks + expressions, every `detectEvery`
//                          frames, whenever a track is missing or new, and whenever a refit fails.
//   refine(frame, boxes, rolls)
//                          landmark-based tracking: the 68 landmarks (and expressions) re-read at
//                          each given box, no detector (one result per box, in order; all faces
//                          of a frame in one call so they batch). Each box is a track's box
//                          propagated from the previous frame. Optional: without it every frame
//                          is detected and a detector miss is a missing face.
//   search(frame, region, minScore)
//                          detection inside `region` only, at a lower score threshold: the second
//                          look for a track that neither the detector nor a refit found, and
//                          (the region the whole picture) for a small face while nothing is
//                          tracked. Optional.
// A refit observation gets its box and score from the tracker, not from the callback:
//   box   = the new landmarks' bounding box mapped through the relation (centre offset and size
//           ratio) between the track's last detection box and that detection's landmark bounds,
//           so refit boxes are detector-like and follow the face's motion and scale;
//   score = the last detection's score x refitScoreDecay ^ (frames since that detection): the
//           landmark net has no objectness, so confidence decays with time since a detection
//           last confirmed the face.
// The fit-quality gate: a refit is accepted only when it has valid landmarks, its box overlaps
// the propagated box (IoU >= minRefineIou: landmarks that collapse or spread fail), and its shape
// is within maxShapeDistance of the track's previous landmarks (face_shape.h: a Procrustes
// distance). On real video (docs/face-features.md) true fits 7 frames apart are 0.02 apart at the
// median, a fit on the background >= 0.13: the gate stops a refit that slid off the face.
// Between detections a refit whose score fell below minRefineScore also makes the frame a
// detection frame (to confirm the face), and any failed fit does.
// On a detection frame, a live track the detector missed is refitted through the gate, whatever
// its score (the detector's score dips under its threshold at turns, hands and poor light while
// the landmarks still hold: then the confidence keeps decaying); failing that, it is searched
// for near its predicted box at searchScoreThreshold; only then is the frame missing for it.
// After maxMissedFrames missing frames in a row the track is lost.
// Association: greedy by IoU (all track/observation pairs with IoU >= minIou, highest IoU first,
// each track and observation used once). Greedy equals the Hungarian optimum whenever the
// matrix has at most one plausible partner per row/column, which is what small inter-frame motion
// gives; it is O(n^2 log n) and deterministic (ties: lower track id, then lower observation
// index). Tracks are compared through their velocity-predicted box, which keeps identities of
// faces that cross.
// Re-identification: a detection that matches no live track is first compared with the tracks
// lost (or still missing) within the last reidentifyFrames frames; it takes the id of the one
// whose last box lies within reidMaxDistance box sizes of it, whose size (last box or last
// detection's) is within a factor of reidMaxSizeRatio, and whose landmark shape (last or last
// detection's) is within reidMaxShapeDistance (the closest such track, greedily). A detection on
// a face already observed this frame (its centre inside that face's box or the other way round)
// starts nothing. Only then does it start a new track.
// Output landmarks are smoothed per track by a One Euro filter (landmark_filter.h); the tracker
// itself tracks with the raw ones.
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "perception/face_types.h"
#include "perception/landmark_filter.h"

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
  double minRefineScore = 0.3;  // between detections, a refit below this score asks for one
  double minRefineIou = 0.5;    // ... as does one whose box moved off the propagated box
  double maxShapeDistance = 0.12;  // ... or whose shape left the previous landmarks' (face_shape.h)
  double refitScoreDecay = 0.98;  // per frame since the track's last detection, in (0, 1]
  bool useVelocity = true;      // constant-velocity prediction of each track's box
  double searchScoreThreshold = 0.3;  // the second look near a missing track (search callback)
  double searchRegionScale = 2.5;     // its region: the predicted box grown to this many sides
  // With no face tracked and none detected, the whole picture is searched (at the search
  // callback's finer resolution) at this score: small faces the full-frame pass cannot see.
  double acquireScoreThreshold = 0.5;
  int reidentifyFrames = 60;          // a lost track may take a new detection within this (0: never)
  double reidMaxDistance = 1.5;       // centre distance, in box sides (the larger box's)
  double reidMaxSizeRatio = 1.6;
  double reidMaxShapeDistance = 0.15;
  // A refit that fails the gate, or a detection whose landmarks would, of a face rolled by this
  // much is read again by refine with the roll (so upright); a detection takes that reading when
  // its shape is closer to the track's.
  double rereadRollDegrees = 10.0;
  double fps = 25;                    // frames per second (the landmark filter's clock)
  LandmarkFilterOptions smoothing;
};

// How a frame's face was obtained.
enum class FaceSource : uint8_t {
  Missing = 0,   // no face (not used by the tracker's output; for per-frame records)
  Detected = 1,  // a detection (the full-frame detector, or the search near a missing track)
  Refitted = 2,  // the landmarks re-read at the box propagated from the previous frame
};
const char* faceSourceName(FaceSource source);  // "missing", "detected", "refitted"

struct TrackedFace {
  int trackId = 0;
  FaceObservation observation;  // landmarks smoothed (options.smoothing)
  FaceSource source = FaceSource::Detected;
  bool detected() const { return source == FaceSource::Detected; }
};

struct FaceTrackInfo {
  int trackId = 0;
  int firstFrame = 0, lastFrame = 0;
  int hits = 0;             // frames with an observation
  double meanArea = 0;      // mean box area over the hits, pixels^2
  bool alive = false;       // still tracked (missed <= maxMissedFrames)
  int detections = 0, refits = 0, searches = 0;  // how its hits were obtained
  int reidentified = 0;     // times it came back after being lost or missing
};

// One track's state (what the tracker remembers between frames).
struct FaceTrackState {
  int id = 0;
  FaceObservation last;
  double vx = 0, vy = 0;  // box centre velocity, pixels per frame
  int lastFrame = 0, firstFrame = 0, missed = 0, hits = 0;
  double areaSum = 0;
  bool alive = true;
  bool retired = false;  // lost longer than reidentifyFrames: it never comes back (data dropped)
  // From the last detection: its score and frame, and its box relative to its landmarks'
  // bounding box (centre offset in units of the bounds' size, size ratio); boxFromLandmarks.
  double detectionScore = 0;
  int detectionFrame = 0;
  bool canRefit = false;  // the last detection had landmarks with a non-degenerate bounding box
  double offsetX = 0, offsetY = 0, scaleX = 1, scaleY = 1;
  // The last detection's box and landmarks: what re-identification compares a returning face
  // with besides the last observation (refits of a face leaving the picture shrink and distort).
  FaceBox referenceBox;
  FaceLandmarks68 referenceLandmarks;
  int detections = 0, refits = 0, searches = 0, reidentified = 0;
  LandmarkFilterState filter;
};

// Everything a FaceTracker carries from frame to frame: with it, a tracker restored on another
// run continues exactly as the original would have (the session pipeline checkpoints it).
struct FaceTrackerState {
  std::vector<FaceTrackState> tracks;
  std::optional<int> primaryOverride;
  int nextId = 1;
  int lastDetectFrame = 0;
  bool haveDetected = false;
  int detectionsRun = 0, refinementsRun = 0, searchesRun = 0;
  int frame = 0;  // the last frame processed
};

class FaceTracker {
 public:
  using DetectFn = std::function<std::vector<FaceObservation>(int frame)>;
  // One result per box; std::nullopt (or landmarks.valid false) is a failed fit.
  // `rollDegrees[i]`: 0, or the in-plane rotation of box i's face in its previous landmarks (eye
  // line, clockwise on screen) when a plain reading failed, so the callback reads it upright.
  using RefineFn = std::function<std::vector<std::optional<FaceObservation>>(
      int frame, const std::vector<FaceBox>& boxes, const std::vector<double>& rollDegrees)>;
  // Faces whose boxes lie in `region` (any part of it may be outside the picture), found at
  // `minScore`, best first.
  using SearchFn = std::function<std::vector<FaceObservation>(int frame, const FaceBox& region, double minScore)>;

  // Throws InvalidArgument for a bad option or a missing detect callback.
  explicit FaceTracker(FaceTrackerOptions options, DetectFn detect, RefineFn refine = {}, SearchFn search = {});

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
  int searchesRun() const { return s_.searchesRun; }        // regions searched, all frames

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
  void update(Track& t, const FaceObservation& o, int frame, FaceSource source);
  TrackedFace report(Track& t, FaceSource source);
  // Refits of the tracks at `indices` through the fit-quality gate (with the score when
  // `scoreGate`): per track, the accepted observation or nullopt.
  std::vector<std::optional<FaceObservation>> refit(int frame, const std::vector<int>& indices, bool scoreGate);
  std::vector<FaceObservation> acquire(int frame);
  void rereadTilted(int frame, const Track& t, FaceObservation& o);
  // A refit through the fit-quality gate: the accepted observation (box and score set) or nullopt.
  std::optional<FaceObservation> gate(int frame, const Track& t, const FaceBox& propagated,
                                      std::optional<FaceObservation> o, bool scoreGate) const;
  std::optional<FaceObservation> searchNear(int frame, const Track& t, const std::vector<FaceBox>& taken);
  int reidentify(int frame, const FaceObservation& o, const std::vector<bool>& candidate) const;
  std::vector<TrackedFace> detectFrame(int frame);
  // A detection whose centre lies in the box of a face already observed this frame, or holds
  // its centre, is that face read twice (a head box beside a face box), not a second face.
  bool overlapsObservedFace(int frame, const FaceBox& box) const;
  // Two live tracks on one face (same test): the one with fewer hits ends, its reading dropped.
  void dropDuplicates(int frame, std::vector<TrackedFace>& out);
  void loseMissing(int frame);
  static void retire(Track& t);

  FaceTrackerOptions options_;
  DetectFn detect_;
  RefineFn refine_;
  SearchFn search_;
  FaceTrackerState s_;
};

}  // namespace stf2m::perception
