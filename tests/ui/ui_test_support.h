#pragma once
// Shared set-up for the UI test programs: offscreen platform, fixed English locale, QSettings and
// QStandardPaths redirected to test locations, fixtures found through STF2M_FIXTURES.
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QString>
#include <QtTest>

namespace stf2m::test {

// Absolute path of fixture `name`, or an empty string when STF2M_FIXTURES is unset.
inline QString fixturePath(const char* name) {
  const QString dir = qEnvironmentVariable("STF2M_FIXTURES");
  if (dir.isEmpty()) return {};
  return QDir(dir).absoluteFilePath(QString::fromUtf8(name));
}

inline bool fixtureExists(const char* name) {
  const QString path = fixturePath(name);
  return !path.isEmpty() && QFileInfo::exists(path);
}

}  // namespace stf2m::test

// Fails the test function (not the program) when a fixture the test depends on is missing.
#define STF2M_REQUIRE_FIXTURE(name)                                                                   \
  do {                                                                                                \
    if (!stf2m::test::fixtureExists(name))                                                            \
      QFAIL(qPrintable(QStringLiteral("fixture %1 not found; set STF2M_FIXTURES (see "                \
                                      "tests/fixtures/make_media_fixtures.sh)")                       \
                           .arg(QString::fromUtf8(name))));                                           \
  } while (false)

// A main() that pins everything a GUI test must not inherit from the machine it runs on.
#define STF2M_UI_TEST_MAIN(TestClass)                                                                 \
  int main(int argc, char** argv) {                                                                   \
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");      \
    QStandardPaths::setTestModeEnabled(true);                                                         \
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));                            \
    QApplication app(argc, argv);                                                                     \
    QApplication::setOrganizationName(QStringLiteral("ST-F2M"));                                      \
    /* settings of its own: test binaries run side by side (ctest -j) and each clears its own */      \
    QApplication::setApplicationName(QStringLiteral("stf2m-studio-tests-" #TestClass));               \
    QApplication::setApplicationDisplayName(QStringLiteral("ST-F2M Studio"));                         \
    QSettings().clear(); /* test-mode settings: start every run from defaults */                     \
    TestClass test;                                                                                   \
    return QTest::qExec(&test, argc, argv);                                                           \
  }
