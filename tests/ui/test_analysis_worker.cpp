// The inference worker, end to end on a generated session with known content (face-api's sample2
// face from 2 to 6 s, eSpeak NG speech from 3 s; played three times over, 30 s): an analysis
// streams its windows and stores exactly what the views drew; a cancel stops a job within 200 ms
// and leaves the stored analysis as it was; a job cancelled in the queue never runs; a missing
// file reaches the user as a message naming it; and the real application killed in the middle of
// an analysis leaves a sound project whose next analysis resumes from the cached features.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <cmath>

#include "generated_session.h"
#include "store/project.h"
#include "support/media_test_support.h"
#include "ui/analysis_jobs.h"
#include "ui/face_overlay.h"
#include "ui/main_window.h"
#include "ui/media_controller.h"
#include "ui/review_panel.h"
#include "ui/time_axis.h"
#include "ui/video_view.h"
#include "ui/project_reader.h"
#include "ui_test_support.h"

using namespace stf2m;
using namespace stf2m::ui;

namespace {

bool sameFloat(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Waits for the job to end (any end) and returns its state.
JobInfo::State waitForEnd(AnalysisJobs& jobs, quint64 id, int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (clock.elapsed() < timeoutMs) {
    if (const JobInfo* j = jobs.job(id); j && j->finished()) return j->state;
    QTest::qWait(10);
  }
  return JobInfo::State::Running;
}

QString integrityOf(const QString& path) {
  sqlite3* db = nullptr;
  QString result;
  if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      result = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return result;
}

int cachedChunks(const QString& cacheDir) {
  int n = 0;
  for (QDirIterator it(cacheDir, {QStringLiteral("chunk-*.bin")}, QDir::Files, QDirIterator::Subdirectories); it.hasNext(); it.next())
    ++n;
  return n;
}

}  // namespace

class TestAnalysisWorker : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QString project_, media_;
  qint64 session_ = 0;

