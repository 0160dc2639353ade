// The project store against its promises: owner-only files, nothing foreign or newer is ever
// modified, every change is audited by triggers the application cannot bypass, writes are all
// or nothing, media are hashed and relinkable. The entity tests run on both backends (issue 23):
// a project file, and a database of the test run's PostgreSQL server (the CTest fixture
// "postgres"), where the audit names the server's login instead of the application's actor.
#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include "store/project.h"
#include "store/schema.h"
#include "common/json.h"
#include "support/media_test_support.h"
#include "support/pg_test_server.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::test;

namespace {

QByteArray fileHash(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

unsigned modeOf(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0xffff;
}

// Raw SQL through the sqlite3 C API, as another program would do it. Returns the error text.
// `asApp`: as an older build of this program would run it, with the actor function its audit
// triggers call.
QString rawExec(const std::string& db, const std::string& sql, bool asApp = false) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  if (asApp)
    sqlite3_create_function(
        h, "stf2m_actor", 0, SQLITE_UTF8, nullptr,
        [](sqlite3_context* c, int, sqlite3_value**) { sqlite3_result_text(c, "old-build", -1, SQLITE_STATIC); }, nullptr,
        nullptr);
  char* err = nullptr;
  sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
  QString msg = err ? QString::fromUtf8(err) : QString();
  sqlite3_free(err);
  sqlite3_close(h);
  return msg;
}

double number(const std::string& json, const char* key) { return parseJson(json, "audit").at(key).asNumber(); }

}  // namespace

