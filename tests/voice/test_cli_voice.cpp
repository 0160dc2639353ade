// `stf2m voice FILE --csv` (path in $STF2M_CLI):
//   stdout: header time_s,rms_db,f0_hz,voicing,vad,centroid_hz,flux,mfcc_0..12,mel_0..63, then one
//           row per frame: N samples at 16 kHz give N / 160 + 1 rows (floor(duration * 100) + 1),
//           row k at time k * 0.01 s, numbers with '.' as the decimal point.
//   errors: a file without audio (or missing) -> exit 2, one `error:` line, nothing on stdout;
//           no --csv or no FILE -> exit 1.
#include <QtTest>

#include "support/media_test_support.h"

using namespace stf2m::test;

class TestCliVoice : public QObject {
  Q_OBJECT
  QString cli() const { return qEnvironmentVariable("STF2M_CLI"); }

 private Q_SLOTS:
  void initTestCase() {
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
    QVERIFY(!cli().isEmpty());
  }

  void csv() {
    const ProcessResult r = runProcess(cli(), {QStringLiteral("voice"), fixturePath(QStringLiteral("tone_stereo.wav")),
                                               QStringLiteral("--csv")});
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
    QList<QByteArray> lines = r.out.split('\n');
    QVERIFY(!lines.isEmpty() && lines.last().isEmpty());
    lines.removeLast();
    QStringList expected = {QStringLiteral("time_s"), QStringLiteral("rms_db"), QStringLiteral("f0_hz"),
                            QStringLiteral("voicing"), QStringLiteral("vad"), QStringLiteral("centroid_hz"),
                            QStringLiteral("flux")};
    for (int i = 0; i < 13; ++i) expected << QStringLiteral("mfcc_%1").arg(i);
    for (int i = 0; i < 64; ++i) expected << QStringLiteral("mel_%1").arg(i);
    QCOMPARE(QString::fromUtf8(lines[0]), expected.join(QLatin1Char(',')));
    // tone_stereo.wav lasts 2 s: 32000 samples at 16 kHz -> 201 frames.
    QCOMPARE(lines.size() - 1, 201);
    for (int k = 1; k < lines.size(); ++k) {
      const QList<QByteArray> f = lines[k].split(',');
      QCOMPARE(f.size(), expected.size());
      for (const QByteArray& v : f) {
        bool ok = false;
        v.toDouble(&ok);
        QVERIFY2(ok, v.constData());
      }
      QCOMPARE(f[0].toDouble(), (k - 1) * 0.01);
    }
  }

  void errors() {
    ProcessResult r = runProcess(cli(), {QStringLiteral("voice"), fixturePath(QStringLiteral("video_only.mp4")),
                                         QStringLiteral("--csv")});
    QVERIFY2(r.finished && r.exitCode == 2, qPrintable(r.describe()));
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.startsWith("error:") && r.err.count('\n') == 1, r.err.constData());
    QVERIFY(r.err.contains("video_only.mp4"));

    r = runProcess(cli(), {QStringLiteral("voice"), fixturePath(QStringLiteral("no_such_file.wav")), QStringLiteral("--csv")});
    QVERIFY2(r.finished && r.exitCode == 2, qPrintable(r.describe()));

    r = runProcess(cli(), {QStringLiteral("voice"), fixturePath(QStringLiteral("tone_stereo.wav"))});
    QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY(r.out.isEmpty());
    r = runProcess(cli(), {QStringLiteral("voice"), QStringLiteral("--csv")});
    QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
  }
};

QTEST_GUILESS_MAIN(TestCliVoice)
#include "test_cli_voice.moc"
