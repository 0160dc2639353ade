// `stf2m --help` and `stf2m COMMAND --help` (CLI11): every command has help with its options
// described, and the command list agrees with the README's CLI reference (the lines starting
// with "stf2m " in its code blocks), in both directions.
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

#include "support/media_test_support.h"

using namespace stf2m::test;

namespace {

// The subcommand names a CLI11 help text lists ("Subcommands:" section, one per line).
QStringList subcommandsIn(const QString& help) {
  QStringList names;
  bool inSection = false;
  for (const QString& line : help.split(QLatin1Char('\n'))) {
    if (line.trimmed().compare(QLatin1String("Subcommands:"), Qt::CaseInsensitive) == 0) {
      inSection = true;
      continue;
    }
    if (!inSection) continue;
    if (line.trimmed().isEmpty()) break;
    if (line.startsWith(QLatin1String("  ")) && !line.startsWith(QLatin1String("     ")))
      names << line.trimmed().section(QLatin1Char(' '), 0, 0);
  }
  return names;
}

}  // namespace

class TestCliHelp : public QObject {
  Q_OBJECT

  QString cli_;
  QSet<QString> groups_;    // commands that only hold subcommands: bench, model, project
  QSet<QString> commands_;  // "probe", "bench decode", "project init", ...
  QHash<QString, QString> helps_;  // the help texts read so far, by command

  // The help of `command` (words joined by spaces), read once.
  QString helpOf(const QString& command) {
    if (!helps_.contains(command)) helps_.insert(command, help(command.split(QLatin1Char(' '), Qt::SkipEmptyParts)));
    return helps_.value(command);
  }

  QString help(const QStringList& command) {
    const ProcessResult r = runProcess(cli_, command + QStringList{QStringLiteral("--help")}, 60000);
    if (!r.finished || r.exitCode != 0) {
      QTest::qFail(qPrintable(QStringLiteral("%1 --help: %2").arg(command.join(QLatin1Char(' ')), r.describe())), __FILE__,
                   __LINE__);
      return {};
    }
    return QString::fromUtf8(r.out);
  }

 private Q_SLOTS:
  void initTestCase() {
    cli_ = qEnvironmentVariable("STF2M_CLI");
    QVERIFY2(QFileInfo(cli_).isExecutable(), "STF2M_CLI is not set to the stf2m executable");
    for (const QString& top : subcommandsIn(helpOf({}))) {
      const QStringList subs = subcommandsIn(helpOf(top));
      if (subs.isEmpty()) {
        commands_ << top;
        continue;
      }
      groups_ << top;
      for (const QString& sub : subs) commands_ << top + QLatin1Char(' ') + sub;
    }
    QVERIFY2(commands_.size() >= 20, qPrintable(QStringList(commands_.values()).join(QLatin1String(", "))));
  }

  void everyCommandDescribesItsOptions() {
    for (const QString& command : commands_) {
      const QString text = helpOf(command);
      QVERIFY2(text.contains(QLatin1String("Usage:"), Qt::CaseInsensitive), qPrintable(command));
      // Every option has a description: after its name and type on the same line, or (when
      // those are long) on the next, deeper indented line.
      const QStringList lines = text.split(QLatin1Char('\n'));
      int options = 0;
      for (int i = 0; i < lines.size(); ++i) {
        if (!lines[i].startsWith(QLatin1String("  --"))) continue;
        ++options;
        const bool sameLine = lines[i].trimmed().contains(QRegularExpression(QStringLiteral("\\S\\s{2,}\\S")));
        const bool nextLine = i + 1 < lines.size() && lines[i + 1].startsWith(QLatin1String("          ")) &&
                              !lines[i + 1].trimmed().isEmpty();
        QVERIFY2(sameLine || nextLine, qPrintable(command + QStringLiteral(": option without a description: ") + lines[i]));
      }
      QVERIFY2(options > 0 || command == QLatin1String("probe") || command == QLatin1String("model card") ||
                   command == QLatin1String("model upgrade") ||
                   command == QLatin1String("project sessions") || command == QLatin1String("project check-media"),
               qPrintable(command + QStringLiteral(": no options listed")));
    }
  }

  void readmeListsExactlyTheCommands() {
    QFile readme(QStringLiteral(STF2M_SOURCE_DIR "/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    QSet<QString> documented;
    bool inCode = false;
    for (const QString& line : QString::fromUtf8(readme.readAll()).split(QLatin1Char('\n'))) {
      if (line.startsWith(QLatin1String("```"))) {
        inCode = !inCode;
        continue;
      }
      if (!inCode || !line.startsWith(QLatin1String("stf2m "))) continue;
      const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
      if (words.size() < 2 || words[1].startsWith(QLatin1Char('-'))) continue;
      documented << (groups_.contains(words[1]) && words.size() > 2 ? words[1] + QLatin1Char(' ') + words[2] : words[1]);
    }
    const QSet<QString> missing = commands_ - documented, unknown = documented - commands_;
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("in --help but not in the README: ") + QStringList(missing.values()).join(QLatin1String(", "))));
    QVERIFY2(unknown.isEmpty(), qPrintable(QStringLiteral("in the README but not in --help: ") + QStringList(unknown.values()).join(QLatin1String(", "))));
  }

  // The usage contract: no command is a usage error (exit 1, one "error:" line, stdout empty);
  // --version prints the version.
  void contract() {
    const ProcessResult none = runProcess(cli_, {}, 60000);
    QCOMPARE(none.exitCode, 1);
    QVERIFY(none.out.isEmpty());
    const ProcessResult bad = runProcess(cli_, {QStringLiteral("eval"), QStringLiteral("--ways"), QStringLiteral("1")}, 60000);
    QCOMPARE(bad.exitCode, 1);
    QVERIFY(bad.out.isEmpty());
    const QStringList lines = QString::fromUtf8(bad.err).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines[0].startsWith(QLatin1String("error: eval: --ways")), qPrintable(lines[0]));
    const ProcessResult version = runProcess(cli_, {QStringLiteral("--version")}, 60000);
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("stf2m "));
  }
};

QTEST_GUILESS_MAIN(TestCliHelp)
#include "test_cli_help.moc"
