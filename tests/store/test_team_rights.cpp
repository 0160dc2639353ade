// A team project on PostgreSQL (issue 23, docs/team.md): the server, not the client, decides who
// may do what. Each rule is checked by connecting as a login of the role and being refused with
// NotAllowed (naming the owner of the row where there is one), on the test run's throwaway
// server (tests/support/pg_server.sh). Logins: alice and bob annotate, rita reviews, mallory is no
// member.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <string>

#include "store/connection.h"
#include "store/project.h"
#include "store/team.h"
#include "support/media_test_support.h"
#include "support/pg_test_server.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::test;

class TestTeamRights : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  PgTestServer server_;
  std::string database_;
  int64_t session_ = 0;

  Project as(const std::string& login) { return Project::open(server_.uri(database_, login), "someone-else"); }

  Segment segment(Project& p, int64_t annotator, double start) {
    const LabelScheme e = p.scheme("emotion");
    Segment s;
    s.sessionId = session_, s.schemeId = e.id, s.categoryId = e.categories[1].id, s.annotatorId = annotator;
    s.start = start, s.end = start + 1;
    return s;
  }

  static void refused(const Thrown& t, const char* mentions = nullptr) {
    QVERIFY2(t.is(ErrorCode::NotAllowed), qPrintable(t.describe()));
    if (mentions) QVERIFY2(t.what.find(mentions) != std::string::npos, qPrintable(t.describe()));
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QVERIFY2(server_.error().empty(), server_.error().c_str());
    database_ = server_.newDatabase();
    const std::string uri = server_.uri(database_);
    const TeamInitResult first = initTeam(uri, "clinic", "admin");
    QVERIFY(first.createdProject);
    QVERIFY(!initTeam(uri, "ignored", "admin").createdProject);  // a second run only re-applies the rights
    addTeamMember(uri, "alice", TeamRole::Annotator);
    addTeamMember(uri, "bob", TeamRole::Annotator);
    addTeamMember(uri, "rita", TeamRole::Reviewer);
    server_.admin("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mallory') THEN CREATE ROLE mallory LOGIN; END IF; END $$");
    Project rita = as("rita");
    session_ = rita.addSession(rita.addSubject("P01"), "intake");
  }

  void onlyServersHaveTeams() {
    const std::string file = tmp_.filePath(QStringLiteral("solo.stf2m")).toStdString();
    QVERIFY(capture([&] { initTeam(file, "solo", "me"); }).is(ErrorCode::InvalidArgument));
    QVERIFY(!QFile::exists(QString::fromStdString(file)));
    QVERIFY(capture([] { parseTeamRole("admin"); }).is(ErrorCode::InvalidArgument));
  }

  void annotatorsWriteOnlyTheirOwn() {
    Project alice = as("alice"), bob = as("bob");
    QCOMPARE(alice.actor(), std::string("alice"));  // the server's session_user, not the name given
    const int64_t a = alice.annotatorId("alice", true), b = bob.annotatorId("bob", true);
    refused(capture([&] { alice.addAnnotator("carol"); }));
    const int64_t mine = alice.addSegment(segment(alice, a, 0));
    refused(capture([&] { alice.addSegment(segment(alice, b, 1)); }));  // in bob's name

    Segment theirs = bob.segments(session_).at(0);  // everyone reads everything
    QCOMPARE(theirs.id, mine);
    theirs.end += 1;
    refused(capture([&] { bob.updateSegment(theirs); }), "belongs to alice");
    refused(capture([&] { bob.deleteSegment(mine); }), "belongs to alice");
    const int64_t his = bob.addSegment(segment(bob, b, 2));
    Segment handOver = bob.segments(session_).at(1);
    QCOMPARE(handOver.id, his);
    handOver.annotatorId = a;
    refused(capture([&] { bob.updateSegment(handOver); }));  // nor give one's own away

    Trace t;
    t.sessionId = session_, t.dimensionId = alice.scheme("affect").dimensions[0].id, t.annotatorId = a;
    t.sampleRate = 10, t.values = {0.1f, 0.2f};
    t.id = alice.addTrace(t);
    refused(capture([&] { bob.updateTrace(t); }), "belongs to alice");
    refused(capture([&] { bob.deleteTrace(t.id); }), "belongs to alice");
    t.values.push_back(0.3f);
    alice.updateTrace(t);
    QCOMPARE(bob.traces(session_).at(0).values.size(), size_t(3));

    SupportSet set;
    set.subjectId = alice.subjectByCode("P01").id, set.name = "alice's shots", set.chosenBy = a, set.segmentIds = {mine};
    const int64_t setId = alice.addSupportSet(set);
    refused(capture([&] { bob.deleteSupportSet(setId); }), "belongs to alice");
    set.chosenBy = a;
    refused(capture([&] { bob.addSupportSet(set); }));  // chosen in alice's name

    for (const char* entity : {"subject", "session", "scheme"}) {
      const std::string what = entity;
      const Thrown t2 = capture([&] {
        if (what == "subject") alice.addSubject("P99");
        else if (what == "session") alice.addSession(alice.subjectByCode("P01").id, "mine");
        else alice.addScheme({0, "alice-scheme", "categorical", "", {{0, "x", "#112233", "", 0}}, {}});
      });
      refused(t2);
    }
    bob.deleteSegment(his);
    QCOMPARE(alice.segments(session_).size(), size_t(1));
    // The audit names the logins the server saw, whatever name the client gave.
    for (const AuditEntry& e : alice.audit(20, "segment")) QVERIFY(e.actor == "alice" || e.actor == "bob");
  }

  void reviewersReadManageAndAdopt() {
    Project rita = as("rita"), alice = as("alice");
    const int64_t r = rita.annotatorId("rita", true);
    refused(capture([&] { rita.addSegment(segment(rita, r, 5)); }));
    QVERIFY(!rita.segments(session_).empty());
    QFile file(tmp_.filePath(QStringLiteral("meta.stf2m")));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("weights") > 0);
    file.close();
    ModelRecord meta;
    meta.kind = "meta", meta.path = file.fileName().toStdString();
    refused(capture([&] { alice.registerModel(meta); }));
    const int64_t model = rita.registerModel(meta);
    const int64_t subject = rita.subjectByCode("P01").id;
    refused(capture([&] { alice.activateModel(subject, model); }));
    rita.activateModel(subject, model);
    QCOMPARE(alice.activeModel(subject)->activatedBy, std::string("rita"));
    // Analysis workers (analyze --pending) run as reviewers: they claim sessions and store what
    // they found; an annotator can do neither.
    const int64_t toAnalyse = rita.addSession(subject, "to analyse");
    rita.addMedia(toAnalyse, test::fixture("h264_aac.mp4"));
    refused(capture([&] { alice.claimPendingSession(model, "alice@here:1", 60); }));
    const auto claim = rita.claimPendingSession(model, "rita@here:1", 60);
    QVERIFY(claim && claim->sessionId == toAnalyse);
    rita.finishClaim(*claim, {}, "no windows");
    QCOMPARE(alice.analysisJobs(model).front().state, std::string("done"));
    // A reviewer removes a session, annotators' segments and all (the cascade is the owner's).
    const int64_t other = rita.addSession(subject, "discarded");
    const int64_t s = alice.addSegment([&] { Segment g = segment(alice, alice.annotatorId("alice", false), 0); g.sessionId = other; return g; }());
    rita.deleteSession(other);
    QVERIFY(capture([&] { alice.session(other); }).is(ErrorCode::NotFound));
    Q_UNUSED(s);
  }

  // Nobody but the owner's triggers writes the audit log, and nobody rewrites it.
  void auditLogIsNobodysToWrite() {
    for (const char* login : {"alice", "rita"}) {
      detail::Connection raw(server_.uri(database_, login), false);
      for (const char* sql : {"UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                              "INSERT INTO audit_log(at, actor, table_name, row_id, action) VALUES ('t', 'x', 'segment', 1, 'insert')",
                              "CREATE TEMPORARY TABLE audit_log (id bigint)", "ALTER TABLE segment DISABLE TRIGGER audit_segment",
                              "CREATE TABLE mine (id bigint)"})
        refused(capture([&] { raw.exec(sql); }));
    }
  }

  void strangersCannotConnect() {
    const Thrown t = capture([&] { as("mallory"); });
    QVERIFY2(t.threw && t.isError && t.what.find("mallory") != std::string::npos, qPrintable(t.describe()));
  }
};

QTEST_GUILESS_MAIN(TestTeamRights)
#include "test_team_rights.moc"
