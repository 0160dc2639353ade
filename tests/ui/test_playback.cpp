// Playback with sound: the player plays the fixture's audio through Qt Multimedia into a
// PulseAudio null sink that the test starts itself (a real audio server and device, no speakers),
// and the picture follows the sound's clock within a frame. Also: the J/K/L shuttle and the
// speeds, and the frame cache when stepping back.
#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QMenuBar>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "support/media_test_support.h"
#include "ui/main_window.h"
#include "ui/media_controller.h"
#include "ui/playback.h"
#include "ui/video_view.h"
#include "ui_test_support.h"

using namespace stf2m;
using namespace stf2m::ui;

namespace {

constexpr int kTimeoutMs = 10000;

QAction* actionIn(const QList<QAction*>& actions, const QString& text) {
  for (QAction* a : actions) {
    if (a->text() == text) return a;
    if (a->menu())
      if (QAction* found = actionIn(a->menu()->actions(), text)) return found;
  }
  return nullptr;
}

QAction* actionNamed(QMainWindow& window, const QString& text) { return actionIn(window.menuBar()->actions(), text); }

}  // namespace

class TestPlayback : public QObject {
  Q_OBJECT

  QTemporaryDir runtime_;
  QProcess pulse_;
  QString clip_;  // 20 s: 320x240 test pattern at 25 fps, a 440 Hz tone, H.264 + AAC

