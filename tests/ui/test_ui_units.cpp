// The UI's small pure pieces: time formatting, index/time mapping, the RMS envelope and the
// error sentences.
#include <cmath>
#include <numbers>

#include "common/error.h"
#include "ui/audio_envelope.h"
#include "ui/error_messages.h"
#include "ui/frame_timeline.h"
#include "ui/time_format.h"
#include "ui_test_support.h"

using namespace stf2m::ui;

class TestUiUnits : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void formatsTimestamps_data();
  void formatsTimestamps();
  void mapsIndexAndTime();
  void emptyTimelineIsSafe();
  void envelopeLevels();
  void envelopeCancels();
  void errorSentencesNameTheFile();
};

void TestUiUnits::formatsTimestamps_data() {
  QTest::addColumn<double>("seconds");
  QTest::addColumn<bool>("withHours");
  QTest::addColumn<QString>("expected");
  QTest::newRow("zero") << 0.0 << false << QStringLiteral("00:00.000");
  QTest::newRow("frame 3 at 25 fps") << 3 / 25.0 << false << QStringLiteral("00:00.120");
  QTest::newRow("rounds, never truncates") << 0.1199999 << false << QStringLiteral("00:00.120");
  QTest::newRow("minutes") << 180.0 << false << QStringLiteral("03:00.000");
  QTest::newRow("rounding carries") << 59.9996 << false << QStringLiteral("01:00.000");
  QTest::newRow("an hour switches format") << 3725.5 << false << QStringLiteral("1:02:05.500");
  QTest::newRow("forced hours") << 4.92 << true << QStringLiteral("0:00:04.920");
  QTest::newRow("negative clamps") << -2.0 << false << QStringLiteral("00:00.000");
  QTest::newRow("nan clamps") << std::nan("") << false << QStringLiteral("00:00.000");
}

void TestUiUnits::formatsTimestamps() {
  QFETCH(double, seconds);
  QFETCH(bool, withHours);
  QFETCH(QString, expected);
  QCOMPARE(formatTimestamp(seconds, withHours), expected);
}

void TestUiUnits::mapsIndexAndTime() {
  // Variable intervals, as in a VFR recording: 0, 20, 80, 100, 160 ms; last frame ends at 200 ms.
  const FrameTimeline timeline({0.0, 0.02, 0.08, 0.10, 0.16}, 0.20);
  QCOMPARE(timeline.count(), qint64(5));
  QCOMPARE(timeline.lastIndex(), qint64(4));
  QCOMPARE(timeline.timeAt(2), 0.08);
  QCOMPARE(timeline.timeAt(-5), 0.0);   // clamped
  QCOMPARE(timeline.timeAt(99), 0.16);  // clamped
  QCOMPARE(timeline.indexAtTime(0.0), qint64(0));
  QCOMPARE(timeline.indexAtTime(0.079), qint64(1));  // still showing the frame from 20 ms
  QCOMPARE(timeline.indexAtTime(0.08), qint64(2));
  QCOMPARE(timeline.indexAtTime(0.08 - 1e-9), qint64(2));  // float noise lands on the frame
  QCOMPARE(timeline.indexAtTime(-1.0), qint64(0));
  QCOMPARE(timeline.indexAtTime(10.0), qint64(4));
  for (qint64 i = 0; i < timeline.count(); ++i) QCOMPARE(timeline.indexAtTime(timeline.timeAt(i) + 1.0 - 1.0), i);
  // Copies share the times.
  const FrameTimeline copy = timeline;
  QCOMPARE(copy.timeAt(3), 0.10);
}

void TestUiUnits::emptyTimelineIsSafe() {
  const FrameTimeline empty;
  QVERIFY(empty.isEmpty());
  QCOMPARE(empty.timeAt(3), 0.0);
  QCOMPARE(empty.indexAtTime(1.0), qint64(0));
  QCOMPARE(empty.clampIndex(7), qint64(0));
}

void TestUiUnits::envelopeLevels() {
  const int rate = 16000;
  std::vector<float> samples;
  // 100 ms of a full-scale sine (-3.01 dB RMS), 100 ms of DC 0.5 (-6.02 dB), 100 ms silence,
  // then 5 ms more silence as a partial last hop.
  for (int i = 0; i < rate / 10; ++i)
    samples.push_back(static_cast<float>(std::sin(2.0 * std::numbers::pi * 1000.0 * i / rate)));
  samples.insert(samples.end(), rate / 10, 0.5f);
  samples.insert(samples.end(), rate / 10 + rate / 200, 0.0f);

  const AudioEnvelope envelope = computeRmsEnvelope(samples, rate, 0.010, -90.0);
  QCOMPARE(envelope.levelsDb.size(), size_t(31));
  QVERIFY(qAbs(envelope.duration() - 0.31) < 1e-9);
  for (int h = 0; h < 10; ++h) QVERIFY(qAbs(envelope.levelsDb[h] - (-3.0103f)) < 0.01f);
  for (int h = 10; h < 20; ++h) QVERIFY(qAbs(envelope.levelsDb[h] - (-6.0206f)) < 0.01f);
  for (int h = 20; h < 31; ++h) QCOMPARE(envelope.levelsDb[h], -90.0f);

  QVERIFY(computeRmsEnvelope({}, rate).isEmpty());
  QVERIFY_THROWS_EXCEPTION(stf2m::Error, computeRmsEnvelope(samples, 0));
}

void TestUiUnits::envelopeCancels() {
  stf2m::CancelToken cancel;
  cancel.cancel();
  const std::vector<float> samples(16000, 0.1f);
  try {
    (void)computeRmsEnvelope(samples, 16000, 0.010, -90.0, &cancel);
    QFAIL("expected a Cancelled error");
  } catch (const stf2m::Error& error) {
    QCOMPARE(error.code(), stf2m::ErrorCode::Cancelled);
  }
}

void TestUiUnits::errorSentencesNameTheFile() {
  using stf2m::ErrorCode;
  const QString file = QStringLiteral("/data/sessions/subject 07.mp4");
  for (ErrorCode code : {ErrorCode::FileNotFound, ErrorCode::FileUnreadable, ErrorCode::EmptyFile, ErrorCode::NotMedia,
                         ErrorCode::NoVideoStream, ErrorCode::NoAudioStream, ErrorCode::UnsupportedCodec,
                         ErrorCode::CorruptData, ErrorCode::OutOfRange, ErrorCode::InvalidArgument,
                         ErrorCode::Cancelled, ErrorCode::Internal}) {
    const QString sentence = ErrorMessages::sentence(code, file);
    QVERIFY2(sentence.contains(QStringLiteral("subject 07.mp4")), qPrintable(sentence));
    QVERIFY(sentence.endsWith(QLatin1Char('.')));
  }
  QCOMPARE(ErrorMessages::sentence(ErrorCode::NotMedia, file),
           QStringLiteral("The file “subject 07.mp4” is not a video or audio file that can be opened."));
}

STF2M_UI_TEST_MAIN(TestUiUnits)
#include "test_ui_units.moc"
