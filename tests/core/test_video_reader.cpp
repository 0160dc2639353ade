// VideoReader against the real ffmpeg CLI as the reference decoder:
//  - sequential decoding: the (md5, pts) sequence equals `ffmpeg -f framemd5` for every video
//    fixture (hashes in order, count, times);
//  - random access: frameAt(t) / frameAtIndex(i) agree with a lookup into the sequential list;
//  - OutOfRange at the edges, rewind(), cancellation, damaged (truncated) files;
//  - convertToRgb: display size, colour conversion against ffmpeg's rgb24, rotation.
#include <QHash>
#include <QSet>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "common/cancel.h"
#include "common/error.h"
#include "media/video_reader.h"
#include "support/media_test_support.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::media;
using namespace stf2m::test;

namespace {

const char* const kVideoFixtures[] = {"h264_aac.mp4",   "vp9_opus.webm", "mjpeg_pcm.avi",
                                      "vfr.mkv",        "rotated.mp4",   "odd_641x479.mkv",
                                      "video_only.mp4"};

struct SeqFrame {
  int64_t index = -1;
  double time = 0;
  int64_t pts = 0;
  QString md5;
};

// Colour conversion tolerances against ffmpeg's own rgb24 output (values 0..255).
// The core may use other swscale flags than the CLI (bilinear/area instead of bicubic, full
// chroma interpolation, accurate rounding). Measured on these fixtures with the CLI itself,
// those variants differ from the default by a pixel mean of at most 4.4 and an 8x8-block mean
// of at most 1.9, while real errors are far larger: the BT.709 matrix on BT.601 content gives
// 8.3 / 7.8, limited range read as full 13-15 / 12-13, the neighbouring frame 4.2-5.8 / 3.1-4.8,
// swapped R and B ~110. Turning before or after scaling (ffmpeg transposes first, then scales)
// alone gives 5.4 / 0.7 at 120x160. So: 8x8-block mean <= 2.5 is the discriminating check and
// the pixel mean <= 6.0 a coarse one (it cannot tell a neighbouring frame from a scaler choice;
// the md5 checks cover frame identity).
constexpr double kRgbMeanTol = 6.0;
constexpr double kRgbBlockTol = 2.5;
// The same picture converted by the same reader, once rotated by the reader and once rotated
// here: only chroma siting can differ (when the reader rotates planes before conversion).
constexpr double kRotMeanTol = 1.5;
constexpr double kRotBlockTol = 0.75;

}  // namespace

class TestVideoReader : public QObject {
  Q_OBJECT

  // Sequential decodes and ffmpeg's framemd5 per fixture, computed once.
  QHash<QString, std::vector<SeqFrame>> seqCache_;
  QHash<QString, FrameMd5List> ffCache_;

  const FrameMd5List* reference(const QString& file, QString* why) {
    if (!ffCache_.contains(file)) {
      FrameMd5List list;
      if (!ffmpegFrameMd5(fixturePath(file), &list, why)) return nullptr;
      ffCache_.insert(file, list);
    }
    return &ffCache_[file];
  }

  static bool readAll(VideoReader& r, std::vector<SeqFrame>* out, QString* why) {
    out->clear();
    const Thrown t = capture([&] {
      while (const DecodedFrame* f = r.nextFrame()) {
        out->push_back({f->index(), f->time(), f->pts(), qs(f->md5())});
        if (out->size() > 100000) break;
      }
    });
    if (t.threw) {
      *why = QStringLiteral("nextFrame threw after %1 frames: ").arg(out->size()) + t.describe();
      return false;
    }
    return true;
  }

