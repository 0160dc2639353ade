// End-to-end tests of the main window over real media: open, step with the keyboard, jump,
// seek with the slider and the audio strip, bad files, files without audio.
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>

#include <cstdlib>
#include <QSlider>

#include <memory>

#include "ui/audio_envelope_plot.h"
#include "ui/main_window.h"
#include "ui/media_controller.h"
#include "ui/media_info_panel.h"
#include "ui/recent_files.h"
#include "ui/transport_bar.h"
#include "ui/video_view.h"
#include "ui_test_support.h"

using stf2m::test::fixturePath;
using stf2m::ui::MainWindow;

namespace {

constexpr int kOpenTimeoutMs = 30000;  // generous: CI machines are slow and shared
constexpr int kFrameTimeoutMs = 20000;

std::unique_ptr<MainWindow> showWindow() {
  auto window = std::make_unique<MainWindow>();
  window->resize(1100, 720);
  window->show();
  // Window-wide shortcuts (the arrow keys) only fire in the active window.
  window->activateWindow();
  if (!QTest::qWaitForWindowActive(window.get())) qWarning("main window did not become active");
  return window;
}

// Opens `path` and waits for its first frame; false on failure or timeout.
bool openAndWait(MainWindow& window, const QString& path) {
  QSignalSpy first(&window, &MainWindow::firstFrameDisplayed);
  window.openFile(path);
  return first.wait(kOpenTimeoutMs);
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void opensAndNavigates();
  void seeksFromAudioStrip();
  void badFileShowsErrorAndWindowRecovers();
  void missingFileIsNamed();
  void newerOpenSupersedesOlder();
  void fileWithoutAudioSaysSo();
  void rememberRecentFiles();
  void recentProjectsKeepServerUris();
};

void TestMainWindow::opensAndNavigates() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  auto window = showWindow();
  QVERIFY(openAndWait(*window, fixturePath("h264_aac.mp4")));

  const auto& summary = window->mediaController()->summary();
  QCOMPARE(summary.frameCount, qint64(100));  // 4 s at 25 fps
  QVERIFY(qAbs(summary.frameRate - 25.0) < 1e-6);
  auto* view = window->videoView();
  auto* transport = window->transportBar();
  QCOMPARE(view->displayedIndex(), qint64(0));
  QVERIFY(!view->image().isNull());
  // Never above the native 320x240, and with its aspect.
  QVERIFY(view->image().width() <= 320);
  // (within the pixel the scaled height rounds to)
  QVERIFY2(std::abs(view->image().width() * 240 - view->image().height() * 320) <= 320,
           qPrintable(QStringLiteral("%1x%2").arg(view->image().width()).arg(view->image().height())));
  QVERIFY(transport->positionText().startsWith(QStringLiteral("frame 0 / 100")));

  // Media information from the probe.
  auto* info = window->mediaInfoPanel();
  QCOMPARE(info->valueOf(QStringLiteral("Frame size")), QStringLiteral("320 × 240"));
  QCOMPARE(info->valueOf(QStringLiteral("Frame rate")), QStringLiteral("25.000 fps"));
  QCOMPARE(info->valueOf(QStringLiteral("Frame rate mode")), QStringLiteral("constant"));
  QCOMPARE(info->valueOf(QStringLiteral("Sample rate")), QStringLiteral("48000 Hz"));
  QVERIFY(info->valueOf(QStringLiteral("Channels")).startsWith(QLatin1Char('2')));

  // Right x3: frame 3 at 3/25 s.
  for (int i = 0; i < 3; ++i) QTest::keyClick(window.get(), Qt::Key_Right);
  QCOMPARE(window->currentIndex(), qint64(3));
  QTRY_COMPARE_WITH_TIMEOUT(view->displayedIndex(), qint64(3), kFrameTimeoutMs);
  QVERIFY(qAbs(view->displayedTime() - 0.120) < 1e-6);
  QVERIFY2(transport->positionText().contains(QStringLiteral("frame 3 / 100")), qPrintable(transport->positionText()));
  QVERIFY2(transport->positionText().contains(QStringLiteral("00:00.120 / 00:04.000")),
           qPrintable(transport->positionText()));
  QCOMPARE(transport->slider()->value(), 3);

  // Left steps back.
  QTest::keyClick(window.get(), Qt::Key_Left);
  QTRY_COMPARE_WITH_TIMEOUT(view->displayedIndex(), qint64(2), kFrameTimeoutMs);

  // End: the last frame.
  QTest::keyClick(window.get(), Qt::Key_End);
  QTRY_COMPARE_WITH_TIMEOUT(view->displayedIndex(), summary.frameCount - 1, kFrameTimeoutMs);
  QVERIFY(transport->positionText().contains(QStringLiteral("frame 99 / 100")));
  QVERIFY(transport->positionText().contains(QStringLiteral("00:03.960")));
  QTest::keyClick(window.get(), Qt::Key_Right);  // past the end: stays on the last frame
  QCOMPARE(window->currentIndex(), summary.frameCount - 1);

