// core/voice on signals with known answers: tones and a chirp (F0), silence and white noise
// (unvoiced), the log-mel peak band, the RMS level of a full-scale sine, finite MFCCs of silence,
// cancellation, decoding from a file; plus a speed benchmark printed with qInfo.
#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

#include "support/media_test_support.h"
#include "support/thrown.h"
#include "voice/voice_features.h"
#include "voice/voice_schema.h"

using namespace stf2m;
using namespace stf2m::test;

namespace {

std::vector<float> sine(double hz, double seconds, double amplitude) {
  const int n = int(seconds * voice::kSampleRate);
  std::vector<float> x(n);
  for (int i = 0; i < n; ++i) x[i] = float(amplitude * std::sin(2 * M_PI * hz * i / voice::kSampleRate));
  return x;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

double voicedFraction(const voice::VoiceFeatures& vf, int from, int to) {
  int voiced = 0;
  for (int f = from; f < to; ++f) voiced += vf.f0[f] > 0;
  return double(voiced) / std::max(1, to - from);
}

}  // namespace

class TestVoiceFeatures : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // Schema v1: 83 named columns in six contiguous groups, the CSV's columns after time_s; a row
  // holds each feature of its frame in that order.
  void schemaV1() {
    QCOMPARE(voice::kVoiceFeatureCount, 83);
    QCOMPARE(int(voice::voiceFeatureNames().size()), voice::kVoiceFeatureCount);
    QCOMPARE(QString::fromStdString(voice::voiceFeatureNames().front()), QStringLiteral("rms_db"));
    QCOMPARE(QString::fromStdString(voice::voiceFeatureNames().back()), QStringLiteral("mel_63"));
    int next = 0;
    for (const voice::VoiceFeatureGroup& g : voice::voiceFeatureGroups()) {
      QCOMPARE(g.begin, next);
      QVERIFY(g.end > g.begin);
      next = g.end;
    }
    QCOMPARE(next, voice::kVoiceFeatureCount);
    std::vector<float> tone(16000);
    for (size_t i = 0; i < tone.size(); ++i) tone[i] = 0.3f * float(std::sin(2 * M_PI * 200.0 * double(i) / 16000));
    const voice::VoiceFeatures f = voice::computeVoiceFeatures(tone);
    std::vector<float> row(voice::kVoiceFeatureCount);
    voice::voiceFeatureRow(f, 50, row.data());
    QCOMPARE(row[0], f.rmsDb[50]);
    QCOMPARE(row[1], f.f0[50]);
    QCOMPARE(row[3], f.vad[50]);
    QCOMPARE(row[6 + 2], f.mfcc[50 * voice::kMfccCount + 2]);
    QCOMPARE(row[82], f.logMel[50 * voice::kMelBands + 63]);
  }

  void shapes() {
    const auto vf = voice::computeVoiceFeatures(sine(200, 1.0, 0.5));
    QCOMPARE(vf.frames, 16000 / 160 + 1);
    QCOMPARE(vf.logMel.size(), size_t(vf.frames) * 64);
    QCOMPARE(vf.mfcc.size(), size_t(vf.frames) * 13);
    for (const auto* v : {&vf.rmsDb, &vf.f0, &vf.voicing, &vf.centroid, &vf.flux, &vf.vad})
      QCOMPARE(v->size(), size_t(vf.frames));
    QCOMPARE(voice::voiceCsvColumns().size(), size_t(7 + 13 + 64));
    QCOMPARE(voice::computeVoiceFeatures({}).frames, 0);
  }

  void tones_data() {
    QTest::addColumn<double>("hz");
    for (double hz : {100.0, 150.0, 220.0, 330.0}) QTest::newRow(qPrintable(QString::number(hz))) << hz;
  }
  void tones() {
    QFETCH(double, hz);
    const auto vf = voice::computeVoiceFeatures(sine(hz, 1.0, 0.5));
    std::vector<double> f0s, voicings;
    for (int f = 3; f < vf.frames - 3; ++f) {
      if (vf.f0[f] > 0) f0s.push_back(vf.f0[f]);
      voicings.push_back(vf.voicing[f]);
    }
    const double med = median(f0s), frac = voicedFraction(vf, 3, vf.frames - 3);
    qInfo("tone %.0f Hz: median F0 %.3f Hz (%.4f%%), voiced %.1f%%, median voicing %.4f", hz, med,
          100 * std::abs(med / hz - 1), 100 * frac, median(voicings));
    QVERIFY(std::abs(med / hz - 1) <= 0.01);
    QVERIFY(frac >= 0.95);
    QVERIFY(median(voicings) >= 0.9);
    for (int f = 0; f < vf.frames; ++f) QCOMPARE(vf.vad[f], 1.0f);
  }

