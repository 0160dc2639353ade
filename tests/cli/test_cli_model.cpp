// The learning-engine commands of the `stf2m` CLI, run as a child process (path in $STF2M_CLI):
//   stf2m train --data DIR --out MODEL ...   progress on stderr, JSON summary on stdout
//   stf2m eval --data DIR --model MODEL      per shot count: accuracy and macro-F1 with CIs
//   stf2m eval --data DIR --all MODEL...     one Markdown table
//   stf2m adapt --model M --support DIR --out ADAPTED
//   stf2m predict --model ADAPTED --data DIR --csv|--json
//   stf2m model card MODEL
// Usage errors exit 1; bad inputs (missing data, a corrupt model file, a model that does not fit
// the data) exit 2 with exactly one `error:` line naming the file and nothing on stdout. The
// end-to-end case trains for two iterations on the default synthetic benchmark.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <cmath>

#include "support/media_test_support.h"

using namespace stf2m::test;

namespace {

QByteArray readFile(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

struct ClipRow {
  QString id, subject, label;
  QString line;  // the clips.csv line as written
};

// clips.csv of the synthetic benchmark (no quoted fields there: labels use ':', '|' and '+').
QVector<ClipRow> readClips(const QString& dataDir, QString* header) {
  QVector<ClipRow> rows;
  const QList<QByteArray> lines = readFile(dataDir + QStringLiteral("/clips.csv")).split('\n');
  if (lines.isEmpty()) return rows;
  *header = QString::fromUtf8(lines[0]).trimmed();
  const QStringList columns = header->split(QLatin1Char(','));
  const int id = int(columns.indexOf(QStringLiteral("clip_id")));
  const int subject = int(columns.indexOf(QStringLiteral("subject_id")));
  const int label = int(columns.indexOf(QStringLiteral("label")));
  for (int i = 1; i < lines.size(); ++i) {
    const QString line = QString::fromUtf8(lines[i]).trimmed();
    if (line.isEmpty()) continue;
    const QStringList f = line.split(QLatin1Char(','));
    if (f.size() != columns.size()) continue;
    rows.push_back({f[id], f[subject], f[label], line});
  }
  return rows;
}

// A dataset folder holding `clips` of `source` (features copied). With `renameFace`, the face
// modality is called "face2" instead, so the folder is valid but no longer fits a model trained
// on `source`.
bool makeSubset(const QString& source, const QString& target, const QString& header, const QVector<ClipRow>& clips,
                bool renameFace, QString* why) {
  if (!QDir().mkpath(target + QStringLiteral("/features"))) return *why = QStringLiteral("mkpath ") + target, false;
  QByteArray csv = header.toUtf8() + '\n';
  for (const ClipRow& c : clips) csv += c.line.toUtf8() + '\n';
  if (!writeFile(target + QStringLiteral("/clips.csv"), csv)) return *why = QStringLiteral("clips.csv"), false;
  QByteArray modalities = readFile(source + QStringLiteral("/modalities.json"));
  if (renameFace) modalities.replace("\"face\"", "\"face2\"");
  if (!writeFile(target + QStringLiteral("/modalities.json"), modalities)) return *why = QStringLiteral("modalities.json"), false;
  for (const ClipRow& c : clips) {
    const QString from = source + QStringLiteral("/features/") + c.id;
    const QString to = target + QStringLiteral("/features/") + c.id;
    QDir().mkpath(to);
    for (const QString& file : QDir(from).entryList(QDir::Files)) {
      QString name = file;
      if (renameFace && name == QLatin1String("face.npy")) name = QStringLiteral("face2.npy");
      if (!QFile::copy(from + QLatin1Char('/') + file, to + QLatin1Char('/') + name))
        return *why = QStringLiteral("cannot copy ") + from + QLatin1Char('/') + file, false;
    }
  }
  return true;
}

bool isSingleLabel(const QString& label) {
  return !label.contains(QLatin1Char('+')) && !label.contains(QLatin1Char(':')) && !label.contains(QLatin1Char('|'));
}

}  // namespace

class TestCliModel : public QObject {
  Q_OBJECT

