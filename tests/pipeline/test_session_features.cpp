// core/pipeline's feature extraction on generated sessions with known ground truth:
//   video: 640x360 at 25 fps for 10 s, a grey screen with face-api's sample2 face on it from
//          2 s to 6 s (the face at about (265, 75), 275 px);
//   voice: eSpeak NG speech from 3 s, silence elsewhere; muxed in, or as a separate WAV file
//          with a stream offset.
// Checks: chunks cover each file in order; faces exactly where the face is on screen (within one
// detection interval), with the overlay box on the face; voice rows on the 100 Hz session grid,
// equal to the whole-file voice features where the features are frame-local; voice activity
// where the speech is; missing audio or video are warnings, not errors; cancel is prompt; a run
// cancelled half-way resumes from the feature cache and equals an uninterrupted one; damaged
// cache files are computed again.
#include <QDirIterator>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "common/error.h"
#include "generated_session.h"
#include "perception/face_features.h"
#include "pipeline/analysis_windows.h"
#include "pipeline/session_features.h"
#include "pipeline/session_model.h"
#include "support/media_test_support.h"
#include "support/thrown.h"
#include "voice/voice_schema.h"

using namespace stf2m;
using namespace stf2m::pipeline;
using namespace stf2m::test;

namespace {

struct Collected {
  std::vector<FeatureChunk> chunks;  // as handed out (face and voice interleaved)
  std::vector<FaceSample> faces;
  std::vector<float> voice;  // rows from `voiceFirst`
  int64_t voiceFirst = -1;
  ExtractionStats stats;
};

Collected extract(const std::vector<MediaFile>& media, double chunkSeconds, SessionLayout* layout = nullptr,
                  const std::string& cacheDir = {}, const CancelToken* cancel = nullptr,
                  const StageProgress& progress = {}) {
  ExtractionOptions o;
  o.chunkSeconds = chunkSeconds;
  o.cacheDir = cacheDir;
  SessionFeatureExtractor extractor(media, o);
  Collected c;
  extractor.run(
      [&](const FeatureChunk& chunk) {
        c.chunks.push_back(chunk);
        c.faces.insert(c.faces.end(), chunk.faces.begin(), chunk.faces.end());
        if (chunk.kind == ChunkKind::Voice && c.voiceFirst < 0) c.voiceFirst = chunk.voiceFirstRow;
        c.voice.insert(c.voice.end(), chunk.voice.begin(), chunk.voice.end());
      },
      cancel, progress);
  if (layout) *layout = extractor.layout();
  c.stats = extractor.stats();
  return c;
}

bool sameSample(const FaceSample& a, const FaceSample& b) {
  if (a.time != b.time || a.frame != b.frame || a.trackId != b.trackId || a.source != b.source ||
      a.landmarksValid != b.landmarksValid || a.features != b.features)
    return false;
  if (a.box.x != b.box.x || a.box.y != b.box.y || a.box.width != b.box.width || a.box.height != b.box.height ||
      a.box.score != b.box.score)
    return false;
  for (size_t i = 0; i < a.landmarks.size(); ++i)
    if (a.landmarks[i].x != b.landmarks[i].x || a.landmarks[i].y != b.landmarks[i].y) return false;
  return true;
}

// Mean of voice column `col` over the session rows centred in [t0, t1).
double meanVoice(const Collected& c, int col, double t0, double t1) {
  double sum = 0;
  int n = 0;
  const int64_t rows = int64_t(c.voice.size()) / voice::kVoiceFeatureCount;
  for (int64_t r = 0; r < rows; ++r) {
    const double t = double(c.voiceFirst + r) / kVoiceRateHz;
    if (t >= t0 && t < t1) sum += c.voice[size_t(r * voice::kVoiceFeatureCount + col)], ++n;
  }
  return n ? sum / n : std::nan("");
}

}  // namespace

