// ELAN .eaf: the export validates against EAFv3.0.xsd and carries media, tiers, vocabularies and
// colours; export -> import -> export is lossless to the millisecond; TIME_ORIGIN maps to session
// time; ELAN's own sample imports every alignable annotation of its time-aligned tiers; and each
// kind of malformed file is refused with its line while the project stays exactly as it was.
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

#include "eaf_facts.h"
#include "interchange/interchange.h"
#include "interchange_test_support.h"
#include "support/media_test_support.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::interchange;
using namespace stf2m::test;

namespace {

// A small valid EAF: eight annotations on tier "emotion@carol", one per line, so a test can break
// one of them and know the line independently of the importer.
QByteArray smallEaf(const QString& vocabulary = QStringLiteral("emotion")) {
  const char* labels[] = {"anger", "disgust", "fear", "happiness", "neutral", "sadness", "surprise", "contempt"};
  QString s = QStringLiteral(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ANNOTATION_DOCUMENT AUTHOR=\"x\" DATE=\"2024-01-01T00:00:00Z\" FORMAT=\"3.0\" VERSION=\"3.0\">\n"
      "<HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\"/>\n"
      "<TIME_ORDER>\n");
  for (int i = 1; i <= 16; ++i)
    s += QStringLiteral("<TIME_SLOT TIME_SLOT_ID=\"ts%1\" TIME_VALUE=\"%2\"/>\n").arg(i).arg((i - 1) * 100 + (i % 2 == 0 ? 50 : 0));
  s += QStringLiteral("</TIME_ORDER>\n<TIER TIER_ID=\"emotion@carol\" LINGUISTIC_TYPE_REF=\"lt\" ANNOTATOR=\"carol\">\n");
  for (int i = 1; i <= 8; ++i)
    s += QStringLiteral("<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a%1\" TIME_SLOT_REF1=\"ts%2\" TIME_SLOT_REF2=\"ts%3\">"
                        "<ANNOTATION_VALUE>%4</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n")
             .arg(i).arg(2 * i - 1).arg(2 * i).arg(QString::fromLatin1(labels[i - 1]));
  s += QStringLiteral("</TIER>\n<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID=\"lt\" TIME_ALIGNABLE=\"true\" CONTROLLED_VOCABULARY_REF=\"%1\"/>\n"
                      "</ANNOTATION_DOCUMENT>\n").arg(vocabulary);
  return s.toUtf8();
}

}  // namespace