  QString cli_;
  QTemporaryDir tmp_;
  QString data_, model_, adapted_, support_, query_, mismatch_, corrupt_;
  QStringList supportClasses_;
  QSet<QString> supportSubjects_, querySubjects_;
  int queryClips_ = 0;

  QString tmp(const char* name) const { return tmp_.filePath(QString::fromUtf8(name)); }

  ProcessResult stf2m(const QStringList& args, int timeoutMs = 120000) { return runProcess(cli_, args, timeoutMs); }

  ProcessResult expectSuccess(const QStringList& args, int timeoutMs = 120000) {
    const ProcessResult r = stf2m(args, timeoutMs);
    const QString cmd = QStringLiteral("stf2m ") + args.join(QLatin1Char(' '));
    if (!(r.started && r.finished && !r.crashed && r.exitCode == 0))
      QTest::qFail(qPrintable(cmd + QStringLiteral(": ") + r.describe()), __FILE__, __LINE__);
    return r;
  }

  // Exit code `code`, nothing on stdout; for exit code 2 exactly one stderr line "error: ..."
  // naming one of `names`; for usage errors (1) at least an explanation on stderr.
  // Usage errors (exit 1) print one line too.
  void expectFailure(const QStringList& args, int code, const QStringList& names = {}) {
    const QString problem =
        cliFailureProblem(stf2m(args, 300000), QStringLiteral("stf2m ") + args.join(QLatin1Char(' ')), code, true, names);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  // "subject_calibration": one entry per subject of the folder, weight = seconds / (seconds + 10)
  // (the default 10 s prior); a stderr warning for exactly the subjects below weight 0.5. The
  // support and query folders hold a few seconds per subject, so some warnings must appear.
  void checkCalibration(const QJsonObject& o, const QByteArray& err, const QSet<QString>& subjects) {
    const QJsonArray entries = o.value(QStringLiteral("subject_calibration")).toArray();
    QCOMPARE(int(entries.size()), int(subjects.size()));
    const QString stderrText = QString::fromUtf8(err);
    int weak = 0;
    for (const QJsonValue& ev : entries) {
      const QJsonObject e = ev.toObject();
      const QString subject = e.value(QStringLiteral("subject_id")).toString();
      QVERIFY2(subjects.contains(subject), qPrintable(subject));
      const double seconds = e.value(QStringLiteral("seconds")).toDouble(-1), weight = e.value(QStringLiteral("weight")).toDouble(-1);
      QVERIFY2(seconds > 0 && std::abs(weight - seconds / (seconds + 10)) < 1e-9, qPrintable(subject));
      const bool warned = stderrText.contains(QStringLiteral("warning: subject ") + subject + QStringLiteral(" has"));
      QCOMPARE(warned, weight < 0.5);
      weak += weight < 0.5;
    }
    QVERIFY(weak > 0);
  }

  void requireModel() {
    if (!QFileInfo::exists(model_)) QSKIP("the end-to-end training step did not produce a model");
  }

 private Q_SLOTS:
  void initTestCase() {
    cli_ = qEnvironmentVariable("STF2M_CLI");
    QVERIFY2(!cli_.isEmpty(), "STF2M_CLI is not set");
    QVERIFY2(QFileInfo(cli_).isExecutable(), qPrintable(cli_ + QStringLiteral(" is not an executable")));
    QVERIFY(tmp_.isValid());
    data_ = tmp("synth");
    model_ = tmp("meta.stf2m");
    adapted_ = tmp("adapted.stf2m");
    support_ = tmp("support");
    query_ = tmp("query");
    mismatch_ = tmp("mismatch");
    corrupt_ = tmp("corrupt.stf2m");
    QVERIFY(writeFile(corrupt_, QByteArray("STF2M-MODEL\n") + QByteArray(40, '\x7f')));

    // The default synthetic benchmark is the smallest whose default split gives every part
    // 5-way 5-shot 15-query episodes; it takes a few seconds to write.
    const ProcessResult synth = expectSuccess({QStringLiteral("synth"), QStringLiteral("--out"), data_});
    QVERIFY(synth.exitCode == 0);

    // Support: two single-label clips of each of five classes; query: one more clip of each;
    // mismatch: the support clips with the face modality renamed.
    QString header;
    const QVector<ClipRow> clips = readClips(data_, &header);
    QVERIFY2(clips.size() > 100, qPrintable(QStringLiteral("clips.csv has %1 rows").arg(clips.size())));
    QMap<QString, QVector<ClipRow>> byClass;
    for (const ClipRow& c : clips)
      if (isSingleLabel(c.label)) byClass[c.label].push_back(c);
    QVector<ClipRow> support, query;
    for (auto it = byClass.begin(); it != byClass.end() && supportClasses_.size() < 5; ++it) {
      if (it->size() < 3) continue;
      supportClasses_ << it.key();
      support << (*it)[0] << (*it)[1];
      query << (*it)[2];
      supportSubjects_ << (*it)[0].subject << (*it)[1].subject;
      querySubjects_ << (*it)[2].subject;
    }
    QVERIFY2(supportClasses_.size() == 5, qPrintable(QStringLiteral("only %1 classes with 3 clean clips").arg(supportClasses_.size())));
    queryClips_ = int(query.size());
    QString why;
    QVERIFY2(makeSubset(data_, support_, header, support, false, &why), qPrintable(why));
    QVERIFY2(makeSubset(data_, query_, header, query, false, &why), qPrintable(why));
    QVERIFY2(makeSubset(data_, mismatch_, header, support, true, &why), qPrintable(why));
  }

  // Each learning-engine command's --help names its required options.
  void helpListsTheCommands() {
    const QList<QPair<QStringList, const char*>> expected = {{{QStringLiteral("train")}, "--data TEXT REQUIRED"},
                                                             {{QStringLiteral("eval")}, "--data TEXT REQUIRED"},
                                                             {{QStringLiteral("adapt")}, "--out TEXT REQUIRED"},
                                                             {{QStringLiteral("predict")}, "--model TEXT REQUIRED"},
                                                             {{QStringLiteral("model"), QStringLiteral("card")}, "MODEL TEXT REQUIRED"}};
    for (const auto& [command, text] : expected) {
      const ProcessResult r = expectSuccess(command + QStringList{QStringLiteral("--help")});
      QVERIFY2(r.out.contains(text), qPrintable(command.join(QLatin1Char(' ')) + QStringLiteral(": ") + QString::fromUtf8(r.out)));
    }
  }

  void usageErrors_data() {
    QTest::addColumn<QStringList>("args");
    const QString d = QStringLiteral("--data"), o = QStringLiteral("--out"), m = QStringLiteral("--model");
    const QString dir = QStringLiteral("/tmp"), file = QStringLiteral("m.stf2m");
    QTest::newRow("train: no --data") << QStringList{QStringLiteral("train"), o, file};
    QTest::newRow("train: no --out") << QStringList{QStringLiteral("train"), d, dir};
    QTest::newRow("train: bad method") << QStringList{QStringLiteral("train"), d, dir, o, file, QStringLiteral("--method"), QStringLiteral("svm")};
    QTest::newRow("train: bad ablation") << QStringList{QStringLiteral("train"), d, dir, o, file, QStringLiteral("--ablate"), QStringLiteral("spatial,colour")};
    QTest::newRow("train: bad device") << QStringList{QStringLiteral("train"), d, dir, o, file, QStringLiteral("--device"), QStringLiteral("tpu")};
    QTest::newRow("train: zero iterations") << QStringList{QStringLiteral("train"), d, dir, o, file, QStringLiteral("--iterations"), QStringLiteral("0")};
    QTest::newRow("train: bad seed") << QStringList{QStringLiteral("train"), d, dir, o, file, QStringLiteral("--seed"), QStringLiteral("-3")};
    QTest::newRow("train: unknown option") << QStringList{QStringLiteral("train"), d, dir, o, file, QStringLiteral("--epochs"), QStringLiteral("3")};
    QTest::newRow("train: stray argument") << QStringList{QStringLiteral("train"), d, dir, o, file, QStringLiteral("extra")};
    QTest::newRow("eval: no --model") << QStringList{QStringLiteral("eval"), d, dir};
    QTest::newRow("eval: no --data") << QStringList{QStringLiteral("eval"), m, file};
    QTest::newRow("eval: --all without models") << QStringList{QStringLiteral("eval"), d, dir, QStringLiteral("--all")};
    QTest::newRow("eval: --all with --model") << QStringList{QStringLiteral("eval"), d, dir, QStringLiteral("--all"), m, file, file};
    QTest::newRow("eval: positional without --all") << QStringList{QStringLiteral("eval"), d, dir, m, file, file};
    QTest::newRow("eval: bad shots") << QStringList{QStringLiteral("eval"), d, dir, m, file, QStringLiteral("--shots"), QStringLiteral("1,x")};
    QTest::newRow("eval: zero shots") << QStringList{QStringLiteral("eval"), d, dir, m, file, QStringLiteral("--shots"), QStringLiteral("0")};
    QTest::newRow("eval: one way") << QStringList{QStringLiteral("eval"), d, dir, m, file, QStringLiteral("--ways"), QStringLiteral("1")};
    QTest::newRow("eval: bad part") << QStringList{QStringLiteral("eval"), d, dir, m, file, QStringLiteral("--part"), QStringLiteral("dev")};
    QTest::newRow("eval: zero episodes") << QStringList{QStringLiteral("eval"), d, dir, m, file, QStringLiteral("--episodes"), QStringLiteral("0")};
    QTest::newRow("adapt: no --support") << QStringList{QStringLiteral("adapt"), m, file, o, file};
    QTest::newRow("adapt: no --out") << QStringList{QStringLiteral("adapt"), m, file, QStringLiteral("--support"), dir};
    QTest::newRow("predict: no --data") << QStringList{QStringLiteral("predict"), m, file};
    QTest::newRow("predict: --csv and --json") << QStringList{QStringLiteral("predict"), m, file, d, dir, QStringLiteral("--csv"), QStringLiteral("--json")};
    QTest::newRow("model: no subcommand") << QStringList{QStringLiteral("model")};
    QTest::newRow("model: unknown subcommand") << QStringList{QStringLiteral("model"), QStringLiteral("weights"), file};
    QTest::newRow("model card: no file") << QStringList{QStringLiteral("model"), QStringLiteral("card")};
    QTest::newRow("model card: two files") << QStringList{QStringLiteral("model"), QStringLiteral("card"), file, file};
  }
  void usageErrors() {
    QFETCH(QStringList, args);
    expectFailure(args, 1);
  }

  void badModelFiles_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named");
    const QString missing = tmp("missing.stf2m");
    const QString text = tmp("notes.txt");
    writeFile(text, QByteArrayLiteral("these are notes, not a model\n"));
    QTest::newRow("card: missing") << QStringList{QStringLiteral("model"), QStringLiteral("card"), missing} << missing;
    QTest::newRow("card: corrupt") << QStringList{QStringLiteral("model"), QStringLiteral("card"), corrupt_} << corrupt_;
    QTest::newRow("card: not a model") << QStringList{QStringLiteral("model"), QStringLiteral("card"), text} << text;
    QTest::newRow("card: folder") << QStringList{QStringLiteral("model"), QStringLiteral("card"), tmp_.path()} << tmp_.path();
    QTest::newRow("upgrade: corrupt") << QStringList{QStringLiteral("model"), QStringLiteral("upgrade"), corrupt_, tmp("never.stf2m")} << corrupt_;
    QTest::newRow("upgrade: already current") << QStringList{QStringLiteral("model"), QStringLiteral("upgrade"), model_, tmp("never.stf2m")} << model_;
    QTest::newRow("eval: corrupt") << QStringList{QStringLiteral("eval"), QStringLiteral("--data"), data_, QStringLiteral("--model"), corrupt_, QStringLiteral("--episodes"), QStringLiteral("2")} << corrupt_;
    QTest::newRow("eval: missing") << QStringList{QStringLiteral("eval"), QStringLiteral("--data"), data_, QStringLiteral("--model"), missing, QStringLiteral("--episodes"), QStringLiteral("2")} << missing;
    QTest::newRow("eval --all: corrupt") << QStringList{QStringLiteral("eval"), QStringLiteral("--data"), data_, QStringLiteral("--all"), corrupt_} << corrupt_;
    QTest::newRow("adapt: corrupt") << QStringList{QStringLiteral("adapt"), QStringLiteral("--model"), corrupt_, QStringLiteral("--support"), support_, QStringLiteral("--out"), tmp("never.stf2m")} << corrupt_;
    QTest::newRow("predict: corrupt") << QStringList{QStringLiteral("predict"), QStringLiteral("--model"), corrupt_, QStringLiteral("--data"), query_, QStringLiteral("--csv")} << corrupt_;
  }
  void badModelFiles() {
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    expectFailure(args, 2, {named});
    QVERIFY(!QFileInfo::exists(tmp("never.stf2m")));
  }

