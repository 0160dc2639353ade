// The threads behind the window: frame requests coalesce, stale answers are dropped, and
// destroying a window or controller while work is in flight neither hangs nor crashes.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSlider>

#include <memory>

#include "common/error.h"
#include "ui/audio_envelope_loader.h"
#include "ui/main_window.h"
#include "ui/media_controller.h"
#include "ui/transport_bar.h"
#include "ui/video_view.h"
#include "ui_test_support.h"

using stf2m::test::fixturePath;
using stf2m::ui::MainWindow;
using stf2m::ui::MediaController;

namespace {
constexpr int kTimeoutMs = 30000;
// Far above a cancelled core call, far below ctest's timeout: a hang fails here, not there.
constexpr qint64 kTeardownBudgetMs = 5000;
}  // namespace

class TestUiWorkers : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void frameRequestsCoalesce();
  void framesHonourTargetSize();
  void reopenDropsStaleFrames();
  void destroyControllerRightAfterOpen();
  void destroyWindowWhileIndexingOrDecoding_data();
  void destroyWindowWhileIndexingOrDecoding();
  void destroyWindowWhileAudioLoads();
  void audioLoaderCancelsCleanly();
  void chunkedEnvelopeMatchesWholeRead();
  void envelopeOfAnAbsurdlyLongFileIsRefused();
};

void TestUiWorkers::frameRequestsCoalesce() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  MediaController controller;
  QSignalSpy opened(&controller, &MediaController::opened);
  controller.open(fixturePath("h264_aac.mp4"));
  QVERIFY(opened.wait(kTimeoutMs));

  QSignalSpy frames(&controller, &MediaController::frameReady);
  // A burst (a fast slider drag): the worker serves the latest request, not all of them.
  for (qint64 i = 0; i < 100; ++i) controller.requestFrame(i);
  QTRY_VERIFY_WITH_TIMEOUT(!frames.isEmpty() && frames.last().at(1).toLongLong() == 99, kTimeoutMs);
  QTest::qWait(200);  // nothing else may trickle in after the latest request was served
  QVERIFY2(frames.count() < 100, qPrintable(QString::number(frames.count())));
  QCOMPARE(frames.last().at(1).toLongLong(), qint64(99));
  QVERIFY(qAbs(frames.last().at(2).toDouble() - 3.96) < 1e-6);
}

void TestUiWorkers::framesHonourTargetSize() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  MediaController controller;
  QSignalSpy opened(&controller, &MediaController::opened);
  controller.open(fixturePath("h264_aac.mp4"));
  QVERIFY(opened.wait(kTimeoutMs));
  QSignalSpy frames(&controller, &MediaController::frameReady);

  controller.setTargetSize(QSize(160, 1000));  // width-bound: 160x120
  controller.requestFrame(10);
  QVERIFY(frames.wait(kTimeoutMs));
  QCOMPARE(frames.last().at(0).value<QImage>().size(), QSize(160, 120));

  controller.setTargetSize(QSize(4000, 4000));  // never upscaled past the native size
  controller.requestFrame(11);
  QVERIFY(frames.wait(kTimeoutMs));
  QCOMPARE(frames.last().at(0).value<QImage>().size(), QSize(320, 240));

  // The first image is still intact: the worker detached instead of overwriting it.
  const QImage first = frames.first().at(0).value<QImage>();
  QCOMPARE(first.size(), QSize(160, 120));
  QVERIFY(!first.isNull());
}

void TestUiWorkers::reopenDropsStaleFrames() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  MediaController controller;
  QSignalSpy opened(&controller, &MediaController::opened);
  controller.open(fixturePath("h264_aac.mp4"));
  QVERIFY(opened.wait(kTimeoutMs));

  QSignalSpy frames(&controller, &MediaController::frameReady);
  controller.requestFrame(80);
  controller.open(fixturePath("h264_aac.mp4"));  // leaves the file before frame 80 can arrive
  QCOMPARE(controller.state(), MediaController::State::Opening);
  controller.requestFrame(5);  // ignored while opening
  QVERIFY(opened.wait(kTimeoutMs));
  QTest::qWait(100);
  QCOMPARE(frames.count(), 0);  // nothing from the previous opening leaked through
  controller.requestFrame(7);
  QVERIFY(frames.wait(kTimeoutMs));
  QCOMPARE(frames.last().at(1).toLongLong(), qint64(7));
}

void TestUiWorkers::destroyControllerRightAfterOpen() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  for (int round = 0; round < 20; ++round) {
    QElapsedTimer timer;
    timer.start();
    {
      MediaController controller;
      controller.open(fixturePath("h264_aac.mp4"));
      if (round % 2) QTest::qWait(round);  // land at different points of the indexing
    }
    QVERIFY2(timer.elapsed() < kTeardownBudgetMs, qPrintable(QString::number(timer.elapsed())));
  }
}

void TestUiWorkers::destroyWindowWhileIndexingOrDecoding_data() {
  QTest::addColumn<int>("delayMs");
  QTest::addColumn<bool>("requestFrames");
  QTest::newRow("immediately") << 0 << false;
  QTest::newRow("during indexing") << 2 << false;
  QTest::newRow("after open, while seeking") << -1 << true;
}

