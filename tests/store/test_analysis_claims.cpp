// Analysis claims (issue 23: several analysis machines on one project; project.h, claim_lease.h)
// on both backends, a project file and a database of the test run's PostgreSQL server: concurrent
// claimers never get the same session; a claim that expires passes on and its old holder can
// neither store nor renew; done and failed jobs, sessions analysed by hand and sessions without
// media; a lease keeps a claim alive past its length and reports when it is taken away.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/claim_lease.h"
#include "store/project.h"
#include "support/media_test_support.h"
#include "support/pg_test_server.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::test;

namespace {

// One window of a one-view, two-class model.
Prediction window(int64_t session, int64_t model, double start) {
  Prediction p;
  p.sessionId = session, p.modelId = model, p.windowStart = start, p.windowEnd = start + 2;
  p.viewCount = 1, p.classCount = 2, p.memberships = {0.25f, 0.75f}, p.fused = {0.25f, 0.75f};
  return p;
}

void sleepSeconds(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

}  // namespace

class TestAnalysisClaims : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  PgTestServer server_;
  int files_ = 0;

  std::string location(const QString& backend) {
    if (backend == QLatin1String("sqlite")) return tmp_.filePath(QStringLiteral("p%1.stf2m").arg(++files_)).toStdString();
    return server_.uri(server_.newDatabase());
  }

  static void backends() {
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
  }

  // A project with `withMedia` sessions that have a media file and one that has none; the model's id.
  static int64_t makeProject(const std::string& where, int withMedia, std::vector<int64_t>& sessions) {
    Project p = Project::create(where, "claims", "alice");
    const int64_t subject = p.addSubject("P01");
    const std::string media = fixture("h264_aac.mp4");
    for (int i = 0; i < withMedia; ++i) {
      sessions.push_back(p.addSession(subject, "s" + std::to_string(i)));
      p.addMedia(sessions.back(), media);
    }
    p.addSession(subject, "no media");
    ModelRecord m;
    m.kind = "meta", m.path = media;  // any file: the store hashes it
    return p.registerModel(m);
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QVERIFY2(server_.error().empty(), server_.error().c_str());
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
  }

  // Six workers claim twelve sessions at once and "analyse" each for a moment: every session is
  // claimed once, by one worker, and stored once; the session without media is never claimed.
  void concurrentClaimersNeverShareASession_data() { backends(); }
  void concurrentClaimersNeverShareASession() {
    QFETCH(QString, backend);
    const std::string where = location(backend);
    std::vector<int64_t> sessions;
    const int64_t model = makeProject(where, 12, sessions);
    std::mutex lock;
    std::map<int64_t, std::vector<std::string>> claimedBy;
    std::atomic<int> failures{0};
    std::string firstFailure;
    auto worker = [&](int n) {
      try {
        Project p = Project::open(where, "alice");
        const std::string name = "w" + std::to_string(n);
        while (const auto claim = p.claimPendingSession(model, name, 60)) {
          {
            std::lock_guard<std::mutex> hold(lock);
            claimedBy[claim->sessionId].push_back(name);
          }
          sleepSeconds(0.02);
          p.finishClaim(*claim, {window(claim->sessionId, model, 0), window(claim->sessionId, model, 2)}, "2 windows");
        }
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> hold(lock);
        if (failures++ == 0) firstFailure = e.what();
      }
    };
    std::vector<std::thread> workers;
    for (int n = 0; n < 6; ++n) workers.emplace_back(worker, n);
    for (std::thread& t : workers) t.join();
    QVERIFY2(failures.load() == 0, firstFailure.c_str());
    QCOMPARE(claimedBy.size(), sessions.size());
    std::map<std::string, int> perWorker;
    for (const auto& [session, names] : claimedBy) {
      QVERIFY2(names.size() == 1, qPrintable(QStringLiteral("session %1 claimed %2 times").arg(session).arg(names.size())));
      ++perWorker[names[0]];
    }
    QVERIFY2(perWorker.size() >= 2, "one worker took every session: the test did not run them side by side");
    Project p = Project::open(where, "alice");
    for (int64_t s : sessions) QCOMPARE(p.predictions(s, model).size(), size_t(2));
    const std::vector<AnalysisJob> jobs = p.analysisJobs(model);
    QCOMPARE(jobs.size(), sessions.size());
    for (const AnalysisJob& j : jobs) {
      QCOMPARE(j.state, std::string("done"));
      QCOMPARE(j.message, std::string("2 windows"));
      QVERIFY(!j.finishedAt.empty());
    }
    QVERIFY(!p.claimPendingSession(model, "late", 60));
  }

