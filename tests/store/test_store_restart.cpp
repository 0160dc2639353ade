// A team server restarted while projects are open on it (issue 23, docs/team.md "A server
// restart"): a PostgreSQL server of the test's own (tests/support/pg_server.sh; the run's shared
// server must not go away under other tests) is shut down as an administrator would and started
// again. An edit made while it is down waits for it and goes through; writers that keep writing
// through three restarts lose no acknowledged write, and every loss is reported to the observer;
// a server that stays away longer than the reconnection window is an error that names the project,
// and the project works again once the server is back.
#include <QDir>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/project.h"
#include "support/pg_test_server.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::test;

namespace {

void sleepSeconds(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

// What an observer heard, in order.
struct Heard {
  std::mutex lock;
  std::vector<ConnectionEvent> events;
  ConnectionObserver observer() {
    return [this](ConnectionEvent e, const std::string&) {
      std::lock_guard<std::mutex> hold(lock);
      events.push_back(e);
    };
  }
  int count(ConnectionEvent e) {
    std::lock_guard<std::mutex> hold(lock);
    return int(std::count(events.begin(), events.end(), e));
  }
};

}  // namespace

class TestStoreRestart : public QObject {
  Q_OBJECT

  QString dir_;
  std::unique_ptr<PgTestServer> server_;

  QString pgServer(const char* command) { return runPgServerScript(QStringLiteral(STF2M_PG_SCRIPT), command, dir_); }

  struct Fixture {
    std::string where;
    int64_t session = 0, scheme = 0, category = 0, annotator = 0;
  };
  Fixture makeProject() {
    Fixture f;
    f.where = server_->uri(server_->newDatabase());
    Project p = Project::create(f.where, "restart", "alice");
    f.session = p.addSession(p.addSubject("P01"), "s1");
    const LabelScheme e = p.scheme("emotion");
    f.scheme = e.id, f.category = e.categories[0].id;
    f.annotator = p.annotatorId(server_->superuser(), true);
    return f;
  }
  static Segment segmentAt(const Fixture& f, double start) {
    Segment s;
    s.sessionId = f.session, s.schemeId = f.scheme, s.categoryId = f.category, s.annotatorId = f.annotator;
    s.start = start, s.end = start + 0.5;
    return s;
  }

 private Q_SLOTS:
  void initTestCase() {
    // Not in a QTemporaryDir: as root the cluster belongs to `postgres`, which must reach it.
    dir_ = QDir::tempPath() + QStringLiteral("/stf2m-restart-%1").arg(QCoreApplication::applicationPid());
    const QString started = pgServer("start");
    QVERIFY2(started.isEmpty(), qPrintable(started));
    server_ = std::make_unique<PgTestServer>(dir_);
    QVERIFY2(server_->error().empty(), server_->error().c_str());
  }
  void cleanupTestCase() { pgServer("stop"); }

  // The server goes down while the project is idle and comes back 1.5 s later: the edit made
  // meanwhile waits for it, goes through, and the observer heard the loss and the reconnection.
  void anEditWaitsForTheServer() {
    const Fixture f = makeProject();
    Project p = Project::open(f.where, "alice");
    Heard heard;
    p.setReconnection(30, heard.observer());
    Segment s = segmentAt(f, 1);
    s.id = p.addSegment(s);
    s.version = 1;
    const int64_t other = p.scheme("emotion").categories[1].id;
    QString down = pgServer("down");
    QVERIFY2(down.isEmpty(), qPrintable(down));
    QString up;
    std::thread restart([&] {
      sleepSeconds(1.5);
      up = pgServer("up");
    });
    s.categoryId = other;
    const Thrown t = capture([&] { s.version = p.updateSegment(s); });  // waits for the server
    restart.join();
    QVERIFY2(up.isEmpty(), qPrintable(up));
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QCOMPARE(s.version, int64_t(2));
    QCOMPARE(heard.count(ConnectionEvent::Lost), 1);
    QCOMPARE(heard.count(ConnectionEvent::Restored), 1);
    const std::vector<Segment> stored = Project::open(f.where, "alice").segments(f.session);
    QCOMPARE(stored.size(), size_t(1));
    QCOMPARE(stored[0].categoryId, s.categoryId);
  }