  void trainMissingData() {
    const QString missing = tmp("no-such-dataset");
    expectFailure({QStringLiteral("train"), QStringLiteral("--data"), missing, QStringLiteral("--out"), tmp("never.stf2m"),
                   QStringLiteral("--iterations"), QStringLiteral("1")},
                  2, {missing});
    QVERIFY(!QFileInfo::exists(tmp("never.stf2m")));
  }

  // A config with a setting out of range: one error line naming the file, the line of that
  // setting and the rule, and no model written.
  void trainBadConfigNamesTheSetting_data() {
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("expected");
    QTest::newRow("inner steps") << QByteArrayLiteral("{\n  \"method\": \"stf2m\",\n  \"inner_steps\": -3\n}\n")
                                 << QStringLiteral(": line 3, at /inner_steps: inner_steps must be in 0..100");
    QTest::newRow("pre-training all along")
        << QByteArrayLiteral("{\n  \"iterations\": 10,\n\n  \"pretrain_fraction\": 1\n}\n")
        << QStringLiteral(": line 4, at /pretrain_fraction: pretrain_fraction must be >= 0 and below 1");
    QTest::newRow("one of several") << QByteArrayLiteral("{\"iterations\": 10,\n \"weight_decay\": -1}")
                                    << QStringLiteral(": line 2, at /weight_decay: learning_rate/weight_decay/grad_clip must be positive");
  }
  void trainBadConfigNamesTheSetting() {
    QFETCH(QByteArray, config);
    QFETCH(QString, expected);
    const QString path = tmp("bad-config.json");
    writeFile(path, config);
    expectFailure({QStringLiteral("train"), QStringLiteral("--data"), data_, QStringLiteral("--config"), path,
                   QStringLiteral("--out"), tmp("never.stf2m")},
                  2, {path + expected});
    QVERIFY(!QFileInfo::exists(tmp("never.stf2m")));
  }