  bool openFixture(MainWindow& window) {
    window.openFile(clip_);
    return QTest::qWaitFor([&] { return window.videoView()->displayedIndex() == 0; }, kTimeoutMs);
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(runtime_.isValid());
    clip_ = runtime_.filePath(QStringLiteral("clip.mp4"));
    const test::ProcessResult made = test::runFfmpeg(
        {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("testsrc2=s=320x240:r=25:d=20"),
         QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("sine=frequency=440:duration=20"),
         QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"), QStringLiteral("veryfast"),
         QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), QStringLiteral("-c:a"), QStringLiteral("aac"), clip_});
    QVERIFY2(made.finished && made.exitCode == 0, qPrintable(made.describe()));
    // A private PulseAudio server with one null sink; the app finds it through PULSE_SERVER.
    const QString socket = runtime_.filePath(QStringLiteral("native"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), runtime_.path());
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime_.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), runtime_.path());
    pulse_.setProcessEnvironment(env);
    pulse_.setProcessChannelMode(QProcess::MergedChannels);
    pulse_.start(QStringLiteral("pulseaudio"),
                 {QStringLiteral("--daemonize=no"), QStringLiteral("-n"), QStringLiteral("--exit-idle-time=-1"),
                  QStringLiteral("--disable-shm=yes"), QStringLiteral("--load=module-null-sink sink_name=stf2m_test"),
                  QStringLiteral("--load=module-native-protocol-unix socket=%1").arg(socket)});
    QVERIFY2(pulse_.waitForStarted(), "pulseaudio could not be started (packaging/setup-deps.sh installs it)");
    QVERIFY2(QTest::qWaitFor([&] { return QFileInfo::exists(socket) || pulse_.state() != QProcess::Running; }, 10000) &&
                 pulse_.state() == QProcess::Running,
             qPrintable(QString::fromUtf8(pulse_.readAll())));
    qputenv("PULSE_SERVER", QStringLiteral("unix:%1").arg(socket).toUtf8());
  }

  void cleanupTestCase() {
    pulse_.kill();
    pulse_.waitForFinished();
  }

  // 1x with sound: the clock is the sound's, and the frame on screen is the frame of that time.
  void playsWithSoundInSync() {
    MainWindow window;
    window.show();
    QVERIFY(openFixture(window));
    window.play(1.0);
    QTRY_VERIFY_WITH_TIMEOUT(window.playback()->hasSound(), kTimeoutMs);
    QVERIFY2(window.playback()->soundProblem().isEmpty(), qPrintable(window.playback()->soundProblem()));
    // The sound's clock runs at the wall clock's pace once the stream has settled (PulseAudio's
    // null sink and Qt 6.4 take up to a second; see AudioPlayback::feed()).
    QTest::qWait(1500);
    QElapsedTimer clock;
    clock.start();
    const double from = window.playback()->position();
    QTest::qWait(1500);
    const double played = window.playback()->position() - from;
    const double elapsed = clock.elapsed() / 1000.0;
    window.pausePlayback();
    QVERIFY2(played / elapsed > 0.85 && played / elapsed < 1.1,
             qPrintable(QStringLiteral("%1 s of sound in %2 s").arg(played).arg(elapsed)));
    const MainWindow::SyncStats sync = window.syncStats();
    qInfo("1x: %d frames shown, picture behind the sound by %.1f ms on average, %.1f ms at most", sync.frames,
          sync.meanLag * 1000, sync.maxLag * 1000);
    QVERIFY(sync.frames >= 40);  // 25 fps for 3 s, less what was dropped
    QVERIFY2(sync.meanLag <= 0.040, "the picture trails the sound by more than one frame (40 ms) on average");
    // Paused: the clock and the picture stay.
    QTest::qWait(100);  // the audio thread takes the pause
    const double paused = window.playback()->position();
    QTest::qWait(300);
    QCOMPARE(window.playback()->position(), paused);
    QVERIFY(std::abs(window.videoView()->displayedTime() - paused) <= 0.041);
  }

  void shuttleAndSpeeds() {
    MainWindow window;
    window.show();
    QVERIFY(openFixture(window));
    QAction* forward = actionNamed(window, QStringLiteral("Shuttle &Forwards"));
    QAction* back = actionNamed(window, QStringLiteral("Shuttle &Backwards"));
    QAction* stop = actionNamed(window, QStringLiteral("&Stop"));
    QVERIFY(forward && back && stop);
    QCOMPARE(forward->shortcut(), QKeySequence(Qt::Key_L));
    forward->trigger();
    QCOMPARE(window.playback()->speed(), 1.0);  // read after the queued call ran
    forward->trigger();
    QCOMPARE(window.playback()->speed(), 2.0);
    QTest::qWait(1500);  // the stream settles
    const double from = window.playback()->position();
    QTest::qWait(1000);
    const double moved = window.playback()->position() - from;
    QVERIFY2(moved > 1.7 && moved < 2.2, qPrintable(QStringLiteral("2x moved %1 s in 1 s").arg(moved)));
    stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!window.playback()->isPlaying(), kTimeoutMs);
    const qint64 at = window.currentIndex();
    back->trigger();  // backwards, without sound
    QTRY_VERIFY_WITH_TIMEOUT(window.playback()->isPlaying() && window.playback()->speed() == -1.0, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(window.currentIndex() < at - 5, kTimeoutMs);
    QVERIFY(!window.playback()->hasSound());
    stop->trigger();
    // The speeds menu: 0.25x plays a quarter as fast.
    QAction* quarter = actionNamed(window, QStringLiteral("0.25×"));
    QVERIFY(quarter);
    quarter->trigger();
    window.play(0.25);
    QTest::qWait(1500);
    const double start = window.playback()->position();
    QTest::qWait(1000);
    const double slow = window.playback()->position() - start;
    window.pausePlayback();
    QVERIFY2(slow > 0.21 && slow < 0.28, qPrintable(QStringLiteral("0.25x moved %1 s in 1 s").arg(slow)));
  }

  // Stepping back over frames just shown takes them from the cache of decoded frames.
  void steppingBackIsServedFromTheCache() {
    MainWindow window;
    window.show();
    QVERIFY(openFixture(window));
    for (int i = 0; i < 10; ++i) {
      QTest::keyClick(&window, Qt::Key_Right);
      QTRY_COMPARE_WITH_TIMEOUT(window.videoView()->displayedIndex(), qint64(i + 1), kTimeoutMs);
    }
    const qint64 hitsBefore = window.mediaController()->cacheHits();
    for (int i = 10; i > 0; --i) {
      QTest::keyClick(&window, Qt::Key_Left);
      QTRY_COMPARE_WITH_TIMEOUT(window.videoView()->displayedIndex(), qint64(i - 1), kTimeoutMs);
    }
    QCOMPARE(window.mediaController()->cacheHits() - hitsBefore, qint64(10));
  }
};

STF2M_UI_TEST_MAIN(TestPlayback)
#include "test_playback.moc"