  // Three writers add segments one by one while the server is restarted three times. Every write
  // they were told is stored is there, with its start, and none of them fails.
  void writersLoseNoAcknowledgedWrite() {
    const Fixture f = makeProject();
    std::atomic<bool> stop{false};
    std::mutex lock;
    std::map<int64_t, double> acknowledged;  // id -> start
    std::vector<std::string> reported;
    std::atomic<int> lostEvents{0};
    auto writer = [&](int n) {
      Project p = Project::open(f.where, "alice");
      p.setReconnection(30, [&](ConnectionEvent e, const std::string&) {
        if (e == ConnectionEvent::Lost) ++lostEvents;
      });
      for (int i = 0; !stop; ++i) {
        const double start = n * 100000 + i;
        try {
          const int64_t id = p.addSegment(segmentAt(f, start));
          std::lock_guard<std::mutex> hold(lock);
          acknowledged[id] = start;
        } catch (const Error& e) {
          std::lock_guard<std::mutex> hold(lock);
          reported.push_back(e.what());
        }
        sleepSeconds(0.002);
      }
    };
    std::vector<std::thread> writers;
    for (int n = 0; n < 3; ++n) writers.emplace_back(writer, n);
    QString problem;
    for (int round = 0; round < 3 && problem.isEmpty(); ++round) {
      sleepSeconds(0.7);
      problem = pgServer("down");
      sleepSeconds(0.5);
      if (problem.isEmpty()) problem = pgServer("up");
    }
    sleepSeconds(0.7);
    stop = true;
    for (std::thread& t : writers) t.join();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(lostEvents.load() >= 3, qPrintable(QString::number(lostEvents.load())));
    // A commit the connection broke under is resolved by asking the server afterwards (committed:
    // acknowledged; not: run again), so no write fails for a restart of a few seconds.
    for (const std::string& r : reported) QFAIL(r.c_str());
    std::map<int64_t, double> stored;
    std::map<double, int> copies;  // a write run again after its commit went through would be here twice
    for (const Segment& s : Project::open(f.where, "alice").segments(f.session)) {
      stored[s.id] = s.start;
      QVERIFY2(++copies[s.start] == 1, qPrintable(QStringLiteral("start %1 stored twice").arg(s.start)));
    }
    int missing = 0;
    for (const auto& [id, start] : acknowledged)
      if (!stored.count(id) || stored[id] != start) ++missing;
    QCOMPARE(missing, 0);
    QVERIFY2(acknowledged.size() > 100, qPrintable(QString::number(acknowledged.size())));
    qInfo("%zu writes acknowledged, %zu reported as failed, %d losses of the connection heard", acknowledged.size(),
          reported.size(), lostEvents.load());
  }

  // Down for longer than the window: an error naming the project within about the window; back
  // up: the same project object works again.
  void aServerAwayTooLongIsAnError() {
    const Fixture f = makeProject();
    Project p = Project::open(f.where, "alice");
    p.setReconnection(1);
    QString down = pgServer("down");
    QVERIFY2(down.isEmpty(), qPrintable(down));
    const auto before = std::chrono::steady_clock::now();
    const Thrown t = capture([&] { p.segments(f.session); });
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
    QString up = pgServer("up");
    QVERIFY2(up.isEmpty(), qPrintable(up));
    QVERIFY2(t.is(ErrorCode::StorageFailure) && t.what.find("could not connect again within 1 s") != std::string::npos &&
                 t.what.find(f.where) != std::string::npos,
             qPrintable(t.describe()));
    QVERIFY2(took >= 0.9 && took < 5, qPrintable(QString::number(took)));
    QCOMPARE(p.segments(f.session).size(), size_t(0));
    QVERIFY(p.addSegment(segmentAt(f, 3)) > 0);
  }
};

QTEST_GUILESS_MAIN(TestStoreRestart)
#include "test_store_restart.moc"
