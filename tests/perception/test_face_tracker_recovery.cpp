// FaceTracker holding on to faces (scripted ground truth, tracker_script.h): refits through
// detector misses behind the fit-quality gate, the second look near a lost face, re-identifying
// a returning face by place, size and shape, several people, and the landmark filter.
#include <QtTest>

#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "common/error.h"
#include "perception/face_shape.h"
#include "perception/face_tracker.h"
#include "perception/landmark_filter.h"
#include "perception/upright_crop.h"
#include "tracker_script.h"

using namespace stf2m::perception;
using namespace stf2m::perception::test;

namespace {

// A face drifting right, 2 px per frame, 100 px wide.
Script drifting(int frames) {
  Script s;
  for (int f = 0; f < frames; ++f) s[f] = {{0, box(100 + 2.0 * f, 80, 100)}};
  return s;
}

// The script with frames [from, to] taken out (what the detector sees).
Script without(Script s, int from, int to) {
  for (int f = from; f <= to; ++f) s.erase(f);
  return s;
}

// A landmark refit that finds the truth under the propagated box, with landmark shape `shapeAt`.
FaceTracker::RefineFn refitter(const Script& truth, std::function<double(int)> shapeAt = {}) {
  return [&truth, shapeAt](int frame, const std::vector<FaceBox>& boxes, const std::vector<double>&) {
    std::vector<std::optional<FaceObservation>> out;
    for (const FaceBox& b : boxes) {
      std::optional<FaceObservation> o;
      if (truth.count(frame))
        for (const Truth& t : truth.at(frame))
          if (FaceTracker::iou(t.box, b) > 0.5) o = observe(t.box, shapeAt ? shapeAt(frame) : t.shape);
      out.push_back(o);
    }
    return out;
  };
}

// The observation's landmarks rolled by `degrees` (clockwise on screen) about the box centre.
FaceObservation rolled(FaceObservation o, double degrees) {
  const double a = degrees * M_PI / 180, cx = o.box.x + o.box.width / 2, cy = o.box.y + o.box.height / 2;
  for (FacePoint& p : o.landmarks.points) {
    const double dx = p.x - cx, dy = p.y - cy;
    p = {cx + std::cos(a) * dx - std::sin(a) * dy, cy + std::sin(a) * dx + std::cos(a) * dy};
  }
  return o;
}

}  // namespace

