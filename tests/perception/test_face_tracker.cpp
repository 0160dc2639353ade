// FaceTracker on scripted ground truth: detections (and refinements) come from callbacks that
// read boxes off a script, so ids, misses, crossings and the primary subject are known exactly.
#include <QtTest>

#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "common/error.h"
#include "perception/face_tracker.h"
#include "tracker_script.h"

using namespace stf2m::perception;
using namespace stf2m::perception::test;


class TestFaceTracker : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void iouAndGreedyMatch() {
    QCOMPARE(FaceTracker::iou(box(0, 0, 10), box(0, 0, 10)), 1.0);
    QCOMPARE(FaceTracker::iou(box(0, 0, 10), box(20, 0, 10)), 0.0);
    QVERIFY(qAbs(FaceTracker::iou(box(0, 0, 10), box(5, 0, 10)) - 50.0 / 150.0) < 1e-12);
    // Greedy takes the best pair first: a0 fits b1 best (1.0), a1 then takes b0.
    const std::vector<int> m = FaceTracker::greedyMatch({box(0, 0, 10), box(3, 0, 10)}, {box(5, 0, 10), box(0, 0, 10)}, 0.1);
    QCOMPARE(m, (std::vector<int>{1, 0}));
    // Below the threshold: unmatched.
    QCOMPARE(FaceTracker::greedyMatch({box(0, 0, 10)}, {box(8, 0, 10)}, 0.3), std::vector<int>{-1});
  }

  void twoFacesCrossing() {
    Script script;
    for (int f = 0; f <= 20; ++f)  // A left -> right, B right -> left, overlapping mid-way
      script[f] = {{0, box(10.0 * f, 0, 60)}, {1, box(200 - 10.0 * f, 30, 60)}};
    for (bool reverse : {false, true}) {
      FaceTracker tracker({}, detector(script, reverse));
      IdCheck check;
      for (int f = 0; f <= 20; ++f) {
        const auto faces = tracker.process(f);
        QCOMPARE(int(faces.size()), 2);
        check.see(script, f, faces);
      }
      QVERIFY(check.consistent);
      QCOMPARE(int(tracker.tracks().size()), 2);
    }
  }

  void missingFaceKeepsItsId() {
    Script script;
    for (int f = 0; f < 15; ++f)
      if (f < 5 || f > 7) script[f] = {{0, box(100 + f, 100, 80)}};  // gone for k = 3 frames
    FaceTrackerOptions o;
    o.maxMissedFrames = 3;
    FaceTracker tracker(o, detector(script));
    for (int f = 0; f < 15; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), script.count(f) ? 1 : 0);
      if (!faces.empty()) QCOMPARE(faces[0].trackId, 1);
    }
    QCOMPARE(int(tracker.tracks().size()), 1);
    QCOMPARE(tracker.tracks()[0].hits, 12);

    // Longer than maxMissedFrames: the track is lost; the returning face is re-identified (same
    // place, size and shape, within reidentifyFrames) and keeps its id ...
    o.maxMissedFrames = 2;
    FaceTracker lost(o, detector(script));
    std::vector<int> ids;
    for (int f = 0; f < 15; ++f)
      for (const auto& face : lost.process(f)) ids.push_back(face.trackId);
    QCOMPARE(ids.front(), 1);
    QCOMPARE(ids.back(), 1);
    QCOMPARE(int(lost.tracks().size()), 1);
    QCOMPARE(lost.tracks()[0].reidentified, 1);
    // ... unless re-identification is off: then it is a new track.
    o.reidentifyFrames = 0;
    FaceTracker strict(o, detector(script));
    ids.clear();
    for (int f = 0; f < 15; ++f)
      for (const auto& face : strict.process(f)) ids.push_back(face.trackId);
    QCOMPARE(ids.front(), 1);
    QCOMPARE(ids.back(), 2);
    QCOMPARE(int(strict.tracks().size()), 2);
    QVERIFY(!strict.tracks()[0].alive);
  }

  void newFaceGetsNewId() {
    Script script;
    for (int f = 0; f < 10; ++f) {
      script[f] = {{0, box(0, 0, 50)}};
      if (f >= 4) script[f].push_back({1, box(300, 0, 50)});
    }
    FaceTracker tracker({}, detector(script));
    for (int f = 0; f < 10; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), f >= 4 ? 2 : 1);
      QCOMPARE(faces[0].trackId, 1);
      if (f >= 4) QCOMPARE(faces[1].trackId, 2);
    }
  }

  void primarySubject() {
    Script script;
    for (int f = 0; f < 20; ++f) {
      script[f] = {{0, box(0, 0, 40)}, {1, box(100, 0, 80)}};          // both always there
      if (f >= 10) script[f].push_back({2, box(300, 0, 200)});         // huge but late
    }
    FaceTracker tracker({}, detector(script));
    QCOMPARE(tracker.primaryTrack(), -1);
    for (int f = 0; f < 20; ++f) tracker.process(f);
    QCOMPARE(tracker.primaryTrack(), 2);  // as persistent as track 1 and larger
    tracker.setPrimaryOverride(1);
    QCOMPARE(tracker.primaryTrack(), 1);
    tracker.setPrimaryOverride(42);        // unknown id: back to the default rule
    QCOMPARE(tracker.primaryTrack(), 2);
    tracker.setPrimaryOverride(std::nullopt);
    QCOMPARE(tracker.primaryTrack(), 2);
  }

  void detectEveryNWithLandmarkTracking() {
    Script script;
    for (int f = 0; f < 20; ++f) script[f] = {{0, box(50 + 3.0 * f, 40, 100)}, {1, box(400 - 2.0 * f, 60, 90)}};
    std::optional<int> failAt;
    std::vector<FaceBox> asked;
    auto refine = [&](int frame, const std::vector<FaceBox>& boxes, const std::vector<double>&) {
      std::vector<std::optional<FaceObservation>> out;
      for (const FaceBox& b : boxes) {
        asked.push_back(b);
        std::optional<FaceObservation> o;
        // The face under the propagated box, as a landmark refit would find it.
        if (!failAt || frame != *failAt)
          for (const Truth& t : script[frame])
            if (FaceTracker::iou(t.box, b) > 0.5) o = observe(t.box);
        out.push_back(o);
      }
      return out;
    };
    FaceTrackerOptions o;
    o.detectEvery = 5;
    {
      FaceTracker tracker(o, detector(script), refine);
      IdCheck check;
      for (int f = 0; f < 20; ++f) {
        const auto faces = tracker.process(f);
        QCOMPARE(int(faces.size()), 2);
        QCOMPARE(faces[0].detected(), f % 5 == 0);
        check.see(script, f, faces);
      }
      QVERIFY(check.consistent);
      QCOMPARE(tracker.detectionsRun(), 4);
      QCOMPARE(tracker.refinementsRun(), 32);
      // The propagated box follows the motion (velocity + landmarks): close to the truth.
      for (const FaceBox& b : asked) {
        bool near = false;
        for (int f = 0; f < 20; ++f)
          for (const Truth& t : script[f]) near = near || FaceTracker::iou(t.box, b) > 0.9;
        QVERIFY(near);
      }
    }
    failAt = 7;  // a failed fit re-detects on that frame (and restarts the N-frame count)
    FaceTracker tracker(o, detector(script), refine);
    for (int f = 0; f < 20; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), 2);
      QCOMPARE(faces[0].trackId, 1);
      QCOMPARE(faces[1].trackId, 2);
      QCOMPARE(faces[0].detected(), f == 0 || f == 5 || f == 7 || f == 12 || f == 17);
    }
    QCOMPARE(tracker.detectionsRun(), 5);
  }

  void refitBoxAndScoreComeFromLandmarks() {
    Script script;
    for (int f = 0; f < 30; ++f) script[f] = {{0, box(100 + 4.0 * f, 50 - 2.0 * f, 100 + f)}};  // moves and grows
    // What the refit callback returns at frame f: the truth's landmarks, optionally distorted,
    // with a nonsense box and score that the tracker must not use.
    enum class Distort { None, Collapse, Drift };
    std::map<int, Distort> distort;
    auto refine = [&](int frame, const std::vector<FaceBox>& boxes, const std::vector<double>&) {
      std::vector<std::optional<FaceObservation>> out;
      for (size_t k = 0; k < boxes.size(); ++k) {
        FaceBox b = script[frame][0].box;
        const Distort d = distort.count(frame) ? distort[frame] : Distort::None;
        if (d == Distort::Collapse) b = box(b.x + 0.3 * b.width, b.y + 0.3 * b.height, 0.4 * b.width);  // area 16 %
        if (d == Distort::Drift) b.x += 0.7 * b.width;
        FaceObservation o = observe(b);
        o.box = box(0, 0, 1);
        o.box.score = 0.01;
        out.push_back(o);
      }
      return out;
    };
    FaceTrackerOptions o;
    o.detectEvery = 100;
    o.refitScoreDecay = 0.9;
    o.minRefineScore = 0.5;  // 0.9 x 0.9^k < 0.5 from k = 6 frames after a detection
    {
      FaceTracker tracker(o, detector(script), refine);
      for (int f = 0; f < 14; ++f) {
        const auto faces = tracker.process(f);
        QCOMPARE(int(faces.size()), 1);
        QCOMPARE(faces[0].trackId, 1);
        const int sinceDetection = f % 6;
        QCOMPARE(faces[0].detected(), sinceDetection == 0);
        const FaceBox& got = faces[0].observation.box;
        const FaceBox& want = script[f][0].box;
        // The box follows the landmarks through the detection box/landmark relation.
        QVERIFY2(qAbs(got.x - want.x) < 1e-9 && qAbs(got.y - want.y) < 1e-9 && qAbs(got.width - want.width) < 1e-9 &&
                     qAbs(got.height - want.height) < 1e-9,
                 qPrintable(QStringLiteral("frame %1").arg(f)));
        QVERIFY(qAbs(got.score - 0.9 * std::pow(0.9, sinceDetection)) < 1e-12);
        if (sinceDetection > 0) QCOMPARE(faces[0].observation.landmarks.alignedBox.score, got.score);
      }
    }
    // Landmarks that collapse or drift off the propagated box fail the fit: that frame is detected.
    o.minRefineScore = 0.1;
    distort = {{3, Distort::Collapse}, {8, Distort::Drift}};
    FaceTracker tracker(o, detector(script), refine);
    for (int f = 0; f < 12; ++f) {
      const auto faces = tracker.process(f);
      QCOMPARE(int(faces.size()), 1);
      QCOMPARE(faces[0].trackId, 1);
      QCOMPARE(faces[0].detected(), f == 0 || f == 3 || f == 8);
    }
    QCOMPARE(tracker.detectionsRun(), 3);
  }

  void badOptions() {
    FaceTrackerOptions o;
    o.detectEvery = 0;
    QVERIFY_THROWS_EXCEPTION(stf2m::Error, FaceTracker(o, [](int) { return std::vector<FaceObservation>{}; }));
    QVERIFY_THROWS_EXCEPTION(stf2m::Error, FaceTracker({}, {}));
    o = {};
    o.refitScoreDecay = 0;
    QVERIFY_THROWS_EXCEPTION(stf2m::Error, FaceTracker(o, [](int) { return std::vector<FaceObservation>{}; }));
  }
};

QTEST_APPLESS_MAIN(TestFaceTracker)
#include "test_face_tracker.moc"
