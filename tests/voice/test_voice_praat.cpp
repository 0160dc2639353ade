// Parity of the F0 tracker with Praat's standard pitch analysis ("To Pitch: 0.01, 75, 600", the
// autocorrelation method with its defaults), on espeak-ng speech (two voices) and on tones.
// Praat frames are centred at t1 + k * 0.01 s; each is compared with our frame nearest in time.
// Thresholds: median relative F0 error <= 2% on frames both call voiced; voicing agreement
// >= 90% over all frames Praat defines.
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "support/media_test_support.h"
#include "voice/voice_features.h"

using namespace stf2m;
using namespace stf2m::test;

namespace {

const char* kScript =
    "form Pitch\n"
    "  sentence file\n"
    "endform\n"
    "Read from file: file$\n"
    "To Pitch: 0.01, 75, 600\n"
    "n = Get number of frames\n"
    "for i to n\n"
    "  t = Get time from frame number: i\n"
    "  f = Get value in frame: i, \"Hertz\"\n"
    "  if f = undefined\n"
    "    f = 0\n"
    "  endif\n"
    "  appendInfoLine: fixed$(t, 6), \" \", fixed$(f, 4)\n"
    "endfor\n";

struct Parity {
  int frames = 0, bothVoiced = 0, agree = 0;
  std::vector<double> relErrors;
  double median() const {
    if (relErrors.empty()) return 1e9;
    std::vector<double> v = relErrors;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }
  double agreement() const { return frames ? double(agree) / frames : 0; }
};

bool praatPitch(const QString& script, const QString& wav, std::vector<std::pair<double, double>>* out, QString* why) {
  const ProcessResult r = runProcess(QStringLiteral("praat"), {QStringLiteral("--run"), script, wav});
  if (!r.finished || r.exitCode != 0) {
    *why = QStringLiteral("praat: ") + r.describe();
    return false;
  }
  out->clear();
  for (const QByteArray& line : r.out.split('\n')) {
    const QList<QByteArray> f = line.trimmed().split(' ');
    if (f.size() != 2) continue;
    out->push_back({f[0].toDouble(), f[1].toDouble()});
  }
  if (out->empty()) *why = QStringLiteral("praat printed no frames");
  return !out->empty();
}

void accumulate(const std::vector<std::pair<double, double>>& praat, const voice::VoiceFeatures& vf, Parity* p) {
  for (const auto& [t, pf] : praat) {
    const int k = int(std::lround(t * vf.rate));
    if (k < 0 || k >= vf.frames) continue;
    const double ours = vf.f0[k];
    ++p->frames;
    if ((ours > 0) == (pf > 0)) ++p->agree;
    if (ours > 0 && pf > 0) {
      ++p->bothVoiced;
      p->relErrors.push_back(std::abs(ours / pf - 1));
    }
  }
}

}  // namespace

class TestVoicePraat : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString script_;

  QString tool(const char* name) {
    const QString path = QStandardPaths::findExecutable(QString::fromUtf8(name));
    return path;
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    QVERIFY2(!tool("praat").isEmpty(), "praat is not installed");
    QVERIFY2(!tool("espeak-ng").isEmpty(), "espeak-ng is not installed");
    QVERIFY2(!ffmpegExecutable().isEmpty(), "ffmpeg is not installed");
    script_ = dir_.filePath(QStringLiteral("pitch.praat"));
    QFile f(script_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kScript);
  }

  void speech() {
    const QStringList sentences = {
        QStringLiteral("The quick brown fox jumps over the lazy dog."),
        QStringLiteral("Please call Stella and ask her to bring these things with her from the store."),
        QStringLiteral("Six spoons of fresh snow peas, five thick slabs of blue cheese, and maybe a snack."),
        QStringLiteral("Is it raining in London today? I really hope that it is not."),
    };
    const QStringList voices = {QStringLiteral("en"), QStringLiteral("en+f3")};
    Parity total;
    int idx = 0;
    for (const QString& v : voices) {
      Parity perVoice;
      for (const QString& s : sentences) {
        const QString raw = dir_.filePath(QStringLiteral("raw%1.wav").arg(idx));
        const QString wav = dir_.filePath(QStringLiteral("s%1.wav").arg(idx));
        ++idx;
        const ProcessResult e = runProcess(QStringLiteral("espeak-ng"), {QStringLiteral("-v"), v, QStringLiteral("-w"), raw, s});
        QVERIFY2(e.finished && e.exitCode == 0, qPrintable(e.describe()));
        const ProcessResult c = runFfmpeg({QStringLiteral("-y"), QStringLiteral("-i"), raw, QStringLiteral("-ar"),
                                           QStringLiteral("16000"), QStringLiteral("-ac"), QStringLiteral("1"),
                                           QStringLiteral("-c:a"), QStringLiteral("pcm_s16le"), wav});
        QVERIFY2(c.finished && c.exitCode == 0, qPrintable(c.describe()));
        std::vector<std::pair<double, double>> praat;
        QString why;
        QVERIFY2(praatPitch(script_, wav, &praat, &why), qPrintable(why));
        const auto vf = voice::voiceFeaturesOfFile(wav.toStdString());
        accumulate(praat, vf, &perVoice);
        accumulate(praat, vf, &total);
      }
      qInfo("voice %s: %d frames, %d both voiced, median relative F0 error %.3f%%, voicing agreement %.1f%%",
            qPrintable(v), perVoice.frames, perVoice.bothVoiced, 100 * perVoice.median(), 100 * perVoice.agreement());
    }
    qInfo("speech total: %d frames, %d both voiced, median relative F0 error %.3f%%, voicing agreement %.1f%%",
          total.frames, total.bothVoiced, 100 * total.median(), 100 * total.agreement());
    QVERIFY(total.bothVoiced > 200);
    QVERIFY(total.median() <= 0.02);
    QVERIFY(total.agreement() >= 0.90);
  }

  void tones() {
    for (int hz : {100, 150, 220, 330}) {
      const QString wav = dir_.filePath(QStringLiteral("tone%1.wav").arg(hz));
      const ProcessResult c = runFfmpeg({QStringLiteral("-y"), QStringLiteral("-f"), QStringLiteral("lavfi"),
                                         QStringLiteral("-i"),
                                         QStringLiteral("sine=frequency=%1:sample_rate=16000:duration=1").arg(hz),
                                         QStringLiteral("-c:a"), QStringLiteral("pcm_s16le"), wav});
      QVERIFY2(c.finished && c.exitCode == 0, qPrintable(c.describe()));
      std::vector<std::pair<double, double>> praat;
      QString why;
      QVERIFY2(praatPitch(script_, wav, &praat, &why), qPrintable(why));
      Parity p;
      accumulate(praat, voice::voiceFeaturesOfFile(wav.toStdString()), &p);
      std::vector<double> pf;
      for (const auto& fr : praat)
        if (fr.second > 0) pf.push_back(fr.second);
      std::sort(pf.begin(), pf.end());
      qInfo("tone %d Hz: Praat median %.3f Hz; ours vs Praat median relative error %.4f%%, voicing agreement %.1f%%",
            hz, pf.empty() ? 0.0 : pf[pf.size() / 2], 100 * p.median(), 100 * p.agreement());
      QVERIFY(p.median() <= 0.01);
      QVERIFY(p.agreement() >= 0.95);
    }
  }
};

QTEST_GUILESS_MAIN(TestVoicePraat)
#include "test_voice_praat.moc"
