// AudioReader against the real ffmpeg CLI: readAll() at several rates equals
// `ffmpeg -i FILE -map 0:a:0 -ac 1 -ar R -f f32le -`, and readRange() equals the matching slice
// of readAll() with sample-accurate boundaries.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <random>
#include <vector>

#include "common/cancel.h"
#include "common/error.h"
#include "media/audio_reader.h"
#include "support/media_test_support.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::media;
using namespace stf2m::test;

namespace {

const char* const kAudioFixtures[] = {"h264_aac.mp4", "vp9_opus.webm", "mjpeg_pcm.avi",
                                      "audio_only.m4a", "tone_stereo.wav"};

// readAll() vs the ffmpeg CLI (see ffmpegAudioMono for the exact command). Both decode with
// libavcodec and downmix/resample with libswresample at its defaults, so the samples agree to
// float rounding (measured: bit-identical for the PCM fixtures): max |d| <= 1e-4, RMS <= 1e-5.
// One legitimate difference: where the audio starts after the container start (vp9_opus.webm,
// +7 ms) ffmpeg pads silence at the input rate before resampling, while a reader may start its
// resampler at the first real sample and write the zeros at the output rate. The two start-up
// transients differ there: ffmpeg's ramp begins 16 output samples (half of swresample's 32-tap
// filter) before the true start, and the reader's junction has its own +-16 samples; measured
// up to 6e-3 at 8 kHz. In that window, [first non-zero reference sample - 16, +48), only
// max |d| <= 2e-2 is required.
// Real errors are far above these (signal peak ~0.18, RMS ~0.088): a different downmix gain
// ((L+R)/2 vs swresample's (L+R)/sqrt2: RMS ~0.026), a 0.1 % gain error (RMS ~9e-5), a
// 1/3-sample shift (RMS ~6e-3), a lost or zeroed first frame (max ~0.17).
constexpr double kAllMaxAbsTol = 1e-4;
constexpr double kAllRmsTol = 1e-5;
constexpr int kJunctionHalfWidth = 16;
constexpr double kJunctionMaxAbsTol = 2e-2;

struct AudioCompare {
  SampleDiff outside;      // everything but the junction window
  double junctionMax = 0;  // inside it
  size_t lead = 0;         // leading zeros of the reference
  bool ok() const {
    return outside.maxAbs <= kAllMaxAbsTol && outside.rms <= kAllRmsTol && junctionMax <= kJunctionMaxAbsTol;
  }
  QString describe() const {
    if (lead < 2) return outside.describe();
    return QStringLiteral("outside the start junction: %1; in the window around the first non-silent "
                          "reference sample %2: max|d|=%3")
        .arg(outside.describe()).arg(lead).arg(junctionMax, 0, 'g', 4);
  }
};

AudioCompare compareWithReference(const std::vector<float>& got, const std::vector<float>& ref) {
  AudioCompare c;
  const size_t n = std::min(got.size(), ref.size());
  while (c.lead < n && ref[c.lead] == 0.0f) ++c.lead;
  size_t w0 = 0, w1 = 0;  // empty window unless the reference starts with a real gap
  if (c.lead >= 2) {
    w0 = c.lead > size_t(kJunctionHalfWidth) ? c.lead - kJunctionHalfWidth : 0;
    w1 = std::min(n, c.lead + 3 * kJunctionHalfWidth);
  }
  double sq = 0;
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) {
    const double d = std::abs(double(got[i]) - double(ref[i]));
    if (i >= w0 && i < w1) {
      c.junctionMax = std::max(c.junctionMax, std::isnan(d) ? 1e9 : d);
      continue;
    }
    sq += d * d;
    ++count;
    if (d > c.outside.maxAbs || std::isnan(d)) {
      c.outside.maxAbs = std::isnan(d) ? 1e9 : d;
      c.outside.worstIndex = static_cast<int64_t>(i);
    }
  }
  c.outside.rms = count ? std::sqrt(sq / double(count)) : 0.0;
  return c;
}

// readRange() vs the slice of readAll(). A reader may restart decoder and resampler near t0;
// with enough pre-roll that is exact, and the only difference left is the resampler's start-up
// transient, which we allow up to 1e-3 (RMS 1e-4). A missing AAC/Opus pre-roll (the first frame
// after a seek lacks its overlap) or a one-sample misalignment gives errors of 1e-2 and more.
// After a seek the audio is placed by container timestamps, which cannot be more precise than
// the stream's time base: for a coarse one (WebM: 1 ms) a shift of up to half a unit is allowed
// (searched for explicitly and reported), never more. Sample-precise time bases get no slack.
constexpr double kRangeMaxAbsTol = 1e-3;
constexpr double kRangeRmsTol = 1e-4;

}  // namespace