  QString cacheDir() const { return project_ + QStringLiteral(".features"); }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    test::GeneratedSession g;
    QString error;
    QVERIFY2(test::makeGeneratedSession(tmp_, g, error), qPrintable(error));
    // Three times over (30 s, three feature chunks of each kind), by stream copy.
    const QString list = tmp_.filePath(QStringLiteral("list.txt"));
    QFile f(list);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int i = 0; i < 3; ++i) f.write(QStringLiteral("file '%1'\n").arg(g.session).toUtf8());
    f.close();
    media_ = tmp_.filePath(QStringLiteral("session30.mkv"));
    const test::ProcessResult r = test::runFfmpeg({QStringLiteral("-f"), QStringLiteral("concat"), QStringLiteral("-safe"),
                                                   QStringLiteral("0"), QStringLiteral("-i"), list, QStringLiteral("-c"),
                                                   QStringLiteral("copy"), media_});
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
    project_ = tmp_.filePath(QStringLiteral("worker.stf2m"));
    store::Project p = store::Project::create(project_.toStdString(), "worker", "tester");
    session_ = p.addSessionWithMedia(p.addSubject("P01"), "intake", {{media_.toStdString(), 0.0}});
  }

  // The review a running analysis builds is exactly what is stored at its end.
  void analysisStreamsAndStores() {
    AnalysisJobs jobs;
    QSignalSpy grew(&jobs, &AnalysisJobs::reviewGrew);
    QSignalSpy finished(&jobs, &AnalysisJobs::jobFinished);
    const quint64 id = jobs.analyse(project_, session_, QStringLiteral("analyse"));
    QCOMPARE(waitForEnd(jobs, id, 300000), JobInfo::State::Finished);
    QVERIFY2(grew.count() >= 3, qPrintable(QString::number(grew.count())));  // chunk by chunk
    const SessionReview live = *jobs.liveReview(id);
    QCOMPARE(live.emotions.size(), qsizetype(11));
    QCOMPARE(live.views, (QStringList{QStringLiteral("face"), QStringLiteral("voice")}));
    QVERIFY2(QRegularExpression(QStringLiteral("^CPU, \\d+ threads?$")).match(jobs.job(id)->device).hasMatch(),
             qPrintable(jobs.job(id)->device));
    QVERIFY2(jobs.job(id)->message.contains(QStringLiteral("0 from the cache")), qPrintable(jobs.job(id)->message));

    const SessionData stored = readSessionData(project_, session_);
    QCOMPARE(stored.entry.modelId, finished[0][2].toLongLong());
    QCOMPARE(stored.review.windows.size(), live.windows.size());
    QVERIFY(live.windows.size() >= 27);
    int faceViews = 0;
    for (int i = 0; i < live.windows.size(); ++i) {
      const ReviewWindow &a = live.windows[i], &b = stored.review.windows[i];
      QCOMPARE(a.start, b.start);
      QVERIFY(sameFloat(a.confidence, b.confidence));
      QCOMPARE(a.probabilities.size(), b.probabilities.size());
      for (int k = 0; k < a.probabilities.size(); ++k) QVERIFY(sameFloat(a.probabilities[k], b.probabilities[k]));
      for (int k = 0; k < a.terms.size(); ++k) QVERIFY(sameFloat(a.terms[k], b.terms[k]));
      for (int k = 0; k < a.fused.size(); ++k) QVERIFY(sameFloat(a.fused[k], b.fused[k]));
      faceViews += a.hasView(0, 11);
      // The face is on screen 2-6 s of every 10 s: a window in the middle of that has a face view.
      const double inCycle = std::fmod(a.centre(), 10.0);
      if (inCycle > 3.2 && inCycle < 4.8) QVERIFY2(a.hasView(0, 11), qPrintable(QString::number(a.centre())));
      if (inCycle > 7.5 && inCycle < 9.5 && a.end - a.start <= 2.01) QVERIFY2(!a.hasView(0, 11), qPrintable(QString::number(a.centre())));
    }
    QVERIFY(faceViews >= 6);
  }

  // After the analysis the player draws the subject's face from the cache: on screen 2-6 s of
  // every 10 s, gone at 8.5 s.
  void playerShowsTheFaceOverlay() {
    MainWindow window;
    window.resize(1200, 900);
    window.show();
    QSignalSpy shown(&window, &MainWindow::sessionShown);
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    window.openProject(project_);
    QVERIFY(opened.wait(10000));
    window.showSession(session_);
    QVERIFY(shown.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(window.mediaController()->isOpen(), 10000);
    window.reviewPanel()->axis()->requestSeek(14.0);
    QTRY_VERIFY_WITH_TIMEOUT(window.videoView()->displayedIndex() == 350 && window.videoView()->overlay().has_value(), 10000);
    const FaceOverlayFrame face = *window.videoView()->overlay();
    QVERIFY(face.trackId >= 0);
    QCOMPARE(face.landmarks.size(), qsizetype(68));
    // sample2's face sits at about (265, 75), 275 px wide, in the 640x360 picture.
    QVERIFY2(face.box.center().x() > 265 && face.box.center().x() < 265 + 275 && face.box.width() > 150,
             qPrintable(QStringLiteral("box %1,%2 %3x%4").arg(face.box.x()).arg(face.box.y()).arg(face.box.width()).arg(face.box.height())));
    window.reviewPanel()->axis()->requestSeek(18.5);
    QTRY_COMPARE_WITH_TIMEOUT(window.videoView()->displayedIndex(), qint64(462), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.videoView()->overlay().has_value(), 10000);
    QCOMPARE(window.videoView()->overlay()->trackId, -1);
  }

  // Cancel within 200 ms, while the face networks run (the cache is emptied first), and the
  // stored analysis of the previous test stays exactly as it was.
  void cancelIsPromptAndLosesNothing() {
    const SessionData before = readSessionData(project_, session_);
    QVERIFY(!before.review.isEmpty());
    QVERIFY(QDir(cacheDir()).removeRecursively());
    AnalysisJobs jobs;
    const quint64 id = jobs.analyse(project_, session_, QStringLiteral("to cancel"));
    const quint64 queued = jobs.analyse(project_, session_, QStringLiteral("cancelled in the queue"));
    jobs.cancel(queued);
    QTRY_VERIFY_WITH_TIMEOUT(jobs.job(id)->state == JobInfo::State::Running && jobs.job(id)->stage == QStringLiteral("faces") &&
                                 jobs.job(id)->fraction > 0,
                             120000);
    QElapsedTimer clock;
    clock.start();
    jobs.cancel(id);
    QCOMPARE(waitForEnd(jobs, id, 5000), JobInfo::State::Cancelled);
    const qint64 ms = clock.elapsed();
    qInfo("cancel took %lld ms", static_cast<long long>(ms));
    QVERIFY2(ms <= 200, qPrintable(QStringLiteral("cancel took %1 ms").arg(ms)));
    QCOMPARE(waitForEnd(jobs, queued, 5000), JobInfo::State::Cancelled);
    QVERIFY(jobs.job(queued)->device.isEmpty());  // it never started

    const SessionData after = readSessionData(project_, session_);
    QCOMPARE(after.review.windows.size(), before.review.windows.size());
    for (int i = 0; i < after.review.windows.size(); ++i)
      for (int k = 0; k < after.review.windows[i].fused.size(); ++k)
        QVERIFY(sameFloat(after.review.windows[i].fused[k], before.review.windows[i].fused[k]));
  }

  void missingMediaReachesTheUser() {
    const QString copy = tmp_.filePath(QStringLiteral("moved.mkv"));
    QVERIFY(QFile::copy(media_, copy));
    qint64 session = 0;
    {
      store::Project p = store::Project::open(project_.toStdString(), "tester");
      session = p.addSessionWithMedia(p.subjectByCode("P01").id, "moved", {{copy.toStdString(), 0.0}});
    }
    QVERIFY(QFile::remove(copy));
    AnalysisJobs jobs;
    QSignalSpy failed(&jobs, &AnalysisJobs::jobFailed);
    const quint64 id = jobs.analyse(project_, session, QStringLiteral("missing"));
    QCOMPARE(waitForEnd(jobs, id, 30000), JobInfo::State::Failed);
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed[0][1].toString().contains(copy), qPrintable(failed[0][1].toString()));
    // A model file that is not there: the job names it.
    const QString model = tmp_.filePath(QStringLiteral("no-such-model.stf2m"));
    const quint64 other = jobs.analyse(project_, session_, QStringLiteral("other model"), model);
    QCOMPARE(waitForEnd(jobs, other, 30000), JobInfo::State::Failed);
    QVERIFY2(failed[1][1].toString().contains(model), qPrintable(failed[1][1].toString()));
  }

  // The real application, killed while it analyses: the project is sound, the stored analysis
  // is whole, and the next analysis takes the chunks computed before the kill from the cache.
  void killedAnalysisResumes() {
    QVERIFY(QDir(cacheDir()).removeRecursively());
    const SessionData before = readSessionData(project_, session_);
    QProcess studio;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), tmp_.filePath(QStringLiteral("xdg")));
    studio.setProcessEnvironment(env);
    studio.start(QStringLiteral(STF2M_STUDIO), {QStringLiteral("--project"), project_, QStringLiteral("--session"),
                                               QString::number(session_), QStringLiteral("--measure-lag")});
    QVERIFY(studio.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(cachedChunks(cacheDir()) >= 1 || studio.state() == QProcess::NotRunning, 120000);
    QVERIFY2(studio.state() == QProcess::Running,
             qPrintable(QStringLiteral("the analysis ended before it could be killed: ") +
                        QString::fromUtf8(studio.readAllStandardOutput() + studio.readAllStandardError())));
    studio.kill();
    QVERIFY(studio.waitForFinished());
    const int cached = cachedChunks(cacheDir());
    QVERIFY(cached >= 1 && cached < 6);

    QCOMPARE(integrityOf(project_), QStringLiteral("ok"));
    const SessionData after = readSessionData(project_, session_);
    QCOMPARE(after.review.windows.size(), before.review.windows.size());

    AnalysisJobs jobs;
    const quint64 id = jobs.analyse(project_, session_, QStringLiteral("resume"));
    QCOMPARE(waitForEnd(jobs, id, 300000), JobInfo::State::Finished);
    const QString message = jobs.job(id)->message;
    QVERIFY2(message.contains(QStringLiteral("%1 from the cache").arg(cached)), qPrintable(message));
  }

  // CUDA asked for on a machine without it: the job says so and runs on the CPU.
  void cudaRequestFallsBackToTheCpu() {
    AnalysisJobs jobs;
    jobs.setDevice(QStringLiteral("cuda"));
    const quint64 id = jobs.analyse(project_, session_, QStringLiteral("on the GPU"));
    QCOMPARE(waitForEnd(jobs, id, 300000), JobInfo::State::Finished);
    const JobInfo* job = jobs.job(id);
    if (job->device.startsWith(QLatin1String("CPU"))) {
      QVERIFY2(job->notes.join(QLatin1Char('\n')).contains(QStringLiteral("runs on the CPU")), qPrintable(job->notes.join(QLatin1Char('|'))));
    } else {
      qInfo("a CUDA device is present here (%s): nothing to fall back from", qPrintable(job->device));
    }
  }
};

STF2M_UI_TEST_MAIN(TestAnalysisWorker)
#include "test_analysis_worker.moc"
