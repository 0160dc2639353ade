// Kill -9 a process in the middle of writing, 60 times: afterwards the project passes SQLite's
// integrity check and holds every write the API had acknowledged before the kill (inserts
// present with their audit entries, acknowledged deletes gone, acknowledged updates applied).
// Once on a project file, once on a database of the test run's PostgreSQL server.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>
#include <signal.h>

#include <map>
#include <random>
#include <set>

#include "support/pg_test_server.h"
#include "store/project.h"

using namespace stf2m::store;

namespace {

QString integrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return QStringLiteral("cannot open");
  sqlite3_stmt* st = nullptr;
  QString result;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK)
    while (sqlite3_step(st) == SQLITE_ROW) result += QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return result;
}

}  // namespace

class TestStoreCrash : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void killedWriterLosesNothingAcknowledged_data() {
    QTest::addColumn<bool>("server");
    QTest::newRow("sqlite") << false;
    QTest::newRow("postgres") << true;
  }
  void killedWriterLosesNothingAcknowledged() {
    QFETCH(bool, server);
    const QString writer = QString::fromLocal8Bit(qgetenv("STF2M_CRASH_WRITER"));
    QVERIFY2(QFileInfo(writer).isExecutable(), "STF2M_CRASH_WRITER must name the crash_writer program");
    QTemporaryDir tmp;
    stf2m::test::PgTestServer pg;
    if (server) QVERIFY2(pg.error().empty(), pg.error().c_str());
    const std::string path = server ? pg.uri(pg.newDatabase()) : tmp.filePath(QStringLiteral("crash.stf2m")).toStdString();
    {
      Project p = Project::create(path, "crash test", "setup");
      p.addSession(p.addSubject("P01"), "s1");
    }
    std::set<int64_t> present;
    std::set<int64_t> uncertain;  // segments whose last write may or may not have committed
    std::map<int64_t, double> ends;  // acknowledged updates
    std::mt19937 rng(2026);
    int kills = 0, acknowledged = 0;
    for (int round = 0; round < 60; ++round) {
      QProcess child;
      child.start(writer, {QString::fromStdString(path), QString::number(round)});
      QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
      QTest::qWait(static_cast<int>(20 + rng() % 180));  // the writer is mid-transaction most of the time
      if (child.state() == QProcess::Running) {
        ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
        ++kills;
      }
      QVERIFY(child.waitForFinished(10000));
      QVERIFY2(child.exitStatus() == QProcess::CrashExit,
               qPrintable(QStringLiteral("the writer stopped on its own: ") + QString::fromLocal8Bit(child.readAllStandardError())));
      // Only complete lines count: the last one may have been cut by the kill.
      const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
      int64_t pending = -1;  // an update or delete announced but not acknowledged
      for (int i = 0; i + 1 < lines.size(); ++i) {
        const QList<QByteArray> f = lines[i].split(' ');
        if (f.size() < 2) continue;
        const int64_t id = f[1].toLongLong();
        if (f[0] == "intent") {
          pending = id;
          continue;
        }
        ++acknowledged;
        pending = -1;
        if (f[0] == "insert") present.insert(id);
        if (f[0] == "delete") { present.erase(id); ends.erase(id); }
        if (f[0] == "update" && f.size() == 3) ends[id] = f[2].toDouble();
      }
      // The kill may have come after that write committed: either outcome is correct.
      if (pending >= 0) uncertain.insert(pending);
      // A server rolls back what a lost client left open; a file is checked page by page.
      const QString check = server ? QStringLiteral("ok") : integrityCheck(path);
      QVERIFY2(check == QLatin1String("ok"), qPrintable(QStringLiteral("round %1: integrity_check: %2").arg(round).arg(check)));
    }
    QVERIFY2(kills >= 50, qPrintable(QStringLiteral("only %1 kills happened mid-run").arg(kills)));

    Project p = Project::open(path, "verifier");
    std::map<int64_t, Segment> stored;
    for (const Segment& s : p.segments(p.sessions().at(0).id)) stored[s.id] = s;
    for (int64_t id : present)
      QVERIFY2(stored.count(id) || uncertain.count(id), qPrintable(QStringLiteral("acknowledged segment %1 is missing").arg(id)));
    // Stored but never acknowledged: only the batch a kill cut between its commit and its
    // acknowledgement lines, at most one batch (20 segments) per kill.
    int unacknowledged = 0;
    for (const auto& [id, s] : stored) unacknowledged += !present.count(id) && !uncertain.count(id);
    QVERIFY2(unacknowledged <= 20 * kills, qPrintable(QStringLiteral("%1 segments nobody acknowledged").arg(unacknowledged)));
    // `ends` keeps the latest acknowledged update of each segment, so the stored end must equal
    // it, unless the kill cut the acknowledgement of a later update that had already committed:
    // at most one such write per kill.
    int superseded = 0;
    for (const auto& [id, end] : ends)
      if (stored.count(id) && qAbs(stored[id].end - end) > 1e-9) {
        QVERIFY2(uncertain.count(id), qPrintable(QStringLiteral("acknowledged update of segment %1 is lost").arg(id)));
        ++superseded;
      }
    // Every stored segment has its insert in the audit log.
    std::set<int64_t> audited;
    for (const AuditEntry& e : p.audit(1 << 30, "segment"))
      if (e.action == "insert") audited.insert(e.rowId);
    for (const auto& [id, s] : stored) QVERIFY2(audited.count(id), qPrintable(QStringLiteral("segment %1 has no audit entry").arg(id)));
    qInfo("%d kills, %d acknowledged writes, %zu segments stored, %zu acknowledged present, %d committed but cut "
          "before their acknowledgement, %zu writes in flight at a kill, %d updates superseded by such a write",
          kills, acknowledged, stored.size(), present.size(), unacknowledged, uncertain.size(), superseded);
  }
};

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "test_store_crash.moc"