  // Home, then one second forward and back.
  QTest::keyClick(window.get(), Qt::Key_Home);
  QTRY_COMPARE_WITH_TIMEOUT(view->displayedIndex(), qint64(0), kFrameTimeoutMs);
  QTest::keyClick(window.get(), Qt::Key_Right, Qt::ShiftModifier);
  QTRY_COMPARE_WITH_TIMEOUT(view->displayedIndex(), qint64(25), kFrameTimeoutMs);
  QTest::keyClick(window.get(), Qt::Key_Right, Qt::ShiftModifier);
  QTRY_COMPARE_WITH_TIMEOUT(view->displayedIndex(), qint64(50), kFrameTimeoutMs);
  QTest::keyClick(window.get(), Qt::Key_Left, Qt::ShiftModifier);
  QTRY_COMPARE_WITH_TIMEOUT(view->displayedIndex(), qint64(25), kFrameTimeoutMs);
  QTest::keyClick(window.get(), Qt::Key_Left, Qt::ShiftModifier);
  QTest::keyClick(window.get(), Qt::Key_Left, Qt::ShiftModifier);  // clamps at the start
  QTRY_COMPARE_WITH_TIMEOUT(view->displayedIndex(), qint64(0), kFrameTimeoutMs);

  // The slider seeks (as a user drag does: valueChanged with tracking on).
  transport->slider()->setValue(60);
  QCOMPARE(window->currentIndex(), qint64(60));
  QTRY_COMPARE_WITH_TIMEOUT(view->displayedIndex(), qint64(60), kFrameTimeoutMs);
  QVERIFY(transport->positionText().contains(QStringLiteral("00:02.400")));

  // The audio strip got its levels (4 s at one level per 10 ms) and follows the playhead.
  auto* plot = window->audioPlot();
  QTRY_VERIFY_WITH_TIMEOUT(plot->isShowingPlot(), kOpenTimeoutMs);
  QVERIFY2(plot->pointCount() >= 395 && plot->pointCount() <= 405, qPrintable(QString::number(plot->pointCount())));
  QVERIFY(qAbs(plot->cursorTime() - 2.4) < 1e-6);

  // For a look at the result (CI can keep it as an artifact).
  const QString shots = qEnvironmentVariable("STF2M_UI_SCREENSHOT_DIR");
  if (!shots.isEmpty()) QVERIFY(window->grab().save(QDir(shots).filePath(QStringLiteral("main_window_frame60.png"))));
}

void TestMainWindow::seeksFromAudioStrip() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  auto window = showWindow();
  QSignalSpy settled(window.get(), &MainWindow::audioSettled);
  QVERIFY(openAndWait(*window, fixturePath("h264_aac.mp4")));
  QVERIFY(settled.count() > 0 || settled.wait(kOpenTimeoutMs));
  auto* plot = window->audioPlot();
  QVERIFY(plot->isShowingPlot());

  // A click in the right part of the strip seeks forward, into the second half of the file.
  auto* canvas = plot->findChild<QWidget*>(QStringLiteral("audioEnvelopeCustomPlot"));
  QVERIFY(canvas);
  QTest::mouseClick(canvas, Qt::LeftButton, {}, QPoint(canvas->width() * 3 / 4, canvas->height() / 2));
  const qint64 target = window->currentIndex();
  QVERIFY2(target > 50 && target < 99, qPrintable(QString::number(target)));
  QTRY_COMPARE_WITH_TIMEOUT(window->videoView()->displayedIndex(), target, kFrameTimeoutMs);
  QVERIFY(qAbs(plot->cursorTime() - window->mediaController()->summary().timeline.timeAt(target)) < 1e-9);
}

