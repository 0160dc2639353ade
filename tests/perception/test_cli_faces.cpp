// `stf2m faces` as a child process (path in $STF2M_CLI): the JSON shape on a face-api demo photo,
// stable track ids on a panned video made from it with the ffmpeg CLI, landmark refits following
// a face panned at a known speed, a Netpbm picture (what the GPU build reads) against the same
// pixels decoded by FFmpeg, and the error contract.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QHash>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

struct Run {
  int exitCode = -1;
  bool finished = false;
  QByteArray out, err;
};

Run runProcess(const QString& program, const QStringList& args, int timeoutMs = 300000) {
  QProcess p;
  p.start(program, args);
  Run r;
  r.finished = p.waitForStarted() && p.waitForFinished(timeoutMs);
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

QSet<QString> keysOf(const QJsonObject& o) {
  QSet<QString> k;
  for (auto it = o.begin(); it != o.end(); ++it) k.insert(it.key());
  return k;
}

QSet<QString> setOf(std::initializer_list<const char*> names) {
  QSet<QString> s;
  for (const char* n : names) s.insert(QString::fromLatin1(n));
  return s;
}

double iou(const QJsonArray& a, double bx, double by, double bw, double bh) {
  const double ax = a[0].toDouble(), ay = a[1].toDouble(), aw = a[2].toDouble(), ah = a[3].toDouble();
  const double ix = std::max(0.0, std::min(ax + aw, bx + bw) - std::max(ax, bx));
  const double iy = std::max(0.0, std::min(ay + ah, by + bh) - std::max(ay, by));
  return ix * iy / (aw * ah + bw * bh - ix * iy);
}

}  // namespace

class TestCliFaces : public QObject {
  Q_OBJECT

  QString cli_, photo_;
  QTemporaryDir tmp_;

