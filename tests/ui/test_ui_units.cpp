// The UI's small pure pieces: time formatting, index/time mapping, the RMS envelope and the
// error sentences, and laying a painted stroke onto a trace.
#include <cmath>
#include <numbers>

#include "common/error.h"
#include "ui/audio_envelope.h"
#include "ui/error_messages.h"
#include "ui/frame_timeline.h"
#include "ui/time_format.h"
#include "ui/trace_stroke.h"
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
  void strokeStartsATrace();
  void strokeGrowsAndBridges();
  void strokeKeepsTheLastPass();
};

// A stroke from (1 s, +1) to (3 s, -1) at 25 Hz: 51 samples on the line between, none unset.
void TestUiUnits::strokeStartsATrace() {
  const TraceSamples t = paintStroke({}, {{1.0, 1.0}, {2.0, 0.0}, {3.0, -1.0}}, -1, 1, 25);
  QCOMPARE(t.rate, 25.0);
  QCOMPARE(t.start, 1.0);
  QCOMPARE(t.values.size(), size_t(51));
  for (size_t i = 0; i < t.values.size(); ++i) QVERIFY(std::abs(t.values[i] - (1.0 - double(i) / 25.0)) < 1e-5);
  // Values beyond the range are clamped; a stroke before 0 s starts at 0 s.
  const TraceSamples c = paintStroke({}, {{-0.5, 3.0}, {0.2, 3.0}}, -1, 1, 10);
  QCOMPARE(c.start, 0.0);
  QCOMPARE(c.values, std::vector<float>(3, 1.0f));
  QVERIFY(paintStroke(t, {}, -1, 1, 25).values == t.values);  // nothing drawn, nothing changed
}

// Strokes beyond either end grow the trace on its own grid; the gap to the old samples is a line.
void TestUiUnits::strokeGrowsAndBridges() {
  const TraceSamples base{2.0, 10.0, std::vector<float>(11, 0.5f)};  // 2.0 .. 3.0 s
  const TraceSamples later = paintStroke(base, {{4.0, -0.5}, {4.2, -0.5}}, -1, 1, 25);
  QCOMPARE(later.rate, 10.0);  // the trace's own rate, not the one for new traces
  QCOMPARE(later.start, 2.0);
  QCOMPARE(later.values.size(), size_t(23));  // to 4.2 s
  QCOMPARE(later.values[10], 0.5f);  // 3.0 s, untouched
  QVERIFY(std::abs(later.values[15] - 0.0f) < 1e-5);  // 3.5 s, half way from 0.5 to -0.5
  QCOMPARE(later.values[20], -0.5f);
  const TraceSamples earlier = paintStroke(base, {{0.5, 1.0}, {1.0, 1.0}}, -1, 1, 25);
  QCOMPARE(earlier.start, 0.5);
  QCOMPARE(earlier.values.size(), size_t(26));
  QCOMPARE(earlier.values[0], 1.0f);
  QVERIFY(std::abs(earlier.values[10] - 0.75f) < 1e-5);  // 1.5 s, between 1.0 at 1 s and 0.5 at 2 s
  QCOMPARE(earlier.values[15], 0.5f);
  QCOMPARE(earlier.values.back(), 0.5f);
}

// Back and forth over the same time: the last pass is what stays; a click sets one sample.
void TestUiUnits::strokeKeepsTheLastPass() {
  const TraceSamples base{0.0, 10.0, std::vector<float>(21, 0.0f)};
  const TraceSamples t = paintStroke(base, {{0.5, 1.0}, {1.5, 1.0}, {0.5, -1.0}}, -1, 1, 25);
  for (int i = 5; i <= 15; ++i) QVERIFY(std::abs(t.values[size_t(i)] - (-1.0 + 2.0 * (i - 5) / 10.0)) < 1e-5);
  QCOMPARE(t.values[4], 0.0f);
  QCOMPARE(t.values[16], 0.0f);
  const TraceSamples click = paintStroke(base, {{1.02, 0.3}}, -1, 1, 25);
  QCOMPARE(click.values[10], 0.3f);
  QCOMPARE(click.values[9], 0.0f);
  QCOMPARE(click.values[11], 0.0f);
}

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