class TestProjectStore : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  PgTestServer server_;
  std::string file(const char* name) const { return tmp_.filePath(QString::fromLatin1(name)).toStdString(); }

  // A new project place on `backend` (a file named `name`, or a new server database) and the actor
  // its audit records for a project opened by `asked`.
  std::string place(const QString& backend, const char* name, const std::string& asked, std::string* actor) {
    *actor = backend == QLatin1String("sqlite") ? asked : server_.superuser();
    return backend == QLatin1String("sqlite") ? file(name) : server_.uri(server_.newDatabase());
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
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
  }

  void createIsOwnerOnlyWithDefaults() {
    const std::string path = file("new.stf2m");
    Project p = Project::create(path, "Pilot study", "alice");
    QCOMPARE(modeOf(path), 0600u);
    QVERIFY2(std::filesystem::exists(path + "-wal"), "WAL mode expected");
    QCOMPARE(modeOf(path + "-wal"), 0600u);
    QCOMPARE(p.schemaVersion(), detail::latestSchemaVersion());
    QCOMPARE(QString::fromStdString(p.name()), QStringLiteral("Pilot study"));
    const LabelScheme emotion = p.scheme("emotion");
    QCOMPARE(emotion.categories.size(), size_t(11));
    QCOMPARE(QString::fromStdString(emotion.categories[0].name), QStringLiteral("anger"));
    QCOMPARE(QString::fromStdString(emotion.categories[10].name), QStringLiteral("disappointment"));
    const LabelScheme affect = p.scheme("affect");
    QCOMPARE(affect.dimensions.size(), size_t(2));
    QCOMPARE(affect.dimensions[0].min, -1.0);
  }

  void neverOverwritesAnExistingFile() {
    const std::string path = file("existing.bin");
    { QFile f(QString::fromStdString(path)); QVERIFY(f.open(QIODevice::WriteOnly)); f.write("precious data"); }
    const QByteArray before = fileHash(QString::fromStdString(path));
    const Thrown t = capture([&] { (void)Project::create(path, "x", "alice"); });
    QVERIFY2(t.is(ErrorCode::Conflict), qPrintable(t.describe()));
    QVERIFY(QString::fromStdString(t.what).contains(QString::fromStdString(path)));
    QCOMPARE(fileHash(QString::fromStdString(path)), before);
  }

  void refusesForeignFilesUntouched_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("text") << QStringLiteral("text");
    QTest::newRow("empty") << QStringLiteral("empty");
    QTest::newRow("other sqlite") << QStringLiteral("sqlite");
    QTest::newRow("media") << QStringLiteral("media");
  }
  void refusesForeignFilesUntouched() {
    QFETCH(QString, kind);
    const std::string path = file(qPrintable(QStringLiteral("foreign_") + kind));
    if (kind == QLatin1String("text")) {
      QFile f(QString::fromStdString(path));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("subject,start,end\nP01,0,1\n");
    } else if (kind == QLatin1String("empty")) {
      QFile f(QString::fromStdString(path));
      QVERIFY(f.open(QIODevice::WriteOnly));
    } else if (kind == QLatin1String("sqlite")) {
      QVERIFY(rawExec(path, "CREATE TABLE notes(x); INSERT INTO notes VALUES (42);").isEmpty());
    } else {
      QVERIFY(QFile::copy(fixturePath(QStringLiteral("h264_aac.mp4")), QString::fromStdString(path)));
    }
    const QByteArray before = fileHash(QString::fromStdString(path));
    const Thrown t = capture([&] { (void)Project::open(path, "alice"); });
    QVERIFY2(t.is(ErrorCode::NotProject), qPrintable(t.describe()));
    QVERIFY(QString::fromStdString(t.what).startsWith(QString::fromStdString(path)));
    QCOMPARE(fileHash(QString::fromStdString(path)), before);
    QVERIFY(!std::filesystem::exists(path + "-wal"));
  }

  void refusesNewerSchemaUntouched() {
    const std::string path = file("newer.stf2m");
    { Project p = Project::create(path, "x", "alice"); }
    QVERIFY(rawExec(path, "PRAGMA user_version = " + std::to_string(detail::latestSchemaVersion() + 1)).isEmpty());
    const QByteArray before = fileHash(QString::fromStdString(path));
    const Thrown t = capture([&] { (void)Project::open(path, "alice"); });
    QVERIFY2(t.is(ErrorCode::ProjectTooNew), qPrintable(t.describe()));
    QCOMPARE(fileHash(QString::fromStdString(path)), before);
  }

  // The header's schema version is a signed integer; a negative one (found by the project fuzz
  // harness) is damage, reported naming the file, and the file is left as it was.
  void refusesNegativeSchemaUntouched() {
    const std::string path = file("negative.stf2m");
    { Project p = Project::create(path, "x", "alice"); }
    QVERIFY(rawExec(path, "PRAGMA user_version = -1").isEmpty());
    const QByteArray before = fileHash(QString::fromStdString(path));
    const Thrown t = capture([&] { (void)Project::open(path, "alice"); });
    QVERIFY2(t.is(ErrorCode::CorruptData) && t.what.find(path) != std::string::npos, qPrintable(t.describe()));
    QVERIFY(t.what.find("schema version -1") != std::string::npos);
    QCOMPARE(fileHash(QString::fromStdString(path)), before);
  }

  // A project made at every earlier schema version (by that version's migrations, exactly as an
  // older build wrote it) opens, migrates to the latest and keeps its data.
  void migratesEveryEarlierVersion() {
    for (int v = 1; v < detail::latestSchemaVersion(); ++v) {
      const std::string path = file(qPrintable(QStringLiteral("v%1.stf2m").arg(v)));
      std::string sql = "PRAGMA application_id = " + std::to_string(detail::kApplicationId) + ";";
      for (int k = 1; k <= v; ++k) sql += detail::migrationSql(k);
      sql += "PRAGMA user_version = " + std::to_string(v) + ";";
      QVERIFY(rawExec(path, sql).isEmpty());
      Project p = Project::open(path, "alice");
      QCOMPARE(p.schemaVersion(), detail::latestSchemaVersion());
    }
    // Version 0 (an application-stamped but empty database) is migrated from scratch.
    const std::string path = file("v0.stf2m");
    QVERIFY(rawExec(path, "PRAGMA application_id = " + std::to_string(detail::kApplicationId) + "; CREATE TABLE tmp(x); DROP TABLE tmp;").isEmpty());
    Project p = Project::open(path, "alice");
    QCOMPARE(p.schemaVersion(), detail::latestSchemaVersion());
    QVERIFY(p.schemes().empty());  // defaults are created by create(), not by migrations
  }

  void damagedProjectIsReportedNotOverwritten() {
    const std::string path = file("damaged.stf2m");
    {
      Project p = Project::create(path, "x", "alice");
      const int64_t subject = p.addSubject("P01");
      const int64_t session = p.addSession(subject, "s1");
      const LabelScheme e = p.scheme("emotion");
      const int64_t annotator = p.addAnnotator("alice");
      std::vector<Segment> many;
      for (int i = 0; i < 2000; ++i) {
        Segment s;
        s.sessionId = session, s.schemeId = e.id, s.categoryId = e.categories[size_t(i) % 11].id, s.annotatorId = annotator;
        s.start = i, s.end = i + 0.5;
        many.push_back(s);
      }
      p.addSegments(many);
    }
    // Overwrite pages in the middle of the file (table and index b-tree pages).
    {
      QFile f(QString::fromStdString(path));
      QVERIFY(f.open(QIODevice::ReadWrite));
      const qint64 size = f.size();
      QVERIFY(size > 64 * 1024);
      for (qint64 at = 8 * 4096; at < size - 4096; at += 3 * 4096) {
        f.seek(at);
        f.write(QByteArray(4096, char(0xA5)));
      }
    }
    const QByteArray before = fileHash(QString::fromStdString(path));
    const Thrown t = capture([&] {
      Project p = Project::open(path, "alice");
      for (const Session& s : p.sessions()) (void)p.segments(s.id);
      (void)p.audit(100000);
    });
    QVERIFY2(t.is(ErrorCode::StorageFailure) || t.is(ErrorCode::NotProject), qPrintable(t.describe()));
    qInfo("damaged project: %s", qPrintable(t.describe()));
    QCOMPARE(fileHash(QString::fromStdString(path)), before);
  }

  void segmentsAllOrNothingWithFramesAndAudit_data() { backends(); }
  void segmentsAllOrNothingWithFramesAndAudit() {
    QFETCH(QString, backend);
    std::string actor;
    const std::string path = place(backend, "segments.stf2m", "bob", &actor);
    Project p = Project::create(path, "corpus", "bob");
    QCOMPARE(p.name(), std::string("corpus"));
    const int64_t subject = p.addSubject("P02", "pseudonymous");
    const int64_t session = p.addSessionWithMedia(subject, "s1", {{fixture("h264_aac.mp4"), 0.0}});  // 25 fps
    const LabelScheme e = p.scheme("emotion");
    const int64_t bob = p.annotatorId("bob", true);
    auto seg = [&](double a, double b, size_t cat) {
      Segment s;
      s.sessionId = session, s.schemeId = e.id, s.categoryId = e.categories[cat].id, s.annotatorId = bob;
      s.start = a, s.end = b;
      return s;
    };
    // One bad segment (end before start) in a batch: nothing is stored.
    const Thrown bad = capture([&] { p.addSegments({seg(0.0, 1.0, 0), seg(2.0, 1.5, 1), seg(3.0, 4.0, 2)}); });
    QVERIFY2(bad.is(ErrorCode::InvalidArgument), qPrintable(bad.describe()));
    QVERIFY(p.segments(session).empty());
    // A category from another scheme is refused.
    Segment wrong = seg(0, 1, 0);
    wrong.schemeId = p.scheme("affect").id;
    QVERIFY(capture([&] { p.addSegment(wrong); }).is(ErrorCode::Conflict));

    const auto ids = p.addSegments({seg(2.0, 3.0, 3), seg(1.0, 2.0, 5), seg(0.1 + 0.2, 0.5, 1)});
    QCOMPARE(ids.size(), size_t(3));
    QCOMPARE(p.segments(session).at(0).start, 0.1 + 0.2);  // every bit of a double
    p.deleteSegment(ids[2]);
    const auto got = p.segments(session);
    QCOMPARE(got.size(), size_t(2));
    QCOMPARE(got[0].start, 1.0);  // ordered by start
    QCOMPARE(got[0].startFrame, int64_t(25));   // frame shown at 1.0 s at 25 fps
    QCOMPARE(got[0].endFrame, int64_t(49));     // last frame shown before 2.0 s
    QCOMPARE(QString::fromStdString(got[0].source), QStringLiteral("human"));

    Segment changed = got[0];
    changed.end = 2.5;
    changed.endFrame = -1;
    changed.confidence = 0.75;
    p.updateSegment(changed);
    const auto after = p.segments(session);
    QCOMPARE(after[0].end, 2.5);
    QCOMPARE(after[0].endFrame, int64_t(62));
    QCOMPARE(*after[0].confidence, 0.75);
    p.deleteSegment(ids[0]);
    QCOMPARE(p.segments(session).size(), size_t(1));
    QVERIFY(capture([&] { p.deleteSegment(ids[0]); }).is(ErrorCode::NotFound));
    QVERIFY(capture([&] { Segment s = changed; s.id = 99999; p.updateSegment(s); }).is(ErrorCode::NotFound));
    const Thrown duplicate = capture([&] { p.addSubject("P02"); });
    QVERIFY2(duplicate.is(ErrorCode::Conflict) && duplicate.subject == p.path(), qPrintable(duplicate.describe()));

    // The audit log has the inserts, the update (before and after) and the deletes, by bob (by the
    // server's login on a server).
    const auto log = p.audit(10, "segment");
    QCOMPARE(log.size(), size_t(6));
    QCOMPARE(QString::fromStdString(log[0].action), QStringLiteral("delete"));
    QCOMPARE(log[0].rowId, ids[0]);
    QVERIFY(log[0].after.empty());
    QCOMPARE(number(log[0].before, "start_s"), 2.0);
    QCOMPARE(QString::fromStdString(log[1].action), QStringLiteral("update"));
    QCOMPARE(number(log[1].before, "end_s"), 2.0);
    QCOMPARE(number(log[1].after, "end_s"), 2.5);
    for (const auto& entry : log) QCOMPARE(entry.actor, actor);

    // A large batch (a server takes it in several multi-row INSERTs): each returned id is its row.
    std::vector<Segment> many;
    for (int i = 0; i < 600; ++i) many.push_back(seg(10.0 + i, 10.5 + i, size_t(i) % 4));
    const std::vector<int64_t> manyIds = p.addSegments(many);
    QCOMPARE(manyIds.size(), many.size());
    std::map<int64_t, double> startOf;
    for (const Segment& g : p.segments(session)) startOf[g.id] = g.start;
    for (size_t i = 0; i < many.size(); ++i) QCOMPARE(startOf.at(manyIds[i]), many[i].start);

    // Created once: a second create is refused, and the project opens again.
    QVERIFY(capture([&] { Project::create(path, "again", "bob"); }).is(ErrorCode::Conflict));
    QCOMPARE(Project::open(path, "carol").segments(session).size(), size_t(601));
  }

  // Triggers, not the application, keep the log: another program can neither rewrite the log
  // nor change audited data behind its back.
  void auditLogCannotBeBypassed() {
    const std::string path = file("audit.stf2m");
    { Project p = Project::create(path, "x", "carol"); p.addSubject("P03"); }
    QVERIFY(rawExec(path, "UPDATE audit_log SET actor = 'mallory'").contains(QStringLiteral("append-only")));
    QVERIFY(rawExec(path, "DELETE FROM audit_log").contains(QStringLiteral("append-only")));
    QVERIFY(rawExec(path, "UPDATE subject SET code = 'P99'").contains(QStringLiteral("stf2m_actor")));
    Project p = Project::open(path, "carol");
    QCOMPARE(QString::fromStdString(p.subjects().at(0).code), QStringLiteral("P03"));
    const auto log = p.audit(1000);
    for (const auto& entry : log) QCOMPARE(QString::fromStdString(entry.actor), QStringLiteral("carol"));
    QVERIFY(capture([&] { p.addSubject("P03"); }).is(ErrorCode::Conflict));
  }

  void mediaCheckAndRelink_data() { backends(); }
  void mediaCheckAndRelink() {
    QFETCH(QString, backend);
    std::string actor;
    const std::string path = place(backend, "media.stf2m", "dan", &actor);
    const QString copy = tmp_.filePath(QStringLiteral("clip-%1.mp4").arg(backend));
    QVERIFY(QFile::copy(fixturePath(QStringLiteral("h264_aac.mp4")), copy));
    Project p = Project::create(path, "x", "dan");
    const int64_t session = p.addSessionWithMedia(p.addSubject("P04"), "s1", {{copy.toStdString(), 1.5}});
    const Session s = p.session(session);
    QCOMPARE(s.media.size(), size_t(1));
    QCOMPARE(QString::fromStdString(s.media[0].sha256), QString::fromLatin1(fileHash(copy)));
    QCOMPARE(s.media[0].offset, 1.5);
    QCOMPARE(s.media[0].fps, 25.0);
    QCOMPARE(s.media[0].sampleRate, 48000);
    QCOMPARE(p.checkMedia(session).at(0).state, MediaState::Present);

    const QString moved = tmp_.filePath(QStringLiteral("moved-%1.mp4").arg(backend));
    QVERIFY(QFile::rename(copy, moved));
    QCOMPARE(p.checkMedia(session).at(0).state, MediaState::Missing);
    // Relinking to other content is refused unless accepted explicitly.
    const Thrown other = capture([&] { p.relinkMedia(s.media[0].id, fixture("vp9_opus.webm")); });
    QVERIFY2(other.is(ErrorCode::Conflict), qPrintable(other.describe()));
    p.relinkMedia(s.media[0].id, moved.toStdString());
    QCOMPARE(p.checkMedia(session).at(0).state, MediaState::Present);
    QCOMPARE(QString::fromStdString(p.session(session).media[0].path), moved);

    QFile f(moved);
    QVERIFY(f.open(QIODevice::Append));
    f.write("x");
    f.close();
    QCOMPARE(p.checkMedia(session).at(0).state, MediaState::Changed);

    // A session whose media cannot be read is not created at all.
    const auto before = p.sessions().size();
    const Thrown bad = capture([&] { p.addSessionWithMedia(p.subjectByCode("P04").id, "s2", {{moved.toStdString(), 0}, {fixture("garbage.bin"), 0}}); });
    QVERIFY2(bad.is(ErrorCode::NotMedia), qPrintable(bad.describe()));
    QCOMPARE(p.sessions().size(), before);
    QCOMPARE(p.audit(1, "media_file").at(0).actor, actor);
  }

  void atomicallyIsAllOrNothing_data() { backends(); }
  void atomicallyIsAllOrNothing() {
    QFETCH(QString, backend);
    std::string actor;
    Project p = Project::create(place(backend, "atomic.stf2m", "fay", &actor), "x", "fay");
    const Thrown t = capture([&] {
      p.atomically([&] {
        p.addSubject("P10");
        p.addAnnotator("rater-1");
        p.addSubject("P10");  // duplicate: the whole unit is undone
      });
    });
    QVERIFY2(t.is(ErrorCode::Conflict), qPrintable(t.describe()));
    QVERIFY(p.subjects().empty());
    QVERIFY(p.annotators().empty());
    p.atomically([&] {
      p.addSubject("P10");
      p.addAnnotator("rater-1");
    });
    QCOMPARE(p.subjects().size(), size_t(1));
    QCOMPARE(p.annotators().size(), size_t(1));
    // The connection is usable afterwards and ordinary writes still commit.
    p.addSubject("P11");
    QCOMPARE(p.subjects().size(), size_t(2));
  }

  void addCategory_data() { backends(); }
  void addCategory() {
    QFETCH(QString, backend);
    std::string actor;
    Project p = Project::create(place(backend, "categories.stf2m", "gus", &actor), "x", "gus");
    const LabelScheme e = p.scheme("emotion");
    const int64_t id = p.addCategory(e.id, {0, "boredom", "#123456", "B", 11});
    const LabelScheme after = p.scheme("emotion");
    QCOMPARE(after.categories.size(), size_t(12));
    QCOMPARE(after.categories.back().id, id);
    QCOMPARE(QString::fromStdString(after.categories.back().name), QStringLiteral("boredom"));
    QVERIFY(capture([&] { p.addCategory(e.id, {0, "boredom", "#123456", "", 12}); }).is(ErrorCode::Conflict));
    QVERIFY(capture([&] { p.addCategory(e.id, {0, "bad colour", "red", "", 12}); }).is(ErrorCode::Conflict));
    QVERIFY(capture([&] { p.addCategory(p.scheme("affect").id, {0, "x", "#000000", "", 0}); }).is(ErrorCode::InvalidArgument));
    QVERIFY(capture([&] { p.addCategory(9999, {0, "x", "#000000", "", 0}); }).is(ErrorCode::NotFound));
    QCOMPARE(p.audit(1, "label_category").at(0).actor, actor);
  }

  // Schema 2 added each view's terms and reliability and the window's confidence: a row written
  // by a version-1 build reads back without them, new rows keep them exactly, and arrays of the
  // wrong size are refused with nothing stored.
  void predictionTermsSurviveMigrationAndRoundTrip() {
    const std::string path = file("v1-predictions.stf2m");
    std::string sql = "PRAGMA application_id = " + std::to_string(detail::kApplicationId) + ";" + detail::migrationSql(1);
    sql += "INSERT INTO subject(code) VALUES ('P1');"
           "INSERT INTO session(subject_id, name) VALUES (1, 's');"
           "INSERT INTO model(kind, path, sha256, created_at) VALUES ('adapted', 'm', '" + std::string(64, 'a') + "', 'now');"
           "INSERT INTO prediction(session_id, model_id, window_start_s, window_end_s, view_count, class_count, "
           "memberships, fused, created_at) VALUES (1, 1, 0, 2, 1, 2, x'0000803f00000000', x'0000803f00000000', 'now');"
           "PRAGMA user_version = 1;";
    QCOMPARE(rawExec(path, sql, true), QString());
    Project p = Project::open(path, "alice");
    auto old = p.predictions(1, 1);
    QCOMPARE(old.size(), size_t(1));
    QCOMPARE(old[0].memberships, (std::vector<float>{1.f, 0.f}));
    QVERIFY(old[0].terms.empty() && old[0].reliability.empty() && std::isnan(old[0].confidence));

    Prediction row = old[0];
    row.windowStart = 1, row.windowEnd = 3;
    row.terms = {0.1f, 0.2f, 0.7f, 0.9f, 0.1f, 0.f};
    row.reliability = {1.f};
    row.confidence = 0.625;
    row.ruleFiring = {0.25f, 0.75f};
    row.ruleInputs = {-1.5f, 0.5f, 2.0f};
    p.replacePredictions(1, 1, {old[0], row});
    const auto got = p.predictions(1, 1);
    QCOMPARE(got.size(), size_t(2));
    QCOMPARE(got[1].terms, row.terms);
    QCOMPARE(got[1].reliability, row.reliability);
    QCOMPARE(got[1].confidence, 0.625);
    QCOMPARE(got[1].ruleFiring, row.ruleFiring);
    QCOMPARE(got[1].ruleInputs, row.ruleInputs);
    QVERIFY(got[0].terms.empty() && got[0].ruleFiring.empty() && got[0].ruleInputs.empty());
    const auto sets = p.predictionSets(1);
    QCOMPARE(sets.size(), size_t(1));
    QCOMPARE(sets[0].modelId, int64_t(1));
    QCOMPARE(sets[0].windows, 2);
    QCOMPARE(sets[0].end, 3.0);
    QVERIFY(p.predictionSets(2).empty());

    row.terms.pop_back();
    QVERIFY(capture([&] { p.replacePredictions(1, 1, {row}); }).is(ErrorCode::InvalidArgument));
    QCOMPARE(p.predictions(1, 1).size(), size_t(2));
  }

  // A subject's model history: activations are audited entries, the newest is active, rolling
  // back is a new entry; models, subjects and support sets must exist and belong together.
  void modelHistoryAndRollback_data() { backends(); }
  void modelHistoryAndRollback() {
    QFETCH(QString, backend);
    std::string actor;
    Project p = Project::create(place(backend, "history.stf2m", "carol", &actor), "x", "carol");
    const int64_t subject = p.addSubject("P07"), other = p.addSubject("P08");
    const int64_t session = p.addSession(subject, "s1"), otherSession = p.addSession(other, "s1");
    const LabelScheme e = p.scheme("emotion");
    const int64_t carol = p.annotatorId(actor, true);
    auto segment = [&](int64_t sessionId) {
      Segment s;
      s.sessionId = sessionId, s.schemeId = e.id, s.categoryId = e.categories[0].id, s.annotatorId = carol;
      s.start = 1, s.end = 2;
      return p.addSegment(s);
    };
    const int64_t inSupport = segment(session);
    const int64_t mine = p.addSupportSet({0, subject, "first", carol, {inSupport}, {}});
    const Thrown kept = capture([&] { p.deleteSegment(inSupport); });
    QVERIFY2(kept.is(ErrorCode::Conflict) && kept.what.find("support set " + std::to_string(mine)) != std::string::npos,
             kept.what.c_str());
    QCOMPARE(p.segments(session).size(), size_t(1));
    const int64_t theirs = p.addSupportSet({0, other, "theirs", carol, {segment(otherSession)}, {}});
    auto modelFile = [&](const std::string& name) {
      const std::string at = file((backend.toStdString() + "-" + name).c_str());
      QFile f(QString::fromStdString(at));
      if (!f.open(QIODevice::WriteOnly) || f.write(name.c_str()) <= 0) return std::string();
      return at;
    };
    const int64_t meta = p.registerModel({0, "meta", {}, modelFile("meta.bin"), {}, {}, {}});
    const int64_t adapted = p.registerModel({0, "adapted", meta, modelFile("adapted.bin"), {}, {}, {}});

    QVERIFY(!p.activeModel(subject));
    p.activateModel(subject, meta);
    const int64_t second = p.activateModel(subject, adapted, mine);
    QCOMPARE(p.activeModel(subject)->modelId, adapted);
    QCOMPARE(p.activeModel(subject)->supportSetId, std::optional<int64_t>(mine));
    p.activateModel(subject, meta);  // roll back
    const std::vector<ModelActivation> history = p.modelHistory(subject);
    QCOMPARE(history.size(), size_t(3));
    QCOMPARE(history[0].modelId, meta);
    QVERIFY(!history[0].supportSetId);
    QCOMPARE(history[1].id, second);
    QCOMPARE(history[1].activatedBy, actor);
    QVERIFY(!history[1].activatedAt.empty());
    QVERIFY(p.modelHistory(other).empty());

    QVERIFY(capture([&] { p.activateModel(subject, 999); }).is(ErrorCode::NotFound));
    QVERIFY(capture([&] { p.activateModel(999, meta); }).is(ErrorCode::NotFound));
    QVERIFY(capture([&] { p.activateModel(subject, adapted, theirs); }).is(ErrorCode::Conflict));
    QCOMPARE(p.modelHistory(subject).size(), size_t(3));
    const std::vector<AuditEntry> audit = p.audit(10, "subject_model");
    QCOMPARE(audit.size(), size_t(3));
    QCOMPARE(audit[1].actor, actor);
    QCOMPARE(number(audit[1].after, "support_set_id"), double(mine));
    // Rolling forward again: the entry names the support set the model was adapted from.
    p.activateModel(subject, adapted);
    QCOMPARE(p.activeModel(subject)->supportSetId, std::optional<int64_t>(mine));

    // A set a model was adapted from stays; one nobody used goes, and frees its segments.
    const Thrown used = capture([&] { p.deleteSupportSet(mine); });
    QVERIFY2(used.is(ErrorCode::Conflict) && used.what.find("model " + std::to_string(adapted)) != std::string::npos,
             used.what.c_str());
    const int64_t spare = segment(session);
    const int64_t unused = p.addSupportSet({0, subject, "draft", carol, {spare}, {}});
    p.deleteSupportSet(unused);
    QCOMPARE(p.supportSets(subject).size(), size_t(1));
    p.deleteSegment(spare);
    QVERIFY(capture([&] { p.deleteSupportSet(unused); }).is(ErrorCode::NotFound));
  }

  void tracesRoundTrip_data() { backends(); }
  void tracesRoundTrip() {
    QFETCH(QString, backend);
    std::string actor;
    Project p = Project::create(place(backend, "traces.stf2m", "eve", &actor), "x", "eve");
    const int64_t session = p.addSession(p.addSubject("P05"), "s1");
    const LabelScheme affect = p.scheme("affect");
    Trace t;
    t.sessionId = session, t.dimensionId = affect.dimensions[0].id, t.annotatorId = p.annotatorId("eve", true);
    t.sampleRate = 10, t.start = 0.5;
    for (int i = 0; i < 100; ++i) t.values.push_back(float(std::sin(i * 0.1)));
    t.values[7] = 0.0f, t.values[8] = -0.0f;  // zero bytes and a sign bit inside the blob
    p.addTrace(t);
    const auto got = p.traces(session);
    QCOMPARE(got.size(), size_t(1));
    QCOMPARE(got[0].values, t.values);
    QVERIFY(std::signbit(got[0].values[8]));
    QCOMPARE(got[0].sampleRate, 10.0);
    QVERIFY(got[0].modifiedAt.empty());
    t.values[3] = 1.5f;  // outside -1..1
    QVERIFY(capture([&] { p.addTrace(t); }).is(ErrorCode::InvalidArgument));
    QCOMPARE(p.traces(session).size(), size_t(1));

    // Painting over it: new samples in place, the old ones kept when the new ones are refused.
    Trace painted = got[0];
    painted.start = 0.2, painted.values.assign(40, 0.25f);
    p.updateTrace(painted);
    Trace back = p.traces(session).at(0);
    QCOMPARE(back.id, got[0].id);
    QCOMPARE(back.start, 0.2);
    QCOMPARE(back.values, painted.values);
    QVERIFY(!back.modifiedAt.empty());
    painted.values[5] = -3;
    QVERIFY(capture([&] { p.updateTrace(painted); }).is(ErrorCode::InvalidArgument));
    QCOMPARE(p.traces(session).at(0).values, back.values);
    const std::vector<AuditEntry> audit = p.audit(1, "trace");
    QCOMPARE(audit.at(0).action, std::string("update"));
    QCOMPARE(number(audit.at(0).after, "sample_count"), 40.0);
    QCOMPARE(audit.at(0).actor, actor);
    p.deleteTrace(back.id);
    QVERIFY(p.traces(session).empty());
    QVERIFY(capture([&] { p.deleteTrace(back.id); }).is(ErrorCode::NotFound));
    // An edit of the version read before the delete is told who deleted it; without a version, NotFound.
    const Thrown stale = capture([&] { p.updateTrace(back); });
    QVERIFY2(stale.is(ErrorCode::Conflict) && stale.what.find("was deleted by") != std::string::npos, qPrintable(stale.describe()));
    back.version = 0;
    QVERIFY(capture([&] { p.updateTrace(back); }).is(ErrorCode::NotFound));
  }
};

QTEST_GUILESS_MAIN(TestProjectStore)
#include "test_project_store.moc"
