// Data-parallel meta-training through the `stf2m` CLI (path in $STF2M_CLI), on 127.0.0.1
// (issue 24, docs/distributed.md):
//   - 2 ranks end with the same weights, and equal to 1 rank on the same seed, bit for bit (the
//     per-episode gradient sum, model/meta_batch_gradients.h), at one thread per rank;
//   - a rank killed with SIGKILL makes the other stop with one error line within its timeout;
//   - `--nproc 2` names the rank that failed and stops the other;
//   - a run killed after a checkpoint and started again with --resume ends with the weights of
//     a run never stopped, on 2 ranks and on 1.
// Every rank runs with STF2M_THREADS=1. The dataset is the default synthetic benchmark.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/media_test_support.h"

using namespace stf2m::test;

namespace {

// Iterations and checkpoints of the runs below: long enough that a kill lands mid-run.
constexpr int kIterations = 40;
constexpr int kCheckpointEvery = 10;

QJsonObject summaryOf(const QByteArray& out) { return QJsonDocument::fromJson(out).object(); }

// A port on 127.0.0.1 that nothing listens on now (0 when none could be found).
int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

// The children of `pid` (Linux /proc).
QList<qint64> childrenOf(qint64 pid) {
  QFile f(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
  QList<qint64> out;
  if (!f.open(QIODevice::ReadOnly)) return out;
  for (const QByteArray& word : f.readAll().simplified().split(' '))
    if (!word.isEmpty()) out << word.toLongLong();
  return out;
}

// The RANK variable a process was started with, -1 when it has none.
int rankOf(qint64 pid) {
  QFile f(QStringLiteral("/proc/%1/environ").arg(pid));
  if (!f.open(QIODevice::ReadOnly)) return -1;
  for (const QByteArray& entry : f.readAll().split('\0'))
    if (entry.startsWith("RANK=")) return entry.mid(5).toInt();
  return -1;
}

// Waits until the process's stderr so far contains `text`, collecting it into `seen`.
bool waitForText(QProcess& p, const QByteArray& text, QByteArray* seen, int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeoutMs) {
    p.waitForReadyRead(200);
    *seen += p.readAllStandardError();
    if (seen->contains(text)) return true;
    if (p.state() == QProcess::NotRunning) return false;
  }
  return false;
}

}  // namespace

class TestCliDistributed : public QObject {
  Q_OBJECT

  QString cli_;
  QTemporaryDir tmp_;
  QString data_, config_;

  QString tmp(const QString& name) const { return tmp_.filePath(name); }

  QStringList trainArgs(const QString& out, int nproc, bool resume = false) const {
    QStringList a{QStringLiteral("train"), QStringLiteral("--data"), data_, QStringLiteral("--out"), out,
                  QStringLiteral("--config"), config_, QStringLiteral("--seed"), QStringLiteral("7"),
                  QStringLiteral("--nproc"), QString::number(nproc)};
    if (resume) a << QStringLiteral("--resume");
    return a;
  }

  // Runs a training to its end and returns its summary; fails the test otherwise.
  QJsonObject train(const QStringList& args) {
    const ProcessResult r = runProcess(cli_, args, 300000);
    if (!(r.started && r.finished && !r.crashed && r.exitCode == 0)) {
      QTest::qFail(qPrintable(QStringLiteral("stf2m ") + args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.describe()),
                   __FILE__, __LINE__);
      return {};
    }
    return summaryOf(r.out);
  }