void TestMainWindow::badFileShowsErrorAndWindowRecovers() {
  STF2M_REQUIRE_FIXTURE("garbage.bin");
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  auto window = showWindow();
  QSignalSpy failed(window.get(), &MainWindow::openFailed);
  window->openFile(fixturePath("garbage.bin"));
  QVERIFY(failed.wait(kOpenTimeoutMs));
  QVERIFY(failed.at(0).at(0).toString().endsWith(QStringLiteral("garbage.bin")));

  // The message names the file and says what is wrong; it does not block the window.
  QMessageBox* box = window->errorBox();
  QVERIFY(box);
  QTRY_VERIFY(box->isVisible());
  QVERIFY2(box->text().contains(QStringLiteral("garbage.bin")), qPrintable(box->text()));
  QVERIFY2(box->text().contains(QStringLiteral("not a video or audio file")), qPrintable(box->text()));
  QVERIFY(box->informativeText().contains(QDir::toNativeSeparators(fixturePath("garbage.bin"))));
  QCOMPARE(window->videoView()->displayedIndex(), qint64(-1));
  const QString shots = qEnvironmentVariable("STF2M_UI_SCREENSHOT_DIR");
  if (!shots.isEmpty()) {
    QVERIFY(window->grab().save(QDir(shots).filePath(QStringLiteral("main_window_bad_file.png"))));
    QVERIFY(box->grab().save(QDir(shots).filePath(QStringLiteral("error_box_bad_file.png"))));
  }

  // Dismiss it and carry on with a good file.
  box->button(QMessageBox::Ok)->click();
  QTRY_VERIFY(window->errorBox() == nullptr);
  window->activateWindow();  // what the window manager does when a dialog closes
  QVERIFY(QTest::qWaitForWindowActive(window.get()));
  QVERIFY(openAndWait(*window, fixturePath("h264_aac.mp4")));
  QTest::keyClick(window.get(), Qt::Key_Right);
  QTRY_COMPARE_WITH_TIMEOUT(window->videoView()->displayedIndex(), qint64(1), kFrameTimeoutMs);
}

void TestMainWindow::missingFileIsNamed() {
  auto window = showWindow();
  QSignalSpy failed(window.get(), &MainWindow::openFailed);
  window->openFile(QDir::temp().absoluteFilePath(QStringLiteral("no-such-session-1234.mp4")));
  QVERIFY(failed.wait(kOpenTimeoutMs));
  const QString message = failed.at(0).at(1).toString();
  QVERIFY2(message.contains(QStringLiteral("no-such-session-1234.mp4")), qPrintable(message));
  QVERIFY2(message.contains(QStringLiteral("does not exist")), qPrintable(message));
}

void TestMainWindow::newerOpenSupersedesOlder() {
  // Opening a second file before the first has answered: only the second one counts, and the
  // first one's failure must not pop up a dialog about a file the user has left.
  STF2M_REQUIRE_FIXTURE("garbage.bin");
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  auto window = showWindow();
  QSignalSpy failed(window.get(), &MainWindow::openFailed);
  window->openFile(fixturePath("garbage.bin"));
  QVERIFY(openAndWait(*window, fixturePath("h264_aac.mp4")));
  QTest::qWait(100);
  QCOMPARE(failed.count(), 0);
  QVERIFY(window->errorBox() == nullptr);
  QVERIFY(window->currentFile().endsWith(QStringLiteral("h264_aac.mp4")));
}

void TestMainWindow::fileWithoutAudioSaysSo() {
  if (!stf2m::test::fixtureExists("video_only.mp4")) QSKIP("video_only.mp4 fixture not available");
  auto window = showWindow();
  QSignalSpy settled(window.get(), &MainWindow::audioSettled);
  QVERIFY(openAndWait(*window, fixturePath("video_only.mp4")));
  QVERIFY(settled.count() > 0 || settled.wait(kOpenTimeoutMs));
  QCOMPARE(window->audioPlot()->message(), QStringLiteral("No audio stream"));
  QCOMPARE(window->audioPlot()->pointCount(), qsizetype(0));
  QVERIFY(window->errorBox() == nullptr);  // not an error
}

void TestMainWindow::rememberRecentFiles() {
  STF2M_REQUIRE_FIXTURE("h264_aac.mp4");
  stf2m::ui::RecentFiles recent;
  recent.clear();
  auto window = showWindow();
  QVERIFY(openAndWait(*window, fixturePath("h264_aac.mp4")));
  QCOMPARE(recent.files().value(0), QFileInfo(fixturePath("h264_aac.mp4")).absoluteFilePath());
}

// A team server's project is remembered by its URI, not turned into a path, and listed by database
// and host.
void TestMainWindow::recentProjectsKeepServerUris() {
  stf2m::ui::RecentFiles recent(nullptr, QStringLiteral("recentProjectsUnderTest"));
  recent.clear();
  const QString uri = QStringLiteral("postgresql://ann@db.example.org:5433/clinic");
  recent.add(QStringLiteral("relative.stf2m"));
  recent.add(uri);
  QCOMPARE(recent.files(), QStringList({uri, QFileInfo(QStringLiteral("relative.stf2m")).absoluteFilePath()}));
  QMenu menu;
  recent.attachTo(&menu);
  QVERIFY(!menu.actions().isEmpty());
  QCOMPARE(menu.actions().first()->text(), QStringLiteral("&1 clinic @ db.example.org"));
  recent.remove(uri);
  QCOMPARE(recent.files().size(), qsizetype(1));
  recent.clear();
}

STF2M_UI_TEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
