// Traces and model outputs as CSV: the long tables' row counts and values, and the per-frame
// wide table's window choice (frame centre, latest-starting window, gaps left empty).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "interchange/interchange.h"
#include "store/project.h"
#include "support/media_test_support.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::store;
using namespace stf2m::test;

namespace {

struct Table {
  QStringList meta;                 // "# key: value" lines
  QStringList header;
  QList<QStringList> rows;
};

Table readTable(const QString& path) {
  Table t;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return t;
  for (const QByteArray& raw : f.readAll().split('\n')) {
    const QString line = QString::fromUtf8(raw).trimmed();
    if (line.isEmpty()) continue;
    if (line.startsWith(QLatin1String("# "))) t.meta << line;
    else if (t.header.isEmpty()) t.header = line.split(QLatin1Char(','));
    else t.rows << line.split(QLatin1Char(','));
  }
  return t;
}

QStringList strings(const std::vector<std::string>& items) {
  QStringList out;
  for (const auto& i : items) out << QString::fromStdString(i);
  return out;
}

}  // namespace

class TestModelOutputs : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  int64_t session_ = 0, model_ = 0;
  std::unique_ptr<Project> project_;

 private Q_SLOTS:
  void initTestCase() {
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
    project_ = std::make_unique<Project>(Project::create(tmp_.filePath(QStringLiteral("p.stf2m")).toStdString(), "x", "t"));
    Project& p = *project_;
    session_ = p.addSessionWithMedia(p.addSubject("P01"), "s1", {{fixture("h264_aac.mp4"), 0.0}});  // 4 s, 25 fps
    const QString modelFile = tmp_.filePath(QStringLiteral("meta.pt"));
    QFile f(modelFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("weights");
    f.close();
    ModelRecord m;
    m.kind = "meta";
    m.path = modelFile.toStdString();
    m.card = R"({"views": ["face", "voice"], "classes": ["anger", "joy", "fear"], "support_set_ids": [4, 7],
                 "statistics_path": {"mix": 0.75, "mixes": [0, 0.75, 1], "held_out_correct": [3, 5, 4],
                                     "held_out_clips": 6}})";
    model_ = p.registerModel(m);
    // Windows [0,2), [1,3), [3.2,4): frames 75..79 (centres 3.02..3.18 s) are uncovered.
    std::vector<Prediction> preds;
    for (auto [a, b, k] : std::vector<std::tuple<double, double, float>>{{0, 2, 0.f}, {1, 3, 1.f}, {3.2, 4, 2.f}}) {
      Prediction pr;
      pr.sessionId = session_, pr.modelId = model_, pr.windowStart = a, pr.windowEnd = b, pr.viewCount = 2, pr.classCount = 3;
      for (int i = 0; i < 6; ++i) pr.memberships.push_back(k + 0.1f * i);
      pr.fused = {k + 0.01f, k + 0.02f, k + 0.03f};
      preds.push_back(pr);
    }
    p.addPredictions(preds);
  }

  void frameCsvPicksTheCoveringWindow() {
    const QString path = tmp_.filePath(QStringLiteral("frames.csv"));
    interchange::exportFrameCsv(*project_, session_, model_, path.toStdString());
    const Table t = readTable(path);
    QCOMPARE(t.header, strings({"frame", "time_s", "fused_anger", "fused_joy", "fused_fear", "face_anger", "face_joy",
                                 "face_fear", "voice_anger", "voice_joy", "voice_fear"}));
    QCOMPARE(t.rows.size(), 100);
    QVERIFY(t.meta.contains(QStringLiteral("# frame_rate: 25")));
    QVERIFY(t.meta.contains(QStringLiteral("# support_set_ids: 4 7")));
    QVERIFY(t.meta.contains(QStringLiteral("# labelled_by: ST-F2M with pooled statistics (mix 0.75)")));
    QVERIFY(t.meta.filter(QStringLiteral("# model_sha256: ")).size() == 1);
    auto value = [&](int frame, int col) { return t.rows[frame][col].toDouble(); };
    QCOMPARE(t.rows[10][1], QStringLiteral("0.4"));
    QVERIFY(qAbs(value(10, 2) - 0.01) < 1e-6);      // t = 0.42 s: only [0,2)
    QVERIFY(qAbs(value(30, 2) - 1.01) < 1e-6);      // t = 1.22 s: [1,3) starts later than [0,2)
    QVERIFY(qAbs(value(30, 10) - 1.5) < 1e-6);      // voice_fear = membership 5 of window 1
    QVERIFY(qAbs(value(74, 2) - 1.01) < 1e-6);      // t = 2.98 s
    for (int f = 75; f <= 79; ++f) QVERIFY2(t.rows[f][2].isEmpty(), qPrintable(QString::number(f)));
    QVERIFY(qAbs(value(80, 2) - 2.01) < 1e-6);      // t = 3.22 s
  }

  void predictionsLong() {
    const QString path = tmp_.filePath(QStringLiteral("preds.csv"));
    interchange::exportPredictionsCsv(*project_, session_, model_, path.toStdString());
    const Table t = readTable(path);
    QCOMPARE(t.header, strings({"session_id", "model_id", "window_start_s", "window_end_s", "output", "view", "class", "value"}));
    QCOMPARE(t.rows.size(), 3 * (3 + 2 * 3));
    QCOMPARE(t.rows[0][4], QStringLiteral("fused"));
    QCOMPARE(t.rows[3], strings({std::to_string(session_), std::to_string(model_), "0", "2", "view", "face", "anger", "0"}));
    QVERIFY(t.meta.contains(QStringLiteral("# model_kind: meta")));
  }

  void tracesLong() {
    Project& p = *project_;
    Trace tr;
    tr.sessionId = session_, tr.dimensionId = p.scheme("affect").dimensions[1].id, tr.annotatorId = p.addAnnotator("ann");
    tr.sampleRate = 4, tr.start = 0.5, tr.values = {0.f, 0.25f, -0.5f};
    p.addTrace(tr);
    const QString path = tmp_.filePath(QStringLiteral("traces.csv"));
    interchange::exportTracesCsv(p, session_, path.toStdString());
    const Table t = readTable(path);
    QCOMPARE(t.rows.size(), 3);
    QCOMPARE(t.rows[2], strings({std::to_string(session_), "ann", "affect", "arousal", "1", "-0.5"}));
    QVERIFY(t.meta.contains(QStringLiteral("# trace: ann affect/arousal sample_rate=4 start_s=0.5 samples=3")));
  }

  void errors() {
    const std::string out = tmp_.filePath(QStringLiteral("x.csv")).toStdString();
    QVERIFY(capture([&] { interchange::exportFrameCsv(*project_, session_, 999, out); }).is(ErrorCode::NotFound));
    QVERIFY(capture([&] { interchange::exportFrameCsv(*project_, 999, model_, out); }).is(ErrorCode::NotFound));
    // An audio-only session needs an explicit frame rate.
    const int64_t audio = project_->addSessionWithMedia(project_->subjectByCode("P01").id, "audio", {{fixture("tone_stereo.wav"), 0.0}});
    QVERIFY(capture([&] { interchange::exportFrameCsv(*project_, audio, model_, out); }).is(ErrorCode::InvalidArgument));
    interchange::exportFrameCsv(*project_, audio, model_, out, 10.0);
    QCOMPARE(readTable(QString::fromStdString(out)).rows.size(), 20);
    // Exports are readable by their owner only, whatever the umask.
    QCOMPARE(QFile::permissions(QString::fromStdString(out)) & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    QVERIFY(QFile::permissions(QString::fromStdString(out)) & QFileDevice::ReadOwner);
    for (const QString& f : QDir(tmp_.path()).entryList(QDir::Files | QDir::Hidden))
      QVERIFY2(!f.contains(QStringLiteral(".tmp-")), qPrintable(f));
  }
};

QTEST_GUILESS_MAIN(TestModelOutputs)
#include "test_model_outputs.moc"
