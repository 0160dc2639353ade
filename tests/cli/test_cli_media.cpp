// The `stf2m` CLI's media commands, run as a child process (path in $STF2M_CLI):
//   stf2m probe FILE                 -> JSON on stdout, exit 0
//   stf2m media-hash FILE            -> `index,pts_seconds,md5` per frame = ffmpeg's framemd5
//   stf2m media-hash FILE --at T,..  -> one line per time, the frame displayed then
//   errors: bad file -> exit 2 and one `error: ...` line on stderr naming the file;
//           usage (unknown subcommand, missing argument) -> exit 1; never output on stdout.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

#include <cmath>

#include "support/media_test_support.h"

using namespace stf2m::test;

namespace {

struct HashLine {
  qint64 index = -1;
  double seconds = 0;
  QString md5;
};

// Parses media-hash output. Blank lines, `#` comments and one `index,pts_seconds,md5` header
// are allowed; everything else must be a well-formed line.
bool parseHashLines(const QByteArray& out, QVector<HashLine>* lines, QString* why) {
  lines->clear();
  for (const QByteArray& raw : out.split('\n')) {
    const QString line = QString::fromUtf8(raw).trimmed();
    if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line == QLatin1String("index,pts_seconds,md5"))
      continue;
    const QStringList f = line.split(QLatin1Char(','));
    bool ok1 = false, ok2 = false;
    HashLine h;
    if (f.size() == 3) {
      h.index = f[0].toLongLong(&ok1);
      h.seconds = f[1].toDouble(&ok2);
      h.md5 = f[2];
    }
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{32}$"));
    if (!ok1 || !ok2 || !hex.match(h.md5).hasMatch()) {
      *why = QStringLiteral("malformed media-hash line: '%1'").arg(line);
      return false;
    }
    lines->push_back(h);
  }
  return true;
}

}  // namespace

class TestCliMedia : public QObject {
  Q_OBJECT

  QString cli_;

  ProcessResult stf2m(const QStringList& args) { return runProcess(cli_, args, 120000); }