  const std::vector<SeqFrame>* sequential(const QString& file, QString* why) {
    if (!seqCache_.contains(file)) {
      std::unique_ptr<VideoReader> r;
      const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixturePath(file).toStdString()); });
      if (t.threw) {
        *why = QStringLiteral("opening: ") + t.describe();
        return nullptr;
      }
      std::vector<SeqFrame> seq;
      if (!readAll(*r, &seq, why)) return nullptr;
      seqCache_.insert(file, seq);
    }
    return &seqCache_[file];
  }

  static void addVideoRows() {
    QTest::addColumn<QString>("file");
    for (const char* f : kVideoFixtures) QTest::newRow(f) << QString::fromLatin1(f);
  }

  // Half the smallest interval between consecutive reference frames (half a frame).
  static double halfFrame(const FrameMd5List& ff) {
    double minInterval = 1.0;
    for (int i = 1; i < ff.frames.size(); ++i)
      minInterval = std::min(minInterval, ff.time(i) - ff.time(i - 1));
    return minInterval / 2;
  }

 private Q_SLOTS:
  void initTestCase() {
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
    QVERIFY2(!ffmpegExecutable().isEmpty(), "ffmpeg is not on PATH");
  }

  // ---- sequential decoding vs ffmpeg -------------------------------------------------------

  void sequentialMatchesFfmpeg_data() { addVideoRows(); }
  void sequentialMatchesFfmpeg() {
    QFETCH(QString, file);
    QString why;
    const FrameMd5List* ff = reference(file, &why);
    QVERIFY2(ff, qPrintable(why));
    QVERIFY2(ff->frames.size() >= 40, "reference has too few frames");

    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixturePath(file).toStdString()); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QCOMPARE(r->frameCount(), static_cast<int64_t>(ff->frames.size()));
    QVERIFY(r->threads() >= 1);

    std::vector<SeqFrame> seq;
    QVERIFY2(readAll(*r, &seq, &why), qPrintable(why));
    QCOMPARE(static_cast<qsizetype>(seq.size()), ff->frames.size());
    // Past the end stays at the end.
    QVERIFY(r->nextFrame() == nullptr);

    const double tol = halfFrame(*ff);
    double maxDt = 0;
    for (size_t i = 0; i < seq.size(); ++i) {
      const auto& f = seq[i];
      const auto& ref = ff->frames[static_cast<qsizetype>(i)];
      QVERIFY2(f.index == static_cast<int64_t>(i),
               qPrintable(QStringLiteral("frame %1 reports index %2").arg(i).arg(f.index)));
      QVERIFY2(f.md5 == ref.hash, qPrintable(QStringLiteral("frame %1: md5 %2, ffmpeg %3")
                                                 .arg(i).arg(f.md5, ref.hash)));
      const double dt = std::abs(f.time - ff->time(static_cast<int>(i)));
      maxDt = std::max(maxDt, dt);
      QVERIFY2(dt <= tol, qPrintable(QStringLiteral("frame %1: time %2, ffmpeg %3 (tolerance %4)")
                                         .arg(i).arg(f.time, 0, 'f', 6)
                                         .arg(ff->time(static_cast<int>(i)), 0, 'f', 6).arg(tol)));
      QCOMPARE(r->frameTime(static_cast<int64_t>(i)), f.time);
      if (i > 0) QVERIFY2(f.time > seq[i - 1].time, qPrintable(QStringLiteral("times not increasing at %1").arg(i)));
    }
    // End of the last frame: its start plus its duration.
    const double ffEnd = ff->time(static_cast<int>(ff->frames.size() - 1)) +
                         ff->seconds(ff->frames.back().duration);
    QVERIFY2(std::abs(r->duration() - ffEnd) <= tol,
             qPrintable(QStringLiteral("duration %1, ffmpeg end %2").arg(r->duration()).arg(ffEnd)));
    qInfo("%s: %d frames, md5 all equal, max |t - t_ffmpeg| = %.6f s (tolerance %.4f s)",
          qPrintable(file), int(seq.size()), maxDt, tol);
    seqCache_.insert(file, seq);
  }

  // The header defines times as seconds since the container start: the same origin as the
  // ffmpeg CLI (which subtracts the input's start time). With ffmpeg's time base equal to the
  // stream's, the two differ only by floating point; 1 ms allows for container rounding.
  // vp9_opus.webm is the interesting row: its first video frame is at +14 ms.
  void timesMatchFfmpegExactly_data() { addVideoRows(); }
  void timesMatchFfmpegExactly() {
    QFETCH(QString, file);
    QString why;
    const FrameMd5List* ff = reference(file, &why);
    QVERIFY2(ff, qPrintable(why));
    const std::vector<SeqFrame>* seq = sequential(file, &why);
    QVERIFY2(seq, qPrintable(why));
    QCOMPARE(static_cast<qsizetype>(seq->size()), ff->frames.size());
    for (size_t i = 0; i < seq->size(); ++i) {
      const double dt = std::abs((*seq)[i].time - ff->time(static_cast<int>(i)));
      QVERIFY2(dt <= 0.001, qPrintable(QStringLiteral("frame %1: time %2, ffmpeg %3")
                                           .arg(i).arg((*seq)[i].time, 0, 'f', 6)
                                           .arg(ff->time(static_cast<int>(i)), 0, 'f', 6)));
    }
  }

  void singleThreadGivesSameFrames_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("h264_aac.mp4") << QStringLiteral("h264_aac.mp4");
    QTest::newRow("vp9_opus.webm") << QStringLiteral("vp9_opus.webm");
  }
  void singleThreadGivesSameFrames() {
    QFETCH(QString, file);
    QString why;
    const std::vector<SeqFrame>* seq = sequential(file, &why);
    QVERIFY2(seq, qPrintable(why));
    VideoReaderOptions opt;
    opt.threads = 1;
    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixturePath(file).toStdString(), opt); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QCOMPARE(r->threads(), 1);
    std::vector<SeqFrame> one;
    QVERIFY2(readAll(*r, &one, &why), qPrintable(why));
    QCOMPARE(one.size(), seq->size());
    for (size_t i = 0; i < one.size(); ++i) QCOMPARE(one[i].md5, (*seq)[i].md5);
  }

  void frameProperties() {
    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixture("odd_641x479.mkv")); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const DecodedFrame* f = r->nextFrame();
    QVERIFY(f);
    QCOMPARE(f->width(), 641);
    QCOMPARE(f->height(), 479);
    QCOMPARE(qs(f->pixelFormat()), QStringLiteral("yuv444p"));
    QVERIFY(f->isKeyFrame());
    QCOMPARE(r->stream().width, 641);
    QCOMPARE(qs(r->path()), qs(fixture("odd_641x479.mkv")));
    QVERIFY(r->mediaInfo().firstVideo());
  }

  // ---- random access ------------------------------------------------------------------------

  void frameAtRandomTimes_data() { addVideoRows(); }
  void frameAtRandomTimes() {
    QFETCH(QString, file);
    QString why;
    const std::vector<SeqFrame>* seqp = sequential(file, &why);
    QVERIFY2(seqp, qPrintable(why));
    const std::vector<SeqFrame>& seq = *seqp;
    QVERIFY(seq.size() > 10);

    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixturePath(file).toStdString()); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const double end = r->duration();
    QVERIFY(end > seq.back().time);

    std::mt19937 rng(0x5f2d);
    std::vector<double> times{0.0, seq.front().time, seq.back().time,
                              seq.back().time + (end - seq.back().time) / 2, end - 1e-6};
    for (size_t i = 0; i < seq.size(); i += 3) times.push_back(seq[i].time);               // exact
    for (size_t i = 1; i < seq.size(); i += 4) times.push_back(seq[i].time - 1e-4);        // just before
    for (size_t i = 2; i < seq.size(); i += 5) times.push_back(seq[i].time + 1e-4);        // just after
    std::uniform_real_distribution<double> uni(0.0, end);
    while (times.size() < 220) times.push_back(uni(rng));
    std::shuffle(times.begin() + 5, times.end(), rng);  // jump back and forth

    // Expected: the greatest sequential time <= t (the header's definition).
    auto expectedIndex = [&](double tt) -> int64_t {
      auto it = std::upper_bound(seq.begin(), seq.end(), tt,
                                 [](double v, const SeqFrame& f) { return v < f.time; });
      return static_cast<int64_t>(it - seq.begin()) - 1;
    };

    int checked = 0, beforeFirst = 0;
    for (double tt : times) {
      const int64_t want = expectedIndex(tt);
      if (want < 0) {
        // Before the first frame (vp9_opus.webm's first frame is at 14 ms): see beforeFirstFrame.
        ++beforeFirst;
        continue;
      }
      int64_t idx = -1;
      const Thrown ti = capture([&] { idx = r->indexAtTime(tt); });
      QVERIFY2(!ti.threw, qPrintable(QStringLiteral("indexAtTime(%1): ").arg(tt, 0, 'f', 6) + ti.describe()));
      QVERIFY2(idx == want, qPrintable(QStringLiteral("indexAtTime(%1) = %2, expected %3")
                                           .arg(tt, 0, 'f', 6).arg(idx).arg(want)));
      const DecodedFrame* f = nullptr;
      const Thrown tf = capture([&] { f = &r->frameAt(tt); });
      QVERIFY2(!tf.threw, qPrintable(QStringLiteral("frameAt(%1): ").arg(tt, 0, 'f', 6) + tf.describe()));
      QVERIFY2(f->index() == want, qPrintable(QStringLiteral("frameAt(%1) gave index %2, expected %3")
                                                  .arg(tt, 0, 'f', 6).arg(f->index()).arg(want)));
      const SeqFrame& s = seq[static_cast<size_t>(want)];
      QVERIFY2(qs(f->md5()) == s.md5,
               qPrintable(QStringLiteral("frameAt(%1) = index %2 but md5 %3 differs from sequential %4")
                              .arg(tt, 0, 'f', 6).arg(want).arg(qs(f->md5()), s.md5)));
      QCOMPARE(f->time(), s.time);
      QCOMPARE(f->pts(), s.pts);
      ++checked;
    }
    QVERIFY(checked >= 200);
    qInfo("%s: %d frameAt() lookups matched (%d times before the first frame left to beforeFirstFrame)",
          qPrintable(file), checked, beforeFirst);
  }

  // vp9_opus.webm: the container starts at -7 ms (Opus pre-skip), the first video frame is at
  // +14 ms after it. Between the container start and the first frame a player shows the first
  // frame, and so does frameAt (documented in video_reader.h); negative times are out of range.
  void beforeFirstFrame() {
    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixture("vp9_opus.webm")); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const double first = r->frameTime(0);
    QVERIFY2(std::abs(first - 0.014) < 0.0005, qPrintable(QString::number(first)));
    QString firstMd5;
    const Thrown f0 = capture([&] { firstMd5 = qs(r->frameAtIndex(0).md5()); });
    QVERIFY2(!f0.threw, qPrintable(f0.describe()));
    for (double tt : {0.0, 0.005, first - 1e-4}) {
      int64_t index = -1;
      QString md5;
      const Thrown a = capture([&] {
        const DecodedFrame& f = r->frameAt(tt);
        index = f.index();
        md5 = qs(f.md5());
      });
      QVERIFY2(!a.threw, qPrintable(QStringLiteral("frameAt(%1): ").arg(tt) + a.describe()));
      QCOMPARE(index, int64_t(0));
      QCOMPARE(md5, firstMd5);
      QCOMPARE(r->indexAtTime(tt), int64_t(0));
    }
    for (double tt : {-1e-6, -0.5}) {
      const Thrown b = capture([&] { (void)r->indexAtTime(tt); });
      QVERIFY2(b.is(ErrorCode::OutOfRange), qPrintable(QStringLiteral("indexAtTime(%1): ").arg(tt) + b.describe()));
      const Thrown c = capture([&] { (void)r->frameAt(tt); });
      QVERIFY2(c.is(ErrorCode::OutOfRange), qPrintable(QStringLiteral("frameAt(%1): ").arg(tt) + c.describe()));
    }
    QCOMPARE(r->frameAt(first).index(), int64_t(0));
  }

  void frameAtIndexForwardBackward_data() { addVideoRows(); }
  void frameAtIndexForwardBackward() {
    QFETCH(QString, file);
    QString why;
    const std::vector<SeqFrame>* seqp = sequential(file, &why);
    QVERIFY2(seqp, qPrintable(why));
    const std::vector<SeqFrame>& seq = *seqp;
    const int64_t n = static_cast<int64_t>(seq.size());

    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixturePath(file).toStdString()); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));

    std::mt19937 rng(1234);
    std::uniform_int_distribution<int64_t> pick(0, n - 1);
    std::vector<int64_t> order;
    for (int i = 0; i < 60; ++i) order.push_back(pick(rng));   // random jumps
    for (int64_t i = n - 1; i >= 0; i -= 7) order.push_back(i); // strictly backwards
    for (int64_t i = 0; i < n; i += 5) order.push_back(i);      // forwards, within and across GOPs
    order.push_back(n - 1);
    order.push_back(0);
    order.push_back(0);  // the same frame twice

    for (int64_t i : order) {
      const DecodedFrame* f = nullptr;
      const Thrown tf = capture([&] { f = &r->frameAtIndex(i); });
      QVERIFY2(!tf.threw, qPrintable(QStringLiteral("frameAtIndex(%1): ").arg(i) + tf.describe()));
      QCOMPARE(f->index(), i);
      QVERIFY2(qs(f->md5()) == seq[static_cast<size_t>(i)].md5,
               qPrintable(QStringLiteral("frameAtIndex(%1): md5 differs from the sequential decode").arg(i)));
      QCOMPARE(f->time(), seq[static_cast<size_t>(i)].time);
    }

    // Sequential reading continues from the current position.
    for (int64_t i : {int64_t(10), n / 2, n - 2}) {
      const Thrown tf = capture([&] { (void)r->frameAtIndex(i); });
      QVERIFY2(!tf.threw, qPrintable(tf.describe()));
      const DecodedFrame* next = nullptr;
      const Thrown tn = capture([&] { next = r->nextFrame(); });
      QVERIFY2(!tn.threw, qPrintable(tn.describe()));
      QVERIFY2(next, qPrintable(QStringLiteral("nextFrame() after frameAtIndex(%1) returned null").arg(i)));
      QCOMPARE(next->index(), i + 1);
      QCOMPARE(qs(next->md5()), seq[static_cast<size_t>(i + 1)].md5);
    }
  }

  void outOfRange_data() { addVideoRows(); }
  void outOfRange() {
    QFETCH(QString, file);
    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixturePath(file).toStdString()); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const int64_t n = r->frameCount();
    const double end = r->duration();
    for (double tt : {-1e-3, -1.0, -1e9, end + 1e-3, end + 1.0, 1e9}) {
      const Thrown a = capture([&] { (void)r->frameAt(tt); });
      QVERIFY2(a.is(ErrorCode::OutOfRange), qPrintable(QStringLiteral("frameAt(%1): ").arg(tt) + a.describe()));
      const Thrown b = capture([&] { (void)r->indexAtTime(tt); });
      QVERIFY2(b.is(ErrorCode::OutOfRange), qPrintable(QStringLiteral("indexAtTime(%1): ").arg(tt) + b.describe()));
    }
    for (double tt : {std::nan(""), double(INFINITY), -double(INFINITY)}) {
      const Thrown a = capture([&] { (void)r->frameAt(tt); });
      QVERIFY2(a.is(ErrorCode::OutOfRange) || a.is(ErrorCode::InvalidArgument),
               qPrintable(QStringLiteral("frameAt(%1): ").arg(tt) + a.describe()));
    }
    for (int64_t i : {int64_t(-1), int64_t(-1000), n, n + 100}) {
      const Thrown a = capture([&] { (void)r->frameAtIndex(i); });
      QVERIFY2(a.is(ErrorCode::OutOfRange), qPrintable(QStringLiteral("frameAtIndex(%1): ").arg(i) + a.describe()));
    }
    // The reader still works after refusing.
    const Thrown ok = capture([&] { QCOMPARE(r->frameAtIndex(n - 1).index(), n - 1); });
    QVERIFY2(!ok.threw, qPrintable(ok.describe()));
  }

  void rewindRestarts() {
    QString why;
    const std::vector<SeqFrame>* seq = sequential(QStringLiteral("h264_aac.mp4"), &why);
    QVERIFY2(seq, qPrintable(why));
    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixture("h264_aac.mp4")); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    for (int i = 0; i < 17; ++i) QVERIFY(r->nextFrame());
    r->rewind();
    const DecodedFrame* f = r->nextFrame();
    QVERIFY(f);
    QCOMPARE(f->index(), int64_t(0));
    QCOMPARE(qs(f->md5()), (*seq)[0].md5);
    // After the end, and after random access.
    std::vector<SeqFrame> rest;
    QVERIFY2(readAll(*r, &rest, &why), qPrintable(why));
    QCOMPARE(rest.size(), seq->size() - 1);
    r->rewind();
    f = r->nextFrame();
    QVERIFY(f);
    QCOMPARE(f->index(), int64_t(0));
    (void)r->frameAtIndex(63);
    r->rewind();
    f = r->nextFrame();
    QVERIFY(f);
    QCOMPARE(f->index(), int64_t(0));
    QCOMPARE(qs(f->md5()), (*seq)[0].md5);
    f = r->nextFrame();
    QVERIFY(f);
    QCOMPARE(f->index(), int64_t(1));
    QCOMPARE(qs(f->md5()), (*seq)[1].md5);
  }

  // ---- damaged files -------------------------------------------------------------------------

  void truncatedDecodesPrefix_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("truncated.mkv") << QStringLiteral("truncated.mkv");
    QTest::newRow("truncated_faststart.mp4") << QStringLiteral("truncated_faststart.mp4");
  }
  void truncatedDecodesPrefix() {
    QFETCH(QString, file);
    QString why;
    const FrameMd5List* ff = reference(file, &why);
    QVERIFY2(ff, qPrintable(why));
    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixturePath(file).toStdString()); });
    QVERIFY2(!t.threw, qPrintable(QStringLiteral("opening a truncated file: ") + t.describe()));
    std::vector<SeqFrame> seq;
    QVERIFY2(readAll(*r, &seq, &why), qPrintable(why));
    const qsizetype nff = ff->frames.size();
    qInfo("%s: reader decoded %d frames (frameCount %lld), ffmpeg %d; diagnostics: %d",
          qPrintable(file), int(seq.size()), static_cast<long long>(r->frameCount()), int(nff),
          int(r->diagnostics().size()));
    for (const auto& d : r->diagnostics()) qInfo("  diagnostic: %s", d.c_str());
    QVERIFY2(!seq.empty(), "no frame decoded");
    QVERIFY2(std::abs(static_cast<qsizetype>(seq.size()) - nff) <= 2,
             qPrintable(QStringLiteral("%1 frames, ffmpeg %2").arg(seq.size()).arg(nff)));
    QVERIFY(static_cast<int64_t>(seq.size()) <= r->frameCount());
    const size_t common = std::min(seq.size(), static_cast<size_t>(nff));
    for (size_t i = 0; i < common; ++i)
      QVERIFY2(seq[i].md5 == ff->frames[static_cast<qsizetype>(i)].hash,
               qPrintable(QStringLiteral("frame %1 md5 differs from ffmpeg").arg(i)));
    QVERIFY2(!r->diagnostics().empty(), "a truncated file must be reported in diagnostics()");
    // Sequential indices are increasing and may skip a frame that could not be decoded.
    QSet<int64_t> decoded;
    for (size_t k = 0; k < seq.size(); ++k) {
      if (k) QVERIFY2(seq[k].index > seq[k - 1].index, "indices not increasing");
      QVERIFY(seq[k].index >= 0 && seq[k].index < r->frameCount());
      decoded.insert(seq[k].index);
    }
    // Decoded frames are found again by index; indexed frames without usable data are CorruptData
    // (never a neighbouring picture under the wrong index).
    for (size_t k = 0; k < seq.size(); k += 5) {
      const Thrown a = capture([&] { QCOMPARE(qs(r->frameAtIndex(seq[k].index).md5()), seq[k].md5); });
      QVERIFY2(!a.threw, qPrintable(QStringLiteral("frameAtIndex(%1): ").arg(seq[k].index) + a.describe()));
    }
    int missing = 0;
    for (int64_t i = 0; i < r->frameCount(); ++i) {
      if (decoded.contains(i)) continue;
      ++missing;
      QString got;
      const Thrown b = capture([&] {
        const DecodedFrame& f = r->frameAtIndex(i);
        got = QStringLiteral(" (returned index %1, time %2, md5 %3)").arg(f.index()).arg(f.time()).arg(qs(f.md5()));
      });
      QVERIFY2(b.is(ErrorCode::CorruptData),
               qPrintable(QStringLiteral("frameAtIndex(%1), a frame the sequential decode skipped: ").arg(i) +
                          b.describe() + got));
    }
    qInfo("%s: %d indexed frames are undecodable and refused with CorruptData", qPrintable(file), missing);
  }

  // ---- cancellation ----------------------------------------------------------------------------

  void cancelBeforeOpening() {
    CancelToken token;
    token.cancel();
    const std::string path = fixture("h264_aac.mp4");
    const Thrown t = capture([&] { VideoReader r(path, {}, &token); });
    QVERIFY2(t.is(ErrorCode::Cancelled), qPrintable(t.describe()));
    QVERIFY2(qs(t.what).contains(qs(path)), t.what.c_str());
  }

  void cancelDuringOpening() {
    // Cancel from the progress callback, i.e. while the index is being built.
    CancelToken token;
    int calls = 0;
    bool outside = false;
    const std::string path = fixture("h264_aac.mp4");
    const Thrown t = capture([&] {
      VideoReader r(path, {}, &token, [&](double fraction) {
        ++calls;
        if (!(fraction >= 0.0 && fraction <= 1.0)) outside = true;
        token.cancel();
      });
    });
    QVERIFY2(calls > 0, "the progress callback was never called while opening");
    QVERIFY2(!outside, "progress outside [0, 1]");
    QVERIFY2(t.is(ErrorCode::Cancelled), qPrintable(t.describe()));
    QVERIFY2(qs(t.what).contains(qs(path)), t.what.c_str());
  }

  void progressWhileOpening() {
    std::vector<double> seen;
    const Thrown t = capture([&] {
      VideoReader r(fixture("h264_aac.mp4"), {}, nullptr, [&](double f) { seen.push_back(f); });
    });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QVERIFY(!seen.empty());
    for (size_t i = 0; i < seen.size(); ++i) {
      QVERIFY(seen[i] >= 0.0 && seen[i] <= 1.0);
      if (i) QVERIFY2(seen[i] >= seen[i - 1], "progress went backwards");
    }
  }

  void cancelRandomAccess() {
    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixture("h264_aac.mp4")); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    CancelToken token;
    token.cancel();
    const Thrown a = capture([&] { (void)r->frameAtIndex(r->frameCount() - 1, &token); });
    QVERIFY2(a.is(ErrorCode::Cancelled), qPrintable(a.describe()));
    // A cancelled call leaves the reader usable.
    QString why;
    const std::vector<SeqFrame>* seq = sequential(QStringLiteral("h264_aac.mp4"), &why);
    QVERIFY2(seq, qPrintable(why));
    const Thrown b = capture([&] { QCOMPARE(qs(r->frameAtIndex(50).md5()), (*seq)[50].md5); });
    QVERIFY2(!b.threw, qPrintable(b.describe()));
  }

  // ---- display size and RGB ---------------------------------------------------------------------

  void displaySize_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("maxW");
    QTest::addColumn<int>("maxH");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    const QString h264 = QStringLiteral("h264_aac.mp4"), rot = QStringLiteral("rotated.mp4"),
                  odd = QStringLiteral("odd_641x479.mkv");
    QTest::newRow("native") << h264 << 0 << 0 << 320 << 240;
    QTest::newRow("width bound") << h264 << 160 << 0 << 160 << 120;
    QTest::newRow("height bound") << h264 << 0 << 120 << 160 << 120;
    QTest::newRow("box, width limits") << h264 << 100 << 100 << 100 << 75;
    QTest::newRow("box, height limits") << h264 << 400 << 60 << 80 << 60;
    QTest::newRow("exact") << h264 << 320 << 240 << 320 << 240;
    QTest::newRow("rotated native") << rot << 0 << 0 << 240 << 320;
    QTest::newRow("rotated width bound") << rot << 120 << 0 << 120 << 160;
    QTest::newRow("rotated box") << rot << 100 << 100 << 75 << 100;
    QTest::newRow("odd native") << odd << 0 << 0 << 641 << 479;
    QTest::newRow("odd width bound") << odd << 320 << 0 << 320 << 239;
  }
  void displaySize() {
    QFETCH(QString, file);
    QFETCH(int, maxW);
    QFETCH(int, maxH);
    QFETCH(int, w);
    QFETCH(int, h);
    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixturePath(file).toStdString()); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const Size s = r->displaySizeWithin(maxW, maxH);
    // The bounded side exactly, the other within one pixel of the rounded aspect.
    QVERIFY2(std::abs(s.width - w) <= 1 && std::abs(s.height - h) <= 1 &&
                 (s.width == w || s.height == h),
             qPrintable(QStringLiteral("%1x%2, expected %3x%4").arg(s.width).arg(s.height).arg(w).arg(h)));
    if (maxW) QVERIFY(s.width <= maxW);
    if (maxH) QVERIFY(s.height <= maxH);
  }

  void displaySizeProperties() {
    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixture("rotated.mp4")); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const std::vector<std::pair<int, int>> bounds{{1000, 1000}, {480, 0}, {0, 1000}, {37, 1000}, {1000, 37}, {1, 1}};
    for (auto [mw, mh] : bounds) {
      const Size s = r->displaySizeWithin(mw, mh);
      QVERIFY2(s.width >= 1 && s.height >= 1, qPrintable(QStringLiteral("%1x%2").arg(s.width).arg(s.height)));
      if (mw) QVERIFY(s.width <= mw);
      if (mh) QVERIFY(s.height <= mh);
      // Portrait 3:4 within a pixel.
      QVERIFY2(std::abs(s.width * 4.0 / 3.0 - s.height) <= 1.5,
               qPrintable(QStringLiteral("%1x%2 within %3x%4 is not 3:4").arg(s.width).arg(s.height).arg(mw).arg(mh)));
      // Fills a bound, or is the native size when the reader does not upscale.
      QVERIFY2((mw && s.width == mw) || (mh && s.height == mh) || (s.width == 240 && s.height == 320) ||
                   (mw == 1 && mh == 1),
               qPrintable(QStringLiteral("%1x%2 within %3x%4").arg(s.width).arg(s.height).arg(mw).arg(mh)));
    }
  }

  void rgbMatchesFfmpeg_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::newRow("h264 frame 0 native") << QStringLiteral("h264_aac.mp4") << 0 << 320 << 240;
    QTest::newRow("h264 frame 37 half") << QStringLiteral("h264_aac.mp4") << 37 << 160 << 120;
    // swscale's vector RGB24 writer stores past the last pixel at this width (24 bytes measured).
    QTest::newRow("h264 frame 3 upscaled 1560x800") << QStringLiteral("h264_aac.mp4") << 3 << 1560 << 800;
    QTest::newRow("vp9 frame 5 native") << QStringLiteral("vp9_opus.webm") << 5 << 320 << 240;
    QTest::newRow("mjpeg full range frame 10") << QStringLiteral("mjpeg_pcm.avi") << 10 << 320 << 240;
    QTest::newRow("odd 444 frame 0 native") << QStringLiteral("odd_641x479.mkv") << 0 << 641 << 479;
    QTest::newRow("odd 444 frame 20 odd size") << QStringLiteral("odd_641x479.mkv") << 20 << 321 << 239;
    QTest::newRow("rotated frame 0 portrait") << QStringLiteral("rotated.mp4") << 0 << 240 << 320;
    QTest::newRow("rotated frame 40 small") << QStringLiteral("rotated.mp4") << 40 << 120 << 160;
  }
  void rgbMatchesFfmpeg() {
    QFETCH(QString, file);
    QFETCH(int, index);
    QFETCH(int, w);
    QFETCH(int, h);
    QByteArray ref;
    QString why;
    QVERIFY2(ffmpegRgbFrame(fixturePath(file), index, w, h, &ref, &why), qPrintable(why));

    std::unique_ptr<VideoReader> r;
    const Thrown t = capture([&] { r = std::make_unique<VideoReader>(fixturePath(file).toStdString()); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    // A padded destination: rows further apart than 3*w, the padding must stay untouched.
    const int stride = w * 3 + 13;
    QByteArray buf(stride * h + 64, char(0xAB));
    RgbBuffer out{reinterpret_cast<uint8_t*>(buf.data()), w, h, stride};
    const Thrown c = capture([&] { r->convertToRgb(r->frameAtIndex(index), out); });
    QVERIFY2(!c.threw, qPrintable(c.describe()));
    QByteArray packed(w * h * 3, '\0');
    for (int y = 0; y < h; ++y) {
      std::memcpy(packed.data() + y * w * 3, buf.constData() + y * stride, static_cast<size_t>(w) * 3);
      for (int p = w * 3; p < stride; ++p)
        QVERIFY2(uchar(buf[y * stride + p]) == 0xAB, qPrintable(QStringLiteral("row %1 padding written").arg(y)));
    }
    for (int p = stride * h; p < buf.size(); ++p) QVERIFY2(uchar(buf[p]) == 0xAB, "wrote past the buffer");
    const ImageDiff d = compareRgb(packed, ref, w, h);
    qInfo("%s frame %d at %dx%d vs ffmpeg rgb24: %s (tolerance mean %.1f, block %.1f)", qPrintable(file),
          index, w, h, qPrintable(d.describe()), kRgbMeanTol, kRgbBlockTol);
    QVERIFY2(d.meanAbs <= kRgbMeanTol && d.blockMeanAbs <= kRgbBlockTol, qPrintable(d.describe()));
  }

  // rotated.mp4 is video_only.mp4's stream copied with a 90 degree display matrix: same pictures.
  void rotatedIsUnrotatedTurnedClockwise_data() {
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("w");  // unrotated size
    QTest::addColumn<int>("h");
    QTest::newRow("frame 0 native") << 0 << 320 << 240;
    QTest::newRow("frame 13 native") << 13 << 320 << 240;
    QTest::newRow("frame 74 native") << 74 << 320 << 240;
    QTest::newRow("frame 30 half") << 30 << 160 << 120;
  }
  void rotatedIsUnrotatedTurnedClockwise() {
    QFETCH(int, index);
    QFETCH(int, w);
    QFETCH(int, h);
    std::unique_ptr<VideoReader> plain, rotated;
    const Thrown t = capture([&] {
      plain = std::make_unique<VideoReader>(fixture("video_only.mp4"));
      rotated = std::make_unique<VideoReader>(fixture("rotated.mp4"));
    });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QCOMPARE(rotated->stream().rotation, 90);
    QCOMPARE(plain->stream().rotation, 0);
    QByteArray a(w * h * 3, '\0'), b(w * h * 3, '\0');
    const Thrown c = capture([&] {
      const DecodedFrame& fp = plain->frameAtIndex(index);
      const DecodedFrame& fr = rotated->frameAtIndex(index);
      QCOMPARE(qs(fr.md5()), qs(fp.md5()));  // decoded pictures are not rotated
      plain->convertToRgb(fp, RgbBuffer{reinterpret_cast<uint8_t*>(a.data()), w, h, w * 3});
      rotated->convertToRgb(fr, RgbBuffer{reinterpret_cast<uint8_t*>(b.data()), h, w, h * 3});
    });
    QVERIFY2(!c.threw, qPrintable(c.describe()));
    const QByteArray turned = rotateRgb90Clockwise(a, w, h);
    const ImageDiff d = compareRgb(b, turned, h, w);
    const ImageDiff wrongWay = compareRgb(b, rotateRgb90CounterClockwise(a, w, h), h, w);
    qInfo("rotated frame %d at %dx%d vs unrotated turned clockwise: %s; counter-clockwise would be %s",
          index, h, w, qPrintable(d.describe()), qPrintable(wrongWay.describe()));
    QVERIFY2(d.meanAbs <= kRotMeanTol && d.blockMeanAbs <= kRotBlockTol, qPrintable(d.describe()));
  }
};

QTEST_GUILESS_MAIN(TestVideoReader)
#include "test_video_reader.moc"
