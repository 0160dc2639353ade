// `stf2m analyze --project P --pending` (issue 23, docs/team.md): several worker processes share
// one project's sessions, on a project file and on a database of the test run's PostgreSQL server
// (the CTest fixture "postgres"). Three workers started together analyse six sessions, each
// exactly once; a worker killed with SIGKILL mid-session leaves its claim and no prediction, a
// worker started at once passes the claimed session over, and one started after the lease has
// expired analyses it. Sessions whose media are missing here are reported, marked failed and
// passed over; the others are still analysed. A worker whose server is restarted in the middle of
// a session (a server of the test's own) says so on stderr, connects again and stores the session.
// The media are the generated session of
// generated_session.h, its features cached by the first analysis so the workers run quickly.
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "generated_session.h"
#include "store/project.h"
#include "support/media_test_support.h"
#include "support/pg_test_server.h"

using namespace stf2m;
using namespace stf2m::test;

class TestCliAnalyzePending : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  GeneratedSession media_;
  QString cli_;
  PgTestServer server_;
  int files_ = 0;

  ProcessResult stf2m(const QStringList& args) { return runProcess(cli_, args, 300000); }
  QStringList cache() const { return {QStringLiteral("--cache"), tmp_.filePath(QStringLiteral("cache"))}; }

  static void backends() {
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
  }

  // A new project with `sessions` sessions of the generated media; "" on failure (with `error`).
  QString makeProject(const QString& backend, int sessions, QString& error) {
    const QString where = backend == QLatin1String("sqlite") ? tmp_.filePath(QStringLiteral("p%1.stf2m").arg(++files_))
                                                             : QString::fromStdString(server_.uri(server_.newDatabase()));
    ProcessResult r = stf2m({QStringLiteral("project"), QStringLiteral("init"), where, QStringLiteral("--name"), QStringLiteral("T")});
    for (int i = 0; i < sessions && r.exitCode == 0; ++i)
      r = stf2m({QStringLiteral("project"), QStringLiteral("add-session"), where, QStringLiteral("--subject"),
                 QStringLiteral("P0%1").arg(i % 3), QStringLiteral("--name"), QStringLiteral("s%1").arg(i),
                 QStringLiteral("--media"), media_.session});
    if (r.exitCode != 0) error = r.describe();
    return r.exitCode == 0 ? where : QString();
  }

  static QStringList worker(const QString& project, const QStringList& extra, bool quiet = true) {
    return QStringList{QStringLiteral("analyze"), QStringLiteral("--project"), project, QStringLiteral("--pending")} + extra +
           (quiet ? QStringList{QStringLiteral("--quiet")} : QStringList{});
  }

  static store::AnalysisJob jobOf(const store::Project& p, int64_t session) {
    for (const store::AnalysisJob& j : p.analysisJobs())
      if (j.sessionId == session) return j;
    return {};
  }

  // Session id -> how many "session N, model M: analysed ..." lines name it.
  static void countSessions(const QByteArray& out, std::map<int, int>& seen) {
    for (const QByteArray& line : out.split('\n'))
      if (line.startsWith("session ")) ++seen[line.mid(8, line.indexOf(',') - 8).toInt()];
  }

 private Q_SLOTS:
  void initTestCase() {
    cli_ = qEnvironmentVariable("STF2M_CLI");
    QVERIFY2(!cli_.isEmpty(), "STF2M_CLI is not set");
    QVERIFY(tmp_.isValid());
    QVERIFY2(server_.error().empty(), server_.error().c_str());
    QString error;
    QVERIFY2(makeGeneratedSession(tmp_, media_, error), qPrintable(error));
    const ProcessResult r = stf2m(QStringList{QStringLiteral("analyze"), media_.session, QStringLiteral("--quiet")} + cache());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
  }

  void workersShareTheSessions_data() { backends(); }
  void workersShareTheSessions() {
    QFETCH(QString, backend);
    QString error;
    const QString project = makeProject(backend, 6, error);
    QVERIFY2(!project.isEmpty(), qPrintable(error));
    std::vector<std::unique_ptr<QProcess>> workers;
    for (int i = 0; i < 3; ++i) {
      workers.push_back(std::make_unique<QProcess>());
      workers.back()->start(cli_, worker(project, cache()));
    }
    std::map<int, int> seen;
    int busy = 0;
    for (auto& w : workers) {
      QVERIFY(w->waitForFinished(300000));
      QVERIFY2(w->exitCode() == 0, w->readAllStandardError().constData());
      const QByteArray out = w->readAllStandardOutput();
      busy += out.contains("session ") ? 1 : 0;
      countSessions(out, seen);
    }
    QCOMPARE(int(seen.size()), 6);
    for (const auto& [session, times] : seen) QVERIFY2(times == 1, qPrintable(QStringLiteral("session %1: %2 times").arg(session).arg(times)));
    QVERIFY2(busy >= 2, "one worker did all the sessions");
    store::Project p = store::Project::open(project.toStdString(), "check");
    for (const store::Session& s : p.sessions()) QCOMPARE(p.predictions(s.id, 2).size(), size_t(9));
    for (const store::AuditEntry& e : p.audit(100000, "prediction")) QCOMPARE(e.action, std::string("insert"));  // none replaced
    // Nothing is left: a late worker analyses nothing and says so.
    const ProcessResult late = stf2m(worker(project, cache(), false));
    QVERIFY2(late.exitCode == 0 && late.out.isEmpty(), qPrintable(late.describe()));
    QVERIFY2(late.err.contains("0 sessions analysed, 0 failed"), late.err.constData());
  }

  void aKilledWorkersClaimExpires_data() { backends(); }
  void aKilledWorkersClaimExpires() {
    QFETCH(QString, backend);
    QString error;
    const QString project = makeProject(backend, 2, error);
    QVERIFY2(!project.isEmpty(), qPrintable(error));
    const QStringList lease{QStringLiteral("--lease"), QStringLiteral("3")};
    // Without the cache the analysis takes seconds: the worker is killed in the middle of it.
    QProcess doomed;
    doomed.start(cli_, worker(project, lease + QStringList{QStringLiteral("--no-cache")}));
    QVERIFY(doomed.waitForStarted());
    store::Project p = store::Project::open(project.toStdString(), "check");
    int64_t claimed = 0;
    for (int i = 0; i < 600 && !claimed; ++i) {
      for (const store::AnalysisJob& j : p.analysisJobs())
        if (j.state == "claimed") claimed = j.sessionId;
      if (!claimed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    QVERIFY2(claimed, "the worker never claimed a session");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    QCOMPARE(doomed.state(), QProcess::Running);
    doomed.kill();  // SIGKILL
    QVERIFY(doomed.waitForFinished(10000));
    QVERIFY(p.predictions(claimed, 2).empty());
    QCOMPARE(jobOf(p, claimed).state, std::string("claimed"));
    // At once: the claimed session is passed over, the other one analysed.
    ProcessResult r = stf2m(worker(project, lease + cache()));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    std::map<int, int> seen;
    countSessions(r.out, seen);
    QCOMPARE(int(seen.size()), 1);
    QCOMPARE(seen.begin()->first, int(3 - claimed));
    // After the lease: the killed worker's session is analysed.
    const double left = jobOf(p, claimed).expiresIn;
    QVERIFY2(left <= 3, qPrintable(QString::number(left)));
    std::this_thread::sleep_for(std::chrono::duration<double>(std::max(0.0, left) + 0.3));
    r = stf2m(worker(project, lease + cache()));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    seen.clear();
    countSessions(r.out, seen);
    QCOMPARE(int(seen.size()), 1);
    QCOMPARE(seen.begin()->first, int(claimed));
    QCOMPARE(p.predictions(claimed, 2).size(), size_t(9));
    for (const store::AnalysisJob& j : p.analysisJobs()) QCOMPARE(j.state, std::string("done"));
  }

  // A session whose media are not on this machine: reported with the file's name, failed and
  // passed over; the worker goes on and exits with status 2.
  void missingMediaFailOneSessionOnly() {
    QString error;
    const QString project = makeProject(QStringLiteral("sqlite"), 2, error);
    QVERIFY2(!project.isEmpty(), qPrintable(error));
    const QString moved = tmp_.filePath(QStringLiteral("elsewhere.mp4"));
    QVERIFY(QFile::copy(media_.session, moved));
    ProcessResult r = stf2m({QStringLiteral("project"), QStringLiteral("add-session"), project, QStringLiteral("--subject"),
                             QStringLiteral("P09"), QStringLiteral("--name"), QStringLiteral("away"), QStringLiteral("--media"), moved});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(QFile::remove(moved));
    r = stf2m(worker(project, cache(), false));
    QCOMPARE(r.exitCode, 2);
    std::map<int, int> seen;
    countSessions(r.out, seen);
    QCOMPARE(int(seen.size()), 2);
    QVERIFY2(r.err.contains("error: session 3: ") && r.err.contains("elsewhere.mp4"), r.err.constData());
    QVERIFY2(r.err.contains("2 sessions analysed, 1 failed"), r.err.constData());
    store::Project p = store::Project::open(project.toStdString(), "check");
    const store::AnalysisJob failed = jobOf(p, 3);
    QCOMPARE(failed.state, std::string("failed"));
    QVERIFY2(failed.message.find("elsewhere.mp4") != std::string::npos, failed.message.c_str());
  }

  // The server goes down for 1.5 s while the worker analyses (a server of this test's own: the
  // run's shared server must stay up for the other tests).
  void aWorkerRidesOutAServerRestart() {
    const QString dir = QDir::tempPath() + QStringLiteral("/stf2m-pending-restart-%1").arg(QCoreApplication::applicationPid());
    const QString script = QStringLiteral(STF2M_PG_SCRIPT);
    QString problem = runPgServerScript(script, "start", dir);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    struct Stop {
      QString script, dir;
      ~Stop() { runPgServerScript(script, "stop", dir); }
    } stopAtTheEnd{script, dir};
    PgTestServer own(dir);
    const QString project = QString::fromStdString(own.uri(own.newDatabase()));
    ProcessResult r = stf2m({QStringLiteral("project"), QStringLiteral("init"), project, QStringLiteral("--name"), QStringLiteral("T")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = stf2m({QStringLiteral("project"), QStringLiteral("add-session"), project, QStringLiteral("--subject"), QStringLiteral("P01"),
               QStringLiteral("--name"), QStringLiteral("s"), QStringLiteral("--media"), media_.session});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QProcess worker;
    worker.start(cli_, TestCliAnalyzePending::worker(project, {QStringLiteral("--no-cache"), QStringLiteral("--lease"), QStringLiteral("10")}));
    QVERIFY(worker.waitForStarted());
    {
      store::Project p = store::Project::open(project.toStdString(), "check");
      bool claimed = false;
      for (int i = 0; i < 600 && !claimed; ++i) {
        claimed = !p.analysisJobs().empty();
        if (!claimed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      QVERIFY2(claimed, "the worker never claimed the session");
    }
    QCOMPARE(worker.state(), QProcess::Running);
    problem = runPgServerScript(script, "down", dir);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const bool stillAnalysing = worker.state() == QProcess::Running;
    problem = runPgServerScript(script, "up", dir);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(stillAnalysing, "the analysis ended before the server came back: the restart did not happen under it");
    QVERIFY(worker.waitForFinished(300000));
    const QByteArray err = worker.readAllStandardError();
    QVERIFY2(worker.exitCode() == 0, err.constData());
    QVERIFY2(err.contains("lost the connection to the server") && err.contains("connected again"), err.constData());
    QVERIFY2(worker.readAllStandardOutput().startsWith("session 1, model 2: analysed 10.0 s"), "no session stored");
    QCOMPARE(store::Project::open(project.toStdString(), "check").predictions(1, 2).size(), size_t(9));
  }
};

QTEST_GUILESS_MAIN(TestCliAnalyzePending)
#include "test_cli_analyze_pending.moc"