class TestFaceTrackerRecovery : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void detectorMissesAreBridgedByRefits() {
    const Script truth = drifting(60);
    const Script seen = without(truth, 10, 40);  // the detector's score under threshold for 1.2 s
    FaceTrackerOptions o;
    o.detectEvery = 5;
    o.refitScoreDecay = 0.9;  // the confidence falls under minRefineScore 11 frames after a detection
    FaceTracker tracker(o, detector(seen), refitter(truth));
    double lastScore = 1;
    for (int f = 0; f < 60; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), 1);
      QCOMPARE(faces[0].trackId, 1);
      if (f >= 10 && f <= 40) {
        QCOMPARE(int(faces[0].source), int(FaceSource::Refitted));
        QVERIFY(faces[0].observation.box.score < lastScore);  // confidence keeps decaying
        lastScore = faces[0].observation.box.score;
        QVERIFY(FaceTracker::iou(faces[0].observation.box, truth.at(f)[0].box) > 0.99);
      }
    }
    QVERIFY(lastScore < o.minRefineScore);
    QCOMPARE(tracker.tracks()[0].hits, 60);
    QCOMPARE(tracker.tracks()[0].refits + tracker.tracks()[0].detections, 60);
  }

  void refitOffTheFaceIsRefused() {
    // From frame 15 the refit reads a different shape (the box slid onto something else): the
    // gate refuses it, the frames are missing, and after maxMissedFrames the track is lost.
    const Script truth = drifting(40);
    const Script seen = without(truth, 10, 39);
    FaceTrackerOptions o;
    o.detectEvery = 5;
    o.maxMissedFrames = 3;
    FaceTracker tracker(o, detector(seen), refitter(truth, [](int f) { return f >= 15 ? 1.6 : 1.0; }));
    for (int f = 0; f < 40; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), f < 15 ? 1 : 0);
    }
    QVERIFY(shapeDistance(observe(box(0, 0, 100), 1.0).landmarks, observe(box(0, 0, 100), 1.6).landmarks) >
            o.maxShapeDistance);
    QVERIFY(!tracker.tracks()[0].alive);
  }

  void searchFindsTheFaceNearItsTrack() {
    const Script truth = drifting(40);
    const Script seen = without(truth, 10, 30);
    std::vector<std::pair<FaceBox, double>> asked;
    auto search = [&](int frame, const FaceBox& region, double minScore) {
      asked.push_back({region, minScore});
      std::vector<FaceObservation> out;
      for (const Truth& t : truth.at(frame)) {
        const double cx = t.box.x + t.box.width / 2, cy = t.box.y + t.box.height / 2;
        if (cx > region.x && cx < region.right() && cy > region.y && cy < region.bottom()) out.push_back(observe(t.box));
      }
      return out;
    };
    FaceTrackerOptions o;
    o.detectEvery = 5;
    // No refit at all (the landmarks fail): the search is what keeps the face.
    auto noRefit = [](int, const std::vector<FaceBox>& boxes, const std::vector<double>&) {
      return std::vector<std::optional<FaceObservation>>(boxes.size());
    };
    FaceTracker tracker(o, detector(seen), noRefit, search);
    for (int f = 0; f < 40; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), 1);
      QCOMPARE(faces[0].trackId, 1);
      QVERIFY(faces[0].detected());
    }
    QCOMPARE(tracker.searchesRun(), 21);
    QCOMPARE(tracker.tracks()[0].searches, 21);
    for (const auto& [region, minScore] : asked) {
      QCOMPARE(minScore, o.searchScoreThreshold);
      QVERIFY(qAbs(region.width - o.searchRegionScale * 100) < 1e-9);
    }
  }

  void returningFaceIsReidentified_data() {
    QTest::addColumn<int>("gap");        // frames away
    QTest::addColumn<double>("shift");   // where it comes back, in box sides to the right
    QTest::addColumn<double>("shape");   // its landmark shape when it comes back
    QTest::addColumn<bool>("sameId");
    QTest::newRow("1 s away, same place") << 25 << 0.0 << 1.0 << true;
    QTest::newRow("2.2 s away, a side further") << 55 << 1.0 << 1.0 << true;
    QTest::newRow("longer than reidentifyFrames") << 70 << 0.0 << 1.0 << false;
    QTest::newRow("far from where it left") << 25 << 3.0 << 1.0 << false;
    QTest::newRow("another face shape") << 25 << 0.0 << 1.5 << false;
  }
  void returningFaceIsReidentified() {
    QFETCH(int, gap);
    QFETCH(double, shift);
    QFETCH(double, shape);
    QFETCH(bool, sameId);
    Script script;
    for (int f = 0; f < 20; ++f) script[f] = {{0, box(200, 100, 80)}};
    for (int f = 20 + gap; f < 40 + gap; ++f) script[f] = {{0, box(200 + 80 * shift, 100, 80), shape}};
    FaceTrackerOptions o;  // reidentifyFrames 60
    FaceTracker tracker(o, detector(script));
    int lastId = 0;
    for (int f = 0; f < 40 + gap; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), int(script.count(f)));
      if (!faces.empty()) lastId = faces[0].trackId;
    }
    QCOMPARE(lastId, sameId ? 1 : 2);
    QCOMPARE(tracker.tracks()[0].reidentified, sameId ? 1 : 0);
  }

  void aFaceReadTwiceIsOneFace() {
    // For a few frames the detector returns the whole head (1.7x the face box, same centre) as
    // well as the face: one track, no second id.
    std::map<int, std::vector<FaceObservation>> frames;
    for (int f = 0; f < 20; ++f) {
      const FaceBox face = box(200 + f, 100, 80);
      frames[f].push_back(observe(face));
      if (f >= 8 && f <= 12) frames[f].push_back(observe(box(face.x - 28, face.y - 28, 136)));
    }
    FaceTracker tracker({}, [&](int f) { return frames[f]; });
    for (int f = 0; f < 20; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), 1);
      QCOMPARE(faces[0].trackId, 1);
    }
    QCOMPARE(int(tracker.tracks().size()), 1);
  }

  void twoPeopleKeepTheirOwnIds() {
    // A (left) stays; B (right, another shape) leaves for 30 frames and comes back near where A
    // is not. Then A turns away for 10 frames while B stays: each keeps its id; A is primary.
    Script script;
    for (int f = 0; f < 120; ++f) {
      if (f < 80 || f >= 90) script[f].push_back({0, box(60 + 0.5 * f, 100, 90)});
      if (f < 30 || f >= 60) script[f].push_back({1, box(400, 120, 70), 1.4});
    }
    FaceTracker tracker({}, detector(script));
    IdCheck check;
    for (int f = 0; f < 120; ++f) check.see(script, f, tracker.process(f));
    QVERIFY(check.consistent);
    QCOMPARE(int(tracker.tracks().size()), 2);
    QCOMPARE(tracker.primaryTrack(), check.trackOf[0]);
  }

  void landmarkFilterSteadiesAStillFaceAndFollowsAMovingOne() {
    // A 100 px face at 25 fps; the "network" adds +-1 px noise to every coordinate.
    LandmarkFilterOptions options;
    const double fps = 25, width = 100;
    auto noise = [](int f, int k) { return std::sin(12.9898 * f + 78.233 * k) * 43758.5453 - std::floor(std::sin(12.9898 * f + 78.233 * k) * 43758.5453) - 0.5; };
    for (double speed : {0.0, 100.0}) {  // pixels per second: still, then one face width per second
      LandmarkFilterState state;
      double rawJitter = 0, jitter = 0, lag = 0;
      FaceLandmarks68 previousRaw, previous;
      int counted = 0;
      for (int f = 0; f < 100; ++f) {
        FaceLandmarks68 truth = observe(box(100 + speed * f / fps, 100, width)).landmarks;
        FaceLandmarks68 raw = truth;
        for (int k = 0; k < 68; ++k) raw.points[k].x += 2 * noise(f, 2 * k), raw.points[k].y += 2 * noise(f, 2 * k + 1);
        FaceLandmarks68 smooth = raw;
        filterLandmarks(state, options, f / fps, width, smooth);
        if (f >= 25) {  // after a second
          for (int k = 0; k < 68; ++k) {
            rawJitter += std::pow(raw.points[k].x - previousRaw.points[k].x, 2) + std::pow(raw.points[k].y - previousRaw.points[k].y, 2);
            jitter += std::pow(smooth.points[k].x - previous.points[k].x, 2) + std::pow(smooth.points[k].y - previous.points[k].y, 2);
            lag += truth.points[k].x - smooth.points[k].x;
          }
          ++counted;
        }
        previousRaw = raw, previous = smooth;
      }
      rawJitter = std::sqrt(rawJitter / (68 * counted)), jitter = std::sqrt(jitter / (68 * counted));
      lag /= 68 * counted;
      if (speed == 0) {
        QVERIFY2(jitter < rawJitter / 3, qPrintable(QStringLiteral("jitter %1 vs raw %2").arg(jitter).arg(rawJitter)));
        QVERIFY(std::abs(lag) < 0.2);
      } else {
        QVERIFY2(lag > 0 && lag < 0.02 * width, qPrintable(QStringLiteral("lag %1 px").arg(lag)));
      }
    }
    // A first sample or one that goes back in time restarts the filter: output = input.
    LandmarkFilterState state;
    FaceLandmarks68 a = observe(box(0, 0, 100)).landmarks, b = observe(box(50, 0, 100)).landmarks;
    filterLandmarks(state, options, 1.0, 100, a);
    FaceLandmarks68 back = b;
    filterLandmarks(state, options, 0.5, 100, back);
    QCOMPARE(back.points[0].x, b.points[0].x);
    options.beta = -1;
    QVERIFY_THROWS_EXCEPTION(stf2m::Error, validate(options));
  }

  void tiltedFacesAreReadUpright() {
    // The roll of a face: the eye line's angle.
    for (double degrees : {0.0, 20.0, -35.0})
      QVERIFY(qAbs(rollDegrees(rolled(observe(box(0, 0, 100)), degrees).landmarks) - degrees) < 1e-9);
    // The patch: a white dot at (130.5, 90.5) of a black picture, a 60 px box centred at (100,
    // 100); wherever the dot lands in the patch, it maps back to where it was.
    std::vector<uint8_t> rgb(200 * 200 * 3, 0);
    for (int y = 89; y <= 91; ++y)
      for (int x = 129; x <= 131; ++x)
        for (int k = 0; k < 3; ++k) rgb[(size_t(y) * 200 + x) * 3 + k] = 255;
    for (double degrees : {0.0, 30.0, -25.0}) {
      const UprightCrop crop({rgb.data(), 200, 200, 600}, box(70, 70, 60), degrees);
      const RgbImageView v = crop.view();
      QCOMPARE(v.width, 120);
      double sx = 0, sy = 0, sw = 0;
      for (int y = 0; y < v.height; ++y)
        for (int x = 0; x < v.width; ++x) {
          const double w = v.data[size_t(y) * v.stride + size_t(x) * 3];
          sx += w * (x + 0.5), sy += w * (y + 0.5), sw += w;
        }
      QVERIFY(sw > 0);
      const FacePoint back = crop.toImage(FacePoint{sx / sw, sy / sw});
      QVERIFY2(std::hypot(back.x - 130.5, back.y - 90.5) < 0.5,
               qPrintable(QStringLiteral("%1 deg: (%2, %3)").arg(degrees).arg(back.x).arg(back.y)));
      // Rolled by +degrees in the picture means level in the patch: the dot, 30.5 px right of and
      // 9.5 px above the centre, is rotated back by -degrees.
      const double a = -degrees * M_PI / 180;
      QVERIFY(std::hypot(sx / sw - 60 - (std::cos(a) * 30.5 - std::sin(a) * -9.5), sy / sw - 60 - (std::sin(a) * 30.5 + std::cos(a) * -9.5)) < 0.5);
    }
    // A tilted face (25 degrees) that the plain reading loses (its shape comes out wrong) is read
    // again with its previous landmarks' roll, and that reading keeps it.
    Script script;
    for (int f = 0; f < 10; ++f) script[f] = {{0, box(100 + f, 100, 100)}};
    std::vector<double> rolls;
    auto detect = [&](int f) { return std::vector<FaceObservation>{rolled(observe(script[f][0].box), 25)}; };
    auto refine = [&](int f, const std::vector<FaceBox>&, const std::vector<double>& r) {
      rolls.push_back(r.at(0));
      return std::vector<std::optional<FaceObservation>>{rolled(observe(script[f][0].box, r.at(0) == 0 ? 1.6 : 1.0), 25)};
    };
    FaceTrackerOptions o;
    o.detectEvery = 5;
    FaceTracker tracker(o, detect, refine);
    for (int f = 0; f < 10; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), 1);
      QCOMPARE(int(faces[0].source), int(f % 5 ? FaceSource::Refitted : FaceSource::Detected));
    }
    QCOMPARE(int(rolls.size()), 16);  // 8 refit frames, each read plainly and then upright
    for (size_t k = 0; k < rolls.size(); ++k) QVERIFY(qAbs(rolls[k] - (k % 2 ? 25 : 0)) < 1e-6);
  }

  void badOptions() {
    auto none = [](int) { return std::vector<FaceObservation>{}; };
    for (auto change : std::vector<std::function<void(FaceTrackerOptions&)>>{
             [](FaceTrackerOptions& o) { o.searchScoreThreshold = 1.5; },
             [](FaceTrackerOptions& o) { o.searchRegionScale = 0.5; },
             [](FaceTrackerOptions& o) { o.reidentifyFrames = -1; },
             [](FaceTrackerOptions& o) { o.reidMaxSizeRatio = 0.9; },
             [](FaceTrackerOptions& o) { o.maxShapeDistance = 0; },
             [](FaceTrackerOptions& o) { o.fps = 0; },
             [](FaceTrackerOptions& o) { o.smoothing.minCutoffHz = 0; }}) {
      FaceTrackerOptions o;
      change(o);
      QVERIFY_THROWS_EXCEPTION(stf2m::Error, FaceTracker(o, none));
    }
  }
};

QTEST_APPLESS_MAIN(TestFaceTrackerRecovery)
#include "test_face_tracker_recovery.moc"