class TestEaf : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  int projects_ = 0;
  std::string file(const QString& name) const { return tmp_.filePath(name).toStdString(); }
  std::string freshProjectPath() { return file(QStringLiteral("p%1.stf2m").arg(++projects_)); }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
  }

  void exportCarriesMediaTiersAndVocabularies() {
    Project p = Project::create(freshProjectPath(), "t", "tester");
    const int64_t session = p.addSessionWithMedia(p.addSubject("P01"), "s1",
                                                  {{fixture("h264_aac.mp4"), 1.5}, {fixture("tone_stereo.wav"), -0.25}});
    addSampleSegments(p, session);
    const std::string out = file(QStringLiteral("export.eaf"));
    exportEaf(p, session, out);

    EafFacts f;
    QString why;
    QVERIFY2(readEaf(qs(out), &f, &why), qPrintable(why));
    QCOMPARE(f.mediaUrls.size(), 2);
    QVERIFY(f.mediaUrls[0].startsWith(QStringLiteral("file:///")));
    QVERIFY(f.mediaUrls[0].endsWith(QStringLiteral("/h264_aac.mp4")));
    // ELAN plays media at document time T from the media's T + TIME_ORIGIN: -offset in ms.
    QCOMPARE(f.timeOrigins[0], QStringLiteral("-1500"));
    QCOMPARE(f.timeOrigins[1], QStringLiteral("250"));
    QCOMPARE(f.tierType.at(QStringLiteral("emotion@alice")), QStringLiteral("emotion"));
    QVERIFY2(f.tierType.count(QStringLiteral("emotion@alice#2")), "the overlapping segment needs a second tier");
    QCOMPARE(f.tierType.at(QStringLiteral("gaze@bob@lab.example")), QStringLiteral("gaze"));
    QCOMPARE(f.typeVocabulary.at(QStringLiteral("emotion")), QStringLiteral("emotion"));
    QCOMPARE(f.vocabularyEntries.at(QStringLiteral("emotion")), 11);
    QCOMPARE(f.vocabularyEntries.at(QStringLiteral("gaze")), 4);
    QCOMPARE(f.properties.count(QStringLiteral("stf2m.category")), 15);
    QCOMPARE(f.rows.size(), size_t(10));
    for (const EafRow& r : f.rows) QVERIFY2(!r.annotator.isEmpty(), qPrintable(r.tier));

    // The schema check runs when the xsd is available (STF2M_EAF_XSD, set by CMake).
    const QString xsd = qEnvironmentVariable("STF2M_EAF_XSD");
    if (xsd.isEmpty()) {
      qWarning("STF2M_EAF_XSD not set: schema validation not checked");
    } else {
      QVERIFY2(validatesAgainst(qs(out), xsd, &why), qPrintable(why));
      // An empty session still produces a valid document.
      const int64_t empty = p.addSession(p.subjectByCode("P01").id, "empty");
      exportEaf(p, empty, file(QStringLiteral("empty.eaf")));
      QVERIFY2(validatesAgainst(qs(file(QStringLiteral("empty.eaf"))), xsd, &why), qPrintable(why));
    }
  }

  void roundTripIsLossless() {
    SessionProject madeA = makeProjectWithSession(freshProjectPath(), 0.25);
    Project& a = madeA.project;
    const int64_t sa = madeA.session;
    addSampleSegments(a, sa);
    const std::string first = file(QStringLiteral("first.eaf")), second = file(QStringLiteral("second.eaf"));
    exportEaf(a, sa, first);

    SessionProject madeB = makeProjectWithSession(freshProjectPath(), 0.25);
    Project& b = madeB.project;
    const int64_t sb = madeB.session;
    const ImportReport report = importEaf(b, sb, first);
    QCOMPARE(report.segmentsImported, int64_t(10));
    QCOMPARE(report.tiersSkipped, int64_t(0));
    QVERIFY(report.warnings.empty());
    QCOMPARE(report.createdSchemes, std::vector<std::string>{"gaze"});
    QCOMPARE(report.createdAnnotators.size(), size_t(3));

    const QString diff = firstDifference(segmentViews(a, sa, true), segmentViews(b, sb, true), false);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // The new scheme got its categories in order, with colours and hotkeys, from the file.
    const LabelScheme ga = a.scheme("gaze"), gb = b.scheme("gaze");
    QCOMPARE(gb.description, ga.description);
    QCOMPARE(gb.categories.size(), ga.categories.size());
    for (size_t i = 0; i < ga.categories.size(); ++i) {
      QCOMPARE(gb.categories[i].name, ga.categories[i].name);
      QCOMPARE(gb.categories[i].color, ga.categories[i].color);
      QCOMPARE(gb.categories[i].hotkey, ga.categories[i].hotkey);
      QCOMPARE(gb.categories[i].position, ga.categories[i].position);
    }

    exportEaf(b, sb, second);
    EafFacts f1, f2;
    QString why;
    QVERIFY2(readEaf(qs(first), &f1, &why), qPrintable(why));
    QVERIFY2(readEaf(qs(second), &f2, &why), qPrintable(why));
    QVERIFY(f1.rows == f2.rows);
    QCOMPARE(f1.timeOrigins, f2.timeOrigins);
  }

  void timeOriginShiftsToSessionTime() {
    const QByteArray eaf =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"2024-01-01T00:00:00Z\" FORMAT=\"3.0\" VERSION=\"3.0\">\n"
        "<HEADER TIME_UNITS=\"milliseconds\">\n"
        "<MEDIA_DESCRIPTOR MEDIA_URL=\"file:///somewhere/else/h264_aac.mp4\" MIME_TYPE=\"video/mp4\" TIME_ORIGIN=\"500\"/>\n"
        "</HEADER>\n"
        "<TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"1000\"/><TIME_SLOT TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"2000\"/></TIME_ORDER>\n"
        "<TIER TIER_ID=\"emotion@dan\" LINGUISTIC_TYPE_REF=\"default-lt\">\n"
        "<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\">"
        "<ANNOTATION_VALUE>fear</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n"
        "</TIER>\n<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID=\"default-lt\" TIME_ALIGNABLE=\"true\"/>\n</ANNOTATION_DOCUMENT>\n";
    const QString path = tmp_.filePath(QStringLiteral("origin.eaf"));
    QVERIFY(writeText(path, eaf));
    for (const bool align : {true, false}) {
      SessionProject madeP = makeProjectWithSession(freshProjectPath(), 0.25);
      Project& p = madeP.project;
      const int64_t s = madeP.session;
      ImportOptions options;
      options.alignToSessionMedia = align;
      const ImportReport r = importEaf(p, s, path.toStdString(), options);
      QCOMPARE(r.segmentsImported, int64_t(1));
      const auto views = segmentViews(p, s, true);
      // Without ANNOTATOR or CV the tier name "emotion@dan" gives scheme and annotator.
      QCOMPARE(views[0].scheme, std::string("emotion"));
      QCOMPARE(views[0].annotator, std::string("dan"));
      // session time = ELAN time + TIME_ORIGIN + the file's session offset = 1000 + 500 + 250 ms
      QCOMPARE(views[0].start, align ? 1.75 : 1.0);
      QCOMPARE(views[0].end, align ? 2.75 : 2.0);
    }
  }

  void importsElanSample() {
    const QString sample = qEnvironmentVariable("STF2M_EAF_SAMPLE");
    if (sample.isEmpty()) QSKIP("STF2M_EAF_SAMPLE not set (../shared/data/elan/sample_3.0.eaf absent)");
    EafFacts f;
    QString why;
    QVERIFY2(readEaf(sample, &f, &why), qPrintable(why));
    int alignable = 0, skippedTiers = 0, onSkippedTiers = 0;
    for (const auto& [tier, type] : f.tierType) {
      if (f.typeAlignable.at(type)) {
        alignable += f.alignablePerTier[tier];
      } else {
        ++skippedTiers;
        onSkippedTiers += f.annotationsPerTier[tier];
      }
    }
    QVERIFY(alignable > 0);

    SessionProject madeP = makeProjectWithSession(freshProjectPath());
    Project& p = madeP.project;
    const int64_t s = madeP.session;
    const ImportReport r = importEaf(p, s, sample.toStdString());
    QCOMPARE(r.segmentsImported, int64_t(alignable));
    QCOMPARE(p.segments(s).size(), size_t(alignable));
    QCOMPARE(r.tiersSkipped, int64_t(skippedTiers));
    QCOMPARE(r.annotationsSkipped, int64_t(onSkippedTiers));
    QVERIFY2(r.interpolatedTimeSlots > 0, "the sample's time subdivision has unaligned slots");
    // The Gesture vocabulary became a scheme with its four entries.
    QCOMPARE(p.scheme("Gesture").categories.size(), size_t(4));
    // Subdivisions tile their parents: interpolated or not, the words cover exactly the text.
    double text = 0, words = 0;
    for (const SegmentView& v : segmentViews(p, s, true)) {
      if (v.scheme == "text") text += v.end - v.start;
      if (v.scheme == "words-timesub") words += v.end - v.start;
    }
    QVERIFY(text > 0);
    QCOMPARE(std::llround(words * 1000), std::llround(text * 1000));
  }

  void malformedImportsNothing_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("createMissing");
    const int parse = static_cast<int>(ErrorCode::ParseError);
    const QByteArray good = smallEaf();

    QTest::newRow("not XML") << QByteArray("This is not XML at all.\n") << 1 << QStringLiteral("not well-formed XML") << parse << true;
    const int cutLine = lineContaining(good, "ANNOTATION_ID=\"a5\"");
    QTest::newRow("truncated") << good.left(good.indexOf("ANNOTATION_ID=\"a5\"") + 10) << cutLine
                               << QStringLiteral("not well-formed XML") << parse << true;
    QByteArray noOrder = good;
    noOrder.remove(noOrder.indexOf("<TIME_ORDER>"), noOrder.indexOf("</TIME_ORDER>\n") + 14 - noOrder.indexOf("<TIME_ORDER>"));
    QTest::newRow("missing TIME_ORDER") << noOrder << 2 << QStringLiteral("no TIME_ORDER") << parse << true;
    QTest::newRow("missing time slot") << QByteArray(good).replace("TIME_SLOT_REF1=\"ts13\"", "TIME_SLOT_REF1=\"ts99\"")
                                       << lineContaining(good, "ANNOTATION_ID=\"a7\"")
                                       << QStringLiteral("TIME_SLOT_REF1 'ts99' of annotation 'a7' does not exist") << parse << true;
    QTest::newRow("end before start")
        << QByteArray(good).replace("TIME_SLOT_REF1=\"ts11\" TIME_SLOT_REF2=\"ts12\"", "TIME_SLOT_REF1=\"ts12\" TIME_SLOT_REF2=\"ts11\"")
        << lineContaining(good, "ANNOTATION_ID=\"a6\"") << QStringLiteral("before it starts") << parse << true;
    QTest::newRow("ANNOTATION_VALUE missing")
        << QByteArray(good).replace("<ANNOTATION_VALUE>contempt</ANNOTATION_VALUE>", "")
        << lineContaining(good, "ANNOTATION_ID=\"a8\"") << QStringLiteral("has no ANNOTATION_VALUE") << parse << true;
    QTest::newRow("not an EAF root")
        << QByteArray("<?xml version=\"1.0\"?>\n<html><body>hello</body></html>\n") << 2
        << QStringLiteral("not an ELAN <ANNOTATION_DOCUMENT>") << parse << true;
    QTest::newRow("unaligned slot without neighbours")
        << QByteArray(good).replace("<TIME_SLOT TIME_SLOT_ID=\"ts16\" TIME_VALUE=\"1550\"/>", "<TIME_SLOT TIME_SLOT_ID=\"ts16\"/>")
        << lineContaining(good, "ANNOTATION_ID=\"a8\"") << QStringLiteral("no aligned time slot on both sides") << parse << true;
    QTest::newRow("unknown scheme, creating off")
        << smallEaf(QStringLiteral("mood")) << lineContaining(good, "ANNOTATION_ID=\"a1\"")
        << QStringLiteral("unknown scheme 'mood'") << parse << false;
    QTest::newRow("label missing from an existing scheme")
        << QByteArray(good).replace("<ANNOTATION_VALUE>contempt<", "<ANNOTATION_VALUE>joy<")
        << lineContaining(good, "ANNOTATION_ID=\"a8\"") << QStringLiteral("label 'joy' is not a category")
        << static_cast<int>(ErrorCode::Conflict) << true;
  }

  void malformedImportsNothing() {
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, message);
    QFETCH(int, code);
    QFETCH(bool, createMissing);
    QVERIFY(line > 0);
    SessionProject madeP = makeProjectWithSession(freshProjectPath());
    Project& p = madeP.project;
    const int64_t s = madeP.session;
    addSampleSegments(p, s);
    const std::string before = projectSnapshot(p);
    const QString path = tmp_.filePath(QStringLiteral("bad.eaf"));
    QVERIFY(writeText(path, content));
    ImportOptions options;
    options.createMissing = createMissing;
    const Thrown t = capture([&] { importEaf(p, s, path.toStdString(), options); });
    QVERIFY2(t.is(static_cast<ErrorCode>(code)), qPrintable(t.describe()));
    const QString what = qs(t.what);
    QVERIFY2(what.startsWith(path + QStringLiteral(": line %1: ").arg(line)), qPrintable(what));
    QVERIFY2(what.contains(message), qPrintable(what));
    QCOMPARE(projectSnapshot(p), before);
  }

  void validSmallFileImports() {
    SessionProject madeP = makeProjectWithSession(freshProjectPath());
    Project& p = madeP.project;
    const int64_t s = madeP.session;
    const QString path = tmp_.filePath(QStringLiteral("small.eaf"));
    QVERIFY(writeText(path, smallEaf()));
    const ImportReport r = importEaf(p, s, path.toStdString());
    QCOMPARE(r.segmentsImported, int64_t(8));
    QCOMPARE(r.createdAnnotators, std::vector<std::string>{"carol"});
    const auto views = segmentViews(p, s, true);
    QCOMPARE(views.front().label, std::string("anger"));
    QCOMPARE(views.front().end, 0.15);
  }
};

QTEST_GUILESS_MAIN(TestEaf)
#include "test_eaf.moc"
