// The label-and-adapt loop in batch, through the real `stf2m` (docs/adaptation.md), on a session
// with known ground truth: 42 s of video whose picture alternates every 3 s between two people of
// face-api's sample6 photo (a sad face, labelled "helplessness", and a neutral one, "neutral").
// Twelve 2.5 s segments (6 per state) are imported from a segment CSV; the last 6 s stay
// unlabelled. Three segments per state form the support set; the other six are held out.
//   - adapting stores the model (parent, support set, SHA-256), makes it the subject's active
//     model, re-predicts the session from the cache, and labels the held-out segments at least
//     90 % right and better than the shipped model;
//   - the shipped model's predictions are untouched, and rolling back makes it active again with
//     exactly those predictions;
//   - with every segment in the support set, accuracy is measured leave-one-out;
//   - the suggestions are unlabelled windows, best first;
//   - bad requests are refused with one error line naming the problem, changing nothing.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include "store/project.h"
#include "support/media_test_support.h"

using namespace stf2m;
using namespace stf2m::test;

namespace {

const char* labelOf(int block) { return block % 2 == 0 ? "helplessness" : "neutral"; }

}  // namespace

class TestSubjectLoop : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QString cli_, project_;
  std::vector<store::Prediction> shipped_;  // the shipped model's predictions before adapting
  int64_t shippedModel_ = 0;
  QString labelledBy_;  // what labels P01 after adapting (the statistics path's choice, in words)

  ProcessResult stf2m(const QStringList& args) { return runProcess(cli_, args, 300000); }
  QString path(const char* name) const { return tmp_.filePath(QString::fromLatin1(name)); }
  QJsonObject json(const ProcessResult& r) { return QJsonDocument::fromJson(r.out).object(); }
  store::Project open() const { return store::Project::open(project_.toStdString(), "test"); }

  static void requireSame(const std::vector<store::Prediction>& a, const std::vector<store::Prediction>& b) {
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(a[i].id, b[i].id);
      QCOMPARE(a[i].windowStart, b[i].windowStart);
      QVERIFY(std::equal(a[i].fused.begin(), a[i].fused.end(), b[i].fused.begin(), b[i].fused.end(),
                         [](float x, float y) { return x == y || (x != x && y != y); }));
    }
  }

 private Q_SLOTS:
  void initTestCase() {
    cli_ = qEnvironmentVariable("STF2M_CLI");
    QVERIFY2(!cli_.isEmpty(), "STF2M_CLI is not set");
    QVERIFY(tmp_.isValid());
    const QString photo = QStringLiteral(STF2M_FACE_PHOTOS "/sample6.jpg");
    ProcessResult r = runFfmpeg({QStringLiteral("-i"), photo, QStringLiteral("-vf"), QStringLiteral("crop=640:360:1092:308"), path("a.png")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = runFfmpeg({QStringLiteral("-i"), photo, QStringLiteral("-vf"), QStringLiteral("crop=640:360:920:330"), path("b.png")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = runFfmpeg({QStringLiteral("-loop"), QStringLiteral("1"), QStringLiteral("-i"), path("a.png"), QStringLiteral("-loop"),
                   QStringLiteral("1"), QStringLiteral("-i"), path("b.png"), QStringLiteral("-filter_complex"),
                   QStringLiteral("[0:v][1:v]overlay=0:0:enable='mod(floor(t/3),2)',format=yuv420p"), QStringLiteral("-t"),
                   QStringLiteral("42"), QStringLiteral("-r"), QStringLiteral("25"), QStringLiteral("-c:v"), QStringLiteral("libx264"),
                   QStringLiteral("-preset"), QStringLiteral("veryfast"), QStringLiteral("-crf"), QStringLiteral("18"), path("s.mp4")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

    project_ = path("loop.stf2m");
    r = stf2m({QStringLiteral("project"), QStringLiteral("init"), project_});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = stf2m({QStringLiteral("project"), QStringLiteral("add-session"), project_, QStringLiteral("--subject"), QStringLiteral("P01"),
               QStringLiteral("--name"), QStringLiteral("s1"), QStringLiteral("--media"), path("s.mp4")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = stf2m({QStringLiteral("analyze"), QStringLiteral("--project"), project_, QStringLiteral("--session"), QStringLiteral("1")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

    QFile csv(path("segments.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("session_id,annotator,scheme,label,start_s,end_s,start_frame,end_frame,confidence,source\n");
    for (int k = 0; k < 12; ++k)
      csv.write(QStringLiteral("1,dana,emotion,%1,%2,%3,0,0,,human\n")
                    .arg(QLatin1String(labelOf(k)))
                    .arg(3 * k + 0.25)
                    .arg(3 * k + 2.75)
                    .toUtf8());
    csv.close();
    r = stf2m({QStringLiteral("project"), QStringLiteral("import"), project_, path("segments.csv"), QStringLiteral("--session"),
               QStringLiteral("1")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

    const store::Project p = open();
    const std::vector<store::PredictionSet> sets = p.predictionSets(1);
    QCOMPARE(sets.size(), size_t(1));
    shippedModel_ = sets[0].modelId;
    shipped_ = p.predictions(1, shippedModel_);
    QCOMPARE(int(shipped_.size()), 41);  // 2 s windows every 1 s over 42 s
  }

  void adaptingBeatsTheShippedModelOnHeldOutSegments() {
    // Segments 1..12 alternate between the states: 1, 3, 5 and 2, 4, 6 are the support set.
    ProcessResult r = stf2m({QStringLiteral("support"), QStringLiteral("create"), QStringLiteral("--project"), project_,
                             QStringLiteral("--subject"), QStringLiteral("P01"), QStringLiteral("--segments"),
                             QStringLiteral("1,2,3,4,5,6"), QStringLiteral("--actor"), QStringLiteral("dana")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.out.trimmed(), QByteArray("1"));
    QVERIFY2(r.err.contains("helplessness 3, neutral 3"), r.err.constData());

    r = stf2m({QStringLiteral("adapt"), QStringLiteral("--project"), project_, QStringLiteral("--subject"), QStringLiteral("P01"),
               QStringLiteral("--support"), QStringLiteral("1"), QStringLiteral("--out"), path("p01.stf2m"),
               QStringLiteral("--actor"), QStringLiteral("dana")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject summary = json(r);
    QCOMPARE(summary.value(QLatin1String("classes")).toArray(), (QJsonArray{QStringLiteral("helplessness"), QStringLiteral("neutral")}));
    QCOMPARE(summary.value(QLatin1String("support_clips")).toInt(), 6);
    QCOMPARE(summary.value(QLatin1String("sessions_predicted")).toInt(), 1);
    const QJsonObject accuracy = summary.value(QLatin1String("accuracy")).toObject();
    QCOMPARE(accuracy.value(QLatin1String("method")).toString(), QStringLiteral("held-out"));
    QCOMPARE(accuracy.value(QLatin1String("clips")).toInt(), 6);
    const double adapted = accuracy.value(QLatin1String("adapted")).toDouble();
    const double previous = accuracy.value(QLatin1String("previous")).toDouble(-1);
    QVERIFY2(adapted >= 0.9 && adapted > previous, qPrintable(QStringLiteral("adapted %1, shipped %2").arg(adapted).arg(previous)));
    QCOMPARE(accuracy.value(QLatin1String("previous_model")).toInt(), int(shippedModel_));
    // Which evidence labels the subject: the statistics path's mix, chosen on 3 folds that each
    // hold out one clip of both classes, and said in words.
    const QJsonObject statistics = summary.value(QLatin1String("statistics_path")).toObject();
    QCOMPARE(statistics.value(QLatin1String("held_out_clips")).toInt(), 6);
    QVERIFY(statistics.value(QLatin1String("mixes")).toArray().contains(statistics.value(QLatin1String("mix"))));
    labelledBy_ = summary.value(QLatin1String("labelled_by")).toString();
    QCOMPARE(labelledBy_, statistics.value(QLatin1String("labelled_by")).toString());
    QVERIFY2(labelledBy_.startsWith(QLatin1String("ST-F2M")) || labelledBy_ == QLatin1String("pooled statistics"),
             qPrintable(labelledBy_));

    const store::Project p = open();
    const int64_t model = summary.value(QLatin1String("model")).toInt();
    const store::ModelActivation active = *p.activeModel(p.subjectByCode("P01").id);
    QCOMPARE(active.modelId, model);
    QCOMPARE(active.supportSetId, std::optional<int64_t>(1));
    QCOMPARE(QString::fromStdString(active.activatedBy), QStringLiteral("dana"));
    for (const store::ModelRecord& m : p.models())
      if (m.id == model) {
        QCOMPARE(m.kind, std::string("adapted"));
        QVERIFY(m.parentId.has_value());
        QCOMPARE(QString::fromStdString(m.sha256), summary.value(QLatin1String("sha256")).toString());
        const QJsonObject card = QJsonDocument::fromJson(QByteArray::fromStdString(m.card)).object();
        QCOMPARE(card.value(QLatin1String("support")).toObject().value(QLatin1String("support_set")).toString(), QStringLiteral("1"));
        QCOMPARE(card.value(QLatin1String("statistics_path")).toObject().value(QLatin1String("labelled_by")).toString(),
                 labelledBy_);
      }
    // The session re-predicted: windows inside the held-out segments carry their state.
    const std::vector<store::Prediction> rows = p.predictions(1, model);
    QCOMPARE(int(rows.size()), 41);
    int inside = 0, right = 0;
    for (const store::Prediction& w : rows) {
      const int block = int(w.windowStart) / 3;
      if (block < 3 || block >= 12 || w.windowEnd > 3 * block + 3) continue;  // held out: segments 7-12
      ++inside;
      const bool helpless = w.fused[0] > w.fused[1];  // classes in sorted order
      right += helpless == (block % 2 == 0);
    }
    QVERIFY2(inside >= 9 && right >= inside * 9 / 10, qPrintable(QStringLiteral("%1 of %2").arg(right).arg(inside)));
    requireSame(p.predictions(1, shippedModel_), shipped_);

    // The export of its predictions names the model's SHA-256, the support set and what labelled it.
    r = stf2m({QStringLiteral("project"), QStringLiteral("export"), project_, QStringLiteral("--session"), QStringLiteral("1"),
               QStringLiteral("--model"), QString::number(model), QStringLiteral("--format"), QStringLiteral("predictions"),
               QStringLiteral("--out"), path("adapted.csv")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QFile exported(path("adapted.csv"));
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray text = exported.readAll();
    QVERIFY2(text.contains("# support_set_ids: 1") && text.contains("# labelled_by: " + labelledBy_.toUtf8() + "\r\n") &&
                 text.contains("# model_sha256: " + summary.value(QLatin1String("sha256")).toString().toLatin1()),
             text.left(800).constData());
  }

  void rollbackRestoresTheShippedPredictions() {
    ProcessResult r = stf2m({QStringLiteral("models"), QStringLiteral("--project"), project_, QStringLiteral("--subject"),
                             QStringLiteral("P01"), QStringLiteral("--activate"), QString::number(shippedModel_),
                             QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonArray history = json(r).value(QLatin1String("history")).toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history[0].toObject().value(QLatin1String("model")).toInt(), int(shippedModel_));
    QVERIFY(history[0].toObject().value(QLatin1String("active")).toBool());
    QCOMPARE(history[1].toObject().value(QLatin1String("support_set")).toInt(), 1);
    QCOMPARE(history[1].toObject().value(QLatin1String("labelled_by")).toString(), labelledBy_);
    const store::Project p = open();
    QCOMPARE(p.activeModel(p.subjectByCode("P01").id)->modelId, shippedModel_);
    requireSame(p.predictions(1, shippedModel_), shipped_);
  }

  void suggestionsAreUnlabelledWindowsBestFirst() {
    const ProcessResult r = stf2m({QStringLiteral("suggest"), QStringLiteral("--project"), project_, QStringLiteral("--session"),
                                   QStringLiteral("1"), QStringLiteral("--top"), QStringLiteral("5"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonArray list = json(r).value(QLatin1String("suggestions")).toArray();
    QVERIFY2(!list.isEmpty(), r.out.constData());
    double last = 1e9, lastEnd = -1;
    QList<double> starts;
    for (const QJsonValue& v : list) {
      const QJsonObject s = v.toObject();
      const double start = s.value(QLatin1String("start")).toDouble(), end = s.value(QLatin1String("end")).toDouble();
      // Segments cover [3k + 0.25, 3k + 2.75] for k < 12: at most half of a suggested window.
      double covered = 0;
      for (int k = 0; k < 12; ++k) covered += std::max(0.0, std::min(end, 3 * k + 2.75) - std::max(start, 3 * k + 0.25));
      QVERIFY2(covered < 0.5 * (end - start), qPrintable(QString::number(start)));
      const double score = s.value(QLatin1String("score")).toDouble();
      QVERIFY(score <= last);
      last = score;
      for (double other : starts) QVERIFY(std::abs(other - start) >= 2.0);  // no two overlap
      starts << start;
      lastEnd = end;
    }
    QVERIFY(lastEnd > 0);
  }

  void everySegmentInTheSupportIsMeasuredLeaveOneOut() {
    ProcessResult r = stf2m({QStringLiteral("support"), QStringLiteral("create"), QStringLiteral("--project"), project_,
                             QStringLiteral("--subject"), QStringLiteral("P01"), QStringLiteral("--all-labelled")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.out.trimmed(), QByteArray("2"));
    r = stf2m({QStringLiteral("adapt"), QStringLiteral("--project"), project_, QStringLiteral("--subject"), QStringLiteral("P01"),
               QStringLiteral("--out"), path("p01-all.stf2m"), QStringLiteral("--no-predict")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject summary = json(r);
    QCOMPARE(summary.value(QLatin1String("support_set")).toInt(), 2);  // the newest
    QCOMPARE(summary.value(QLatin1String("sessions_predicted")).toInt(), 0);
    const QJsonObject accuracy = summary.value(QLatin1String("accuracy")).toObject();
    QCOMPARE(accuracy.value(QLatin1String("method")).toString(), QStringLiteral("leave-one-out"));
    QCOMPARE(accuracy.value(QLatin1String("clips")).toInt(), 12);
    QVERIFY(accuracy.value(QLatin1String("adapted")).toDouble() >= 0.9);
  }

  void badRequestsChangeNothing() {
    const size_t models = open().models().size();
    auto refused = [&](const QStringList& args, const char* needle) {
      const ProcessResult r = stf2m(args);
      QVERIFY2(r.exitCode == 2 && r.err.startsWith("error:") && r.err.contains(needle), qPrintable(r.describe()));
    };
    refused({QStringLiteral("adapt"), QStringLiteral("--project"), project_, QStringLiteral("--subject"), QStringLiteral("P01"),
             QStringLiteral("--out"), path("p01.stf2m")},
            "exists");
    refused({QStringLiteral("adapt"), QStringLiteral("--project"), project_, QStringLiteral("--subject"), QStringLiteral("P99"),
             QStringLiteral("--out"), path("x.stf2m")},
            "P99");
    refused({QStringLiteral("adapt"), QStringLiteral("--project"), project_, QStringLiteral("--subject"), QStringLiteral("P01"),
             QStringLiteral("--support"), QStringLiteral("7"), QStringLiteral("--out"), path("x.stf2m")},
            "support set with id 7");
    refused({QStringLiteral("support"), QStringLiteral("create"), QStringLiteral("--project"), project_, QStringLiteral("--subject"),
             QStringLiteral("P01"), QStringLiteral("--segments"), QStringLiteral("1,99")},
            "segment 99");
    // A support set of one class cannot be adapted to.
    ProcessResult r = stf2m({QStringLiteral("support"), QStringLiteral("create"), QStringLiteral("--project"), project_,
                             QStringLiteral("--subject"), QStringLiteral("P01"), QStringLiteral("--segments"), QStringLiteral("1,3")});
    QVERIFY2(r.exitCode == 0 && r.err.contains("at least 2 classes"), qPrintable(r.describe()));
    refused({QStringLiteral("adapt"), QStringLiteral("--project"), project_, QStringLiteral("--subject"), QStringLiteral("P01"),
             QStringLiteral("--out"), path("x.stf2m")},
            "at least 2 emotions");
    QVERIFY(!QFile::exists(path("x.stf2m")));
    QCOMPARE(open().models().size(), models);
    refused({QStringLiteral("suggest"), QStringLiteral("--project"), project_, QStringLiteral("--session"), QStringLiteral("9")},
            "9");
  }
};

QTEST_GUILESS_MAIN(TestSubjectLoop)
#include "test_subject_loop.moc"
