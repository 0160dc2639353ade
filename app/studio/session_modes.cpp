#include "session_modes.h"

#include <QCoreApplication>
#include <QDir>
#include <QPixmap>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/analysis_jobs.h"
#include "ui/main_window.h"
#include "ui/review_panel.h"
#include "ui/agreement_panel.h"
#include "ui/rule_inspector.h"
#include "ui/subject_panel.h"
#include "ui/suggestions_panel.h"

namespace stf2m::studio {

namespace {

void quitWith(int exitCode, const QString& error) {
  if (!error.isEmpty()) std::fprintf(stderr, "stf2m-studio: %s\n", qPrintable(error));
  QCoreApplication::exit(exitCode);
}

double percentile(QVector<double> values, double p) {
  if (values.isEmpty()) return 0;
  std::sort(values.begin(), values.end());
  const qsizetype at = std::min(values.size() - 1, qsizetype(std::ceil(p * double(values.size())) - 1));
  return values[std::max<qsizetype>(0, at)];
}

}  // namespace

bool SessionScreenshot::isPanelName(const QString& panel) {
  return panel == QLatin1String("heatmap") || panel == QLatin1String("curves") || panel == QLatin1String("timeline") ||
         panel == QLatin1String("subject") || panel == QLatin1String("suggestions") ||
         panel == QLatin1String("agreement") || panel == QLatin1String("rules") || panel == QLatin1String("all");
}

SessionScreenshot::SessionScreenshot(ui::MainWindow* window, QString outputPath, QString panel, int timeoutMs, QObject* parent)
    : QObject(parent), window_(window), outputPath_(std::move(outputPath)), panel_(std::move(panel)) {
  connect(window_, &ui::MainWindow::sessionShown, this, [this] {
    sessionShown_ = true;
    if (panel_ == QLatin1String("subject")) window_->subjectPanel()->parentWidget()->raise();  // its dock's tab
    if (panel_ == QLatin1String("suggestions")) window_->suggestionsPanel()->parentWidget()->raise();
    if (panel_ == QLatin1String("agreement")) window_->agreementPanel()->parentWidget()->raise();
    if (panel_ == QLatin1String("rules")) window_->ruleInspector()->parentWidget()->raise();
    // The player opens the session's video; a session without one has no frame to wait for.
    expectFrame_ = window_->mediaController() && !window_->currentFile().isEmpty();
    grabWhenReady();
  });
  connect(window_, &ui::MainWindow::firstFrameDisplayed, this, [this] {
    frameShown_ = true;
    grabWhenReady();
  });
  connect(window_, &ui::MainWindow::errorShown, this,
          [this](const QString& title, const QString& message) { finish(1, title + QStringLiteral(": ") + message); });
  connect(window_, &ui::MainWindow::openFailed, this,
          [this](const QString& file, const QString& message) { finish(1, file + QStringLiteral(": ") + message); });
  deadline_.setSingleShot(true);
  connect(&deadline_, &QTimer::timeout, this, [this, timeoutMs] {
    finish(1, QStringLiteral("the session was not shown within %1 s").arg(timeoutMs / 1000));
  });
  deadline_.start(timeoutMs);
}

void SessionScreenshot::grabWhenReady() {
  if (!sessionShown_ || (expectFrame_ && !frameShown_) || grabbing_) return;
  grabbing_ = true;
  // Let the plots' queued replots and the docks' layout settle before taking the picture.
  QTimer::singleShot(500, this, [this] {
    using Part = ui::ReviewPanel::Part;
    ui::ReviewPanel* review = window_->reviewPanel();
    QWidget* target = panel_ == QLatin1String("heatmap")    ? review->part(Part::Heatmap)
                      : panel_ == QLatin1String("curves")   ? review->part(Part::Curves)
                      : panel_ == QLatin1String("timeline") ? review->part(Part::Timeline)
                      : panel_ == QLatin1String("subject")  ? static_cast<QWidget*>(window_->subjectPanel())
                      : panel_ == QLatin1String("suggestions") ? static_cast<QWidget*>(window_->suggestionsPanel())
                      : panel_ == QLatin1String("agreement")   ? static_cast<QWidget*>(window_->agreementPanel())
                      : panel_ == QLatin1String("rules")       ? static_cast<QWidget*>(window_->ruleInspector())
                                                            : static_cast<QWidget*>(window_);
    const QPixmap shot = target->grab();
    if (shot.isNull() || !shot.save(outputPath_, "PNG"))
      return finish(1, QStringLiteral("cannot write the screenshot to %1").arg(QDir::toNativeSeparators(outputPath_)));
    finish(0);
  });
}

void SessionScreenshot::finish(int exitCode, const QString& error) {
  if (finished_) return;
  finished_ = true;
  deadline_.stop();
  quitWith(exitCode, error);
}

OpenMeter::OpenMeter(ui::MainWindow* window, qint64 sessionId, QObject* parent)
    : QObject(parent), window_(window), session_(sessionId) {
  connect(window_, &ui::MainWindow::projectOpened, this, [this] {
    openMs_ = double(clock_.nsecsElapsed()) / 1e6;
    clock_.restart();
    window_->showSession(session_);
  });
  connect(window_, &ui::MainWindow::sessionShown, this, [this] {
    // The plots replot on the next turn of the event loop: count that in.
    QCoreApplication::processEvents();
    const double sessionMs = double(clock_.nsecsElapsed()) / 1e6;
    std::printf("{\"open_ms\":%.1f,\"session_ms\":%.1f,\"windows\":%lld}\n", openMs_, sessionMs,
                static_cast<long long>(window_->reviewPanel()->review().windows.size()));
    std::fflush(stdout);
    quitWith(0, {});
  });
  connect(window_, &ui::MainWindow::errorShown, this,
          [](const QString& title, const QString& message) { quitWith(1, title + QStringLiteral(": ") + message); });
}

void OpenMeter::start(const QString& projectPath) {
  clock_.start();
  window_->openProject(projectPath);
}

LagMeter::LagMeter(ui::MainWindow* window, QObject* parent) : QObject(parent), window_(window) {
  connect(window_, &ui::MainWindow::sessionShown, this, &LagMeter::start);
  connect(window_, &ui::MainWindow::errorShown, this,
          [this](const QString& title, const QString& message) { finish(1, title + QStringLiteral(": ") + message); });
  ticker_.setTimerType(Qt::PreciseTimer);
  ticker_.setInterval(10);
  connect(&ticker_, &QTimer::timeout, this, &LagMeter::sample);
  ui::AnalysisJobs* jobs = window_->analysisJobs();
  connect(jobs, &ui::AnalysisJobs::jobChanged, this, [this, jobs](quint64 id) {
    const ui::JobInfo* job = jobs->job(id);
    if (id != job_ || !job || !job->finished()) return;
    if (job->state != ui::JobInfo::State::Finished) return finish(1, QStringLiteral("the analysis did not finish: ") + job->message);
    finish(0);
  });
}

void LagMeter::start() {
  if (started_) return;
  started_ = true;
  job_ = window_->analyseCurrentSession();
  if (job_ == 0) return finish(1, QStringLiteral("the session could not be analysed"));
  analysis_.start();
  sinceTick_.start();
  ticker_.start();
}

void LagMeter::sample() {
  // How late this tick came: the time since the last one beyond the 10 ms asked for.
  const double elapsed = double(sinceTick_.nsecsElapsed()) / 1e6;
  sinceTick_.restart();
  lags_.push_back(std::max(0.0, elapsed - 10.0));
}

void LagMeter::finish(int exitCode, const QString& error) {
  if (finished_) return;
  finished_ = true;
  ticker_.stop();
  if (exitCode == 0)
    std::printf("{\"samples\":%lld,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,\"analysis_s\":%.2f}\n",
                static_cast<long long>(lags_.size()), percentile(lags_, 0.50), percentile(lags_, 0.95),
                percentile(lags_, 0.99), lags_.isEmpty() ? 0.0 : *std::max_element(lags_.begin(), lags_.end()),
                double(analysis_.elapsed()) / 1000.0);
  std::fflush(stdout);
  quitWith(exitCode, error);
}

}  // namespace stf2m::studio