  void chirp() {
    // f(t) = 120 + 90 t Hz over 2 s (120 -> 300 Hz); phase = 2 pi (120 t + 45 t^2).
    const int n = 2 * voice::kSampleRate;
    std::vector<float> x(n);
    for (int i = 0; i < n; ++i) {
      const double t = double(i) / voice::kSampleRate;
      x[i] = float(0.5 * std::sin(2 * M_PI * (120 * t + 45 * t * t)));
    }
    const auto vf = voice::computeVoiceFeatures(x);
    int voiced = 0, within = 0, interior = 0;
    double worst = 0;
    for (int f = 3; f < vf.frames - 3; ++f) {
      ++interior;
      if (vf.f0[f] <= 0) continue;
      ++voiced;
      const double truth = 120 + 90 * (f * 0.01);
      const double err = std::abs(vf.f0[f] / truth - 1);
      worst = std::max(worst, err);
      within += err <= 0.02;
    }
    qInfo("chirp 120->300 Hz: voiced %d/%d interior frames, %d within 2%%, worst relative error %.4f%%", voiced,
          interior, within, 100 * worst);
    QVERIFY(voiced >= 0.95 * interior);
    QCOMPARE(within, voiced);
  }

  void silenceAndNoise() {
    const auto silent = voice::computeVoiceFeatures(std::vector<float>(16000, 0.0f));
    QCOMPARE(voicedFraction(silent, 0, silent.frames), 0.0);
    for (float v : silent.vad) QCOMPARE(v, 0.0f);
    for (float v : silent.mfcc) QVERIFY(std::isfinite(v));
    for (float v : silent.logMel) QVERIFY(std::isfinite(v));
    for (float v : silent.rmsDb) QCOMPARE(v, -120.0f);

    std::mt19937 rng(42);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    std::vector<float> noise(3 * 16000);
    for (float& v : noise) v = u(rng);
    const auto vn = voice::computeVoiceFeatures(noise);
    const double frac = voicedFraction(vn, 0, vn.frames);
    qInfo("white noise: voiced %.1f%% of frames", 100 * frac);
    QVERIFY(frac <= 0.1);
    for (float v : vn.mfcc) QVERIFY(std::isfinite(v));
  }

  void melPeakAndLevel() {
    // 1000 Hz at full scale: 25 ms holds exactly 25 periods, so the RMS is 1/sqrt(2).
    const auto vf = voice::computeVoiceFeatures(sine(1000, 1.0, 1.0));
    const double mmax = 2595 * std::log10(1 + 8000.0 / 700);
    const double m1000 = 2595 * std::log10(1 + 1000.0 / 700);
    int expected = 0;
    for (int b = 1; b < 64; ++b)
      if (std::abs((b + 1) * mmax / 65 - m1000) < std::abs((expected + 1) * mmax / 65 - m1000)) expected = b;
    for (int f = 3; f < vf.frames - 3; ++f) {
      const float* row = &vf.logMel[size_t(f) * 64];
      const int peak = int(std::max_element(row, row + 64) - row);
      QCOMPARE(peak, expected);
      QVERIFY2(std::abs(vf.rmsDb[f] - (-3.0103)) < 0.01, qPrintable(QString::number(vf.rmsDb[f])));
      QVERIFY(std::abs(vf.centroid[f] - 1000) < 60);
    }
    qInfo("1000 Hz sine: mel peak band %d, rms %.4f dBFS, centroid %.1f Hz, flux %.2g", expected, vf.rmsDb[50],
          vf.centroid[50], vf.flux[50]);
    QVERIFY(vf.flux[50] < 1e-3);
  }

  void cancellation() {
    CancelToken token;
    token.cancel();
    const auto t = capture([&] { voice::computeVoiceFeatures(sine(200, 1.0, 0.5), {}, &token); });
    QVERIFY2(t.is(ErrorCode::Cancelled), qPrintable(t.describe()));
  }

  void fromFile() {
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
    const auto vf = voice::voiceFeaturesOfFile(fixture("tone_stereo.wav"));
    QCOMPARE(vf.frames, 2 * 16000 / 160 + 1);
    const auto t = capture([&] { voice::voiceFeaturesOfFile(fixture("video_only.mp4")); });
    QVERIFY2(t.is(ErrorCode::NoAudioStream), qPrintable(t.describe()));
  }

  void benchmark() {
    // 60 s: a chirp plus noise, voiced and unvoiced stretches.
    const int n = 60 * voice::kSampleRate;
    std::vector<float> x(n);
    std::mt19937 rng(7);
    std::normal_distribution<float> g(0.0f, 0.05f);
    for (int i = 0; i < n; ++i) {
      const double t = double(i) / voice::kSampleRate;
      const double local = std::fmod(t, 3.0);
      x[i] = g(rng) + (local < 2.0 ? float(0.4 * std::sin(2 * M_PI * (120 * local + 45 * local * local))) : 0.0f);
    }
    QElapsedTimer timer;
    timer.start();
    const auto vf = voice::computeVoiceFeatures(x);
    const double seconds = timer.nsecsElapsed() / 1e9;
    qInfo("benchmark: 60 s of audio in %.3f s on one thread = %.0fx real time (%d frames)", seconds, 60 / seconds,
          vf.frames);
  }
};

QTEST_GUILESS_MAIN(TestVoiceFeatures)
#include "test_voice_features.moc"