  // ---- end to end: train -> card -> eval -> adapt -> predict ------------------------------

  void trainWritesModelAndCard() {
    const ProcessResult r = expectSuccess({QStringLiteral("train"), QStringLiteral("--data"), data_, QStringLiteral("--out"), model_,
                                           QStringLiteral("--iterations"), QStringLiteral("2"), QStringLiteral("--seed"),
                                           QStringLiteral("3"), QStringLiteral("--device"), QStringLiteral("cpu")},
                                          540000);
    QVERIFY(r.exitCode == 0);
    QVERIFY2(QString::fromUtf8(r.err).contains(QStringLiteral("iteration 2/2")), r.err.constData());
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &perr);
    QVERIFY2(perr.error == QJsonParseError::NoError && doc.isObject(), r.out.constData());
    const QJsonObject s = doc.object();
    QCOMPARE(s.value(QStringLiteral("out")).toString(), model_);
    QCOMPARE(s.value(QStringLiteral("iterations")).toInt(), 2);
    QVERIFY(s.value(QStringLiteral("parameters")).toDouble() > 0);
    QCOMPARE(s.value(QStringLiteral("device")).toString(), QStringLiteral("cpu"));
    for (const QString& p : {model_, model_ + QStringLiteral(".card.json")}) {
      struct stat st {};
      QVERIFY2(::stat(QFile::encodeName(p).constData(), &st) == 0, qPrintable(p));
      QCOMPARE(int(st.st_mode & 0777), 0600);
    }
  }

