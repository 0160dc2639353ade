// Praat TextGrid, the tidy segment CSV and the project JSON: exact round trips, Praat's short
// format and point tiers, RFC 4180 quoting, provenance headers, and malformed files refused with
// their line while the project stays exactly as it was.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "interchange/interchange.h"
#include "interchange_test_support.h"
#include "support/media_test_support.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::interchange;
using namespace stf2m::test;

namespace {

QByteArray readAll(const std::string& path) {
  QFile f(qs(path));
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QByteArray kShortTextGrid =
    "File type = \"ooTextFile\"\n"
    "Object class = \"TextGrid\"\n"
    "\n"
    "0\n"
    "3\n"
    "<exists>\n"
    "2\n"
    "\"IntervalTier\"\n"
    "\"emotion@erin\"\n"
    "0\n"
    "3\n"
    "3\n"
    "0\n"
    "1.5\n"
    "\"anger\"\n"
    "1.5\n"
    "2\n"
    "\"\"\n"
    "2\n"
    "3\n"
    "\"fear\"\n"
    "\"TextTier\"\n"
    "\"events\"\n"
    "0\n"
    "3\n"
    "2\n"
    "0.5\n"
    "\"click\"\n"
    "2.5\n"
    "\"beep\"\n";

}  // namespace

class TestTextGridCsvJson : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  int projects_ = 0;
  std::string file(const QString& name) const { return tmp_.filePath(name).toStdString(); }
  std::string freshProjectPath() { return file(QStringLiteral("p%1.stf2m").arg(++projects_)); }

  // Imports `content` into a populated project and checks the error code, line and message,
  // and that the project did not change at all.
  template <typename Import>
  void expectRefused(const QByteArray& content, const QString& name, int line, const QString& message, ErrorCode code,
                     bool createMissing, Import import) {
    SessionProject madeP = makeProjectWithSession(freshProjectPath());
    Project& p = madeP.project;
    const int64_t s = madeP.session;
    addSampleSegments(p, s);
    const std::string before = projectSnapshot(p);
    const QString path = tmp_.filePath(name);
    QVERIFY(writeText(path, content));
    ImportOptions options;
    options.createMissing = createMissing;
    const Thrown t = capture([&] { import(p, s, path.toStdString(), options); });
    QVERIFY2(t.is(code), qPrintable(t.describe()));
    const QString what = qs(t.what);
    QVERIFY2(what.startsWith(path + QStringLiteral(": line %1: ").arg(line)), qPrintable(what));
    QVERIFY2(what.contains(message), qPrintable(what));
    QCOMPARE(projectSnapshot(p), before);
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
  }

  // ---- TextGrid ------------------------------------------------------------------------------