  // Parses the output and checks the exact shape; returns the frames.
  QJsonArray checkedFrames(const Run& r) {
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject()) {
      qWarning("not JSON: %s", qPrintable(e.errorString()));
      return {};
    }
    const QJsonObject root = doc.object();
    if (keysOf(root) != setOf({"frames"})) return {};
    return root.value(QStringLiteral("frames")).toArray();
  }

  void checkFrame(const QJsonObject& frame) {
    QCOMPARE(keysOf(frame), setOf({"index", "time", "faces"}));
    QVERIFY(frame.value(QStringLiteral("index")).isDouble());
    QVERIFY(frame.value(QStringLiteral("time")).isDouble());
    QSet<int> tracks;
    for (const QJsonValue& fv : frame.value(QStringLiteral("faces")).toArray()) {
      const QJsonObject f = fv.toObject();
      QCOMPARE(keysOf(f), setOf({"track", "source", "box", "score", "landmarks", "expressions"}));
      const int track = f.value(QStringLiteral("track")).toInt();
      QVERIFY(track >= 1);
      QVERIFY(!tracks.contains(track));
      tracks.insert(track);
      const QJsonArray box = f.value(QStringLiteral("box")).toArray();
      QCOMPARE(int(box.size()), 4);
      QVERIFY(box[2].toDouble() > 10 && box[3].toDouble() > 10);
      const double score = f.value(QStringLiteral("score")).toDouble();
      // Detections score >= 0.5 (--score); refits carry their detection's score decayed per frame.
      QVERIFY(score > 0 && score <= 1);
      const QJsonArray lm = f.value(QStringLiteral("landmarks")).toArray();
      QCOMPARE(int(lm.size()), 68);
      for (const QJsonValue& p : lm) {
        QCOMPARE(int(p.toArray().size()), 2);
        // Points lie around the face box (original pixels, not the detector's input).
        const double x = p.toArray()[0].toDouble(), y = p.toArray()[1].toDouble();
        QVERIFY(x > box[0].toDouble() - box[2].toDouble() * 0.5 && x < box[0].toDouble() + box[2].toDouble() * 1.5);
        QVERIFY(y > box[1].toDouble() - box[3].toDouble() * 0.5 && y < box[1].toDouble() + box[3].toDouble() * 1.5);
      }
      const QJsonObject ex = f.value(QStringLiteral("expressions")).toObject();
      QCOMPARE(keysOf(ex), setOf({"neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"}));
      double sum = 0;
      for (const QJsonValue& v : ex) sum += v.toDouble();
      QVERIFY2(std::abs(sum - 1) < 1e-3, qPrintable(QString::number(sum)));
    }
  }

 private Q_SLOTS:
  void initTestCase() {
    cli_ = qEnvironmentVariable("STF2M_CLI");
    QVERIFY2(!cli_.isEmpty(), "STF2M_CLI is not set");
    photo_ = QStringLiteral(STF2M_FACE_PHOTOS "/sample1.jpg");
    QVERIFY(QFile::exists(photo_));
    QVERIFY(tmp_.isValid());
    const Run r = runProcess(cli_, {QStringLiteral("faces")});
    QVERIFY2(!r.err.contains("unknown command"), "this stf2m has no 'faces' command (app/cli/main.cpp)");
  }

  void photoJsonShape() {
    const Run r = runProcess(cli_, {QStringLiteral("faces"), photo_, QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const QJsonArray frames = checkedFrames(r);
    QCOMPARE(int(frames.size()), 1);
    checkFrame(frames[0].toObject());
    QCOMPARE(frames[0].toObject().value(QStringLiteral("index")).toInt(), 0);
    const QJsonArray faces = frames[0].toObject().value(QStringLiteral("faces")).toArray();
    QVERIFY(faces.size() >= 1);
    for (const QJsonValue& f : faces) {  // inside the 1920x1280 photo
      const QJsonArray b = f.toObject().value(QStringLiteral("box")).toArray();
      QVERIFY(b[0].toDouble() > -20 && b[0].toDouble() + b[2].toDouble() < 1940);
      QVERIFY(b[1].toDouble() > -20 && b[1].toDouble() + b[3].toDouble() < 1300);
    }
  }

  void videoTracksStayStable() {
    // 10 frames at 10/s (crop's n counts output frames: -framerate on the input), a 1560x800 window (all three faces inside) panning 8 px right and 4 px down per frame.
    const QString video = tmp_.filePath(QStringLiteral("pan.mp4"));
    const Run ff = runProcess(QStringLiteral("ffmpeg"),
                              {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"), QStringLiteral("-framerate"),
                               QStringLiteral("10"), QStringLiteral("-loop"), QStringLiteral("1"), QStringLiteral("-i"), photo_,
                               QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("-vf"),
                               QStringLiteral("crop=1560:800:200+8*n:50+4*n"), QStringLiteral("-c:v"), QStringLiteral("mpeg4"),
                               QStringLiteral("-q:v"), QStringLiteral("2"), QStringLiteral("-pix_fmt"),
                               QStringLiteral("yuv420p"), video});
    QVERIFY2(ff.finished && ff.exitCode == 0, ff.err.constData());
    for (const char* every : {"1", "3"}) {
      const Run r = runProcess(cli_, {QStringLiteral("faces"), video, QStringLiteral("--json"), QStringLiteral("--every"),
                                      QString::fromLatin1(every)});
      QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
      const QJsonArray frames = checkedFrames(r);
      QCOMPARE(int(frames.size()), 10);
      const QJsonArray first = frames[0].toObject().value(QStringLiteral("faces")).toArray();
      QVERIFY(first.size() >= 1);
      QSet<int> ids;
      QHash<int, int> seen;
      for (int n = 0; n < frames.size(); ++n) {
        const QJsonObject frame = frames[n].toObject();
        checkFrame(frame);
        QCOMPARE(frame.value(QStringLiteral("index")).toInt(), n);
        const QJsonArray faces = frame.value(QStringLiteral("faces")).toArray();
        // The tiny detector may drop a face for a frame (score under 0.5); it must come back with its id.
        QVERIFY(faces.size() >= 1 && faces.size() <= first.size());
        for (const QJsonValue& fv : faces) {
          const QJsonObject f = fv.toObject();
          ids.insert(f.value(QStringLiteral("track")).toInt());
          ++seen[f.value(QStringLiteral("track")).toInt()];
          // The same face in frame 0, moved by the pan (content moves left/up in the window).
          int expected = -1;
          for (const QJsonValue& gv : first) {
            const QJsonArray b = gv.toObject().value(QStringLiteral("box")).toArray();
            if (iou(f.value(QStringLiteral("box")).toArray(), b[0].toDouble() - 8 * n, b[1].toDouble() - 4 * n,
                    b[2].toDouble(), b[3].toDouble()) > 0.3)  // faces lie > 300 px apart
              expected = gv.toObject().value(QStringLiteral("track")).toInt();
          }
          QVERIFY2(expected > 0, qPrintable(QStringLiteral("frame %1: a face that is not in frame 0").arg(n)));
          QCOMPARE(f.value(QStringLiteral("track")).toInt(), expected);
        }
      }
      QCOMPARE(int(ids.size()), int(first.size()));  // no new id for a face already seen
      for (int count : seen) QVERIFY(count >= 5);
    }
  }

  void landmarkRefitsFollowAPannedFace() {
    // sample2's face (about 275 px, at 1405,175 in the 1920x1367 photo) in a 640x400 window that
    // moves 5 px right and 2 px down per frame (x from 1140 to 1235): the face moves (-5, -2) px
    // per frame.
    constexpr double kDx = -5, kDy = -2;
    const QString photo = QStringLiteral(STF2M_FACE_PHOTOS "/sample2.jpg");
    const QString video = tmp_.filePath(QStringLiteral("pan-one-face.mp4"));
    const Run ff = runProcess(QStringLiteral("ffmpeg"),
                              {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"), QStringLiteral("-framerate"),
                               QStringLiteral("10"), QStringLiteral("-loop"), QStringLiteral("1"), QStringLiteral("-i"), photo,
                               QStringLiteral("-t"), QStringLiteral("2"), QStringLiteral("-vf"),
                               QStringLiteral("crop=640:400:1140+5*n:100+2*n"), QStringLiteral("-c:v"), QStringLiteral("mpeg4"),
                               QStringLiteral("-q:v"), QStringLiteral("2"), QStringLiteral("-pix_fmt"),
                               QStringLiteral("yuv420p"), video});
    QVERIFY2(ff.finished && ff.exitCode == 0, ff.err.constData());
    // Every frame detected (the reference) and detection every 10th frame, refits between.
    QList<QJsonObject> detected, tracked;
    for (const char* every : {"1", "10"}) {
      // Raw landmarks: this compares the refit's geometry, not the temporal filter's.
      const Run r = runProcess(cli_, {QStringLiteral("faces"), video, QStringLiteral("--json"), QStringLiteral("--every"),
                                      QString::fromLatin1(every), QStringLiteral("--raw-landmarks")});
      QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
      const QJsonArray frames = checkedFrames(r);
      QCOMPARE(int(frames.size()), 20);
      for (const QJsonValue& fv : frames) {
        checkFrame(fv.toObject());
        const QJsonArray faces = fv.toObject().value(QStringLiteral("faces")).toArray();
        if (QByteArray(every) == "1") {
          // The tiny detector drops this face (score about 0.5) in the odd frame: nothing to compare.
          QVERIFY(faces.size() <= 1);
          detected.append(faces.isEmpty() ? QJsonObject() : faces[0].toObject());
        } else {
          // Tracked: the face is there in every frame, with one id.
          QCOMPARE(int(faces.size()), 1);
          QCOMPARE(faces[0].toObject().value(QStringLiteral("track")).toInt(), 1);
          tracked.append(faces[0].toObject());
        }
      }
    }
    auto centroid = [](const QJsonObject& face) {
      double x = 0, y = 0;
      for (const QJsonValue& p : face.value(QStringLiteral("landmarks")).toArray())
        x += p.toArray()[0].toDouble() / 68, y += p.toArray()[1].toDouble() / 68;
      return std::pair<double, double>{x, y};
    };
    const auto [x0, y0] = centroid(tracked[0]);
    int compared = 0;
    for (int n = 0; n < 20; ++n) {
      const QJsonObject& face = tracked[n];
      // The landmarks move with the face.
      const auto [x, y] = centroid(face);
      QVERIFY2(std::hypot(x - (x0 + kDx * n), y - (y0 + kDy * n)) < 4.0,
               qPrintable(QStringLiteral("frame %1: centroid (%2, %3), expected (%4, %5)")
                              .arg(n).arg(x).arg(y).arg(x0 + kDx * n).arg(y0 + kDy * n)));
      // Frames between detections are refits (a refit's score is the detection's, decayed by 0.98
      // per frame; a failed refit would have been detected instead).
      const int k = n % 10;
      const double detectionScore = tracked[n - k].value(QStringLiteral("score")).toDouble();
      QVERIFY2(std::abs(face.value(QStringLiteral("score")).toDouble() - detectionScore * std::pow(0.98, k)) < 1e-9,
               qPrintable(QStringLiteral("frame %1 was not a refit").arg(n)));
      // ... and land where a full detection puts them, the box following the face.
      if (detected[n].isEmpty()) continue;
      ++compared;
      double error = 0;
      const QJsonArray a = face.value(QStringLiteral("landmarks")).toArray();
      const QJsonArray b = detected[n].value(QStringLiteral("landmarks")).toArray();
      for (int i = 0; i < 68; ++i)
        error += std::hypot(a[i].toArray()[0].toDouble() - b[i].toArray()[0].toDouble(),
                            a[i].toArray()[1].toDouble() - b[i].toArray()[1].toDouble()) / 68;
      QVERIFY2(error < 3.0, qPrintable(QStringLiteral("frame %1: %2 px from the detected landmarks").arg(n).arg(error)));
      QVERIFY(iou(face.value(QStringLiteral("box")).toArray(), detected[n].value(QStringLiteral("box")).toArray()[0].toDouble(),
                  detected[n].value(QStringLiteral("box")).toArray()[1].toDouble(),
                  detected[n].value(QStringLiteral("box")).toArray()[2].toDouble(),
                  detected[n].value(QStringLiteral("box")).toArray()[3].toDouble()) > 0.6);  // detector boxes jitter
    }
    QVERIFY(compared >= 15);
  }

  // ffmpeg writes the photo as a binary PPM and that PPM as a lossless PNG, so the same RGB bytes
  // reach the networks once through core's Netpbm reader and once through FFmpeg.
  void netpbmPictureGivesTheSameFaces() {
    const QString ppm = tmp_.filePath(QStringLiteral("sample1.ppm")), png = tmp_.filePath(QStringLiteral("sample1-from-ppm.png"));
    for (const QStringList& args : {QStringList{QStringLiteral("-i"), photo_, ppm}, QStringList{QStringLiteral("-i"), ppm, png}}) {
      const Run made = runProcess(QStringLiteral("ffmpeg"), QStringList{QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y")} + args);
      QVERIFY2(made.finished && made.exitCode == 0, made.err.constData());
    }
    const Run fromPpm = runProcess(cli_, {QStringLiteral("faces"), ppm, QStringLiteral("--json"), QStringLiteral("--device"), QStringLiteral("cpu")});
    const Run fromPng = runProcess(cli_, {QStringLiteral("faces"), png, QStringLiteral("--json"), QStringLiteral("--device"), QStringLiteral("cpu")});
    QVERIFY2(fromPpm.finished && fromPpm.exitCode == 0, fromPpm.err.constData());
    QVERIFY2(fromPng.finished && fromPng.exitCode == 0, fromPng.err.constData());
    const QJsonArray frames = checkedFrames(fromPpm);
    QCOMPARE(int(frames.size()), 1);
    QVERIFY(frames[0].toObject().value(QStringLiteral("faces")).toArray().size() >= 1);
    QCOMPARE(fromPpm.out, fromPng.out);
  }

  // --device: a bad name is a usage error; cuda where there is none is an error naming CUDA.
  void deviceOption() {
    const Run bad = runProcess(cli_, {QStringLiteral("faces"), photo_, QStringLiteral("--device"), QStringLiteral("tpu")});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.err.contains("--device"), bad.err.constData());
    const Run info = runProcess(cli_, {QStringLiteral("info")});
    if (info.out.contains("\"cuda_available\":true") || info.out.contains("\"cuda_available\": true"))
      QSKIP("this machine has CUDA: the no-CUDA error cannot be shown here");
    const Run cuda = runProcess(cli_, {QStringLiteral("faces"), photo_, QStringLiteral("--device"), QStringLiteral("cuda")});
    QCOMPARE(cuda.exitCode, 2);
    QVERIFY(cuda.out.isEmpty());
    QVERIFY2(cuda.err.startsWith("error: ") && cuda.err.count('\n') == 1 && cuda.err.contains("CUDA"), cuda.err.constData());
  }

  void errorsExitTwoWithOneLine() {
    // notes.txt: no demuxer recognises it; notes.jpg: FFmpeg's image2 opens it by name, nothing decodes.
    for (const char* name : {"notes.txt", "notes.jpg"}) {
      QFile junk(tmp_.filePath(QString::fromLatin1(name)));
      QVERIFY(junk.open(QIODevice::WriteOnly));
      junk.write("this is not a picture, just some text that no demuxer recognises\n");
    }
    QFile truncated(tmp_.filePath(QStringLiteral("truncated.ppm")));  // a Netpbm header promising 48 bytes, 10 follow
    QVERIFY(truncated.open(QIODevice::WriteOnly));
    truncated.write("P6\n4 4\n255\n0123456789");
    truncated.close();
    const Run cut = runProcess(cli_, {QStringLiteral("faces"), truncated.fileName(), QStringLiteral("--json")});
    QCOMPARE(cut.exitCode, 2);
    QVERIFY2(cut.err.contains("truncated.ppm") && cut.err.contains("truncated"), cut.err.constData());
    for (const QString& path : {tmp_.filePath(QStringLiteral("missing.mp4")), tmp_.filePath(QStringLiteral("notes.txt")),
                                tmp_.filePath(QStringLiteral("notes.jpg")), truncated.fileName()}) {
      const Run r = runProcess(cli_, {QStringLiteral("faces"), path, QStringLiteral("--json")});
      QVERIFY(r.finished);
      QCOMPARE(r.exitCode, 2);
      QVERIFY(r.out.isEmpty());
      QVERIFY2(r.err.startsWith("error: ") && r.err.count('\n') == 1, r.err.constData());
    }
    const Run usage = runProcess(cli_, {QStringLiteral("faces"), photo_, QStringLiteral("--every"), QStringLiteral("0")});
    QCOMPARE(usage.exitCode, 1);
  }
};

QTEST_GUILESS_MAIN(TestCliFaces)
#include "test_cli_faces.moc"