  // A claim that is not renewed expires and passes to the next claimer; the first holder can then
  // neither renew it nor store its analysis (nothing of it is written), nor fail it.
  void anExpiredClaimPassesOn_data() { backends(); }
  void anExpiredClaimPassesOn() {
    QFETCH(QString, backend);
    const std::string where = location(backend);
    std::vector<int64_t> sessions;
    const int64_t model = makeProject(where, 2, sessions);
    Project a = Project::open(where, "alice"), b = Project::open(where, "alice");
    const auto first = a.claimPendingSession(model, "a", 1);
    QVERIFY(first);
    QCOMPARE(first->sessionId, sessions[0]);
    const auto second = b.claimPendingSession(model, "b", 1);
    QVERIFY(second);
    QCOMPARE(second->sessionId, sessions[1]);  // the live claim is passed over
    QVERIFY(!b.claimPendingSession(model, "b", 1));
    QVERIFY(a.renewClaim(*first, 1));
    sleepSeconds(1.3);
    const auto taken = b.claimPendingSession(model, "b", 30);
    QVERIFY(taken);
    QCOMPARE(taken->sessionId, sessions[0]);
    QVERIFY(!a.renewClaim(*first, 30));
    const Thrown refused = capture([&] { a.finishClaim(*first, {window(sessions[0], model, 0)}, "late"); });
    QVERIFY2(refused.is(ErrorCode::Conflict) && refused.what.find("passed to b") != std::string::npos, qPrintable(refused.describe()));
    QVERIFY(a.predictions(sessions[0], model).empty());
    a.failClaim(*first, "too late to fail");
    std::vector<AnalysisJob> jobs = a.analysisJobs(model);
    QCOMPARE(jobs[0].state, std::string("claimed"));
    QCOMPARE(jobs[0].worker, std::string("b"));
    QVERIFY(jobs[0].expiresIn > 20 && jobs[0].expiresIn <= 30);
    b.finishClaim(*taken, {window(sessions[0], model, 0)}, "1 window");
    QCOMPARE(a.predictions(sessions[0], model).size(), size_t(1));
  }

  // A failed job is pending again, except for the worker that passes it over; a done job and a
  // session analysed by hand (predictions without a job) are not; leases outside 1 s to 7 days
  // are refused.
  void failedJobsArePendingAgainAndDoneOnesAreNot_data() { backends(); }
  void failedJobsArePendingAgainAndDoneOnesAreNot() {
    QFETCH(QString, backend);
    const std::string where = location(backend);
    std::vector<int64_t> sessions;
    const int64_t model = makeProject(where, 3, sessions);
    Project p = Project::open(where, "alice");
    p.replacePredictions(sessions[2], model, {window(sessions[2], model, 0)});  // analysed by hand
    const auto c = p.claimPendingSession(model, "w", 60);
    QVERIFY(c);
    QCOMPARE(c->sessionId, sessions[0]);
    p.failClaim(*c, "media missing here");
    QCOMPARE(p.analysisJobs(model)[0].state, std::string("failed"));
    QCOMPARE(p.analysisJobs(model)[0].message, std::string("media missing here"));
    const auto next = p.claimPendingSession(model, "w", 60, {sessions[0]});
    QVERIFY(next);
    QCOMPARE(next->sessionId, sessions[1]);
    p.finishClaim(*next, {}, "no windows");  // done, though it stored none
    QVERIFY(!p.claimPendingSession(model, "w", 60, {sessions[0]}));
    const auto again = p.claimPendingSession(model, "other", 60);
    QVERIFY(again);
    QCOMPARE(again->sessionId, sessions[0]);
    QCOMPARE(p.analysisJobs(model)[0].message, std::string());
    QVERIFY(capture([&] { p.claimPendingSession(model, "w", 0.5); }).is(ErrorCode::InvalidArgument));
    QVERIFY(capture([&] { p.claimPendingSession(model, "", 60); }).is(ErrorCode::InvalidArgument));
  }

  // A lease of 1.2 s renews its claim (every 0.4 s) on its own connection: after 3 s the claim is
  // still held and no one else can take it. When the job is taken away, the lease says so once.
  void aLeaseKeepsItsClaimAndReportsItsLoss_data() { backends(); }
  void aLeaseKeepsItsClaimAndReportsItsLoss() {
    QFETCH(QString, backend);
    const std::string where = location(backend);
    std::vector<int64_t> sessions;
    const int64_t model = makeProject(where, 1, sessions);
    Project p = Project::open(where, "alice");
    const auto claim = p.claimPendingSession(model, "leased", 1.2);
    QVERIFY(claim);
    std::atomic<int> lost{0};
    std::string why;
    {
      ClaimLease lease(where, "alice", *claim, 1.2, [&](const std::string& w) {
        why = w;
        ++lost;
      });
      sleepSeconds(3);
      QVERIFY(!p.claimPendingSession(model, "thief", 60));
      QVERIFY2(lease.renewals() >= 5, qPrintable(QString::number(lease.renewals())));
      QCOMPARE(lost.load(), 0);
      p.failClaim(*claim, "taken away");  // as if the claim had passed on
      sleepSeconds(1);
      QCOMPARE(lost.load(), 1);
    }
    QVERIFY2(why.find("no longer leased's") != std::string::npos, why.c_str());
  }
};

QTEST_GUILESS_MAIN(TestAnalysisClaims)
#include "test_analysis_claims.moc"