  // Exit code `code`, nothing on stdout, exactly one stderr line "error: ..." naming `name`
  // (for exit code 2), or at least some explanation on stderr (usage errors).
  // Usage errors (exit 1) may print the usage text; failures (exit 2) are one line naming `name`.
  void expectFailure(const QStringList& args, int code, const QString& name) {
    const QString problem = cliFailureProblem(stf2m(args), QStringLiteral("stf2m ") + args.join(QLatin1Char(' ')), code,
                                              code == 2, name.isEmpty() ? QStringList{} : QStringList{name});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

 private Q_SLOTS:
  void initTestCase() {
    QString why;
    QVERIFY2(fixturesReady(&why), qPrintable(why));
    cli_ = qEnvironmentVariable("STF2M_CLI");
    QVERIFY2(!cli_.isEmpty(), "STF2M_CLI is not set");
    QVERIFY2(QFileInfo(cli_).isExecutable(), qPrintable(cli_ + QStringLiteral(" is not an executable")));
    QVERIFY2(!ffmpegExecutable().isEmpty(), "ffmpeg is not on PATH");
  }

  void probePrintsJson_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("streams");
    QTest::newRow("h264_aac.mp4") << QStringLiteral("h264_aac.mp4") << 2;
    QTest::newRow("vp9_opus.webm") << QStringLiteral("vp9_opus.webm") << 2;
    QTest::newRow("audio_only.m4a") << QStringLiteral("audio_only.m4a") << 1;
    QTest::newRow("rotated.mp4") << QStringLiteral("rotated.mp4") << 1;
  }
  void probePrintsJson() {
    QFETCH(QString, file);
    QFETCH(int, streams);
    const QString path = fixturePath(file);
    const ProcessResult r = stf2m({QStringLiteral("probe"), path});
    QVERIFY2(r.finished && !r.crashed && r.exitCode == 0, qPrintable(r.describe()));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &err);
    QVERIFY2(err.error == QJsonParseError::NoError,
             qPrintable(err.errorString() + QStringLiteral(" in:\n") + QString::fromUtf8(r.out.left(500))));
    QVERIFY(doc.isObject());
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QStringLiteral("path")).toString(), path);
    QCOMPARE(int(o.value(QStringLiteral("streams")).toArray().size()), streams);
    QVERIFY(o.value(QStringLiteral("duration")).toDouble() > 1.0);
    if (file == QLatin1String("rotated.mp4"))
      QCOMPARE(o.value(QStringLiteral("streams")).toArray().at(0).toObject().value(QStringLiteral("rotation")).toInt(), 90);
  }

  void mediaHashEqualsFramemd5_data() {
    QTest::addColumn<QString>("file");
    for (const char* f : {"h264_aac.mp4", "vp9_opus.webm", "vfr.mkv", "mjpeg_pcm.avi", "odd_641x479.mkv"})
      QTest::newRow(f) << QString::fromLatin1(f);
  }
  void mediaHashEqualsFramemd5() {
    QFETCH(QString, file);
    const QString path = fixturePath(file);
    FrameMd5List ff;
    QString why;
    QVERIFY2(ffmpegFrameMd5(path, &ff, &why), qPrintable(why));
    const ProcessResult r = stf2m({QStringLiteral("media-hash"), path});
    QVERIFY2(r.finished && !r.crashed && r.exitCode == 0, qPrintable(r.describe()));
    QVector<HashLine> lines;
    QVERIFY2(parseHashLines(r.out, &lines, &why), qPrintable(why));
    QCOMPARE(lines.size(), ff.frames.size());
    double minInterval = 1.0;
    for (int i = 1; i < ff.frames.size(); ++i) minInterval = std::min(minInterval, ff.time(i) - ff.time(i - 1));
    double maxDt = 0;
    for (int i = 0; i < lines.size(); ++i) {
      QCOMPARE(lines[i].index, qint64(i));
      QVERIFY2(lines[i].md5 == ff.frames[i].hash,
               qPrintable(QStringLiteral("frame %1: %2, ffmpeg %3").arg(i).arg(lines[i].md5, ff.frames[i].hash)));
      const double dt = std::abs(lines[i].seconds - ff.time(i));
      maxDt = std::max(maxDt, dt);
      QVERIFY2(dt <= minInterval / 2,
               qPrintable(QStringLiteral("frame %1: %2 s, ffmpeg %3 s").arg(i).arg(lines[i].seconds).arg(ff.time(i))));
    }
    qInfo("%s: %d lines equal ffmpeg's framemd5, max |t - t_ffmpeg| = %.6f s", qPrintable(file),
          int(lines.size()), maxDt);
  }

  void mediaHashAt_data() {
    QTest::addColumn<QString>("file");
    for (const char* f : {"h264_aac.mp4", "vfr.mkv", "mjpeg_pcm.avi"}) QTest::newRow(f) << QString::fromLatin1(f);
  }
  void mediaHashAt() {
    QFETCH(QString, file);
    const QString path = fixturePath(file);
    FrameMd5List ff;
    QString why;
    QVERIFY2(ffmpegFrameMd5(path, &ff, &why), qPrintable(why));
    const ProcessResult r = stf2m({QStringLiteral("media-hash"), path, QStringLiteral("--at"), QStringLiteral("0,0.5,1.234")});
    QVERIFY2(r.finished && !r.crashed && r.exitCode == 0, qPrintable(r.describe()));
    QVector<HashLine> lines;
    QVERIFY2(parseHashLines(r.out, &lines, &why), qPrintable(why));
    QCOMPARE(lines.size(), qsizetype(3));
    const double at[] = {0.0, 0.5, 1.234};
    for (int k = 0; k < 3; ++k) {
      const int want = ff.indexAt(at[k]);  // the frame displayed at that time
      QVERIFY(want >= 0);
      QVERIFY2(lines[k].index == want,
               qPrintable(QStringLiteral("--at %1: index %2, expected %3").arg(at[k]).arg(lines[k].index).arg(want)));
      QCOMPARE(lines[k].md5, ff.frames[want].hash);
      QVERIFY2(std::abs(lines[k].seconds - ff.time(want)) < 0.001,
               qPrintable(QStringLiteral("--at %1: %2 s, frame time %3 s").arg(at[k]).arg(lines[k].seconds).arg(ff.time(want))));
    }
  }

  void fileErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("name");
    const QString missing = fixturePath(QStringLiteral("no_such_clip.mp4"));
    const QString garbage = fixturePath(QStringLiteral("garbage.bin"));
    const QString text = fixturePath(QStringLiteral("notes.txt"));
    const QString nomoov = fixturePath(QStringLiteral("truncated_nomoov.mp4"));
    QTest::newRow("probe missing") << QStringList{QStringLiteral("probe"), missing} << QStringLiteral("no_such_clip.mp4");
    QTest::newRow("probe garbage") << QStringList{QStringLiteral("probe"), garbage} << QStringLiteral("garbage.bin");
    QTest::newRow("probe text") << QStringList{QStringLiteral("probe"), text} << QStringLiteral("notes.txt");
    QTest::newRow("probe nomoov") << QStringList{QStringLiteral("probe"), nomoov} << QStringLiteral("truncated_nomoov.mp4");
    QTest::newRow("media-hash missing") << QStringList{QStringLiteral("media-hash"), missing} << QStringLiteral("no_such_clip.mp4");
    QTest::newRow("media-hash garbage") << QStringList{QStringLiteral("media-hash"), garbage} << QStringLiteral("garbage.bin");
    QTest::newRow("media-hash --at garbage")
        << QStringList{QStringLiteral("media-hash"), garbage, QStringLiteral("--at"), QStringLiteral("0")} << QStringLiteral("garbage.bin");
    QTest::newRow("media-hash audio only")
        << QStringList{QStringLiteral("media-hash"), fixturePath(QStringLiteral("audio_only.m4a"))} << QStringLiteral("audio_only.m4a");
  }
  void fileErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, name);
    expectFailure(args, 2, name);
  }

  void usageErrors_data() {
    QTest::addColumn<QStringList>("args");
    const QString ok = fixturePath(QStringLiteral("h264_aac.mp4"));
    QTest::newRow("no arguments") << QStringList{};
    QTest::newRow("unknown subcommand") << QStringList{QStringLiteral("frobnicate"), ok};
    QTest::newRow("probe without file") << QStringList{QStringLiteral("probe")};
    QTest::newRow("media-hash without file") << QStringList{QStringLiteral("media-hash")};
    QTest::newRow("--at without value") << QStringList{QStringLiteral("media-hash"), ok, QStringLiteral("--at")};
  }
  void usageErrors() {
    QFETCH(QStringList, args);
    expectFailure(args, 1, QString());
  }
};

QTEST_GUILESS_MAIN(TestCliMedia)
#include "test_cli_media.moc"