void TestUiWorkers::destroyWindowWhileIndexingOrDecoding() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  QFETCH(int, delayMs);
  QFETCH(bool, requestFrames);
  for (int round = 0; round < 5; ++round) {
    auto window = std::make_unique<MainWindow>();
    window->show();
    QSignalSpy first(window.get(), &MainWindow::firstFrameDisplayed);
    window->openFile(fixturePath("h264_aac.mp4"));
    if (delayMs > 0) QTest::qWait(delayMs * round);
    if (requestFrames) {
      QVERIFY(first.wait(kTimeoutMs));
      // Queue decoding all over the file, then leave at once.
      for (int i = 0; i < 100; i += 7) window->transportBar()->slider()->setValue(99 - i);
    }
    QElapsedTimer timer;
    timer.start();
    window.reset();
    QVERIFY2(timer.elapsed() < kTeardownBudgetMs, qPrintable(QString::number(timer.elapsed())));
  }
}

void TestUiWorkers::destroyWindowWhileAudioLoads() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  auto window = std::make_unique<MainWindow>();
  window->show();
  QSignalSpy first(window.get(), &MainWindow::firstFrameDisplayed);
  window->openFile(fixturePath("h264_aac.mp4"));
  QVERIFY(first.wait(kTimeoutMs));  // the audio job starts when the file has opened
  QElapsedTimer timer;
  timer.start();
  window.reset();
  QVERIFY(timer.elapsed() < kTeardownBudgetMs);
}

void TestUiWorkers::audioLoaderCancelsCleanly() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  stf2m::ui::AudioEnvelopeLoader loader;
  QSignalSpy loaded(&loader, &stf2m::ui::AudioEnvelopeLoader::loaded);
  QSignalSpy failed(&loader, &stf2m::ui::AudioEnvelopeLoader::failed);
  // Several loads in a row: only the last one reports.
  for (int i = 0; i < 5; ++i) loader.load(fixturePath("h264_aac.mp4"));
  QVERIFY(loaded.wait(kTimeoutMs));
  QTest::qWait(200);
  QCOMPARE(loaded.count(), 1);
  QCOMPARE(failed.count(), 0);
  const auto envelope = loaded.at(0).at(0).value<stf2m::ui::AudioEnvelope>();
  QVERIFY(envelope.levelsDb.size() >= 395 && envelope.levelsDb.size() <= 405);
  // Two sines at FFmpeg's default amplitude 1/8, downmixed: well above silence, below full scale.
  const float middle = envelope.levelsDb[envelope.levelsDb.size() / 2];
  QVERIFY2(middle > -40.0f && middle < -3.0f, qPrintable(QString::number(middle)));

  loader.load(fixturePath("h264_aac.mp4"));
  loader.cancel();  // no report after cancel
  QTest::qWait(300);
  QCOMPARE(loaded.count(), 1);
}

void TestUiWorkers::chunkedEnvelopeMatchesWholeRead() {
  // Long sessions are read in chunks (bounded memory); the levels must not depend on that.
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  const QString path = fixturePath("h264_aac.mp4");
  const auto whole = stf2m::ui::readAudioEnvelope(path, nullptr, {}, 0.0);  // 0: one readAll
  double lastProgress = 0.0;
  const auto chunked = stf2m::ui::readAudioEnvelope(path, nullptr, [&](double f) { lastProgress = f; }, 0.25);
  QCOMPARE(lastProgress, 1.0);
  QVERIFY2(qAbs(qsizetype(whole.levelsDb.size()) - qsizetype(chunked.levelsDb.size())) <= 2,
           qPrintable(QStringLiteral("%1 vs %2").arg(whole.levelsDb.size()).arg(chunked.levelsDb.size())));
  const size_t common = std::min(whole.levelsDb.size(), chunked.levelsDb.size());
  float worst = 0.0f;
  for (size_t i = 0; i < common; ++i) worst = std::max(worst, std::abs(whole.levelsDb[i] - chunked.levelsDb[i]));
  QVERIFY2(worst < 0.5f, qPrintable(QString::number(worst)));
}

void TestUiWorkers::envelopeOfAnAbsurdlyLongFileIsRefused() {
  // 40 KB declaring 11.6 days (audio stamped at 10^6 s): an error naming the file at once, not a
  // reservation of 10^8 levels and a million seconds of reading.
  STF2M_REQUIRE_FIXTURE("audio_stamped_late.mkv");
  const QString path = fixturePath("audio_stamped_late.mkv");
  try {
    (void)stf2m::ui::readAudioEnvelope(path, nullptr, {}, 10.0);
    QFAIL("no error");
  } catch (const stf2m::Error& e) {
    QCOMPARE(e.code(), stf2m::ErrorCode::InvalidArgument);
    const QString what = QString::fromUtf8(e.what());
    QVERIFY2(what.contains(path) && what.contains(QStringLiteral("recordings of at most 24 h are shown whole")), qPrintable(what));
  }
}

STF2M_UI_TEST_MAIN(TestUiWorkers)
#include "test_ui_workers.moc"