class TestAudioReader : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
    QVERIFY2(!ffmpegExecutable().isEmpty(), "ffmpeg is not on PATH");
  }

  void readAllMatchesFfmpeg_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("rate");
    for (int rate : {16000, 8000, 22050, 44100})
      for (const char* f : kAudioFixtures)
        QTest::newRow(qPrintable(QStringLiteral("%1 @%2").arg(QLatin1String(f)).arg(rate)))
            << QString::fromLatin1(f) << rate;
  }
  void readAllMatchesFfmpeg() {
    QFETCH(QString, file);
    QFETCH(int, rate);
    std::vector<float> ref;
    QString why;
    QVERIFY2(ffmpegAudioMono(fixturePath(file), rate, &ref, &why), qPrintable(why));
    QVERIFY(ref.size() > static_cast<size_t>(rate));

    std::unique_ptr<AudioReader> r;
    std::vector<float> got;
    std::vector<double> progress;
    const Thrown t = capture([&] {
      r = std::make_unique<AudioReader>(fixturePath(file).toStdString(), AudioReaderOptions{rate, -1});
      got = r->readAll(nullptr, [&](double f) { progress.push_back(f); });
    });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QCOMPARE(r->sampleRate(), rate);
    QVERIFY(r->stream().sampleRate > 0);

    const AudioCompare d = compareWithReference(got, ref);
    qInfo("%s @%d: %zu samples, ffmpeg %zu; %s; signal rms %.4f", qPrintable(file), rate, got.size(),
          ref.size(), qPrintable(d.describe()), rmsOf(ref));
    QVERIFY2(std::llabs(static_cast<long long>(got.size()) - static_cast<long long>(ref.size())) <= 1,
             qPrintable(QStringLiteral("%1 samples, ffmpeg %2").arg(got.size()).arg(ref.size())));
    QVERIFY2(rmsOf(ref) > 0.05, "reference is (nearly) silent; the comparison would mean nothing");
    QVERIFY2(d.ok(), qPrintable(d.describe()));

    QVERIFY2(!progress.empty(), "progress callback never called");
    for (size_t i = 0; i < progress.size(); ++i) {
      QVERIFY(progress[i] >= 0.0 && progress[i] <= 1.0);
      if (i) QVERIFY2(progress[i] >= progress[i - 1], "progress went backwards");
    }
    // Declared duration against what came out.
    if (r->duration() > 0)
      QVERIFY2(std::abs(r->duration() - double(ref.size()) / rate) < 0.05,
               qPrintable(QStringLiteral("duration %1, decoded %2 s").arg(r->duration()).arg(double(ref.size()) / rate)));
  }

  void readRangeMatchesSlice_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("rate");
    for (const char* f : kAudioFixtures) QTest::newRow(f) << QString::fromLatin1(f) << 16000;
    QTest::newRow("h264_aac.mp4 @44100") << QStringLiteral("h264_aac.mp4") << 44100;
    QTest::newRow("audio_only.m4a @22050") << QStringLiteral("audio_only.m4a") << 22050;
  }
  void readRangeMatchesSlice() {
    QFETCH(QString, file);
    QFETCH(int, rate);
    std::unique_ptr<AudioReader> r;
    std::vector<float> all;
    const Thrown t = capture([&] {
      r = std::make_unique<AudioReader>(fixturePath(file).toStdString(), AudioReaderOptions{rate, -1});
      all = r->readAll();
    });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QVERIFY(!all.empty());
    const double R = rate;
    const double len = double(all.size()) / R;

    std::vector<std::pair<double, double>> ranges{
        {0.0, 0.0}, {0.0, 0.5}, {1.0, 1.0}, {0.0, len}, {len - 0.1, len + 0.4},
        {len + 1.0, len + 2.0}, {0.25, 0.25 + 1.0 / R}, {1.0 / (3 * R), 0.3}};
    std::mt19937 rng(77);
    std::uniform_real_distribution<double> start(0.0, len + 0.3), width(0.0, 1.2);
    while (ranges.size() < 58) {
      const double t0 = start(rng);
      ranges.emplace_back(t0, t0 + width(rng));
    }

    // Timestamp precision of the stream, in output samples (0 when it resolves single samples).
    const double tbSeconds = double(r->stream().timeBase.num) / double(r->stream().timeBase.den);
    const int slack = tbSeconds * r->stream().sampleRate > 1.0 ? int(std::ceil(0.5 * tbSeconds * R)) : 0;
    int shifted = 0;
    // Every range is checked; the failures are summed up at the end.
    double worstMax = 0, worstRms = 0;
    int failures = 0;
    QStringList firstFailures;
    auto fail = [&](const QString& what) {
      if (++failures <= 4) firstFailures << what;
    };
    for (const auto& [t0, t1] : ranges) {
      std::vector<float> got;
      const Thrown tr = capture([&, t0 = t0, t1 = t1] { got = r->readRange(t0, t1); });
      const QString range = QStringLiteral("readRange(%1, %2)").arg(t0, 0, 'f', 6).arg(t1, 0, 'f', 6);
      if (tr.threw) {
        fail(range + QStringLiteral(": ") + tr.describe());
        continue;
      }
      const int64_t s0 = std::llround(t0 * R), s1 = std::llround(t1 * R);
      if (static_cast<int64_t>(got.size()) != s1 - s0) {
        fail(range + QStringLiteral(" gave %1 samples, expected round(t1*R)-round(t0*R) = %2").arg(got.size()).arg(s1 - s0));
        continue;
      }
      std::vector<float> want(static_cast<size_t>(s1 - s0), 0.0f);  // zeros past the decoded audio
      for (int64_t k = s0; k < s1; ++k)
        if (k < static_cast<int64_t>(all.size())) want[static_cast<size_t>(k - s0)] = all[static_cast<size_t>(k)];
      SampleDiff d = compareSamples(got.data(), got.size(), want.data(), want.size());
      for (int shift = -slack; shift <= slack && !(d.maxAbs <= kRangeMaxAbsTol && d.rms <= kRangeRmsTol); ++shift) {
        if (shift == 0) continue;
        std::vector<float> moved(want.size(), 0.0f);
        for (int64_t k = s0; k < s1; ++k)
          if (k + shift >= 0 && k + shift < static_cast<int64_t>(all.size()))
            moved[static_cast<size_t>(k - s0)] = all[static_cast<size_t>(k + shift)];
        // The edges of a shifted slice are not comparable; judge the inner part.
        const size_t edge = std::min<size_t>(static_cast<size_t>(slack), got.size() / 2);
        const SampleDiff ds = compareSamples(got.data() + edge, got.size() - 2 * edge, moved.data() + edge, moved.size() - 2 * edge);
        if (ds.maxAbs <= kRangeMaxAbsTol && ds.rms <= kRangeRmsTol) {
          d = ds;
          ++shifted;
        }
      }
      worstMax = std::max(worstMax, d.maxAbs);
      worstRms = std::max(worstRms, d.rms);
      if (!(d.maxAbs <= kRangeMaxAbsTol && d.rms <= kRangeRmsTol))
        fail(range + QStringLiteral(" [samples %1..%2) vs readAll slice: ").arg(s0).arg(s1) + d.describe());
    }
    qInfo("%s @%d: %zu ranges, %d differ from the readAll() slice, %d match only shifted by at most %d "
          "samples (half the time base); worst max|d| %.3g, worst rms %.3g (tolerance %.0e / %.0e)",
          qPrintable(file), rate, ranges.size(), failures, shifted, slack, worstMax, worstRms, kRangeMaxAbsTol,
          kRangeRmsTol);
    QVERIFY2(failures == 0, qPrintable(QStringLiteral("%1 of %2 ranges fail, e.g.\n  ").arg(failures).arg(ranges.size()) +
                                       firstFailures.join(QStringLiteral("\n  "))));
  }

  void readRangeInvalid() {
    std::unique_ptr<AudioReader> r;
    const Thrown t = capture([&] { r = std::make_unique<AudioReader>(fixture("tone_stereo.wav")); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    for (auto [t0, t1] : std::vector<std::pair<double, double>>{{1.0, 0.5}, {-0.1, 0.5}, {-2.0, -1.0}}) {
      const Thrown e = capture([&, t0 = t0, t1 = t1] { (void)r->readRange(t0, t1); });
      QVERIFY2(e.is(ErrorCode::InvalidArgument),
               qPrintable(QStringLiteral("readRange(%1, %2): ").arg(t0).arg(t1) + e.describe()));
    }
    // Still usable afterwards.
    const Thrown ok = capture([&] { QCOMPARE(r->readRange(0.5, 0.75).size(), size_t(4000)); });
    QVERIFY2(!ok.threw, qPrintable(ok.describe()));
  }

  void readAllIsRepeatable() {
    std::unique_ptr<AudioReader> r;
    std::vector<float> a, b, c;
    const Thrown t = capture([&] {
      r = std::make_unique<AudioReader>(fixture("h264_aac.mp4"));
      a = r->readAll();
      c = r->readRange(1.0, 2.0);
      b = r->readAll();
    });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QCOMPARE(a.size(), b.size());
    const SampleDiff d = compareSamples(a.data(), a.size(), b.data(), b.size());
    QVERIFY2(d.maxAbs == 0.0, qPrintable(d.describe()));
  }

  void cancelled() {
    CancelToken token;
    token.cancel();
    std::unique_ptr<AudioReader> r;
    const Thrown t = capture([&] { r = std::make_unique<AudioReader>(fixture("h264_aac.mp4")); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const Thrown a = capture([&] { (void)r->readAll(&token); });
    QVERIFY2(a.is(ErrorCode::Cancelled), qPrintable(a.describe()));
    const Thrown b = capture([&] { (void)r->readRange(0.5, 3.5, &token); });
    QVERIFY2(b.is(ErrorCode::Cancelled), qPrintable(b.describe()));
    // Cancellation from the progress callback, mid-way.
    const Thrown c = capture([&] {
      CancelToken mid;
      (void)r->readAll(&mid, [&](double) { mid.cancel(); });
    });
    QVERIFY2(c.is(ErrorCode::Cancelled), qPrintable(c.describe()));
    const Thrown ok = capture([&] { QVERIFY(r->readAll().size() > 60000); });
    QVERIFY2(!ok.threw, qPrintable(ok.describe()));
  }

  // Audio stamped far past the video (fixtures audio_stamped_*.mkv, 40 KB): reading it whole
  // is refused, naming the file, instead of holding 64 GB of leading silence; a range still reads
  // the tone where it is stamped. Stamps no recording reaches (10^12 s) are damage.
  void audioStampedFarAway() {
    const std::string late = fixturePath(QStringLiteral("audio_stamped_late.mkv")).toStdString();
    AudioReader r(late);
    QVERIFY(r.duration() > 1e6);
    Thrown t = capture([&] { (void)r.readAll(); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument) && t.what.find(late) != std::string::npos &&
                 t.what.find("runs past 1000000 s (277.8 h); recordings of at most 24 h are read whole") != std::string::npos,
             qPrintable(t.describe()));
    const std::vector<float> before = r.readRange(0, 1);
    QVERIFY(std::all_of(before.begin(), before.end(), [](float v) { return v == 0.0f; }));
    const std::vector<float> tone = r.readRange(1e6 + 0.25, 1e6 + 0.75);
    QCOMPARE(tone.size(), size_t(8000));
    float peak = 0;
    for (const float v : tone) peak = std::max(peak, std::abs(v));
    QVERIFY2(peak > 0.05f, qPrintable(QString::number(peak)));

    const std::string absurd = fixturePath(QStringLiteral("audio_stamped_absurd.mkv")).toStdString();
    AudioReader a(absurd);
    t = capture([&] { (void)a.readAll(); });
    QVERIFY2(t.is(ErrorCode::CorruptData) && t.what.find(absurd) != std::string::npos &&
                 t.what.find("stamped at 1e+12 s, which no recording reaches") != std::string::npos,
             qPrintable(t.describe()));
    t = capture([&] { (void)a.readRange(0, 0.5); });
    QVERIFY2(t.is(ErrorCode::CorruptData), qPrintable(t.describe()));
  }

  // The audio of a cut mp4 (index intact, data missing): what exists decodes, the rest is
  // reported, nothing throws.
  void truncatedAudio() {
    const QString file = QStringLiteral("truncated_faststart.mp4");
    std::vector<float> ref;
    QString why;
    QVERIFY2(ffmpegAudioMono(fixturePath(file), 16000, &ref, &why), qPrintable(why));
    std::unique_ptr<AudioReader> r;
    std::vector<float> got;
    const Thrown t = capture([&] {
      r = std::make_unique<AudioReader>(fixturePath(file).toStdString());
      got = r->readAll();
    });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    const AudioCompare d = compareWithReference(got, ref);
    qInfo("%s: %zu samples, ffmpeg %zu; over the common part %s; diagnostics %zu",
          qPrintable(file), got.size(), ref.size(), qPrintable(d.describe()), r->diagnostics().size());
    for (const auto& s : r->diagnostics()) qInfo("  diagnostic: %s", s.c_str());
    QVERIFY(got.size() + 1 >= ref.size());
    QVERIFY2(d.ok(), qPrintable(d.describe()));
    QVERIFY2(!r->diagnostics().empty(), "truncation must be reported in diagnostics()");
  }
};

QTEST_GUILESS_MAIN(TestAudioReader)
#include "test_audio_reader.moc"
