// The Subject dock of the main window and adaptation from the Studio: "Adapt to Subject" queues
// an adaptation job on the inference worker (the ticked segments; a stored support set of exactly
// those is reused, else the job stores one); saving and deleting support sets are undo steps; when it ends, the new active model enters the undo history, the session is shown
// with it (the previous model's curves dashed beside its own) and the panel gives the accuracy
// before and after. "Make Active" rolls back. The
// Agreement dock beside it compares the raters and the shown model.
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QMenuBar>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStatusBar>

#include "ui/agreement_panel.h"
#include "ui/analysis_jobs.h"
#include "ui/main_window.h"
#include "ui/project_controller.h"
#include "ui/project_location.h"
#include "ui/segment_editor.h"
#include "ui/subject_panel.h"

namespace stf2m::ui {

namespace {

QString adaptedModelsFolder(const QString& project) {
  if (!isServerProject(project)) return project + QStringLiteral(".models");
  QString name = projectDisplayName(project);
  name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.@-]")), QStringLiteral("_"));
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("team-models/") + name);
}

}  // namespace

void MainWindow::createSubjectParts(QMenu* analysisMenu) {
  subjectPanel_ = new SubjectPanel(this);
  subjectDock_ = addDock(tr("Subject"), QStringLiteral("subjectDock"), subjectPanel_, Qt::LeftDockWidgetArea, projectDock_);
  agreement_ = new AgreementPanel(this);
  addDock(tr("Agreement"), QStringLiteral("agreementDock"), agreement_, Qt::LeftDockWidgetArea, subjectDock_);
  projectDock_->raise();
  connect(project_, &ProjectController::agreementLoaded, this, [this](qint64 sessionId, const QVector<AgreementEntry>& a) {
    if (sessionId == shown_.entry.id) agreement_->showAgreement(a);
  });
  connect(project_, &ProjectController::closed, agreement_, &AgreementPanel::clear);

  QAction* adapt = analysisMenu->addAction(tr("Adapt to &Subject"), this, &MainWindow::adaptToSubject);
  adapt->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+A")));
  connect(subjectPanel_, &SubjectPanel::adaptRequested, this, &MainWindow::adaptToSubject);
  // The segment selected on the tier in or out of the support set, without leaving the timeline.
  QAction* toggle = analysisMenu->addAction(tr("Toggle Selected Segment in Support Set"), this, [this] {
    const qint64 id = editor_->selected();
    if (id <= 0 || !subjectPanel_->setSegmentTicked(id, !subjectPanel_->isTicked(id))) {
      statusBar()->showMessage(tr("Select one of your labelled segments on its tier first."), 5000);
      return;
    }
    subjectDock_->raise();
    statusBar()->showMessage(subjectPanel_->isTicked(id) ? tr("The segment is in the support set.")
                                                         : tr("The segment is left out of the support set."),
                             5000);
  });
  toggle->setShortcut(QKeySequence(QStringLiteral("Ctrl+K")));
  connect(subjectPanel_, &SubjectPanel::activateRequested, this, [this](qint64 modelId) {
    const SubjectData& s = subjectPanel_->subject();
    const qint64 active = !s.history.isEmpty() ? s.history.front().modelId : 0;
    editor_->activateModel(s.id, modelId, 0, active, false);
  });
  connect(subjectPanel_, &SubjectPanel::saveSetRequested, this, [this](const QString& name) {
    editor_->saveSupportSet(subjectPanel_->subject().id, subjectPanel_->chosenSegments(), name);
  });
  connect(subjectPanel_, &SubjectPanel::deleteSetRequested, this,
          [this](qint64 setId) { editor_->deleteSupportSet(subjectPanel_->subject().id, setId); });
  connect(project_, &ProjectController::subjectLoaded, subjectPanel_, &SubjectPanel::showSubject);
  connect(project_, &ProjectController::edited, this, [this] {
    if (!shown_.entry.subjectCode.isEmpty()) project_->loadSubject(shown_.entry.subjectCode);
  });
  connect(project_, &ProjectController::closed, subjectPanel_, &SubjectPanel::clear);
  connect(jobs_, &AnalysisJobs::adapted, this, [this](quint64 jobId, const AdaptationResult& result) {
    if (jobId != adaptJob_) return;
    editor_->activateModel(result.subjectId, result.modelId, result.supportSetId, result.previousModelId, true);
    subjectPanel_->setResult(result.summary);
    statusBar()->showMessage(result.summary, 15000);
    // With the new active model, and the one before it dashed beside it.
    if (shown_.entry.id > 0) project_->loadSession(shown_.entry.id, 0, result.previousModelId);
    if (!shown_.entry.subjectCode.isEmpty()) project_->loadSubject(shown_.entry.subjectCode);
  });
  connect(jobs_, &AnalysisJobs::jobChanged, this, [this](quint64 jobId) {
    const JobInfo* job = jobs_->job(jobId);
    if (jobId == adaptJob_ && job && job->finished()) subjectPanel_->setBusy(false);
  });
}

void MainWindow::adaptToSubject() {
  if (!project_->isOpen() || shown_.entry.id <= 0) {
    showWarning(tr("No Subject"), tr("Show a session of the subject to adapt to."), {});
    return;
  }
  const QString code = shown_.entry.subjectCode;
  // Adapted models live beside a project file (P.stf2m.models/CODE-yyyyMMdd-HHmmss.stf2m); for a
  // team server's project in this user's data folder, one folder per server database.
  const QString folder = adaptedModelsFolder(project_->path());
  if (!QDir().mkpath(folder)) {
    showError(tr("Cannot Adapt"), tr("The folder for adapted models cannot be created: %1").arg(QDir::toNativeSeparators(folder)), {});
    return;
  }
  QString safe = code;
  safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
  const QString out = QDir(folder).filePath(
      QStringLiteral("%1-%2.stf2m").arg(safe, QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"))));
  adaptJob_ = jobs_->adapt(project_->path(), code, subjectPanel_->chosenSegments(), out, editor_->annotator(),
                           tr("Adapt to %1").arg(code), subjectPanel_->chosenSupportSet());
  subjectPanel_->setBusy(true);
  subjectDock_->raise();
}

}  // namespace stf2m::ui