  void cardPrintsTheCard() {
    requireModel();
    const ProcessResult r = expectSuccess({QStringLiteral("model"), QStringLiteral("card"), model_});
    const QJsonDocument doc = QJsonDocument::fromJson(r.out);
    QVERIFY2(doc.isObject(), r.out.constData());
    const QJsonObject card = doc.object();
    QCOMPARE(card.value(QStringLiteral("weights_sha256")).toString().size(), 64);
    QCOMPARE(card.value(QStringLiteral("format")).toString(), QStringLiteral("stf2m-model"));
    QVERIFY2(r.out.contains("stf2m train"), "the card does not record the training command");
    QCOMPARE(QJsonDocument::fromJson(readFile(model_ + QStringLiteral(".card.json"))).object(), card);
  }

  void evalJson() {
    requireModel();
    const ProcessResult r = expectSuccess({QStringLiteral("eval"), QStringLiteral("--data"), data_, QStringLiteral("--model"), model_,
                                           QStringLiteral("--episodes"), QStringLiteral("3"), QStringLiteral("--shots"),
                                           QStringLiteral("1,5"), QStringLiteral("--queries"), QStringLiteral("5"),
                                           QStringLiteral("--json")},
                                          300000);
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &perr);
    QVERIFY2(perr.error == QJsonParseError::NoError && doc.isObject(), r.out.constData());
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QStringLiteral("ways")).toInt(), 5);
    QCOMPARE(o.value(QStringLiteral("part")).toString(), QStringLiteral("test"));
    const QJsonArray results = o.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 2);
    for (int i = 0; i < 2; ++i) {
      const QJsonObject s = results[i].toObject();
      QCOMPARE(s.value(QStringLiteral("shots")).toInt(), i == 0 ? 1 : 5);
      QCOMPARE(s.value(QStringLiteral("episodes")).toInt(), 3);
      for (const char* key : {"accuracy", "macro_f1", "clip_accuracy"}) {
        const double v = s.value(QString::fromUtf8(key)).toDouble(-1);
        QVERIFY2(v >= 0 && v <= 1, key);
        QVERIFY2(s.value(QString::fromUtf8(key) + QStringLiteral("_ci95")).toDouble(-1) >= 0, key);
      }
      QVERIFY(s.value(QStringLiteral("adapt_ms_median")).toDouble(-1) >= 0);
    }
  }

  void evalTextAndAllTable() {
    requireModel();
    const QString copy = tmp("second.stf2m");
    QFile::remove(copy);
    QVERIFY(QFile::copy(model_, copy));
    const QStringList common{QStringLiteral("--data"), data_, QStringLiteral("--episodes"), QStringLiteral("2"), QStringLiteral("--shots"), QStringLiteral("1,5"),
                             QStringLiteral("--queries"), QStringLiteral("5")};
    const ProcessResult text = expectSuccess(QStringList{QStringLiteral("eval"), QStringLiteral("--model"), model_} + common, 300000);
    QVERIFY2(text.out.contains("1-shot") && text.out.contains("5-shot") && text.out.contains("±"), text.out.constData());

    const ProcessResult r = expectSuccess(QStringList{QStringLiteral("eval"), QStringLiteral("--all"), model_, copy} + common, 300000);
    QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);  // header, rule, one row per model
    for (const QString& l : lines) QVERIFY2(l.startsWith(QLatin1Char('|')) && l.endsWith(QLatin1Char('|')), qPrintable(l));
    const int columns = int(lines[0].count(QLatin1Char('|')));
    // method, file, then accuracy, macro-F1 and clip accuracy per shot count
    QCOMPARE(columns, 1 + 2 + 2 + 2 + 2);
    QVERIFY(lines[0].contains(QStringLiteral("1-shot")) && lines[0].contains(QStringLiteral("5-shot")));
    QVERIFY(lines[0].contains(QStringLiteral("macro-F1")));
    QVERIFY(lines[0].contains(QStringLiteral("5-shot clip accuracy")));
    for (int i = 1; i < 4; ++i) QCOMPARE(int(lines[i].count(QLatin1Char('|'))), columns);
    QVERIFY(lines[2].contains(QStringLiteral("meta.stf2m")));
    QVERIFY(lines[3].contains(QStringLiteral("second.stf2m")));
    QVERIFY(lines[2].contains(QStringLiteral("±")));
    // The same episodes for every model: the same weights give the same row.
    QCOMPARE(lines[2].section(QLatin1Char('|'), 3), lines[3].section(QLatin1Char('|'), 3));
  }

  void evalMissingDataDir() {
    requireModel();
    const QString missing = tmp("no-such-dataset");
    expectFailure({QStringLiteral("eval"), QStringLiteral("--data"), missing, QStringLiteral("--model"), model_}, 2, {missing});
  }

  void adaptWritesAdaptedModel() {
    requireModel();
    const ProcessResult r = expectSuccess({QStringLiteral("adapt"), QStringLiteral("--model"), model_, QStringLiteral("--support"), support_,
                                           QStringLiteral("--out"), adapted_});
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QStringList classes;
    for (const QJsonValue& c : o.value(QStringLiteral("classes")).toArray()) classes << c.toString();
    QStringList expected = supportClasses_;
    expected.sort();
    QCOMPARE(classes, expected);
    QCOMPARE(o.value(QStringLiteral("support_clips")).toInt(), 10);
    QVERIFY(o.value(QStringLiteral("support_views")).toInt() >= 10);
    QVERIFY(QFileInfo::exists(adapted_ + QStringLiteral(".card.json")));
    checkCalibration(o, r.err, supportSubjects_);
  }

  void predictCsv() {
    if (!QFileInfo::exists(adapted_)) QSKIP("adapt did not produce a model");
    const ProcessResult r = expectSuccess({QStringLiteral("predict"), QStringLiteral("--model"), adapted_, QStringLiteral("--data"), query_, QStringLiteral("--csv")});
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    int i = 0;
    QSet<QString> keys;
    while (i < lines.size() && lines[i].startsWith(QStringLiteral("# "))) {
      keys.insert(lines[i].mid(2).section(QLatin1Char(':'), 0, 0));
      ++i;
    }
    for (const char* k : {"format", "model", "data", "classes", "subject_calibration_weights"})
      QVERIFY2(keys.contains(QString::fromUtf8(k)), k);
    QVERIFY(i < lines.size());
    QCOMPARE(lines[i], QStringLiteral("clip_id,subject_id,class,probability,predicted"));
    QMap<QString, double> sums;
    QMap<QString, int> predicted;
    int rows = 0;
    for (++i; i < lines.size(); ++i, ++rows) {
      const QStringList f = lines[i].split(QLatin1Char(','));
      QCOMPARE(f.size(), 5);
      QVERIFY2(supportClasses_.contains(f[2]), qPrintable(f[2]));
      bool ok = false;
      const double p = f[3].toDouble(&ok);
      QVERIFY(ok && p >= 0 && p <= 1);
      sums[f[0]] += p;
      QVERIFY(f[4] == QLatin1String("0") || f[4] == QLatin1String("1"));
      predicted[f[0]] += f[4].toInt();
    }
    QCOMPARE(rows, queryClips_ * 5);
    QCOMPARE(int(sums.size()), queryClips_);
    for (auto it = sums.begin(); it != sums.end(); ++it) {
      QVERIFY2(std::abs(it.value() - 1.0) < 1e-3, qPrintable(it.key()));
      QCOMPARE(predicted.value(it.key()), 1);
    }
  }

  void predictJson() {
    if (!QFileInfo::exists(adapted_)) QSKIP("adapt did not produce a model");
    const ProcessResult r = expectSuccess({QStringLiteral("predict"), QStringLiteral("--model"), adapted_, QStringLiteral("--data"), query_, QStringLiteral("--json")});
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("classes")).toArray().size(), 5);
    checkCalibration(o, r.err, querySubjects_);
    const QJsonArray clips = o.value(QStringLiteral("clips")).toArray();
    QCOMPARE(clips.size(), queryClips_);
    for (const QJsonValue& cv : clips) {
      const QJsonObject c = cv.toObject();
      QVERIFY(supportClasses_.contains(c.value(QStringLiteral("predicted")).toString()));
      QCOMPARE(c.value(QStringLiteral("probabilities")).toObject().size(), 5);
      const QJsonArray views = c.value(QStringLiteral("views")).toArray();
      QVERIFY(!views.isEmpty());
      const QJsonObject v = views[0].toObject();
      QVERIFY(v.value(QStringLiteral("modality")).toString() == QLatin1String("face") ||
              v.value(QStringLiteral("modality")).toString() == QLatin1String("voice"));
      QVERIFY(v.value(QStringLiteral("end_s")).toDouble() > v.value(QStringLiteral("start_s")).toDouble());
      const QJsonObject terms = v.value(QStringLiteral("terms")).toObject();
      QCOMPARE(terms.size(), 5);
      const QJsonObject t = terms.begin().value().toObject();
      for (const char* k : {"low", "medium", "high"}) {
        const double m = t.value(QString::fromUtf8(k)).toDouble(-1);
        QVERIFY2(m >= 0 && m <= 1, k);
      }
      // The fuzzy rules' firing strengths for this view (16 rules by default), a distribution.
      const QJsonArray firing = v.value(QStringLiteral("rule_firing")).toArray();
      QCOMPARE(firing.size(), 16);
      double total = 0;
      for (const QJsonValue& f : firing) {
        QVERIFY(f.toDouble(-1) >= 0);
        total += f.toDouble();
      }
      QVERIFY(std::abs(total - 1) < 1e-6);
    }
  }

  void predictNeedsAnAdaptedModel() {
    requireModel();
    expectFailure({QStringLiteral("predict"), QStringLiteral("--model"), model_, QStringLiteral("--data"), query_}, 2, {model_});
  }

  void modelThatDoesNotFitTheData() {
    requireModel();
    expectFailure({QStringLiteral("adapt"), QStringLiteral("--model"), model_, QStringLiteral("--support"), mismatch_,
                   QStringLiteral("--out"), tmp("never.stf2m")},
                  2, {model_, mismatch_});
    QVERIFY(!QFileInfo::exists(tmp("never.stf2m")));
    if (QFileInfo::exists(adapted_))
      expectFailure({QStringLiteral("predict"), QStringLiteral("--model"), adapted_, QStringLiteral("--data"), mismatch_, QStringLiteral("--csv")},
                    2, {adapted_, mismatch_});
    expectFailure({QStringLiteral("eval"), QStringLiteral("--data"), mismatch_, QStringLiteral("--model"), model_, QStringLiteral("--episodes"), QStringLiteral("2")},
                  2, {model_, mismatch_});
  }
};

QTEST_GUILESS_MAIN(TestCliModel)
#include "test_cli_model.moc"
