// probeMedia() and mediaInfoToJson() over every media fixture: container, duration, streams,
// frame rate and its VFR check, rotation, audio format; the JSON is parsed back with Qt.
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "common/error.h"
#include "media/media_info.h"
#include "support/media_test_support.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::media;
using namespace stf2m::test;

namespace {

struct VideoExpect {
  const char* codec;
  int width, height;
  const char* pixelFormat;
  double fps;       // 0: not checked (VFR)
  bool vfr;
  int rotation;
};

struct AudioExpect {
  const char* codec;
  int sampleRate, channels;
  QStringList layouts;  // accepted channel layout names
};

struct ProbeExpect {
  const char* file;
  const char* containerPart;  // must occur in the demuxer name list
  double duration;
  double startTime;
  int streams;
  bool hasVideo;
  VideoExpect video;
  bool hasAudio;
  AudioExpect audio;
};

// PCM in WAV/AVI carries no channel mask, so FFmpeg reports an "unspecified order" layout;
// the core may report it as that, as empty/unknown, or as the default layout for the count.
const QStringList kMonoAny{QStringLiteral("mono"), QString(), QStringLiteral("unknown"),
                           QStringLiteral("1 channels")};
const QStringList kStereoAny{QStringLiteral("stereo"), QString(), QStringLiteral("unknown"),
                             QStringLiteral("2 channels")};
const QStringList kStereo{QStringLiteral("stereo")};

const ProbeExpect kExpect[] = {
    {"h264_aac.mp4", "mp4", 4.0, 0.0, 2, true, {"h264", 320, 240, "yuv420p", 25, false, 0},
     true, {"aac", 48000, 2, kStereo}},
    {"vp9_opus.webm", "webm", 3.0, -0.007, 2, true, {"vp9", 320, 240, "yuv420p", 30, false, 0},
     true, {"opus", 48000, 2, kStereo}},
    {"mjpeg_pcm.avi", "avi", 3.0, 0.0, 2, true, {"mjpeg", 320, 240, "yuvj420p", 25, false, 0},
     true, {"pcm_s16le", 44100, 1, kMonoAny}},
    {"vfr.mkv", "matroska", 4.0, 0.0, 1, true, {"h264", 320, 240, "yuv420p", 0, true, 0},
     false, {}},
    {"rotated.mp4", "mp4", 3.0, 0.0, 1, true, {"h264", 320, 240, "yuv420p", 25, false, 90},
     false, {}},
    {"video_only.mp4", "mp4", 3.0, 0.0, 1, true, {"h264", 320, 240, "yuv420p", 25, false, 0},
     false, {}},
    {"odd_641x479.mkv", "matroska", 2.0, 0.0, 1, true,
     {"h264", 641, 479, "yuv444p", 25, false, 0}, false, {}},
    {"audio_only.m4a", "mp4", 3.0, 0.0, 1, false, {}, true, {"aac", 44100, 2, kStereo}},
    {"tone_stereo.wav", "wav", 2.0, 0.0, 1, false, {}, true, {"pcm_s16le", 48000, 2, kStereoAny}},
};

const ProbeExpect* expectFor(const QString& file) {
  for (const auto& e : kExpect)
    if (file == QLatin1String(e.file)) return &e;
  return nullptr;
}

}  // namespace

