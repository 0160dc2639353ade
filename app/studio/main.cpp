// stf2m-studio: the desktop application. Sets up the application identity, LibTorch's threads
// and device, the translation for the user's language, then shows the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include <memory>
#include <thread>

#include "common/error.h"
#include "screenshot_mode.h"
#include "session_modes.h"
#include "ui/main_window.h"
#include "ui/project_location.h"

#ifdef STF2M_HAVE_COMPUTE
#include "compute/compute.h"
#endif

namespace {

// The language has to be known before the parser's own (translated) help texts are created,
// so --lang is picked out of the raw arguments first.
QString languageArgument(const QStringList& arguments) {
  for (qsizetype i = 1; i < arguments.size(); ++i) {
    const QString& argument = arguments[i];
    if (argument == QLatin1String("--lang") && i + 1 < arguments.size()) return arguments[i + 1];
    if (argument.startsWith(QLatin1String("--lang="))) return argument.mid(7);
  }
  return {};
}

void installTranslations(QApplication& app, const QLocale& locale) {
  // Our strings, compiled from translations/*.ts into the executable (":/i18n").
  // Without a match (a "C" locale, a language we have no translation for) the English file
  // still supplies the plural forms ("1 thread", "2 threads").
  auto* own = new QTranslator(&app);
  if (own->load(locale, QStringLiteral("stf2m_studio"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
      own->load(QStringLiteral(":/i18n/stf2m_studio_en.qm")))
    QCoreApplication::installTranslator(own);
  // Qt's own strings (dialog buttons, file dialog) when the distribution ships them.
  auto* qt = new QTranslator(&app);
  if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
}

struct ComputeDescription {
  QString text;
  QString details;
};

ComputeDescription configureComputeFromSettings() {
#ifdef STF2M_HAVE_COMPUTE
  namespace compute = stf2m::compute;
  const QSettings settings;
  compute::ComputeSettings request;
  // 0 = one LibTorch thread per hardware thread; "compute/threads" lets a user leave cores free,
  // and STF2M_THREADS (as for the CLI) overrides both for one run.
  request.threads = settings.value(QStringLiteral("compute/threads"), 0).toInt();
  bool fromEnvironment = false;
  const int environmentThreads = qEnvironmentVariableIntValue("STF2M_THREADS", &fromEnvironment);
  if (fromEnvironment && environmentThreads > 0) request.threads = environmentThreads;
  if (request.threads <= 0) request.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  QString warning;
  try {
    request.device = compute::parseDevicePreference(
        settings.value(QStringLiteral("compute/device"), QStringLiteral("auto")).toString().toStdString());
  } catch (const stf2m::Error& error) {
    warning = QString::fromStdString(error.what());
  }
  compute::ComputeInfo info;
  try {
    info = compute::configureCompute(request);
  } catch (const stf2m::Error& error) {
    // CUDA asked for in the settings but absent: run on the CPU and say so.
    warning = QString::fromStdString(error.what());
    request.device = compute::DevicePreference::Cpu;
    info = compute::configureCompute(request);
  }
  const bool gpu = info.device.rfind("cuda", 0) == 0;
  ComputeDescription description;
  description.text = gpu ? QApplication::translate("main", "GPU · %n thread(s)", nullptr, info.threads)
                         : QApplication::translate("main", "CPU · %n thread(s)", nullptr, info.threads);
  description.details = QApplication::translate("main", "Device: %1 (%2)\nLibTorch %3, CUDA available: %4")
                            .arg(QString::fromStdString(info.device), QString::fromStdString(info.deviceName),
                                 QString::fromStdString(info.torchVersion),
                                 info.cudaAvailable ? QApplication::translate("main", "yes")
                                                    : QApplication::translate("main", "no"));
  if (!warning.isEmpty()) description.details += QLatin1Char('\n') + warning;
  return description;
#else
  return {QApplication::translate("main", "not built"),
          QApplication::translate("main", "This build has no LibTorch compute module.")};
#endif
}

}  // namespace

int main(int argc, char** argv) {
  // QGuiApplication takes "-session"/"--session" for X11 session management and removes it from
  // the arguments; ours (a project's session id) is renamed before Qt sees it.
  std::vector<std::string> renamed;
  renamed.reserve(size_t(argc));  // argv keeps pointers into it: no reallocation
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--session") == 0 || std::strncmp(argv[i], "--session=", 10) == 0) {
      renamed.push_back(std::string("--session-id") + (argv[i] + 9));
      argv[i] = renamed.back().data();
    }
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("ST-F2M"));
  QApplication::setApplicationName(QStringLiteral("stf2m-studio"));
  QApplication::setApplicationDisplayName(QStringLiteral("ST-F2M Studio"));
  QApplication::setApplicationVersion(QStringLiteral(STF2M_VERSION));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/stf2m-studio.svg")));