class TestSessionFeatures : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QString session_;    // face 2-6 s, speech from 3 s, one file
  QString silentVideo_;
  QString speech_;     // the speech alone, 16 kHz WAV, starting at its own 0
  QString returning_;  // the face on screen 1-3 s and again 5-8 s, no audio
  Collected session4s_;  // session_ extracted in 4 s chunks (shared by the checks that only read it)
  SessionLayout layout4s_;
  QString cache4s_;      // the feature cache session4s_ wrote
  double msPerFrame_ = 0;  // session4s_'s wall time per analysed frame (this build, this machine)

  QString path(const char* name) const { return tmp_.filePath(QString::fromLatin1(name)); }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    GeneratedSession generated;
    QString error;
    QVERIFY2(makeGeneratedSession(tmp_, generated, error), qPrintable(error));
    session_ = generated.session;
    silentVideo_ = generated.silentVideo;
    speech_ = generated.speech;
    returning_ = generated.returning;
    cache4s_ = path("cache-4s");
    QElapsedTimer clock;
    clock.start();
    session4s_ = extract({{session_.toStdString(), 0.0}}, 4.0, &layout4s_, cache4s_.toStdString());
    msPerFrame_ = double(clock.elapsed()) / std::max<int64_t>(1, session4s_.stats.framesAnalysed);
  }

  void chunksCoverEachFile() {
    const SessionLayout& layout = layout4s_;
    const Collected& c = session4s_;
    QCOMPARE(layout.videoPath, session_.toStdString());
    QCOMPARE(layout.audioPath, session_.toStdString());
    QCOMPARE(layout.width, 640);
    QCOMPARE(layout.fps, 25.0);
    QCOMPARE(layout.faceChunks, 3);
    QCOMPARE(layout.voiceChunks, 3);
    QVERIFY(layout.warnings.empty());
    // Face and voice chunks alternate by session start time (face first at a tie).
    QCOMPARE(int(c.chunks.size()), 6);
    for (size_t i = 0; i < c.chunks.size(); ++i) {
      const FeatureChunk& ch = c.chunks[i];
      QCOMPARE(ch.kind, i % 2 == 0 ? ChunkKind::Face : ChunkKind::Voice);
      QCOMPARE(ch.index, int(i / 2));
      QCOMPARE(ch.start, 4.0 * double(i / 2));
      QVERIFY(!ch.fromCache);
      for (const FaceSample& s : ch.faces) QVERIFY(s.time >= ch.start && s.time < ch.end);
      if (ch.kind == ChunkKind::Voice) QCOMPARE(ch.voiceFirstRow, int64_t(400 * (i / 2)));
    }
    QCOMPARE(int(c.faces.size()), 250);
    for (size_t i = 0; i < c.faces.size(); ++i) {
      QCOMPARE(c.faces[i].frame, int64_t(i));
      QVERIFY(std::fabs(c.faces[i].time - double(i) / 25.0) < 1e-6);
    }
    QCOMPARE(c.voiceFirst, int64_t(0));
    QCOMPARE(int64_t(c.voice.size()) / voice::kVoiceFeatureCount, int64_t(1000));
    QCOMPARE(c.stats.framesAnalysed, 250);
  }

  // The face is reported while it is on screen and not otherwise (a vanished face may be refitted
  // until the next detection, at most detectEvery = 5 frames), with its box on the face.
  void facesWhereTheFaceIs() {
    const Collected& c = session4s_;
    int onScreen = 0, found = 0;
    for (const FaceSample& s : c.faces) {
      QCOMPARE(int(s.features.size()), perception::kFaceFeatureCount);
      QCOMPARE(s.features[0], s.trackId >= 0 ? 1.0f : 0.0f);  // presence
      const bool visible = s.time >= 2.0 && s.time < 6.0;
      if (s.time < 2.0 || s.time >= 6.2) QVERIFY2(s.trackId < 0, qPrintable(QStringLiteral("a face at %1 s").arg(s.time)));
      if (!visible) continue;
      ++onScreen;
      if (s.trackId < 0) continue;
      ++found;
      const double cx = s.box.x + s.box.width / 2, cy = s.box.y + s.box.height / 2;
      QVERIFY2(std::fabs(cx - 402) < 60 && std::fabs(cy - 212) < 60, qPrintable(QStringLiteral("box centre %1,%2").arg(cx).arg(cy)));
      QVERIFY(s.landmarksValid);
      QCOMPARE(s.trackId, 1);
    }
    qInfo("face found in %d of %d frames on screen", found, onScreen);
    QCOMPARE(onScreen, 100);
    QVERIFY2(found >= 98, qPrintable(QStringLiteral("a face in %1 of 100 frames").arg(found)));
  }

  // Voice rows: the frame-local columns equal the whole file's features; pitch and activity,
  // computed per block with 1 s margins, agree on nearly every row; activity follows the speech.
  void voiceOnTheSessionGrid() {
    const Collected& c = session4s_;
    const voice::VoiceFeatures whole = voice::voiceFeaturesOfFile(session_.toStdString());
    const int rows = int(c.voice.size()) / voice::kVoiceFeatureCount;
    QVERIFY(whole.frames >= rows);
    std::vector<float> row(voice::kVoiceFeatureCount);
    int pitchAgree = 0, vadAgree = 0;
    for (int r = 0; r < rows; ++r) {
      voice::voiceFeatureRow(whole, r, row.data());
      const float* ours = &c.voice[size_t(r) * voice::kVoiceFeatureCount];
      for (int col : {0, 4, 5, 6, 20, 40, 82}) QCOMPARE(ours[col], row[size_t(col)]);
      pitchAgree += (ours[1] > 0) == (row[1] > 0) && std::fabs(ours[1] - row[1]) <= 0.01f * std::max(1.0f, row[1]);
      vadAgree += ours[3] == row[3];
    }
    qInfo("pitch agrees on %d, activity on %d of %d rows; activity %.2f in speech, %.2f and %.2f in silence", pitchAgree,
          vadAgree, rows, meanVoice(c, 3, 3.2, 4.5), meanVoice(c, 3, 0.2, 2.7), meanVoice(c, 3, 8.5, 9.8));
    QVERIFY2(pitchAgree >= rows * 98 / 100, qPrintable(QStringLiteral("pitch agrees on %1 of %2 rows").arg(pitchAgree).arg(rows)));
    QVERIFY2(vadAgree >= rows * 97 / 100, qPrintable(QStringLiteral("activity agrees on %1 of %2 rows").arg(vadAgree).arg(rows)));
    QVERIFY(meanVoice(c, 3, 3.2, 4.5) > 0.8);
    QVERIFY(meanVoice(c, 3, 0.2, 2.7) < 0.05);
    QVERIFY(meanVoice(c, 3, 8.5, 9.8) < 0.05);
  }

  // 2 s windows every 1 s over the 10 s session: they cover it; face views exactly where the face
  // is on screen (2-6 s) and voice views where the speech is (from 3 s), none elsewhere; each
  // window is handed out as soon as both streams have passed its end, and the assembler holds
  // no more than a chunk and a window of rows.
  void windowsFollowFaceAndSpeech() {
    WindowAssembler windows(layout4s_, {});
    QCOMPARE(windows.windowCount(), 9);
    std::vector<AnalysisWindow> out;
    size_t maxFaces = 0, maxVoice = 0;
    for (const FeatureChunk& chunk : session4s_.chunks) {
      const size_t before = out.size();
      for (AnalysisWindow& w : windows.add(chunk)) out.push_back(std::move(w));
      for (size_t i = before; i < out.size(); ++i) QVERIFY(out[i].end <= chunk.end + 1e-9);
      maxFaces = std::max(maxFaces, windows.bufferedFaceSamples());
      maxVoice = std::max(maxVoice, windows.bufferedVoiceRows());
    }
    for (AnalysisWindow& w : windows.finish()) out.push_back(std::move(w));
    QCOMPARE(int(out.size()), 9);
    QVERIFY2(maxFaces <= 150 && maxVoice <= 600, qPrintable(QStringLiteral("%1 frames, %2 rows").arg(maxFaces).arg(maxVoice)));
    for (const AnalysisWindow& w : out) {
      qInfo("window %.0f-%.0f s: face %.2f%s, voice activity %.2f%s", w.start, w.end, w.face.coverage,
            w.face.present ? " (view)" : "", w.voice.coverage, w.voice.present ? " (view)" : "");
      QCOMPARE(w.start, double(w.index));
      QCOMPARE(w.face.rows, 50);
      QCOMPARE(w.voice.rows, 200);
      QCOMPARE(int(w.face.values.size()), 50 * perception::kFaceFeatureCount);
      QCOMPARE(int(w.voice.values.size()), 200 * voice::kVoiceFeatureCount);
      if (w.start >= 2 && w.end <= 6) QVERIFY2(w.face.present, qPrintable(QStringLiteral("window %1").arg(w.start)));
      if (w.end <= 2 || w.start >= 6) QVERIFY2(!w.face.present, qPrintable(QStringLiteral("window %1").arg(w.start)));
      if (w.start >= 3 && w.end <= 5) QVERIFY2(w.voice.present, qPrintable(QStringLiteral("window %1").arg(w.start)));
      if (w.end <= 3 || w.start >= 6) QVERIFY2(!w.voice.present, qPrintable(QStringLiteral("window %1: activity %2").arg(w.start).arg(w.voice.coverage)));
    }
    QVERIFY(capture([&] { WindowAssembler(layout4s_, {2.0, 3.0, 0.5, 0.25}); }).is(ErrorCode::InvalidArgument));
    // A session shorter than one window is one window; a remainder gets a last window at the end.
    SessionLayout shortSession = layout4s_;
    shortSession.duration = 1.5;
    QCOMPARE(WindowAssembler(shortSession, {}).windowCount(), 1);
    shortSession.duration = 10.5;
    const WindowAssembler tail(shortSession, {});
    QCOMPARE(tail.windowCount(), 10);
    QCOMPARE(tail.windowStarts().back(), 8.5);
  }

  // A face that leaves the picture and comes back gets a new track; it is still the primary
  // subject's face, reported on its return (not lost to the ended track's larger hit count).
  void returningFaceIsStillReported() {
    const Collected c = extract({{returning_.toStdString(), 0.0}}, 4.0);
    QCOMPARE(int(c.faces.size()), 250);
    int first = 0, second = 0;
    QSet<int> ids;
    for (const FaceSample& s : c.faces) {
      if (s.trackId >= 0) ids.insert(s.trackId);
      if (s.time >= 1.0 && s.time < 3.0) first += s.trackId >= 0;
      if (s.time >= 5.0 && s.time < 8.0) second += s.trackId >= 0;
      if (s.time < 1.0 || (s.time >= 3.2 && s.time < 5.0) || s.time >= 8.2) QVERIFY(s.trackId < 0);
    }
    qInfo("face reported in %d of 50 and %d of 75 frames; track ids %d", first, second, int(ids.size()));
    QVERIFY(first >= 48);
    QVERIFY(second >= 73);
  }

  // The shipped synthetic-benchmark model reads other features (32 face, 40 voice columns): it is
  // refused with an error that names the model and both layouts.
  void mismatchedModelIsRefused() {
    const std::vector<dataset::ModalitySpec> session = sessionModalities(layout4s_);
    QCOMPARE(int(session.size()), 2);
    QCOMPARE(session[0].dimension, perception::kFaceFeatureCount);
    QCOMPARE(session[1].dimension, voice::kVoiceFeatureCount);
    const std::string model = STF2M_SOURCE_DIR "/resources/models/default.stf2m";
    const Thrown t = capture([&] { requireModelReadsSession(model, layout4s_); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(t.describe()));
    qInfo("%s", t.what.c_str());
    QVERIFY(t.what.find("default.stf2m") != std::string::npos);
    QVERIFY2(t.what.find("face: 32 columns [brows 0-5") != std::string::npos, t.what.c_str());
    QVERIFY2(t.what.find("face: 285 columns [presence 0-2") != std::string::npos, t.what.c_str());
    QVERIFY(capture([&] { requireModelReadsSession(path("absent.stf2m").toStdString(), layout4s_); }).is(ErrorCode::FileNotFound));
  }

  // A separate microphone file 0.5 s after the camera: the voice comes from it, shifted by 50 rows.
  void separateAudioWithOffset() {
    SessionLayout layout;
    const Collected c = extract({{silentVideo_.toStdString(), 0.0}, {speech_.toStdString(), 0.5}}, 4.0, &layout);
    QCOMPARE(layout.audioPath, speech_.toStdString());
    QCOMPARE(layout.videoPath, silentVideo_.toStdString());
    QCOMPARE(c.voiceFirst, int64_t(50));
    const voice::VoiceFeatures whole = voice::voiceFeaturesOfFile(speech_.toStdString());
    const int rows = int(c.voice.size()) / voice::kVoiceFeatureCount;
    QVERIFY(std::abs(rows - whole.frames) <= 1);
    std::vector<float> row(voice::kVoiceFeatureCount);
    for (int r = 0; r < std::min(rows, whole.frames); ++r) {
      voice::voiceFeatureRow(whole, r, row.data());
      QCOMPARE(c.voice[size_t(r) * voice::kVoiceFeatureCount + 6], row[6]);  // mfcc_0
    }
    QCOMPARE(int(c.faces.size()), 250);
  }

  void missingStreamsAreWarnings() {
    SessionLayout layout;
    Collected c = extract({{silentVideo_.toStdString(), 0.0}}, 5.0, &layout);
    QVERIFY(layout.audioPath.empty());
    QCOMPARE(int(layout.warnings.size()), 1);
    QVERIFY(layout.warnings[0].find("no audio stream") != std::string::npos);
    for (const FeatureChunk& ch : c.chunks) QCOMPARE(ch.voiceRows, 0);
    QCOMPARE(int(c.faces.size()), 250);

    c = extract({{speech_.toStdString(), 1.0}}, 5.0, &layout);
    QVERIFY(layout.videoPath.empty());
    QVERIFY(layout.warnings.at(0).find("no video stream") != std::string::npos);
    QVERIFY(c.faces.empty());
    QCOMPARE(c.voiceFirst, int64_t(100));
  }

  void badFilesAreNamed() {
    Thrown t = capture([&] { SessionFeatureExtractor({{path("absent.mp4").toStdString(), 0}}, {}); });
    QVERIFY2(t.is(ErrorCode::FileNotFound), qPrintable(t.describe()));
    QVERIFY(t.what.find("absent.mp4") != std::string::npos);
    QFile text(path("notes.mp4"));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("these are notes, not a video\n");
    text.close();
    t = capture([&] { SessionFeatureExtractor({{path("notes.mp4").toStdString(), 0}}, {}); });
    QVERIFY2(t.is(ErrorCode::NotMedia), qPrintable(t.describe()));
    QVERIFY(t.what.find("notes.mp4") != std::string::npos);
    t = capture([&] { SessionFeatureExtractor({}, {}); });
    QVERIFY(t.is(ErrorCode::InvalidArgument));
    // A 40 KB file whose audio is stamped at 10^6 s declares 11.6 days: refused at once, not
    // analysed for days (and with stamps at 10^12 s, not a 17 GB allocation either).
    for (const char* name : {"audio_stamped_late.mkv", "audio_stamped_absurd.mkv"}) {
      const std::string file = fixturePath(QString::fromUtf8(name)).toStdString();
      t = capture([&] { SessionFeatureExtractor({{file, 0}}, {}); });
      QVERIFY2(t.is(ErrorCode::InvalidArgument) && t.what.find(file) != std::string::npos &&
                   t.what.find("sessions of at most 24 h are analysed") != std::string::npos,
               qPrintable(t.describe()));
    }
  }

  // A cancel set by another thread (as the Studio's owner of the work does) stops the run within
  // 200 ms: the token is checked between frames and inside voice blocks. Where one frame's work
  // alone takes longer (the sanitizer build: about 300 ms a frame), within three frames' time.
  void cancelIsPrompt() {
    SessionFeatureExtractor extractor({{session_.toStdString(), 0.0}}, {});
    CancelToken cancel;
    // (the default 10 s chunk: the first face chunk is the whole video)
    std::atomic<qint64> cancelledAtMs{0};
    QElapsedTimer clock;
    clock.start();
    std::thread canceller([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      cancelledAtMs = clock.elapsed();
      cancel.cancel();
    });
    int chunks = 0;
    const Thrown t = capture([&] { extractor.run([&](const FeatureChunk&) { ++chunks; }, &cancel); });
    const qint64 latency = clock.elapsed() - cancelledAtMs;
    canceller.join();
    QVERIFY2(t.is(ErrorCode::Cancelled), qPrintable(t.describe()));
    qInfo("stopped %lld ms after the cancel", static_cast<long long>(latency));
    const double bound = std::max(200.0, 3 * msPerFrame_);
    QVERIFY2(latency < bound, qPrintable(QStringLiteral("%1 ms (bound %2 ms)").arg(latency).arg(bound)));
    QCOMPARE(chunks, 0);
  }

  // Cancelled after its second face chunk, the run resumes from the cache: the chunks already
  // stored are read, not computed, and everything equals the uninterrupted run.
  void resumeEqualsUninterrupted() {
    const std::vector<MediaFile> media = {{session_.toStdString(), 0.0}};
    const std::string cacheB = path("cache-b").toStdString();
    const Collected& whole = session4s_;  // uninterrupted, into a cache of its own
    QCOMPARE(whole.stats.faceChunksComputed, 3);

    CancelToken cancel;
    const Thrown t = capture([&] {
      extract(media, 4.0, nullptr, cacheB, &cancel, [&](const std::string& stage, double fraction) {
        if (stage == "faces" && fraction > 0.5) cancel.cancel();  // inside the second face chunk
      });
    });
    QVERIFY2(t.is(ErrorCode::Cancelled), qPrintable(t.describe()));
    const Collected resumed = extract(media, 4.0, nullptr, cacheB);
    QCOMPARE(resumed.stats.faceChunksFromCache, 1);
    QCOMPARE(resumed.stats.faceChunksComputed, 2);
    QVERIFY(resumed.stats.framesAnalysed < 250);
    QCOMPARE(resumed.faces.size(), whole.faces.size());
    for (size_t i = 0; i < whole.faces.size(); ++i)
      QVERIFY2(sameSample(resumed.faces[i], whole.faces[i]), qPrintable(QStringLiteral("frame %1 differs").arg(i)));
    QVERIFY(resumed.voice == whole.voice);

    // A second run reads everything from the cache and runs no network.
    const Collected cached = extract(media, 4.0, nullptr, cacheB);
    QCOMPARE(cached.stats.framesAnalysed, 0);
    QCOMPARE(cached.stats.faceChunksFromCache, 3);
    QCOMPARE(cached.stats.voiceChunksFromCache, 3);
    for (size_t i = 0; i < whole.faces.size(); ++i) QVERIFY(sameSample(cached.faces[i], whole.faces[i]));
    QVERIFY(cached.voice == whole.voice);
    QCOMPARE(cached.chunks.size(), whole.chunks.size());
    for (size_t i = 0; i < whole.chunks.size(); ++i) {
      QVERIFY(cached.chunks[i].fromCache);
      QCOMPARE(cached.chunks[i].kind, whole.chunks[i].kind);
      QCOMPARE(cached.chunks[i].index, whole.chunks[i].index);
      QCOMPARE(cached.chunks[i].start, whole.chunks[i].start);
      QCOMPARE(cached.chunks[i].end, whole.chunks[i].end);
      QCOMPARE(cached.chunks[i].voiceFirstRow, whole.chunks[i].voiceFirstRow);
    }
  }

  // A cache file cut short or with a flipped byte is computed again, with the same result.
  void damagedCacheIsRecomputed() {
    const std::vector<MediaFile> media = {{session_.toStdString(), 0.0}};
    const std::string cache = path("cache-damaged").toStdString();
    const Collected& first = session4s_;
    // A copy of the cache session4s_ wrote, damaged.
    QStringList chunks;
    QDirIterator it(cache4s_, {QStringLiteral("*")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString from = it.next();
      const QString to = QString::fromStdString(cache) + from.mid(cache4s_.size());
      QVERIFY(QDir().mkpath(QFileInfo(to).path()));
      QVERIFY2(QFile::copy(from, to), qPrintable(to));
      if (QFileInfo(to).fileName().startsWith(QLatin1String("chunk-")) && to.endsWith(QLatin1String(".bin")))
        chunks << to;
    }
    chunks.sort();
    QCOMPARE(chunks.size(), 6);
    for (int i = 0; i < chunks.size(); ++i) {
      QFile f(chunks[i]);
      QVERIFY(f.open(QIODevice::ReadWrite));
      QByteArray bytes = f.readAll();
      if (i % 2 == 0) bytes.chop(7);
      else bytes[bytes.size() - 3] = char(bytes[bytes.size() - 3] ^ 0x5a);
      f.resize(0);
      f.write(bytes);
    }
    const Collected again = extract(media, 4.0, nullptr, cache);
    QCOMPARE(again.stats.faceChunksFromCache + again.stats.voiceChunksFromCache, 0);
    QCOMPARE(again.faces.size(), first.faces.size());
    for (size_t i = 0; i < first.faces.size(); ++i) QVERIFY(sameSample(again.faces[i], first.faces[i]));
    QVERIFY(again.voice == first.voice);
  }
};

QTEST_GUILESS_MAIN(TestSessionFeatures)
#include "test_session_features.moc"
