// `Project::copy` (stf2m project copy, issue 23): a project goes from a file to a PostgreSQL
// database and back without losing anything. Both copies must export the same JSON as the source,
// hold the same audit log entry for entry, the same prediction bits (NaN rows included), and keep
// the id counters, so a row deleted in the source never lends its id to a new row of a copy. A
// refused or failed copy leaves nothing behind and changes nothing it was pointed at.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "common/json.h"
#include "interchange/interchange.h"
#include "store/project.h"
#include "support/pg_test_server.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::test;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The JSON export without the moment it was made.
std::string exportedContent(const Project& p) {
  Json j = parseJson(interchange::projectJson(p), p.path()).value();
  j.erase("exported_at");
  return dumpJson(j);
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

}  // namespace

class TestProjectCopy : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  PgTestServer server_;
  int64_t deletedSegment_ = 0;  // the source's highest segment id, deleted there
  int64_t sessionId_ = 0;

  std::string file(const char* name) const { return tmp_.filePath(QString::fromUtf8(name)).toStdString(); }

  // A project with something of every kind: two subjects, sessions, segments by two annotators
  // (one updated, the newest deleted), a painted trace, a support set, a meta-model and an adapted
  // one with its activation, and predictions with an absent view (NaN row).
  void fill(Project& p) {
    const int64_t subject = p.addSubject("P01", "first");
    p.addSubject("P02");
    sessionId_ = p.addSession(subject, "intake", "2026-12-01T09:00:00Z", "notes");
    p.addSession(subject, "follow-up");
    const LabelScheme e = p.scheme("emotion");
    const int64_t alice = p.annotatorId("alice", true), bob = p.addAnnotator("bob", "reviewer");
    std::vector<Segment> segments;
    for (int i = 0; i < 6; ++i) {
      Segment s;
      s.sessionId = sessionId_, s.schemeId = e.id, s.categoryId = e.categories[size_t(i) % e.categories.size()].id;
      s.annotatorId = i % 2 ? bob : alice, s.start = 0.1 * i + 0.2, s.end = s.start + 1.0 / 3.0;
      if (i == 2) s.confidence = 0.3;
      segments.push_back(s);
    }
    const std::vector<int64_t> ids = p.addSegments(segments);
    Segment changed = p.segments(sessionId_).at(1);
    changed.end += 0.5;
    p.updateSegment(changed);
    deletedSegment_ = ids.back();
    p.deleteSegment(deletedSegment_);

    Trace t;
    t.sessionId = sessionId_, t.dimensionId = p.scheme("affect").dimensions[1].id, t.annotatorId = alice;
    t.sampleRate = 25, t.start = 1.5, t.values = {0.5f, -0.0f, 0.0f, 1e-30f, -1.0f};
    t.id = p.addTrace(t);
    t.values.push_back(0.125f);
    p.updateTrace(t);

    SupportSet set;
    set.subjectId = subject, set.name = "five shots", set.chosenBy = alice, set.segmentIds = {ids[0], ids[2]};
    const int64_t setId = p.addSupportSet(set);
    QFile model(tmp_.filePath(QStringLiteral("meta.stf2m")));
    QVERIFY(model.open(QIODevice::WriteOnly) && model.write("not a real model, only bytes to hash") > 0);
    model.close();
    ModelRecord meta;
    meta.kind = "meta", meta.path = model.fileName().toStdString(), meta.card = R"({"method":"stf2m","shots":5})";
    const int64_t metaId = p.registerModel(meta);
    ModelRecord adapted = meta;
    adapted.kind = "adapted", adapted.parentId = metaId;
    const int64_t adaptedId = p.registerModel(adapted);
    p.activateModel(subject, metaId);
    p.activateModel(subject, adaptedId, setId);

    std::vector<Prediction> windows;
    for (int w = 0; w < 3; ++w) {
      Prediction r;
      r.sessionId = sessionId_, r.modelId = adaptedId, r.windowStart = w * 0.5, r.windowEnd = w * 0.5 + 1.0;
      r.viewCount = 2, r.classCount = 2;
      r.memberships = {0.25f, 0.75f, kNaN, kNaN};  // the second view is absent
      r.fused = {0.25f, 0.75f};
      r.reliability = {1.0f, kNaN};
      r.confidence = w == 1 ? std::numeric_limits<double>::quiet_NaN() : 0.5;
      windows.push_back(r);
    }
    p.addPredictions(windows);
  }

  void compareWithSource(const Project& source, const Project& copy) {
    QCOMPARE(exportedContent(copy), exportedContent(source));
    const auto want = source.audit(1 << 30), got = copy.audit(1 << 30);
    QCOMPARE(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      QCOMPARE(got[i].id, want[i].id);
      QCOMPARE(got[i].at, want[i].at);
      QCOMPARE(got[i].actor, want[i].actor);
      QCOMPARE(got[i].table, want[i].table);
      QCOMPARE(got[i].rowId, want[i].rowId);
      QCOMPARE(got[i].action, want[i].action);
      QCOMPARE(got[i].before, want[i].before);
      QCOMPARE(got[i].after, want[i].after);
    }
    const int64_t adapted = source.models().back().id;
    const auto a = source.predictions(sessionId_, adapted), b = copy.predictions(sessionId_, adapted);
    QCOMPARE(b.size(), a.size());
    for (size_t i = 0; i < a.size(); ++i) {
      QVERIFY(sameBits(b[i].memberships, a[i].memberships) && sameBits(b[i].fused, a[i].fused));
      QVERIFY(sameBits(b[i].reliability, a[i].reliability) && sameBits(b[i].terms, a[i].terms));
      QCOMPARE(std::isnan(b[i].confidence), std::isnan(a[i].confidence));
      if (!std::isnan(a[i].confidence)) QCOMPARE(b[i].confidence, a[i].confidence);
    }
  }

  // A new segment in a copy gets the id after the deleted one, and is audited again.
  void checkNewRowsAfterCopy(Project& copy, const std::string& expectedActor) {
    const LabelScheme e = copy.scheme("emotion");
    Segment s;
    s.sessionId = sessionId_, s.schemeId = e.id, s.categoryId = e.categories[0].id;
    s.annotatorId = copy.annotatorId("alice", false), s.start = 5, s.end = 6;
    QCOMPARE(copy.addSegment(s), deletedSegment_ + 1);
    const AuditEntry newest = copy.audit(1).at(0);
    QCOMPARE(newest.table, std::string("segment"));
    QCOMPARE(newest.action, std::string("insert"));
    QCOMPARE(newest.rowId, deletedSegment_ + 1);
    QCOMPARE(newest.actor, expectedActor);
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QVERIFY2(server_.error().empty(), server_.error().c_str());
  }

  void fileToServerAndBackIsLossless() {
    const std::string a = file("a.stf2m"), b = file("b.stf2m"), server = server_.uri(server_.newDatabase());
    {
      Project source = Project::create(a, "corpus", "alice");
      fill(source);
    }
    const auto there = Project::copy(a, server, "carol");
    const auto back = Project::copy(server, b, "carol");
    QCOMPARE(there.size(), back.size());
    for (size_t i = 0; i < there.size(); ++i) {
      QCOMPARE(back[i].table, there[i].table);
      QCOMPARE(back[i].rows, there[i].rows);
    }
    const Project source = Project::open(a, "carol");
    Project onServer = Project::open(server, "carol");
    Project returned = Project::open(b, "carol");
    compareWithSource(source, onServer);
    compareWithSource(source, returned);
    QCOMPARE(source.audit(1).at(0).actor, std::string("alice"));
    checkNewRowsAfterCopy(onServer, server_.superuser());
    checkNewRowsAfterCopy(returned, "carol");
  }

  void refusedCopiesChangeNothing() {
    const std::string a = file("r.stf2m"), taken = file("taken.stf2m");
    { Project::create(a, "corpus", "alice").addSubject("P09"); }
    { Project::create(taken, "other", "alice"); }
    QFile before(QString::fromStdString(taken));
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray bytes = before.readAll();
    before.close();
    const Thrown overFile = capture([&] { Project::copy(a, taken, "carol"); });
    QVERIFY2(overFile.is(ErrorCode::Conflict) && overFile.subject == taken, qPrintable(overFile.describe()));
    QFile after(QString::fromStdString(taken));
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), bytes);

    const std::string occupied = server_.uri(server_.newDatabase());
    { Project::create(occupied, "team", "alice").addSubject("T01"); }
    const size_t entries = Project::open(occupied, "alice").audit(1 << 20).size();
    const Thrown overProject = capture([&] { Project::copy(a, occupied, "carol"); });
    QVERIFY2(overProject.is(ErrorCode::Conflict), qPrintable(overProject.describe()));
    QCOMPARE(Project::open(occupied, "alice").audit(1 << 20).size(), entries);

    const std::string missing = file("missing.stf2m"), target = file("never.stf2m");
    const Thrown noSource = capture([&] { Project::copy(missing, target, "carol"); });
    QVERIFY2(noSource.is(ErrorCode::FileNotFound) && noSource.subject == missing, qPrintable(noSource.describe()));
    QVERIFY(!QFile::exists(QString::fromStdString(target)));
  }

  // A copy stopped part way leaves no file, and an empty database stays empty (a project can
  // still be created or copied there).
  void cancelledCopyLeavesNothing() {
    const std::string a = file("c.stf2m"), target = file("cancelled.stf2m"), server = server_.uri(server_.newDatabase());
    { Project::create(a, "corpus", "alice").addSubject("P07"); }
    CancelToken cancel;
    cancel.cancel();
    QVERIFY(capture([&] { Project::copy(a, target, "carol", &cancel); }).is(ErrorCode::Cancelled));
    for (const char* suffix : {"", "-wal", "-shm"})
      QVERIFY(!QFile::exists(QString::fromStdString(target + suffix)));
    QVERIFY(capture([&] { Project::copy(a, server, "carol", &cancel); }).is(ErrorCode::Cancelled));
    Project::copy(a, server, "carol");
    QCOMPARE(Project::open(server, "carol").subjects().at(0).code, std::string("P07"));
  }
};

QTEST_GUILESS_MAIN(TestProjectCopy)
#include "test_project_copy.moc"
