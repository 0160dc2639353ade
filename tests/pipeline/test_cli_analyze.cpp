// The `stf2m analyze` contract (README.md, "Session analysis"), run as a child process ($STF2M_CLI)
// on the generated session of generated_session.h: the --json object's keys and values; the tidy
// CSV agrees with it; a file without audio warns and gives face views only; --project stores the
// predictions, a second analysis replaces them, and a project that cannot be written is an error
// that leaves the stored predictions intact; bad input is one `error:` line naming the file.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "dataset/feature_dataset.h"
#include "generated_session.h"
#include "support/media_test_support.h"

using namespace stf2m::test;

class TestCliAnalyze : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  GeneratedSession media_;
  QString cli_;
  QJsonObject json_;

  ProcessResult stf2m(const QStringList& args) { return runProcess(cli_, args, 300000); }
  QString path(const char* name) const { return tmp_.filePath(QString::fromLatin1(name)); }
  QStringList cache() const { return {QStringLiteral("--cache"), path("cache")}; }

 private Q_SLOTS:
  void initTestCase() {
    cli_ = qEnvironmentVariable("STF2M_CLI");
    QVERIFY2(!cli_.isEmpty(), "STF2M_CLI is not set");
    QVERIFY(tmp_.isValid());
    QString error;
    QVERIFY2(makeGeneratedSession(tmp_, media_, error), qPrintable(error));
    const ProcessResult r = stf2m(QStringList{QStringLiteral("analyze"), media_.session, QStringLiteral("--json")} + cache());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QJsonParseError parse;
    json_ = QJsonDocument::fromJson(r.out, &parse).object();
    QVERIFY2(parse.error == QJsonParseError::NoError, qPrintable(parse.errorString()));
    QVERIFY(r.err.contains("analysed 10.0 s: 9 windows, 5 face views, 3 voice views"));
  }

  void jsonFollowsTheContract() {
    QCOMPARE(json_.value(QLatin1String("model")).toObject().value(QLatin1String("name")).toString(), QStringLiteral("session"));
    QCOMPARE(json_.value(QLatin1String("model")).toObject().value(QLatin1String("sha256")).toString().size(), 64);
    QCOMPARE(json_.value(QLatin1String("modalities")).toArray(), (QJsonArray{QStringLiteral("face"), QStringLiteral("voice")}));
    const QJsonArray emotions = json_.value(QLatin1String("emotions")).toArray();
    QCOMPARE(emotions.size(), 11);
    const QJsonArray windows = json_.value(QLatin1String("windows")).toArray();
    QCOMPARE(windows.size(), 9);
    for (int k = 0; k < windows.size(); ++k) {
      const QJsonObject w = windows[k].toObject();
      QCOMPARE(w.value(QLatin1String("start")).toDouble(), double(k));
      QCOMPARE(w.value(QLatin1String("end")).toDouble(), double(k + 2));
      const QJsonArray views = w.value(QLatin1String("views")).toArray();
      for (const QJsonValue& v : views) {
        const QJsonObject view = v.toObject();
        double sum = 0;
        for (const QJsonValue& e : emotions) {
          sum += view.value(QLatin1String("probabilities")).toObject().value(e.toString()).toDouble();
          const QJsonObject terms = view.value(QLatin1String("terms")).toObject().value(e.toString()).toObject();
          QVERIFY(terms.contains(QLatin1String("low")) && terms.contains(QLatin1String("medium")) && terms.contains(QLatin1String("high")));
        }
        QVERIFY(std::abs(sum - 1.0) < 1e-6);
        QVERIFY(view.value(QLatin1String("reliability")).toDouble() > 0);
        QVERIFY(!view.value(QLatin1String("rules")).toArray().isEmpty());
      }
      if (views.isEmpty()) {
        QVERIFY(w.value(QLatin1String("fused")).isNull());
      } else {
        QCOMPARE(w.value(QLatin1String("fused")).toObject().size(), 11);
        QVERIFY(w.value(QLatin1String("confidence")).toDouble() > 0);
      }
    }
  }

  void csvAgreesWithJson() {
    const ProcessResult r = stf2m(QStringList{QStringLiteral("analyze"), media_.session, QStringLiteral("--quiet")} + cache());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(r.err.isEmpty());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.front(), QByteArray("window,start_s,end_s,output,view,emotion,value"));
    const QJsonObject fused2 = json_.value(QLatin1String("windows")).toArray()[2].toObject().value(QLatin1String("fused")).toObject();
    int fusedRows = 0;
    for (const QByteArray& line : lines) {
      const QList<QByteArray> f = line.split(',');
      if (f.size() != 7 || f[0] != "2" || f[3] != "fused") continue;
      ++fusedRows;
      QVERIFY(std::abs(f[6].toDouble() - fused2.value(QString::fromUtf8(f[5])).toDouble()) < 1e-12);
    }
    QCOMPARE(fusedRows, 11);
  }

  void missingAudioIsAWarning() {
    const ProcessResult r =
        stf2m(QStringList{QStringLiteral("analyze"), media_.silentVideo, QStringLiteral("--json")} + cache());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.err.contains("warning: ") && r.err.contains("no audio stream"), r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QLatin1String("modalities")).toArray(), QJsonArray{QStringLiteral("face")});
    for (const QJsonValue& w : o.value(QLatin1String("windows")).toArray())
      for (const QJsonValue& v : w.toObject().value(QLatin1String("views")).toArray())
        QCOMPARE(v.toObject().value(QLatin1String("modality")).toString(), QStringLiteral("face"));
  }

  void badInputIsOneErrorLine() {
    ProcessResult r = stf2m({QStringLiteral("analyze"), path("absent.mp4")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.startsWith("error: ") && r.err.contains("absent.mp4") && r.err.count('\n') == 1, r.err.constData());
    r = stf2m({QStringLiteral("analyze"), media_.session, QStringLiteral("--model"),
               QStringLiteral(STF2M_SOURCE_DIR "/resources/models/default.stf2m")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("default.stf2m") && r.err.contains("face: 285 columns"), r.err.constData());
    r = stf2m({QStringLiteral("analyze"), media_.session, QStringLiteral("--offset"), QStringLiteral("1"),
               QStringLiteral("--offset"), QStringLiteral("2")});
    QCOMPARE(r.exitCode, 1);
  }

  void projectSessionsStoreTheirPredictions() {
    const QString project = path("P.stf2m");
    ProcessResult r = stf2m({QStringLiteral("project"), QStringLiteral("init"), project, QStringLiteral("--name"), QStringLiteral("T")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = stf2m({QStringLiteral("project"), QStringLiteral("add-session"), project, QStringLiteral("--subject"), QStringLiteral("P01"),
               QStringLiteral("--name"), QStringLiteral("s"), QStringLiteral("--media"), media_.session});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QStringList analyse{QStringLiteral("analyze"), QStringLiteral("--project"), project, QStringLiteral("--session"),
                              QStringLiteral("1"), QStringLiteral("--quiet")};
    for (int run = 0; run < 2; ++run) {
      r = stf2m(analyse);
      QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
      QVERIFY2(r.out.startsWith("session 1, model 2: analysed 10.0 s: 9 windows"), r.out.constData());
    }
    QVERIFY(QFileInfo(project + QStringLiteral(".features")).isDir());
    auto storedRows = [&] {
      const ProcessResult q = runProcess(QStringLiteral("sqlite3"), {project, QStringLiteral("SELECT count(*) FROM prediction")});
      return q.out.trimmed();
    };
    QCOMPARE(storedRows(), QByteArray("9"));  // replaced, not added
    r = stf2m({QStringLiteral("project"), QStringLiteral("export"), project, QStringLiteral("--session"), QStringLiteral("1"),
               QStringLiteral("--model"), QStringLiteral("2"), QStringLiteral("--format"), QStringLiteral("predictions"),
               QStringLiteral("--out"), path("p.csv")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QFile csv(path("p.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    // 5 windows with views (1-3 .. 5-7): 5 x 11 fused rows; 5 face and 3 voice views: 8 x 11 view rows; no NaN.
    QCOMPARE(int(text.count(",fused,")), 55);
    QCOMPARE(int(text.count(",view,face,")), 55);
    QCOMPARE(int(text.count(",view,voice,")), 33);
    QVERIFY(!text.contains("nan"));
    // A project that cannot be written (another program holds its write lock): an error naming
    // it, and the stored predictions stay.
    QProcess holder;
    holder.start(QStringLiteral("sqlite3"), {project});
    QVERIFY(holder.waitForStarted());
    holder.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n");
    QVERIFY(holder.waitForReadyRead(10000));
    r = stf2m(analyse);
    holder.write("ROLLBACK;\n.quit\n");
    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(10000));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("error: ") && r.err.contains("P.stf2m"), r.err.constData());
    QVERIFY2(r.err.count('\n') == 1, r.err.constData());
    QCOMPARE(storedRows(), QByteArray("9"));
  }

  // The researchers' path: labelled segments -> stf2m features (from the project's cache) -> a
  // feature dataset that the session meta-model adapts to -> stf2m analyze with the result.
  void segmentsBecomeAFeatureDataset() {
    const QString project = path("P.stf2m");
    QVERIFY2(QFileInfo::exists(project), "runs after projectSessionsStoreTheirPredictions");
    QFile csv(path("segments.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("session_id,annotator,scheme,label,start_s,end_s,start_frame,end_frame,confidence,source\n"
              "1,ann,emotion,happiness,2.5,5.5,-1,-1,,human\n"
              "1,ann,emotion,neutral,7,9.5,-1,-1,,human\n"
              "1,ann,emotion,sadness,3,4,-1,-1,,human\n");
    csv.close();
    ProcessResult r = stf2m({QStringLiteral("project"), QStringLiteral("import"), project, path("segments.csv"),
                             QStringLiteral("--session"), QStringLiteral("1")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString dir = path("dataset");
    r = stf2m({QStringLiteral("features"), QStringLiteral("--project"), project, QStringLiteral("--out"), dir});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject summary = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(summary.value(QLatin1String("clips")).toInt(), 3);
    QCOMPARE(summary.value(QLatin1String("face_chunks_computed")).toInt(), 0);  // all from the cache
    const stf2m::dataset::Dataset data = stf2m::dataset::loadDataset(dir.toStdString());
    QCOMPARE(int(data.clips.size()), 3);
    QCOMPARE(data.modalities.at(0).dimension, 285);
    QCOMPARE(data.modalities.at(0).rateHz, 25.0);
    QCOMPARE(data.modalities.at(1).dimension, 83);
    auto meanOf = [&](int clip, const char* modality, int column) {
      const stf2m::dataset::FeatureSequence& f = data.clips[size_t(clip)].features.at(modality);
      double sum = 0;
      for (int64_t t = 0; t < f.rows; ++t) sum += f.row(t)[column];
      return sum / double(f.rows);
    };
    // In the order of their start: happiness 2.5-5.5 s, sadness 3-4 s, neutral 7-9.5 s.
    QCOMPARE(data.clips[0].label.dominant(), std::string("happiness"));
    QCOMPARE(data.clips[2].label.dominant(), std::string("neutral"));
    QCOMPARE(data.clips[0].features.at("face").rows, int64_t(75));   // 3 s at 25 Hz
    QCOMPARE(data.clips[0].features.at("voice").rows, int64_t(300));  // 3 s at 100 Hz
    QCOMPARE(meanOf(0, "face", 0), 1.0);  // the face is on screen 2-6 s
    QCOMPARE(meanOf(2, "face", 0), 0.0);  // and not at 7-9.5 s
    QVERIFY(meanOf(0, "voice", 3) > 0.6);  // speech 3.0-5.5 s
    QCOMPARE(meanOf(2, "voice", 3), 0.0);
    r = stf2m({QStringLiteral("adapt"), QStringLiteral("--model"),
               QStringLiteral(STF2M_SOURCE_DIR "/resources/models/session-meta.stf2m"), QStringLiteral("--support"), dir,
               QStringLiteral("--out"), path("subject.stf2m")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = stf2m(QStringList{QStringLiteral("analyze"), media_.session, QStringLiteral("--model"), path("subject.stf2m"),
                          QStringLiteral("--json"), QStringLiteral("--quiet")} + cache());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QLatin1String("emotions")).toArray(),
             (QJsonArray{QStringLiteral("happiness"), QStringLiteral("neutral"), QStringLiteral("sadness")}));
    r = stf2m({QStringLiteral("features"), QStringLiteral("--project"), project, QStringLiteral("--out"), dir});
    QCOMPARE(r.exitCode, 2);  // the folder is not empty: nothing is written over
    QVERIFY2(r.err.contains("dataset"), r.err.constData());
  }
};

QTEST_GUILESS_MAIN(TestCliAnalyze)
#include "test_cli_analyze.moc"