  void textGridRoundTripIsExact() {
    SessionProject madeA = makeProjectWithSession(freshProjectPath());
    Project& a = madeA.project;
    const int64_t sa = madeA.session;
    addSampleSegments(a, sa);
    const std::string out = file(QStringLiteral("a.TextGrid"));
    exportTextGrid(a, sa, out);
    const QByteArray text = readAll(out);
    QVERIFY(text.startsWith("File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n"));
    QVERIFY(text.contains("xmax = 4 \n"));  // the session ends with its 4 s video
    QVERIFY(text.contains("name = \"emotion@alice#2\""));
    QVERIFY(text.contains("text = \"away \"\"far\"\", <left> & right\""));  // quotes doubled

    SessionProject madeB = makeProjectWithSession(freshProjectPath());
    Project& b = madeB.project;
    const int64_t sb = madeB.session;
    const ImportReport r = importTextGrid(b, sb, out);
    QCOMPARE(r.segmentsImported, int64_t(10));
    QVERIFY(r.emptySkipped > 0);  // the gaps
    QCOMPARE(r.tiersSkipped, int64_t(0));
    const QString diff = firstDifference(segmentViews(a, sa, false), segmentViews(b, sb, false), false);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));

    // Export again: the same file apart from nothing (same names, same numbers).
    const std::string again = file(QStringLiteral("b.TextGrid"));
    exportTextGrid(b, sb, again);
    QCOMPARE(readAll(again), text);
  }

  void textGridShortFormatAndPointTiers() {
    const QString path = tmp_.filePath(QStringLiteral("short.TextGrid"));
    QVERIFY(writeText(path, kShortTextGrid));
    SessionProject madeP = makeProjectWithSession(freshProjectPath());
    Project& p = madeP.project;
    const int64_t s = madeP.session;
    const ImportReport r = importTextGrid(p, s, path.toStdString());
    QCOMPARE(r.segmentsImported, int64_t(2));
    QCOMPARE(r.emptySkipped, int64_t(1));
    QCOMPARE(r.tiersSkipped, int64_t(1));
    QCOMPARE(r.annotationsSkipped, int64_t(2));
    QCOMPARE(r.warnings.size(), size_t(1));
    QVERIFY2(qs(r.warnings[0]).contains(QStringLiteral("point tier")), r.warnings[0].c_str());
    const auto views = segmentViews(p, s, false);
    QCOMPARE(views.size(), size_t(2));
    QCOMPARE(views[0].annotator, std::string("erin"));
    QCOMPARE(views[0].label, std::string("anger"));
    QCOMPARE(views[1].start, 2.0);
    QCOMPARE(views[1].end, 3.0);
  }

  void textGridOpensInPraat() {
    const QString praat = QStandardPaths::findExecutable(QStringLiteral("praat"));
    if (praat.isEmpty()) QSKIP("praat is not installed");
    SessionProject madeA = makeProjectWithSession(freshProjectPath());
    Project& a = madeA.project;
    const int64_t sa = madeA.session;
    addSampleSegments(a, sa);
    const std::string out = file(QStringLiteral("praat.TextGrid"));
    exportTextGrid(a, sa, out);
    const QString script = tmp_.filePath(QStringLiteral("count.praat"));
    QVERIFY(writeText(script, QByteArray("grid = Read from file: \"") + out.c_str() +
                                  "\"\nn = Get number of intervals: 1\nwriteInfoLine: n\n"));
    const ProcessResult run = runProcess(praat, {QStringLiteral("--run"), script});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
    const QByteArray text = readAll(out);
    const int tierOneEnd = text.indexOf("item [2]:");
    const QRegularExpression size(QStringLiteral("intervals: size = (\\d+)"));
    const auto m = size.match(QString::fromUtf8(text.left(tierOneEnd)));
    QVERIFY(m.hasMatch());
    QCOMPARE(QString::fromUtf8(run.out).trimmed(), m.captured(1));
  }

  void textGridMalformedImportsNothing_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("not a TextGrid") << QByteArray("hello world\n\"x\"\n") << 2 << QStringLiteral("not a Praat text file");
    QTest::newRow("decimal comma") << QByteArray(kShortTextGrid).replace("\n1.5\n\"anger\"", "\n1,5\n\"anger\"")
                                   << lineContaining(kShortTextGrid, "1.5\n\"anger\"") << QStringLiteral("'1,5' is not a number");
    const QByteArray missingNumber = QByteArray(kShortTextGrid).replace("\n1.5\n\"anger\"", "\n\"anger\"");
    QTest::newRow("text where a number belongs") << missingNumber << lineContaining(missingNumber, "\"anger\"")
        << QStringLiteral("expected a number (interval xmax of tier 'emotion@erin'), found 'anger'");
    QTest::newRow("interval ends before it starts")
        << QByteArray(kShortTextGrid).replace("2\n3\n\"fear\"", "2\n1\n\"fear\"") << lineContaining(kShortTextGrid, "2\n3\n\"fear\"")
        << QStringLiteral("before it starts");
    QTest::newRow("truncated") << kShortTextGrid.left(kShortTextGrid.indexOf("\"fear\"")) << lineContaining(kShortTextGrid, "\"fear\"") - 1
                               << QStringLiteral("the file ends");
    // Texts may span lines, so an unclosed quote shows where the last text opens.
    QTest::newRow("unclosed quote") << QByteArray(kShortTextGrid).replace("\"beep\"", "\"beep") << lineContaining(kShortTextGrid, "\"beep\"")
                                    << QStringLiteral("a quoted text is never closed");
  }

  void textGridMalformedImportsNothing() {
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, message);
    expectRefused(content, QStringLiteral("bad.TextGrid"), line, message, ErrorCode::ParseError, true,
                  [](Project& p, int64_t s, const std::string& f, const ImportOptions& o) { importTextGrid(p, s, f, o); });
  }

  // ---- CSV -----------------------------------------------------------------------------------

  void csvRoundTripIsExact() {
    SessionProject madeA = makeProjectWithSession(freshProjectPath());
    Project& a = madeA.project;
    const int64_t sa = madeA.session;
    addSampleSegments(a, sa);
    const std::string out = file(QStringLiteral("a.csv"));
    exportSegmentsCsv(a, sa, out);
    const QByteArray text = readAll(out);
    QVERIFY(text.startsWith("# format: stf2m-segments-csv 1\r\n"));
    QVERIFY(text.contains("# app_version: " STF2M_VERSION "\r\n"));
    QVERIFY(text.contains("# project: Interchange test\r\n"));
    QVERIFY(QRegularExpression(QStringLiteral("# media: sha256=[0-9a-f]{64} .* fps=25 sample_rate=\\d+ path=.*h264_aac\\.mp4\r\n"))
                .match(QString::fromUtf8(text)).hasMatch());
    QVERIFY(text.contains("# exported_at: "));
    QVERIFY(text.contains("\r\n" + QByteArray(kSegmentCsvColumns) + "\r\n"));
    QVERIFY(text.contains(",\"away \"\"far\"\", <left> & right\","));  // RFC 4180 quoting
    QVERIFY(text.contains(",1.2344,1.9876,"));                          // exact times
    QVERIFY(text.contains(",0.83,model\r\n"));

    SessionProject madeB = makeProjectWithSession(freshProjectPath());
    Project& b = madeB.project;
    const int64_t sb = madeB.session;
    ImportOptions options;
    const ImportReport r = importSegmentsCsv(b, sb, out, options);
    QCOMPARE(r.segmentsImported, int64_t(10));
    QCOMPARE(r.createdSchemes, std::vector<std::string>{"gaze"});
    const QString diff = firstDifference(segmentViews(a, sa, false), segmentViews(b, sb, false), true);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));

    // Same rows when exported again (the metadata differs only in its time stamp).
    const std::string again = file(QStringLiteral("b.csv"));
    exportSegmentsCsv(b, sb, again);
    auto rows = [](const QByteArray& t) { return t.mid(t.indexOf("session_id,")); };
    QCOMPARE(rows(readAll(again)), rows(text));
  }

  void csvMalformedImportsNothing_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("createMissing");
    const int parse = static_cast<int>(ErrorCode::ParseError);
    const QByteArray head = QByteArray("# format: stf2m-segments-csv 1\r\n# project: x\r\n") + kSegmentCsvColumns + "\r\n";
    const QByteArray ok = "1,carol,emotion,anger,0,0.5,,,,human\r\n";
    QTest::newRow("wrong column count") << head + ok + "1,carol,emotion,anger,0.5,0.9,,,human\r\n" << 5
                                        << QStringLiteral("expected 10 fields, found 9") << parse << true;
    QTest::newRow("non-numeric time") << head + ok + "1,carol,emotion,fear,zero,0.9,,,,human\r\n" << 5
                                      << QStringLiteral("start_s 'zero' is not a number") << parse << true;
    QTest::newRow("end not after start") << head + ok + ok + "1,carol,emotion,fear,0.9,0.9,,,,human\r\n" << 6
                                         << QStringLiteral("end_s 0.9 is not after start_s 0.9") << parse << true;
    QTest::newRow("unknown scheme, creating off") << head + "1,alice,emotion,anger,0,0.5,,,,human\r\n1,alice,mood,calm,1,2,,,,human\r\n" << 5
                                                  << QStringLiteral("unknown scheme 'mood'") << parse << false;
    QTest::newRow("bad header") << QByteArray("session,annotator\r\n1,x\r\n") << 1 << QStringLiteral("header row") << parse << true;
    QTest::newRow("quoted field never closed") << head + ok + "1,carol,emotion,\"anger,0,0.5,,,,human\r\n" << 5
                                               << QStringLiteral("never closed") << parse << true;
    QTest::newRow("confidence out of range") << head + "1,carol,emotion,anger,0,0.5,,,1.5,model\r\n" << 4
                                             << QStringLiteral("confidence 1.5") << parse << true;
    QTest::newRow("unknown annotator, creating off") << head + ok << 4 << QStringLiteral("unknown annotator 'carol'") << parse << false;
    QTest::newRow("label missing from an existing scheme") << head + ok + "1,carol,emotion,joy,1,2,,,,human\r\n" << 5
                                                           << QStringLiteral("label 'joy' is not a category")
                                                           << static_cast<int>(ErrorCode::Conflict) << true;
    QTest::newRow("two sessions") << head + ok + "2,carol,emotion,anger,1,1.5,,,,human\r\n" << 5
                                  << QStringLiteral("a segment CSV holds one session") << parse << true;
    QTest::newRow("multi-line quoted label, then a bad row")
        << head + "1,carol,emotion,\"two\r\nlines\",0,0.5,,,,human\r\n1,carol,emotion,anger,1,x,,,,human\r\n" << 6
        << QStringLiteral("end_s 'x' is not a number") << parse << true;
  }

  void csvMalformedImportsNothing() {
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, message);
    QFETCH(int, code);
    QFETCH(bool, createMissing);
    expectRefused(content, QStringLiteral("bad.csv"), line, message, static_cast<ErrorCode>(code), createMissing,
                  [](Project& p, int64_t s, const std::string& f, const ImportOptions& o) { importSegmentsCsv(p, s, f, o); });
  }

  // ---- JSON ----------------------------------------------------------------------------------

  void projectJsonParsesAndCounts() {
    SessionProject madeP = makeProjectWithSession(freshProjectPath());
    Project& p = madeP.project;
    const int64_t s = madeP.session;
    addSampleSegments(p, s);
    const int64_t s2 = p.addSessionWithMedia(p.addSubject("P02", "second \"subject\""), "s2", {{fixture("tone_stereo.wav"), 0.5}});
    const LabelScheme affect = p.scheme("affect");
    Trace trace;
    trace.sessionId = s2;
    trace.dimensionId = affect.dimensions[0].id;
    trace.annotatorId = p.annotatorId("alice", false);
    trace.sampleRate = 10;
    trace.values = {0.f, 0.25f, -0.5f, 1.f};
    p.addTrace(trace);
    const std::string out = file(QStringLiteral("project.json"));
    exportProjectJson(p, out);

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(readAll(out), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject root = doc.object();
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("stf2m-project-json"));
    QCOMPARE(root.value(QStringLiteral("app_version")).toString(), QStringLiteral(STF2M_VERSION));
    QCOMPARE(root.value(QStringLiteral("subjects")).toArray().size(), qsizetype(p.subjects().size()));
    QCOMPARE(root.value(QStringLiteral("annotators")).toArray().size(), qsizetype(p.annotators().size()));
    QCOMPARE(root.value(QStringLiteral("schemes")).toArray().size(), qsizetype(p.schemes().size()));
    QCOMPARE(root.value(QStringLiteral("sessions")).toArray().size(), qsizetype(2));
    QCOMPARE(root.value(QStringLiteral("segments")).toArray().size(), qsizetype(p.segments(s).size()));
    const QJsonArray traces = root.value(QStringLiteral("traces")).toArray();
    QCOMPARE(traces.size(), qsizetype(1));
    QCOMPARE(traces[0].toObject().value(QStringLiteral("values")).toArray().size(), qsizetype(4));
    QCOMPARE(traces[0].toObject().value(QStringLiteral("values")).toArray()[2].toDouble(), -0.5);
    const QJsonObject session2 = root.value(QStringLiteral("sessions")).toArray()[1].toObject();
    QCOMPARE(session2.value(QStringLiteral("media")).toArray()[0].toObject().value(QStringLiteral("offset_s")).toDouble(), 0.5);
    // Every segment's category belongs to its scheme within the document.
    QSet<qint64> categories;
    for (const auto& scheme : root.value(QStringLiteral("schemes")).toArray())
      for (const auto& c : scheme.toObject().value(QStringLiteral("categories")).toArray())
        categories.insert(c.toObject().value(QStringLiteral("id")).toInteger());
    for (const auto& g : root.value(QStringLiteral("segments")).toArray())
      QVERIFY(categories.contains(g.toObject().value(QStringLiteral("category_id")).toInteger()));
    QCOMPARE(root.value(QStringLiteral("subjects")).toArray()[1].toObject().value(QStringLiteral("notes")).toString(),
             QStringLiteral("second \"subject\""));
  }
};

QTEST_GUILESS_MAIN(TestTextGridCsvJson)
#include "test_textgrid_csv_json.moc"
