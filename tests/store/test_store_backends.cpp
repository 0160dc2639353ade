// The project store's promises for several writers on both backends (issue 23, docs/team.md; the
// entity tests of test_project_store run on both too): a project file through SQLite and a
// database on a throwaway PostgreSQL server (tests/support/pg_server.sh, started by
// the CTest fixture "postgres"; its folder in $STF2M_PG_DIR). Every function runs once per
// backend. The audit's actor is the name the application gives on SQLite and the server's
// session_user on PostgreSQL.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>
#include <vector>
#include <string>

#include "common/json.h"
#include "store/change_feed.h"
#include "store/connection.h"
#include "store/project.h"
#include "store/schema.h"
#include "support/pg_test_server.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::test;

namespace {

double number(const std::string& json, const char* key) { return parseJson(json, "audit").at(key).asNumber(); }

}  // namespace

class TestStoreBackends : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  PgTestServer server_;
  int files_ = 0;

  // A new, empty project location on `backend`, and the actor its audit will record.
  std::string location(const QString& backend, std::string* expectedActor) {
    if (backend == QLatin1String("sqlite")) {
      *expectedActor = "bob";
      return tmp_.filePath(QStringLiteral("p%1.stf2m").arg(++files_)).toStdString();
    }
    *expectedActor = server_.superuser();
    return server_.uri(server_.newDatabase());
  }

  static void backends() {
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QVERIFY2(server_.error().empty(), server_.error().c_str());
  }

  // Two writers on one project: an edit of a row someone changed or deleted since it was read is a
  // Conflict that names them, and nothing of it is stored; re-read, it goes through.
  void staleEditsAreConflicts_data() { backends(); }
  void staleEditsAreConflicts() {
    QFETCH(QString, backend);
    std::string actor;
    const std::string where = location(backend, &actor);
    Project first = Project::create(where, "x", "alice");
    Project second = Project::open(where, "bob");
    const std::string firstActor = backend == QLatin1String("sqlite") ? "alice" : actor;
    const int64_t subject = first.addSubject("P02"), session = first.addSession(subject, "s1");
    const LabelScheme e = first.scheme("emotion");
    Segment s;
    s.sessionId = session, s.schemeId = e.id, s.categoryId = e.categories[0].id, s.annotatorId = first.annotatorId("alice", true);
    s.start = 1, s.end = 2;
    first.addSegment(s);
    Segment mine = first.segments(session).at(0), theirs = second.segments(session).at(0);
    QCOMPARE(mine.version, int64_t(1));
    mine.end = 3;
    QCOMPARE(first.updateSegment(mine), int64_t(2));
    theirs.categoryId = e.categories[2].id;
    const Thrown stale = capture([&] { second.updateSegment(theirs); });
    QVERIFY2(stale.is(ErrorCode::Conflict) && stale.what.find("changed by " + firstActor) != std::string::npos &&
                 stale.what.find("version 2") != std::string::npos,
             qPrintable(stale.describe()));
    QCOMPARE(second.segments(session).at(0).end, 3.0);
    QCOMPARE(second.segments(session).at(0).categoryId, e.categories[0].id);
    QVERIFY(capture([&] { second.deleteSegment(theirs.id, theirs.version); }).is(ErrorCode::Conflict));
    theirs = second.segments(session).at(0);
    theirs.categoryId = e.categories[2].id;
    QCOMPARE(second.updateSegment(theirs), int64_t(3));
    first.deleteSegment(theirs.id, 3);
    const Thrown gone = capture([&] { second.updateSegment(theirs); });
    QVERIFY2(gone.is(ErrorCode::Conflict) && gone.what.find("was deleted by " + firstActor) != std::string::npos,
             qPrintable(gone.describe()));

    Trace t;
    t.sessionId = session, t.dimensionId = first.scheme("affect").dimensions[0].id, t.annotatorId = s.annotatorId;
    t.sampleRate = 5, t.values = {0.5f};
    first.addTrace(t);
    Trace a = first.traces(session).at(0), b = second.traces(session).at(0);
    a.values.push_back(0.25f);
    QCOMPARE(first.updateTrace(a), int64_t(2));
    b.values.push_back(-0.25f);
    QVERIFY(capture([&] { second.updateTrace(b); }).is(ErrorCode::Conflict));
    QCOMPARE(second.traces(session).at(0).values, a.values);

    // The active model: an activation made on a stale view is refused; the subject's row lock on a
    // server (the write lock on SQLite) lets only one of two simultaneous ones through.
    QFile file(tmp_.filePath(QStringLiteral("m%1.stf2m").arg(++files_)));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("weights") > 0);
    file.close();
    ModelRecord m;
    m.kind = "meta", m.path = file.fileName().toStdString();
    const int64_t model = first.registerModel(m);
    const int64_t activation = first.activateModel(subject, model, {}, 0);
    QVERIFY(capture([&] { second.activateModel(subject, model, {}, 0); }).is(ErrorCode::Conflict));
    int64_t seen = activation;
    for (int round = 0; round < 5; ++round) {
      std::atomic<int> wins{0}, conflicts{0}, others{0};
      auto activate = [&](const std::string& who) {
        const Thrown t2 = capture([&] { Project::open(where, who).activateModel(subject, model, {}, seen); });
        ++(!t2.threw ? wins : t2.is(ErrorCode::Conflict) ? conflicts : others);
      };
      std::thread one(activate, "carol"), two(activate, "dave");
      one.join();
      two.join();
      QCOMPARE(wins.load(), 1);
      QCOMPARE(conflicts.load(), 1);
      QCOMPARE(others.load(), 0);
      seen = first.activeModel(subject)->id;
    }
  }

  // Writers that read and then write in one multi-row operation see each other whole: each of 40
  // operations from 4 threads counts the segments and adds one at that count, so any overlap would
  // give two segments one start. On the server these run SERIALIZABLE and the ones that collide are
  // run again (SQLite's writers queue).
  void multiRowWritesAreSerialisable_data() { backends(); }
  void multiRowWritesAreSerialisable() {
    QFETCH(QString, backend);
    std::string actor;
    const std::string where = location(backend, &actor);
    int64_t session = 0, scheme = 0, category = 0;
    {
      Project p = Project::create(where, "x", "alice");
      session = p.addSession(p.addSubject("P04"), "s1");
      const LabelScheme e = p.scheme("emotion");
      scheme = e.id, category = e.categories[0].id;
      p.annotatorId(actor, true);
    }
    std::atomic<int> failures{0};
    std::string firstFailure;
    std::mutex failureLock;
    auto writer = [&] {
      try {
        Project p = Project::open(where, actor);
        const int64_t annotator = p.annotatorId(actor, false);
        for (int i = 0; i < 10; ++i)
          p.atomically([&] {
            Segment s;
            s.sessionId = session, s.schemeId = scheme, s.categoryId = category, s.annotatorId = annotator;
            s.start = double(p.segments(session).size()), s.end = s.start + 0.5;
            p.addSegment(s);
          });
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> hold(failureLock);
        if (failures++ == 0) firstFailure = e.what();
      }
    };
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) writers.emplace_back(writer);
    for (std::thread& t : writers) t.join();
    QVERIFY2(failures.load() == 0, firstFailure.c_str());
    const std::vector<Segment> all = Project::open(where, actor).segments(session);
    QCOMPARE(all.size(), size_t(40));
    for (size_t i = 0; i < all.size(); ++i) QCOMPARE(all[i].start, double(i));
  }

  // A server database made at every earlier schema version (by that version's migrations, as an
  // older build left it) opens and migrates to the latest. Its triggers then audit a new segment
  // and a change of it once each, and tell a listener.
  void serverDatabasesMigrateFromEveryVersion() {
    for (int v = 1; v < detail::latestSchemaVersion(); ++v) {
      const std::string where = server_.uri(server_.newDatabase());
      {
        detail::Connection c(where, false);
        for (int k = 1; k <= v; ++k) c.exec(detail::migrationSql(k, detail::Dialect::Postgres));
        c.exec("UPDATE stf2m_schema SET version = " + std::to_string(v));
      }
      Project p = Project::open(where, "alice");
      QCOMPARE(p.schemaVersion(), detail::latestSchemaVersion());
      const int64_t session = p.addSession(p.addSubject("P01"), "s1");
      p.addScheme(defaultEmotionScheme());
      const LabelScheme e = p.scheme("emotion");
      ChangeFeed feed(where);
      Segment s;
      s.sessionId = session, s.schemeId = e.id, s.categoryId = e.categories[0].id, s.annotatorId = p.annotatorId("alice", true);
      s.start = 1, s.end = 2;
      s.id = p.addSegment(s);
      s.version = 1, s.end = 3;
      p.updateSegment(s);
      const std::vector<AuditEntry> audit = p.audit(10, "segment");
      QCOMPARE(audit.size(), size_t(2));
      QCOMPARE(audit[0].action, std::string("update"));
      QCOMPARE(number(audit[0].after, "end_s"), 3.0);
      QCOMPARE(number(audit[1].after, "start_s"), 1.0);
      int heard = 0;
      for (int wait = 0; wait < 10 && heard < 2; ++wait)
        for (const Change& c : feed.waitFor(std::chrono::milliseconds(100)))
          heard += c.table == "segment" && c.id == s.id && c.sessionId == session;
      QCOMPARE(heard, 2);
    }
  }

  // What another writer commits reaches a listener within a second, with the row's session; what
  // is rolled back never does. A project file has no feed.
  void changeFeedNamesCommittedChanges() {
    std::string actor;
    const std::string file = location(QStringLiteral("sqlite"), &actor);
    QVERIFY(capture([&] { ChangeFeed feed(file); }).is(ErrorCode::InvalidArgument));
    const std::string where = location(QStringLiteral("postgres"), &actor);
    Project writer = Project::create(where, "x", "bob");
    const int64_t session = writer.addSession(writer.addSubject("P06"), "s1");
    ChangeFeed feed(where);
    QVERIFY(feed.take().empty());
    const LabelScheme e = writer.scheme("emotion");
    Segment s;
    s.sessionId = session, s.schemeId = e.id, s.categoryId = e.categories[0].id, s.annotatorId = writer.annotatorId(actor, true);
    s.start = 1, s.end = 2;
    const auto t0 = std::chrono::steady_clock::now();
    const int64_t id = writer.addSegment(s);
    const std::vector<Change> got = feed.waitFor(std::chrono::milliseconds(1000));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    QVERIFY2(seconds < 1.0, qPrintable(QString::number(seconds)));
    bool seen = false;
    for (const Change& c : got) seen = seen || (c.table == "segment" && c.id == id && c.sessionId == session);
    QVERIFY(seen);
    QVERIFY(capture([&] {
      writer.atomically([&] {
        writer.addSegment(s);
        throw Error(ErrorCode::Cancelled, "test", "rolled back");
      });
    }).is(ErrorCode::Cancelled));
    QVERIFY(feed.waitFor(std::chrono::milliseconds(300)).empty());
    writer.deleteSession(session);
    bool sessionGone = false;
    for (const Change& c : feed.waitFor(std::chrono::milliseconds(1000)))
      sessionGone = sessionGone || (c.table == "session" && c.id == session && c.sessionId == session);
    QVERIFY(sessionGone);
  }

  // The log is the server's to keep: not even the database's owner rewrites or empties it.
  void auditLogIsAppendOnly_data() { backends(); }
  void auditLogIsAppendOnly() {
    QFETCH(QString, backend);
    std::string actor;
    const std::string where = location(backend, &actor);
    { Project p = Project::create(where, "x", "bob"); p.addSubject("P03"); }
    detail::Connection raw(where, false);
    const QStringList statements{QStringLiteral("UPDATE audit_log SET actor = 'mallory'"), QStringLiteral("DELETE FROM audit_log")};
    for (const QString& sql : statements) {
      const Thrown refused = capture([&] { raw.exec(sql.toStdString()); });
      QVERIFY2(refused.threw && refused.what.find("append-only") != std::string::npos, qPrintable(refused.describe()));
    }
    if (backend == QLatin1String("postgres")) {
      const Thrown truncate = capture([&] { raw.exec("TRUNCATE audit_log"); });
      QVERIFY2(truncate.threw && truncate.what.find("append-only") != std::string::npos, qPrintable(truncate.describe()));
    }
    QVERIFY(Project::open(where, "bob").audit(1000).size() >= 2);
  }
};

QTEST_GUILESS_MAIN(TestStoreBackends)
#include "test_store_backends.moc"