class TestMediaProbe : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
  }

  void probeFixture_data() {
    QTest::addColumn<QString>("file");
    for (const auto& e : kExpect) QTest::newRow(e.file) << QString::fromLatin1(e.file);
  }

  void probeFixture() {
    QFETCH(QString, file);
    const ProbeExpect* e = expectFor(file);
    QVERIFY(e);
    const std::string path = fixturePath(file).toStdString();
    MediaInfo info;
    const Thrown t = capture([&] { info = probeMedia(path); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));

    QCOMPARE(qs(info.path), qs(path));
    QVERIFY2(qs(info.container).contains(QLatin1String(e->containerPart)),
             qPrintable(qs(info.container)));
    QVERIFY(!info.containerLongName.empty());
    QCOMPARE(info.sizeBytes, static_cast<int64_t>(QFileInfo(fixturePath(file)).size()));
    QVERIFY2(std::abs(info.duration - e->duration) <= 0.05,
             qPrintable(QStringLiteral("duration %1, expected %2").arg(info.duration).arg(e->duration)));
    QVERIFY2(std::abs(info.startTime - e->startTime) <= 0.0015,
             qPrintable(QStringLiteral("start %1, expected %2").arg(info.startTime).arg(e->startTime)));
    QCOMPARE(static_cast<int>(info.streams.size()), e->streams);
    for (size_t i = 0; i < info.streams.size(); ++i) {
      const StreamInfo& s = info.streams[i];
      QCOMPARE(s.index, static_cast<int>(i));
      QVERIFY2(s.decodable, qPrintable(QStringLiteral("stream %1 (%2) not decodable").arg(i).arg(qs(s.codec))));
      QVERIFY(s.timeBase.valid());
      QVERIFY(!s.codecLongName.empty());
    }

    const StreamInfo* v = info.firstVideo();
    QCOMPARE(v != nullptr, e->hasVideo);
    if (v) {
      QCOMPARE(v->kind, StreamKind::Video);
      QCOMPARE(qs(v->codec), QString::fromLatin1(e->video.codec));
      QCOMPARE(v->width, e->video.width);
      QCOMPARE(v->height, e->video.height);
      QCOMPARE(qs(v->pixelFormat), QString::fromLatin1(e->video.pixelFormat));
      QCOMPARE(v->variableFrameRate, e->video.vfr);
      QCOMPARE(v->rotation, e->video.rotation);
      QCOMPARE(v->mirrored, false);
      QVERIFY2(v->scannedFrames >= 10, qPrintable(QString::number(v->scannedFrames)));
      QVERIFY(v->minFrameInterval > 0);
      QVERIFY(v->maxFrameInterval >= v->minFrameInterval);
      if (e->video.fps > 0) {
        QVERIFY2(std::abs(v->averageFrameRate.value() - e->video.fps) < 0.01,
                 qPrintable(QStringLiteral("avg fps %1/%2").arg(v->averageFrameRate.num).arg(v->averageFrameRate.den)));
        QVERIFY2(std::abs(v->realFrameRate.value() - e->video.fps) < 0.01,
                 qPrintable(QStringLiteral("r fps %1/%2").arg(v->realFrameRate.num).arg(v->realFrameRate.den)));
        // Constant rate: every scanned interval is one frame period, up to the container's
        // timestamp rounding (1 ms in Matroska/WebM: 33 and 34 ms at 30 fps).
        const double period = 1.0 / e->video.fps;
        QVERIFY2(std::abs(v->minFrameInterval - period) <= 0.0015 &&
                     std::abs(v->maxFrameInterval - period) <= 0.0015,
                 qPrintable(QStringLiteral("intervals %1..%2, period %3")
                                .arg(v->minFrameInterval).arg(v->maxFrameInterval).arg(period)));
      } else {
        // vfr.mkv alternates 20 ms and 60 ms intervals for its first 60 frames.
        QVERIFY2(std::abs(v->minFrameInterval - 0.020) <= 0.0015,
                 qPrintable(QString::number(v->minFrameInterval)));
        QVERIFY2(std::abs(v->maxFrameInterval - 0.060) <= 0.0015,
                 qPrintable(QString::number(v->maxFrameInterval)));
      }
    }

    const StreamInfo* a = info.firstAudio();
    QCOMPARE(a != nullptr, e->hasAudio);
    if (a) {
      QCOMPARE(a->kind, StreamKind::Audio);
      QCOMPARE(qs(a->codec), QString::fromLatin1(e->audio.codec));
      QCOMPARE(a->sampleRate, e->audio.sampleRate);
      QCOMPARE(a->channels, e->audio.channels);
      QVERIFY2(e->audio.layouts.contains(qs(a->channelLayout)),
               qPrintable(QStringLiteral("layout '%1'").arg(qs(a->channelLayout))));
      QVERIFY(!a->sampleFormat.empty());
    }
  }

  // Files the readers reject can still be described.
  void probeUnsupportedCodec() {
    MediaInfo info;
    const Thrown t = capture([&] { info = probeMedia(fixture("unsupported_codec.avi")); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const StreamInfo* v = info.firstVideo();
    QVERIFY(v);
    QCOMPARE(qs(v->codec), QStringLiteral("none"));
    QCOMPARE(v->decodable, false);
    QCOMPARE(v->width, 160);
    QCOMPARE(v->height, 120);
  }

  void probeTruncated_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("truncated.mkv") << QStringLiteral("truncated.mkv");
    QTest::newRow("truncated_faststart.mp4") << QStringLiteral("truncated_faststart.mp4");
  }
  void probeTruncated() {
    QFETCH(QString, file);
    MediaInfo info;
    const Thrown t = capture([&] { info = probeMedia(fixturePath(file).toStdString()); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QVERIFY(info.firstVideo());
    QCOMPARE(qs(info.firstVideo()->codec), QStringLiteral("h264"));
  }

  void json_data() { probeFixture_data(); }

  void json() {
    QFETCH(QString, file);
    const std::string path = fixturePath(file).toStdString();
    MediaInfo info;
    const Thrown t = capture([&] { info = probeMedia(path); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const std::string text = mediaInfoToJson(info);
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &err);
    QVERIFY2(err.error == QJsonParseError::NoError,
             qPrintable(err.errorString() + QStringLiteral(" at ") + QString::number(err.offset)));
    QVERIFY(doc.isObject());
    const QJsonObject o = doc.object();
    for (const char* k : {"path", "container", "container_long_name", "size_bytes", "start_time",
                          "duration", "bit_rate", "streams"})
      QVERIFY2(o.contains(QLatin1String(k)), k);
    QCOMPARE(o.value(QStringLiteral("path")).toString(), qs(path));
    QCOMPARE(o.value(QStringLiteral("container")).toString(), qs(info.container));
    QCOMPARE(o.value(QStringLiteral("size_bytes")).toDouble(), static_cast<double>(info.sizeBytes));
    QVERIFY(std::abs(o.value(QStringLiteral("duration")).toDouble() - info.duration) < 1e-6);
    const QJsonArray streams = o.value(QStringLiteral("streams")).toArray();
    QCOMPARE(streams.size(), static_cast<qsizetype>(info.streams.size()));
    for (qsizetype i = 0; i < streams.size(); ++i) {
      QVERIFY(streams[i].isObject());
      const QJsonObject s = streams[i].toObject();
      const StreamInfo& si = info.streams[static_cast<size_t>(i)];
      for (const char* k : {"index", "type", "codec", "codec_long_name", "decodable", "time_base",
                            "start_time", "duration", "frame_count", "bit_rate"})
        QVERIFY2(s.contains(QLatin1String(k)), k);
      QCOMPARE(s.value(QStringLiteral("index")).toInt(), si.index);
      QCOMPARE(s.value(QStringLiteral("type")).toString(), QString::fromLatin1(streamKindName(si.kind)));
      QCOMPARE(s.value(QStringLiteral("codec")).toString(), qs(si.codec));
      QCOMPARE(s.value(QStringLiteral("decodable")).toBool(), si.decodable);
      const QJsonObject tb = s.value(QStringLiteral("time_base")).toObject();
      QCOMPARE(tb.value(QStringLiteral("num")).toInt(), si.timeBase.num);
      QCOMPARE(tb.value(QStringLiteral("den")).toInt(), si.timeBase.den);
      if (si.kind == StreamKind::Video) {
        for (const char* k : {"width", "height", "pixel_format", "sample_aspect_ratio",
                              "avg_frame_rate", "r_frame_rate", "variable_frame_rate",
                              "frame_interval", "rotation", "mirrored"})
          QVERIFY2(s.contains(QLatin1String(k)), k);
        QCOMPARE(s.value(QStringLiteral("width")).toInt(), si.width);
        QCOMPARE(s.value(QStringLiteral("height")).toInt(), si.height);
        QCOMPARE(s.value(QStringLiteral("pixel_format")).toString(), qs(si.pixelFormat));
        QCOMPARE(s.value(QStringLiteral("variable_frame_rate")).toBool(), si.variableFrameRate);
        QCOMPARE(s.value(QStringLiteral("rotation")).toInt(), si.rotation);
        const QJsonObject fi = s.value(QStringLiteral("frame_interval")).toObject();
        for (const char* k : {"min", "max", "scanned_frames"}) QVERIFY2(fi.contains(QLatin1String(k)), k);
        const QJsonObject fr = s.value(QStringLiteral("avg_frame_rate")).toObject();
        QCOMPARE(fr.value(QStringLiteral("num")).toInt(), si.averageFrameRate.num);
        QCOMPARE(fr.value(QStringLiteral("den")).toInt(), si.averageFrameRate.den);
      } else if (si.kind == StreamKind::Audio) {
        for (const char* k : {"sample_rate", "channels", "channel_layout", "sample_format"})
          QVERIFY2(s.contains(QLatin1String(k)), k);
        QCOMPARE(s.value(QStringLiteral("sample_rate")).toInt(), si.sampleRate);
        QCOMPARE(s.value(QStringLiteral("channels")).toInt(), si.channels);
        QCOMPARE(s.value(QStringLiteral("channel_layout")).toString(), qs(si.channelLayout));
      }
    }
  }

  // A path with quotes, a backslash, spaces and non-ASCII letters must survive JSON escaping.
  void jsonEscapesPath() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString name = dir.filePath(QStringLiteral("séance \"7\" back\\slash\ttab.mp4"));
    QVERIFY(QFile::copy(fixturePath(QStringLiteral("video_only.mp4")), name));
    const std::string path = name.toStdString();
    MediaInfo info;
    const Thrown t = capture([&] { info = probeMedia(path); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(mediaInfoToJson(info)), &err);
    QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString()));
    QCOMPARE(doc.object().value(QStringLiteral("path")).toString(), name);
  }

  void probeCancelled() {
    CancelToken token;
    token.cancel();
    const std::string path = fixture("h264_aac.mp4");
    const Thrown t = capture([&] { (void)probeMedia(path, &token); });
    QVERIFY2(t.is(ErrorCode::Cancelled), qPrintable(t.describe()));
    QVERIFY2(qs(t.what).contains(qs(path)), t.what.c_str());
  }
};

QTEST_GUILESS_MAIN(TestMediaProbe)
#include "test_media_probe.moc"