  const QString language = languageArgument(QApplication::arguments());
  QLocale locale = QLocale::system();
  if (!language.isEmpty()) {
    locale = QLocale(language);
    QLocale::setDefault(locale);  // numbers and dates follow the chosen language too
  }
  installTranslations(app, locale);

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QApplication::translate("main", "Fine-grained emotion recognition from multimodal session videos."));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption screenshotOption(
      QStringLiteral("screenshot"),
      QApplication::translate("main", "Save the window as PNG once the first frame of FILE is shown (with --project "
                                      "and --session: once the session's stored predictions are drawn), then quit "
                                      "(exit code 1 when it cannot be opened or nothing is shown within 60 s)."),
      QApplication::translate("main", "png"));
  const QCommandLineOption languageOption(
      QStringLiteral("lang"), QApplication::translate("main", "User interface language, e.g. de or en."),
      QApplication::translate("main", "language"));
  const QCommandLineOption projectOption(
      QStringLiteral("project"), QApplication::translate("main", "Open this project: a .stf2m file, or postgresql://user@host[:port]/db on a team server."),
      QApplication::translate("main", "project"));
  const QCommandLineOption sessionOption(
      QStringList{QStringLiteral("session"), QStringLiteral("session-id")}, QApplication::translate("main", "Show this session of the project (its id)."),
      QApplication::translate("main", "id"));
  const QCommandLineOption panelOption(
      QStringLiteral("panel"),
      QApplication::translate("main", "With --screenshot and a session: heatmap, curves, timeline, subject, suggestions, agreement, rules or all (the window)."),
      QApplication::translate("main", "panel"), QStringLiteral("all"));
  const QCommandLineOption compareOption(
      QStringLiteral("compare"),
      QApplication::translate("main", "With --session: draw this model's curves (its id in the project) dashed beside the shown model's."),
      QApplication::translate("main", "model"));
  const QCommandLineOption lagOption(
      QStringLiteral("measure-lag"),
      QApplication::translate("main", "Analyse the session of --project and --session in the background, sample the "
                                      "event loop's lateness every 10 ms until it ends, print the figures as JSON and "
                                      "quit."));
  parser.addOption(screenshotOption);
  parser.addOption(languageOption);
  parser.addOption(projectOption);
  parser.addOption(sessionOption);
  parser.addOption(panelOption);
  parser.addOption(compareOption);
  const QCommandLineOption openOption(
      QStringLiteral("measure-open"),
      QApplication::translate("main", "Open the project of --project, show the session of --session, print how long "
                                      "each took as JSON and quit."));
  parser.addOption(lagOption);
  parser.addOption(openOption);
  parser.addPositionalArgument(QApplication::translate("main", "file"),
                               QApplication::translate("main", "Video file to open."),
                               QApplication::translate("main", "[file]"));
  parser.process(app);

  const QStringList files = parser.positionalArguments();
  const bool screenshot = parser.isSet(screenshotOption);
  const bool measureLag = parser.isSet(lagOption);
  const bool measureOpen = parser.isSet(openOption);
  const QString projectPath = parser.value(projectOption);
  bool sessionOk = false;
  const qint64 sessionId = parser.value(sessionOption).toLongLong(&sessionOk);
  const bool sessionMode = !projectPath.isEmpty() && parser.isSet(sessionOption);
  if (parser.isSet(sessionOption) && (!sessionOk || sessionId <= 0)) {
    std::fprintf(stderr, "stf2m-studio: --session needs a session id (a positive number), not '%s'\n",
                 qPrintable(parser.value(sessionOption)));
    return 1;
  }
  if ((measureLag || measureOpen || (screenshot && files.isEmpty())) && !sessionMode) {
    std::fprintf(stderr, "stf2m-studio: %s needs a file to open, or --project and --session\n",
                 measureLag ? "--measure-lag" : measureOpen ? "--measure-open" : "--screenshot");
    return 1;
  }
  bool compareOk = true;
  const qint64 compareId = parser.isSet(compareOption) ? parser.value(compareOption).toLongLong(&compareOk) : 0;
  if (!compareOk || compareId < 0 || (parser.isSet(compareOption) && !sessionMode)) {
    std::fprintf(stderr, "stf2m-studio: --compare needs --project, --session and a model id (a positive number), not '%s'\n",
                 qPrintable(parser.value(compareOption)));
    return 1;
  }
  if (!stf2m::studio::SessionScreenshot::isPanelName(parser.value(panelOption))) {
    std::fprintf(stderr, "stf2m-studio: --panel is one of heatmap, curves, timeline, subject, suggestions, agreement, rules, all; not '%s'\n",
                 qPrintable(parser.value(panelOption)));
    return 1;
  }

  const ComputeDescription compute = configureComputeFromSettings();

  stf2m::ui::MainWindow window;
  window.setComputeDescription(compute.text, compute.details);
  std::unique_ptr<QObject> batchMode;
  stf2m::studio::OpenMeter* openMeter = nullptr;
  if (measureOpen)
    batchMode.reset(openMeter = new stf2m::studio::OpenMeter(&window, sessionId));
  else if (measureLag)
    batchMode = std::make_unique<stf2m::studio::LagMeter>(&window);
  else if (screenshot && sessionMode)
    batchMode = std::make_unique<stf2m::studio::SessionScreenshot>(&window, parser.value(screenshotOption),
                                                                   parser.value(panelOption), 60000);
  else if (screenshot)
    batchMode = std::make_unique<stf2m::studio::ScreenshotMode>(&window, parser.value(screenshotOption), 60000);
  if (screenshot && sessionMode) window.resize(1600, 1200);
  window.show();
  if (openMeter) {
    openMeter->start(stf2m::ui::canonicalProjectLocation(projectPath));
  } else if (!projectPath.isEmpty()) {
    window.openProject(stf2m::ui::canonicalProjectLocation(projectPath));
    if (sessionMode)
      QObject::connect(&window, &stf2m::ui::MainWindow::projectOpened, &window,
                       [&window, sessionId, compareId] { window.showSession(sessionId, compareId); });
  } else if (!files.isEmpty()) {
    window.openFile(QDir::current().absoluteFilePath(files.constFirst()));
  }
  return QApplication::exec();
}