  // A rank started by hand, as torchrun would: RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT.
  void startRank(QProcess& p, int rank, int world, int port, const QStringList& args) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RANK"), QString::number(rank));
    env.insert(QStringLiteral("WORLD_SIZE"), QString::number(world));
    env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
    env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(cli_, args);
    QVERIFY(p.waitForStarted(30000));
  }

  QString uninterrupted_;  // weights_sha256 of the uninterrupted runs (1 rank and 2)

 private Q_SLOTS:
  void initTestCase() {
    cli_ = qEnvironmentVariable("STF2M_CLI");
    QVERIFY2(!cli_.isEmpty(), "STF2M_CLI is not set");
    QVERIFY(tmp_.isValid());
    qputenv("STF2M_THREADS", "1");
    data_ = tmp(QStringLiteral("synth"));
    const ProcessResult synth = runProcess(cli_, {QStringLiteral("synth"), QStringLiteral("--out"), data_}, 120000);
    QVERIFY2(synth.exitCode == 0, qPrintable(synth.describe()));
    config_ = tmp(QStringLiteral("config.json"));
    QFile f(config_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral(R"({"iterations": %1, "meta_batch": 4, "validate_every": 20, "validation_episodes": 6,
                               "checkpoint_every": %2})")
                .arg(kIterations)
                .arg(kCheckpointEvery)
                .toUtf8());
  }

  // Two ranks started by hand, as torchrun starts them (each prints its own summary), end with
  // the same weights, equal bit for bit to one process's on the same seed; rank 0 alone writes
  // the model. (--nproc runs to the end in killAndResumeEqualsUninterrupted.)
  void twoRanksEqualOneRank() {
    const QJsonObject one = train(trainArgs(tmp(QStringLiteral("one.stf2m")), 1));
    QCOMPARE(one.value(QStringLiteral("ranks")).toInt(), 1);
    const QString digest = one.value(QStringLiteral("weights_sha256")).toString();
    QCOMPARE(digest.size(), 64);

    const int port = freePort();
    QVERIFY(port > 0);
    const QStringList args = trainArgs(tmp(QStringLiteral("two.stf2m")), 1);
    QProcess rank0, rank1;
    startRank(rank0, 0, 2, port, args);
    startRank(rank1, 1, 2, port, args);
    QVERIFY(rank0.waitForFinished(300000));
    QVERIFY(rank1.waitForFinished(300000));
    QVERIFY2(rank0.exitCode() == 0, rank0.readAllStandardError().constData());
    QVERIFY2(rank1.exitCode() == 0, rank1.readAllStandardError().constData());
    const QJsonObject s0 = summaryOf(rank0.readAllStandardOutput()), s1 = summaryOf(rank1.readAllStandardOutput());
    QCOMPARE(s0.value(QStringLiteral("rank")).toInt(), 0);
    QCOMPARE(s1.value(QStringLiteral("rank")).toInt(), 1);
    QCOMPARE(s0.value(QStringLiteral("ranks")).toInt(), 2);
    QCOMPARE(s0.value(QStringLiteral("weights_sha256")).toString(), digest);
    QCOMPARE(s1.value(QStringLiteral("weights_sha256")).toString(), digest);
    QCOMPARE(s0.value(QStringLiteral("validation_accuracy")).toDouble(), one.value(QStringLiteral("validation_accuracy")).toDouble());
    QVERIFY(QFileInfo::exists(tmp(QStringLiteral("two.stf2m"))));
    uninterrupted_ = digest;
  }

  // SIGKILL of rank 1 mid-run: rank 0 stops with one error line naming itself within its timeout.
  void killedRankStopsTheOther() {
    const int port = freePort();
    QStringList args = trainArgs(tmp(QStringLiteral("killed.stf2m")), 1);
    args << QStringLiteral("--iterations") << QStringLiteral("100000") << QStringLiteral("--peer-timeout")
         << QStringLiteral("10");
    QProcess rank0, rank1;
    startRank(rank0, 0, 2, port, args);
    startRank(rank1, 1, 2, port, args);
    QByteArray err;
    QVERIFY2(waitForText(rank0, "checkpoint", &err, 120000), err.constData());
    ::kill(pid_t(rank1.processId()), SIGKILL);
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(rank0.waitForFinished(30000), "rank 0 still runs 30 s after its peer was killed");
    rank1.waitForFinished(5000);
    err += rank0.readAllStandardError();
    QCOMPARE(rank0.exitCode(), 2);
    QList<QByteArray> errors;
    for (const QByteArray& line : err.split('\n'))
      if (line.startsWith("error:")) errors << line;
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0].contains("rank 0 of 2") && errors[0].contains("lost the other ranks"), errors[0].constData());
  }

  // The launcher names the rank that failed and stops the other.
  void launcherNamesTheFailedRank() {
    QStringList args = trainArgs(tmp(QStringLiteral("launched.stf2m")), 2);
    args << QStringLiteral("--iterations") << QStringLiteral("100000") << QStringLiteral("--peer-timeout")
         << QStringLiteral("10");
    QProcess launcher;
    launcher.setStandardInputFile(QProcess::nullDevice());
    launcher.start(cli_, args);
    QVERIFY(launcher.waitForStarted(30000));
    QByteArray err;
    QVERIFY2(waitForText(launcher, "checkpoint", &err, 120000), err.constData());
    qint64 victim = 0;
    for (const qint64 child : childrenOf(launcher.processId()))
      if (rankOf(child) == 1) victim = child;
    QVERIFY2(victim > 0, "no child with RANK=1");
    ::kill(pid_t(victim), SIGKILL);
    QVERIFY2(launcher.waitForFinished(30000), "the launcher still runs 30 s after rank 1 was killed");
    err += launcher.readAllStandardError();
    QCOMPARE(launcher.exitCode(), 2);
    QList<QByteArray> errors;
    for (const QByteArray& line : err.split('\n'))
      if (line.startsWith("error:")) errors << line;
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0].contains("rank 1 of 2 was killed by signal 9"), errors[0].constData());
    QTRY_VERIFY_WITH_TIMEOUT(childrenOf(launcher.processId()).isEmpty(), 5000);
  }

  // Killed after a checkpoint, then --resume: the weights of the uninterrupted run.
  void killAndResumeEqualsUninterrupted_data() {
    QTest::addColumn<int>("nproc");
    QTest::newRow("2 ranks") << 2;
    QTest::newRow("1 rank") << 1;
  }
  void killAndResumeEqualsUninterrupted() {
    QFETCH(int, nproc);
    QVERIFY(!uninterrupted_.isEmpty());
    const QString out = tmp(QStringLiteral("resumed%1.stf2m").arg(nproc));
    QProcess first;
    first.setStandardInputFile(QProcess::nullDevice());
    first.start(cli_, trainArgs(out, nproc));
    QVERIFY(first.waitForStarted(30000));
    QByteArray err;
    QVERIFY2(waitForText(first, "checkpoint", &err, 120000), err.constData());
    // Every process of the run at once, as a machine failure would.
    for (const qint64 child : childrenOf(first.processId())) ::kill(pid_t(child), SIGKILL);
    ::kill(pid_t(first.processId()), SIGKILL);
    first.waitForFinished(10000);
    QVERIFY(QFileInfo::exists(out + QStringLiteral(".checkpoint")));
    QVERIFY(!QFileInfo::exists(out));
    const QJsonObject resumed = train(trainArgs(out, nproc, true));
    QVERIFY2(resumed.value(QStringLiteral("start_iteration")).toInt() >= kCheckpointEvery,
             qPrintable(QString::number(resumed.value(QStringLiteral("start_iteration")).toInt())));
    QVERIFY(resumed.value(QStringLiteral("start_iteration")).toInt() < kIterations);
    QCOMPARE(resumed.value(QStringLiteral("weights_sha256")).toString(), uninterrupted_);
  }

  // The benchmark prints one row per world size, the first the reference (100 %).
  void benchPrintsEachWorldSize() {
    const ProcessResult r = runProcess(cli_, {QStringLiteral("bench"), QStringLiteral("train"), QStringLiteral("--nproc"),
                                              QStringLiteral("1,2"), QStringLiteral("--data"), data_,
                                              QStringLiteral("--iterations"), QStringLiteral("3"),
                                              QStringLiteral("--repeat"), QStringLiteral("1")},
                                       120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QStringList rows;
    for (const QString& line : QString::fromUtf8(r.out).split(QLatin1Char('\n'))) {
      const QStringList cells = line.simplified().split(QLatin1Char(' '));
      if (cells.size() == 5 && (cells[0] == QLatin1String("1") || cells[0] == QLatin1String("2"))) rows << line;
    }
    QCOMPARE(rows.size(), 2);
    QVERIFY2(rows[0].simplified().startsWith(QLatin1String("1 ")) && rows[0].contains(QLatin1String("100%")),
             qPrintable(rows[0]));
    QVERIFY2(rows[1].simplified().startsWith(QLatin1String("2 ")), qPrintable(rows[1]));
  }

  // Launcher variables that do not fit are one error line naming the variable.
  void badRankEnvironment() {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RANK"), QStringLiteral("1"));
    env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
    env.remove(QStringLiteral("MASTER_ADDR"));
    p.setProcessEnvironment(env);
    p.start(cli_, trainArgs(tmp(QStringLiteral("bad.stf2m")), 1));
    QVERIFY(p.waitForFinished(120000));
    QCOMPARE(p.exitCode(), 2);
    const QByteArray err = p.readAllStandardError().trimmed();
    QVERIFY2(err.startsWith("error: MASTER_ADDR") && !err.contains('\n'), err.constData());
  }
};

QTEST_GUILESS_MAIN(TestCliDistributed)
#include "test_cli_distributed.moc"
