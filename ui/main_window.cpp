#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QActionGroup>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/add_session_dialog.h"
#include "ui/analysis_jobs.h"
#include "ui/annotation_tiers.h"
#include "ui/audio_envelope_loader.h"
#include "ui/audio_envelope_plot.h"
#include "ui/error_messages.h"
#include "ui/face_overlay.h"
#include "ui/jobs_panel.h"
#include "ui/membership_heatmap.h"
#include "ui/playback.h"
#include "ui/project_browser.h"
#include "ui/preferences_dialog.h"
#include "ui/project_controller.h"
#include "ui/shortcut_sheet.h"
#include "ui/time_axis.h"
#include "ui/media_controller.h"
#include "ui/media_info_panel.h"
#include "ui/project_location.h"
#include "ui/recent_files.h"
#include "ui/video_view.h"

namespace stf2m::ui {

namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kLastDirKey = QStringLiteral("lastOpenDirectory");
const QString kLastProjectDirKey = QStringLiteral("lastProjectDirectory");
const QString kLastServerUriKey = QStringLiteral("lastServerProject");
const QString kDeviceKey = QStringLiteral("compute/device");
const QString kThreadsKey = QStringLiteral("compute/threads");
const QString kOverlayKey = QStringLiteral("view/faceOverlay");

QStringList localFilesOf(const QMimeData* mime) {
  QStringList files;
  if (!mime || !mime->hasUrls()) return files;
  for (const QUrl& url : mime->urls())
    if (url.isLocalFile()) files.push_back(url.toLocalFile());
  return files;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(QApplication::applicationDisplayName());
  setAcceptDrops(true);

  media_ = new MediaController(this);
  audioLoader_ = new AudioEnvelopeLoader(this);
  recentFiles_ = new RecentFiles(this);

  // Video above the audio strip, with a splitter so the user can give the strip more room;
  // the transport bar stays under both.
  videoView_ = new VideoView(this);
  videoView_->showPlaceholder(tr("Open a session video with File ▸ Open… (Ctrl+O) or drop a file here."));
  audioPlot_ = new AudioEnvelopePlot(this);
  transport_ = new TransportBar(this);

  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->addWidget(videoView_);
  splitter->addWidget(audioPlot_);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 0);
  splitter->setChildrenCollapsible(false);
  splitter->setSizes({520, 120});

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(splitter, 1);
  layout->addWidget(transport_);
  setCentralWidget(central);

  infoPanel_ = new MediaInfoPanel(this);
  infoDock_ = new QDockWidget(tr("Media Information"), this);
  infoDock_->setObjectName(QStringLiteral("mediaInfoDock"));  // saveState() needs the name
  infoDock_->setWidget(infoPanel_);
  addDockWidget(Qt::RightDockWidgetArea, infoDock_);
  // Wide enough for codec and container names; the video keeps the rest (restoreState below
  // replaces this with the user's own layout).
  resizeDocks({infoDock_}, {400}, Qt::Horizontal);

  createProjectParts();
  createMenus();
  createReviewMenus();
  createPlaybackMenu();
  createAnnotateMenu();
  createStatusBar();

  connect(media_, &MediaController::openStarted, this, &MainWindow::onOpenStarted);
  connect(media_, &MediaController::opened, this, &MainWindow::onOpened);
  connect(media_, &MediaController::openFailed, this, &MainWindow::onOpenFailed);
  connect(media_, &MediaController::frameReady, this, &MainWindow::onFrameReady);
  connect(media_, &MediaController::frameFailed, this, &MainWindow::onFrameFailed);
  connect(media_, &MediaController::indexingProgress, this, &MainWindow::onIndexingProgress);

  connect(audioLoader_, &AudioEnvelopeLoader::loaded, this, &MainWindow::onAudioLoaded);
  connect(audioLoader_, &AudioEnvelopeLoader::progress, this, [this](double fraction) {
    audioPlot_->showMessage(tr("Reading audio… %1%").arg(static_cast<int>(fraction * 100.0)));
  });
  connect(audioLoader_, &AudioEnvelopeLoader::noAudio, this, [this] {
    audioPlot_->showMessage(tr("No audio stream"));
    Q_EMIT audioSettled();
  });
  connect(audioLoader_, &AudioEnvelopeLoader::failed, this, [this](int errorCode, const QString& detail) {
    audioPlot_->showMessage(tr("The audio could not be read: %1")
                                .arg(ErrorMessages::sentence(errorCode, media_->path()) + QLatin1Char(' ') + detail));
    Q_EMIT audioSettled();
  });
  connect(audioPlot_, &AudioEnvelopePlot::seekRequested, this, &MainWindow::seekToTime);

  connect(transport_, &TransportBar::stepRequested, this, &MainWindow::step);
  connect(transport_, &TransportBar::indexRequested, this, &MainWindow::seekToIndex);
  connect(recentFiles_, &RecentFiles::openRequested, this, &MainWindow::openFile);

  // Frames are converted at the view's size; after a resize settles, fetch the current frame
  // again at the new size (until then the old picture is scaled).
  resizeRefresh_ = new QTimer(this);
  resizeRefresh_->setSingleShot(true);
  resizeRefresh_->setInterval(150);
  connect(resizeRefresh_, &QTimer::timeout, this, [this] {
    if (media_->isOpen() && videoView_->displayedIndex() >= 0) media_->requestFrame(currentIndex_);
  });
  connect(videoView_, &VideoView::devicePixelSizeChanged, this, [this](const QSize& size) {
    media_->setTargetSize(size);
    resizeRefresh_->start();
  });

  resize(1180, 760);
  const QSettings settings;
  restoreGeometry(settings.value(kGeometryKey).toByteArray());
  restoreState(settings.value(kStateKey).toByteArray());
}

// Members are QObject children; MediaController's destructor cancels and joins its thread,
// AudioEnvelopeLoader's cancels its job, so closing during indexing returns promptly.
MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
  QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
  QAction* openAction = fileMenu->addAction(tr("&Open…"), this, &MainWindow::chooseFile);
  openAction->setShortcut(QKeySequence::Open);
  openAction->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
  QMenu* recentMenu = fileMenu->addMenu(tr("Open &Recent"));
  recentMenu->setObjectName(QStringLiteral("recentFilesMenu"));
  recentFiles_->attachTo(recentMenu);
  fileMenu->addSeparator();
  QAction* quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
  quitAction->setShortcut(QKeySequence::Quit);
  quitAction->setMenuRole(QAction::QuitRole);

  QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
  viewMenu->addAction(infoDock_->toggleViewAction());

  // The navigation actions live in a menu (and so in this window), which makes their shortcuts
  // window-wide: arrows step frames whatever child has the focus.
  QMenu* navigateMenu = menuBar()->addMenu(tr("&Navigate"));
  navigateMenu->addActions(transport_->navigationActions());

  QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
  QAction* shortcuts = helpMenu->addAction(tr("&Keyboard Shortcuts"), this, [this] {
    auto* sheet = new ShortcutSheet(menuBar(), this);
    sheet->setAttribute(Qt::WA_DeleteOnClose);
    sheet->open();
  });
  shortcuts->setShortcut(QKeySequence(Qt::Key_F1));
  helpMenu->addAction(tr("&About ST-F2M Studio"), this, &MainWindow::showAbout)->setMenuRole(QAction::AboutRole);
}

// Docks have object names: saveState() and restoreState() need them to keep the user's layout.
QDockWidget* MainWindow::addDock(const QString& title, const QString& name, QWidget* content, Qt::DockWidgetArea area,
                                 QDockWidget* tabWith) {
  auto* d = new QDockWidget(title, this);
  d->setObjectName(name);
  d->setWidget(content);
  addDockWidget(area, d);
  if (tabWith) tabifyDockWidget(tabWith, d);
  return d;
}

void MainWindow::createProjectParts() {
  project_ = new ProjectController(this);
  jobs_ = new AnalysisJobs(this);
  const QSettings settings;
  jobs_->setDevice(settings.value(kDeviceKey, QStringLiteral("auto")).toString());
  jobs_->setThreads(settings.value(kThreadsKey, 0).toInt());
  recentProjects_ = new RecentFiles(this, QStringLiteral("recentProjects"));
  overlays_ = new FaceOverlays(this);
  connect(overlays_, &FaceOverlays::chunkLoaded, this, &MainWindow::refreshOverlay);

  auto dock = [this](const QString& title, const QString& name, QWidget* content, Qt::DockWidgetArea area) {
    return addDock(title, name, content, area);
  };
  browser_ = new ProjectBrowser(this);
  projectDock_ = dock(tr("Project"), QStringLiteral("projectDock"), browser_, Qt::LeftDockWidgetArea);
  resizeDocks({projectDock_}, {300}, Qt::Horizontal);
  review_ = new ReviewPanel(this);
  reviewDock_ = dock(tr("Review"), QStringLiteral("reviewDock"), review_, Qt::BottomDockWidgetArea);
  resizeDocks({reviewDock_}, {420}, Qt::Vertical);
  jobsPanel_ = new JobsPanel(jobs_, this);
  jobsDock_ = dock(tr("Jobs"), QStringLiteral("jobsDock"), jobsPanel_, Qt::RightDockWidgetArea);
  tabifyDockWidget(infoDock_, jobsDock_);
  infoDock_->raise();

  connect(project_, &ProjectController::opened, this, [this](const ProjectOverview& overview) {
    recentProjects_->add(overview.path);
    browser_->setOverview(overview);
    serverLabel_->setVisible(false);
    setWindowTitle(tr("%1 — %2").arg(overview.name, QApplication::applicationDisplayName()));
    statusBar()->showMessage(tr("Opened project %1: %n session(s)", nullptr, int(overview.sessions.size()))
                                 .arg(QDir::toNativeSeparators(overview.path)),
                             8000);
    int missing = 0;
    for (const SessionEntry& e : overview.sessions) missing += e.missingMedia();
    if (missing > 0)
      showWarning(tr("Media Missing"),
                tr("%n media file(s) of this project are not where the project says.", nullptr, missing),
                tr("Sessions with missing media are marked in the Project panel; their tool tips name the files."));
    Q_EMIT projectOpened(overview.path);
  });
  connect(project_, &ProjectController::overviewChanged, browser_, &ProjectBrowser::setOverview);
  connect(project_, &ProjectController::sessionLoaded, this, &MainWindow::onSessionLoaded);
  connect(project_, &ProjectController::failed, this,
          [this](const QString& title, const QString& message) { showError(title, message, {}); });
  connect(project_, &ProjectController::serverConnection, this, [this](bool connected, const QString& message) {
    serverLabel_->setVisible(!connected);
    serverLabel_->setToolTip(message);
    if (connected) statusBar()->showMessage(tr("Connected to the project's server again; the session on screen was read anew."), 8000);
  });
  connect(project_, &ProjectController::closed, this, [this] { serverLabel_->setVisible(false); });
  connect(project_, &ProjectController::exported, this, [this](const QString& path) {
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 8000);
  });
  connect(browser_, &ProjectBrowser::sessionChosen, this, [this](qint64 id) { showSession(id); });
  connect(project_, &ProjectController::sessionAdded, this, [this](qint64 id) {
    statusBar()->showMessage(tr("Session added"), 5000);
    showSession(id);
  });
  connect(project_, &ProjectController::relinked, this,
          [this] { statusBar()->showMessage(tr("Media relinked; the file has the recorded content."), 8000); });
  connect(project_, &ProjectController::relinkRefused, this,
          [this](qint64 mediaId, const QString& newPath, const QString& message) {
            auto* box = new QMessageBox(QMessageBox::Question, tr("Different Content"),
                                        tr("This file is not the recording the project holds."),
                                        QMessageBox::Yes | QMessageBox::No, this);
            box->setInformativeText(message + QStringLiteral("\n\n") +
                                    tr("Use it anyway? Its stored analysis then describes another recording."));
            box->setAttribute(Qt::WA_DeleteOnClose);
            connect(box, &QMessageBox::finished, this, [this, mediaId, newPath](int result) {
              if (result == QMessageBox::Yes) project_->relink(mediaId, newPath, true);
            });
            box->open();
          });
  connect(recentProjects_, &RecentFiles::openRequested, this, &MainWindow::openProject);

  connect(review_, &ReviewPanel::modelChosen, this, [this](qint64 modelId) {
    if (shown_.entry.id > 0) project_->loadSession(shown_.entry.id, modelId, project_->comparedModel());
  });
  connect(review_, &ReviewPanel::comparisonChosen, this, [this](qint64 modelId) {
    if (shown_.entry.id > 0) project_->loadSession(shown_.entry.id, review_->shownModel(), modelId);
  });
  connect(review_->axis(), &TimeAxis::seekRequested, this, [this](double sessionSeconds) {
    if (media_->isOpen()) seekToTime(sessionSeconds - videoOffset_);
    else review_->axis()->setCursor(sessionSeconds);
  });

  liveRedraw_ = new QTimer(this);
  liveRedraw_->setSingleShot(true);
  liveRedraw_->setInterval(250);
  connect(liveRedraw_, &QTimer::timeout, this, [this] {
    // A redraw due after the job ended would cover the stored result the end loads.
    const SessionReview* live = jobs_->liveReview(liveJob_);
    const JobInfo* job = jobs_->job(liveJob_);
    if (live && job && !job->finished() && live->sessionId == shown_.entry.id) review_->showLiveReview(*live);
  });
  connect(jobs_, &AnalysisJobs::reviewGrew, this, [this](quint64 jobId, qint64 sessionId) {
    liveJob_ = jobId;
    if (sessionId == shown_.entry.id && !liveRedraw_->isActive()) liveRedraw_->start();
  });
  connect(jobs_, &AnalysisJobs::jobChanged, this, &MainWindow::onJobChanged);
  connect(jobs_, &AnalysisJobs::jobFinished, this, [this](quint64, qint64 sessionId, qint64) {
    project_->reloadOverview();
    overlays_->forget();  // the analysis has cached the faces it found
    refreshOverlay();
    if (sessionId == shown_.entry.id) project_->loadSession(sessionId, 0, project_->comparedModel());  // the stored result
  });
  connect(jobs_, &AnalysisJobs::jobFailed, this, [this](quint64 jobId, const QString& message) {
    const JobInfo* job = jobs_->job(jobId);
    showError(tr("Analysis Failed"), job ? tr("“%1” failed.").arg(job->title) : tr("A job failed."), message);
  });
}

void MainWindow::createPlaybackMenu() {
  playback_ = new Playback(this);
  playbackTimer_ = new QTimer(this);
  playbackTimer_->setTimerType(Qt::PreciseTimer);
  playbackTimer_->setInterval(10);
  connect(playbackTimer_, &QTimer::timeout, this, &MainWindow::onPlaybackTick);
  connect(playback_, &Playback::soundStatusChanged, this, [this](const QString& problem) {
    if (!problem.isEmpty()) statusBar()->showMessage(problem, 8000);
  });

  QMenu* menu = new QMenu(tr("&Playback"), this);
  menuBar()->insertMenu(menuBar()->actions().at(3), menu);  // after Navigate
  QAction* playPause = menu->addAction(tr("&Play / Pause"), this, [this] {
    if (playback_->isPlaying()) pausePlayback();
    else play(playSpeed_);
  });
  playPause->setShortcut(QKeySequence(Qt::Key_Space));
  QAction* back = menu->addAction(tr("Shuttle &Backwards"), this, [this] { shuttle(-1); });
  back->setShortcut(QKeySequence(Qt::Key_J));
  QAction* stop = menu->addAction(tr("&Stop"), this, &MainWindow::pausePlayback);
  stop->setShortcut(QKeySequence(Qt::Key_K));
  QAction* forward = menu->addAction(tr("Shuttle &Forwards"), this, [this] { shuttle(+1); });
  forward->setShortcut(QKeySequence(Qt::Key_L));
  menu->addSeparator();
  QMenu* speeds = menu->addMenu(tr("Spee&d"));
  auto* group = new QActionGroup(this);
  int key = 1;
  for (const double speed : Playback::kSpeeds) {
    QAction* a = speeds->addAction(tr("%1×").arg(speed));
    a->setCheckable(true);
    a->setChecked(speed == 1.0);
    a->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(key++)));
    group->addAction(a);
    connect(a, &QAction::triggered, this, [this, speed] {
      playSpeed_ = speed;
      if (playback_->isPlaying() && playback_->speed() > 0) play(speed);
    });
  }
  menu->addSeparator();
  QAction* previous = menu->addAction(tr("Pre&vious Segment"), this, [this] { jumpToSegment(-1); });
  previous->setShortcut(QKeySequence(QStringLiteral("Ctrl+Left")));
  QAction* next = menu->addAction(tr("&Next Segment"), this, [this] { jumpToSegment(+1); });
  next->setShortcut(QKeySequence(QStringLiteral("Ctrl+Right")));
}

void MainWindow::play(double speed) {
  if (!media_->isOpen()) return;
  const FrameTimeline& timeline = media_->summary().timeline;
  double from = timeline.timeAt(currentIndex_);
  // At the end, forwards starts again from the beginning (and backwards from the end).
  if (speed > 0 && currentIndex_ >= timeline.lastIndex()) from = 0;
  if (speed < 0 && currentIndex_ <= 0) from = media_->summary().duration;
  sync_ = SyncStats();
  playback_->play(from, speed);
  playbackTimer_->start();
}

void MainWindow::pausePlayback() {
  playbackTimer_->stop();
  if (!playback_->isPlaying()) return;
  const double at = playback_->pause();
  // The picture of the paused position, so the still frame and the clock agree.
  if (media_->isOpen()) showIndex(media_->summary().timeline.indexAtTime(std::clamp(at, 0.0, media_->summary().duration)));
}

void MainWindow::shuttle(int direction) {
  // J and L: start at 1x in that direction, then each press doubles the speed, up to 4x.
  const double speed = playback_->isPlaying() ? playback_->speed() : 0.0;
  const bool sameWay = playback_->isPlaying() && (speed > 0) == (direction > 0);
  const double next = sameWay ? std::min(std::abs(speed) * 2.0, 4.0) : 1.0;
  play(direction * next);
}

void MainWindow::onPlaybackTick() {
  if (!media_->isOpen() || !playback_->isPlaying()) return;
  const MediaSummary& summary = media_->summary();
  const double t = playback_->position();
  const qint64 index = summary.timeline.indexAtTime(std::clamp(t, 0.0, summary.duration));
  if ((playback_->speed() > 0 && t >= summary.duration) || (playback_->speed() < 0 && t <= 0)) {
    pausePlayback();
    showIndex(t <= 0 ? 0 : summary.timeline.lastIndex());
    return;
  }
  if (index != currentIndex_) showIndex(index);
}

void MainWindow::showIndex(qint64 index) {
  const FrameTimeline& timeline = media_->summary().timeline;
  currentIndex_ = timeline.clampIndex(index);
  transport_->setPosition(currentIndex_);
  audioPlot_->setCursorTime(timeline.timeAt(currentIndex_));
  media_->requestFrame(currentIndex_);
}

void MainWindow::refreshOverlay() {
  const qint64 index = videoView_->displayedIndex();
  if (!overlayAction_->isChecked() || index < 0 || !media_->isOpen()) {
    videoView_->setOverlay(std::nullopt, {});
    return;
  }
  overlays_->request(videoView_->displayedTime());
  videoView_->setOverlay(overlays_->frame(index), media_->summary().displaySize);
}

void MainWindow::jumpToSegment(int direction) {
  // The nearest segment start (any tier, the model's included) after or before the playhead.
  const double now = media_->isOpen() ? media_->summary().timeline.timeAt(currentIndex_) + videoOffset_
                                      : review_->axis()->cursor();
  double best = direction > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  for (const AnnotationTier& tier : review_->tiers()->tiers())
    for (const TierSegment& s : tier.segments) {
      if (direction > 0 && s.start > now + 1e-3 && s.start < best) best = s.start;
      if (direction < 0 && s.start < now - 1e-3 && s.start > best) best = s.start;
    }
  if (!std::isfinite(best)) {
    statusBar()->showMessage(direction > 0 ? tr("No segment after this point") : tr("No segment before this point"), 3000);
    return;
  }
  review_->axis()->requestSeek(best);
}

void MainWindow::createReviewMenus() {
  // File: projects and exports.
  QMenu* fileMenu = menuBar()->actions().constFirst()->menu();
  QAction* first = fileMenu->actions().constFirst();
  QAction* newProjectAction = new QAction(tr("&New Project…"), this);
  newProjectAction->setShortcut(QKeySequence::New);
  connect(newProjectAction, &QAction::triggered, this, &MainWindow::newProject);
  QAction* openProjectAction = new QAction(tr("Open &Project…"), this);
  openProjectAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+O")));
  connect(openProjectAction, &QAction::triggered, this, &MainWindow::chooseProject);
  QAction* openTeamProjectAction = new QAction(tr("Open &Team Project…"), this);
  openTeamProjectAction->setObjectName(QStringLiteral("openTeamProjectAction"));
  connect(openTeamProjectAction, &QAction::triggered, this, &MainWindow::chooseTeamProject);
  fileMenu->insertAction(first, newProjectAction);
  fileMenu->insertAction(first, openProjectAction);
  fileMenu->insertAction(first, openTeamProjectAction);
  QMenu* recentProjectsMenu = new QMenu(tr("Recent Pro&jects"), this);
  recentProjectsMenu->setObjectName(QStringLiteral("recentProjectsMenu"));
  recentProjects_->attachTo(recentProjectsMenu);
  fileMenu->insertMenu(first, recentProjectsMenu);
  QAction* addSessionAction = new QAction(tr("&Add Session…"), this);
  addSessionAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+N")));
  connect(addSessionAction, &QAction::triggered, this, [this] { addSession(); });
  fileMenu->insertAction(first, addSessionAction);
  QAction* relinkAction = new QAction(tr("Re&link Missing Media…"), this);
  relinkAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+L")));
  connect(relinkAction, &QAction::triggered, this, &MainWindow::relinkMissingMedia);
  fileMenu->insertAction(first, relinkAction);
  fileMenu->insertSeparator(first);
  QAction* preferences = new QAction(tr("Pre&ferences…"), this);
  preferences->setShortcuts({QKeySequence::Preferences, QKeySequence(QStringLiteral("Ctrl+,"))});
  preferences->setMenuRole(QAction::PreferencesRole);
  connect(preferences, &QAction::triggered, this, [this] {
    auto* dialog = new PreferencesDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
      dialog->save();
      jobs_->setDevice(PreferencesDialog::device());
      jobs_->setThreads(PreferencesDialog::threads());
      overlayAction_->setChecked(PreferencesDialog::faceOverlay());
      for (QAction* a : deviceActions_->actions()) a->setChecked(a->data().toString() == PreferencesDialog::device());
      statusBar()->showMessage(tr("New jobs run on: %1").arg(PreferencesDialog::device()), 5000);
    });
    dialog->open();
  });
  fileMenu->insertAction(fileMenu->actions().constLast(), preferences);
  QMenu* exportMenu = new QMenu(tr("&Export"), this);
  exportMenu->addAction(tr("Membership &Heatmap as Image…"), this, [this] { exportPart(ReviewPanel::Part::Heatmap); })
      ->setShortcut(QKeySequence(QStringLiteral("Ctrl+Alt+H")));
  exportMenu->addAction(tr("Emotion &Curves as Image…"), this, [this] { exportPart(ReviewPanel::Part::Curves); })
      ->setShortcut(QKeySequence(QStringLiteral("Ctrl+Alt+C")));
  exportMenu->addAction(tr("Annotation &Tiers as Image…"), this, [this] { exportPart(ReviewPanel::Part::Timeline); })
      ->setShortcut(QKeySequence(QStringLiteral("Ctrl+Alt+T")));
  exportMenu->addSeparator();
  QAction* predictionsAction = exportMenu->addAction(tr("&Predictions as CSV…"), this, &MainWindow::exportPredictions);
  predictionsAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+E")));
  fileMenu->insertMenu(fileMenu->actions().constLast(), exportMenu);
  fileMenu->insertSeparator(fileMenu->actions().constLast());

  // View: the docks and the shared time axis.
  QMenu* viewMenu = menuBar()->actions().at(1)->menu();
  viewMenu->addAction(projectDock_->toggleViewAction());
  viewMenu->addAction(reviewDock_->toggleViewAction());
  viewMenu->addAction(jobsDock_->toggleViewAction());
  viewMenu->addSeparator();
  overlayAction_ = viewMenu->addAction(tr("&Face Overlay"));
  overlayAction_->setCheckable(true);
  overlayAction_->setChecked(QSettings().value(kOverlayKey, true).toBool());
  overlayAction_->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+F")));
  overlayAction_->setToolTip(tr("The subject's face box, landmarks and track id over the video (from the analysis)"));
  connect(overlayAction_, &QAction::toggled, this, [this](bool on) {
    QSettings().setValue(kOverlayKey, on);
    refreshOverlay();
  });
  viewMenu->addSeparator();
  TimeAxis* axis = review_->axis();
  QAction* zoomIn = viewMenu->addAction(tr("Zoom &In"), this, [axis] { axis->zoom(0.5, axis->cursor()); });
  zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(QStringLiteral("Ctrl+="))});
  QAction* zoomOut = viewMenu->addAction(tr("Zoom &Out"), this, [axis] { axis->zoom(2.0, axis->cursor()); });
  zoomOut->setShortcut(QKeySequence::ZoomOut);
  QAction* zoomAll = viewMenu->addAction(tr("&Whole Session"), axis, &TimeAxis::showAll);
  zoomAll->setShortcut(QKeySequence(QStringLiteral("Ctrl+0")));
  QAction* panLeft = viewMenu->addAction(tr("Scroll &Back"), this, [axis] { axis->pan(-0.25); });
  panLeft->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+Left")));
  QAction* panRight = viewMenu->addAction(tr("Scroll &Forward"), this, [axis] { axis->pan(0.25); });
  panRight->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+Right")));
  QMenu* termMenu = viewMenu->addMenu(tr("Heatmap &Colour"));
  const struct {
    QString name;
    MembershipTerm term;
    const char* key;
  } terms[] = {{tr("&Probability"), MembershipTerm::Probability, "Alt+1"},
               {tr("&Low"), MembershipTerm::Low, "Alt+2"},
               {tr("&Medium"), MembershipTerm::Medium, "Alt+3"},
               {tr("&High"), MembershipTerm::High, "Alt+4"}};
  for (const auto& t : terms) {
    QAction* a = termMenu->addAction(t.name, this, [this, term = t.term] { review_->heatmap()->setTerm(term); });
    a->setShortcut(QKeySequence(QString::fromLatin1(t.key)));
  }

  // Analysis: jobs for the inference worker.
  QMenu* analysisMenu = new QMenu(tr("&Analysis"), this);
  menuBar()->insertMenu(menuBar()->actions().constLast(), analysisMenu);
  QAction* analyse = analysisMenu->addAction(tr("&Analyse Session"), this, [this] { analyseCurrentSession(); });
  analyse->setShortcut(QKeySequence(QStringLiteral("Ctrl+R")));
  QAction* otherModel = analysisMenu->addAction(tr("Analyse with Another &Model…"), this, [this] {
    QSettings settings;
    const QString model = QFileDialog::getOpenFileName(this, tr("Choose a Model"),
                                                       settings.value(QStringLiteral("lastModelDirectory"), QDir::homePath()).toString(),
                                                       tr("ST-F2M models (*.stf2m)"));
    if (model.isEmpty()) return;
    settings.setValue(QStringLiteral("lastModelDirectory"), QFileInfo(model).absolutePath());
    analyseCurrentSession(model);
  });
  otherModel->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+R")));
  createSubjectParts(analysisMenu);
  QAction* cancelAll = analysisMenu->addAction(tr("&Cancel All Jobs"), jobs_, &AnalysisJobs::cancelAll);
  cancelAll->setShortcut(QKeySequence(QStringLiteral("Ctrl+.")));
  QMenu* deviceMenu = analysisMenu->addMenu(tr("Compute &Device"));
  auto* devices = new QActionGroup(this);
  deviceActions_ = devices;
  const QString current = QSettings().value(kDeviceKey, QStringLiteral("auto")).toString();
  const struct {
    QString name;
    const char* value;
  } choices[] = {{tr("&Automatic (GPU when there is one)"), "auto"}, {tr("&CPU"), "cpu"}, {tr("&GPU (CUDA)"), "cuda"}};
  for (const auto& c : choices) {
    QAction* a = deviceMenu->addAction(c.name);
    a->setData(QString::fromLatin1(c.value));
    a->setCheckable(true);
    a->setChecked(current == QLatin1String(c.value));
    devices->addAction(a);
    connect(a, &QAction::triggered, this, [this, value = QString::fromLatin1(c.value)] {
      QSettings().setValue(kDeviceKey, value);
      jobs_->setDevice(value);
      statusBar()->showMessage(tr("New jobs run on: %1").arg(value), 5000);
    });
  }
}

void MainWindow::createStatusBar() {
  indexingBar_ = new QProgressBar(this);
  indexingBar_->setObjectName(QStringLiteral("indexingProgress"));
  indexingBar_->setRange(0, 100);
  indexingBar_->setMaximumWidth(180);
  indexingBar_->setFormat(tr("Indexing %p%"));
  indexingBar_->setVisible(false);
  statusBar()->addPermanentWidget(indexingBar_);

  jobBar_ = new QProgressBar(this);
  jobBar_->setObjectName(QStringLiteral("jobProgress"));
  jobBar_->setRange(0, 1000);
  jobBar_->setMaximumWidth(260);
  jobBar_->setVisible(false);
  statusBar()->addPermanentWidget(jobBar_);

  serverLabel_ = new QLabel(tr("Server unreachable — reconnecting…"), this);
  serverLabel_->setObjectName(QStringLiteral("serverLabel"));
  serverLabel_->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
  serverLabel_->setVisible(false);
  statusBar()->addPermanentWidget(serverLabel_);

  computeLabel_ = new QLabel(this);
  computeLabel_->setObjectName(QStringLiteral("computeLabel"));
  statusBar()->addPermanentWidget(computeLabel_);
}

void MainWindow::setComputeDescription(const QString& text, const QString& details) {
  computeLabel_->setText(tr("Compute: %1").arg(text));
  computeLabel_->setToolTip(details);
  computeDetails_ = details;
}

QString MainWindow::currentFile() const { return media_->path(); }

void MainWindow::openFile(const QString& path) { media_->open(path); }

void MainWindow::chooseFile() {
  QSettings settings;
  const QString start = settings.value(kLastDirKey, QDir::homePath()).toString();
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open Session Video"), start,
      tr("Videos (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg);;All files (*)"));
  if (path.isEmpty()) return;
  settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
  openFile(path);
}

void MainWindow::showAbout() {
  auto* box = new QMessageBox(QMessageBox::Information, tr("About ST-F2M Studio"),
                              tr("<h3>ST-F2M Studio %1</h3>"
                                 "<p>Fine-grained emotion recognition from multimodal session videos.</p>"
                                 "<p>Free software under the GNU General Public License, version 3 or later.</p>"
                                 "<p>Qt %2</p>")
                                  .arg(QStringLiteral(STF2M_VERSION), QString::fromLatin1(qVersion())),
                              QMessageBox::Ok, this);
  box->setInformativeText(computeDetails_);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::openProject(const QString& path) {
  shown_ = SessionData();
  review_->clear();
  browser_->clear();
  project_->open(canonicalProjectLocation(path));
}

void MainWindow::chooseProject() {
  QSettings settings;
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"),
                                                    settings.value(kLastProjectDirKey, QDir::homePath()).toString(),
                                                    tr("ST-F2M projects (*.stf2m);;All files (*)"));
  if (path.isEmpty()) return;
  settings.setValue(kLastProjectDirKey, QFileInfo(path).absolutePath());
  openProject(path);
}

// A project on a team server: its URI, without a password (libpq reads ~/.pgpass or $PGPASSWORD).
void MainWindow::chooseTeamProject() {
  QSettings settings;
  bool ok = false;
  const QString uri =
      QInputDialog::getText(this, tr("Open Team Project"),
                            tr("Server database (postgresql://user@host[:port]/database).\n"
                               "Passwords come from ~/.pgpass or PGPASSWORD, never from this field."),
                            QLineEdit::Normal, settings.value(kLastServerUriKey, QStringLiteral("postgresql://")).toString(), &ok)
          .trimmed();
  if (!ok || uri.isEmpty()) return;
  if (!isServerProject(uri)) {
    showWarning(tr("Not a Server Address"), tr("“%1” does not start with postgresql://. Open a project file with File ▸ Open Project….").arg(uri), {});
    return;
  }
  settings.setValue(kLastServerUriKey, uri);
  openProject(uri);
}

void MainWindow::newProject() {
  QSettings settings;
  QString path = QFileDialog::getSaveFileName(this, tr("New Project"),
                                              settings.value(kLastProjectDirKey, QDir::homePath()).toString(),
                                              tr("ST-F2M projects (*.stf2m)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(QLatin1String(".stf2m"))) path += QLatin1String(".stf2m");
  bool ok = false;
  const QString name = QInputDialog::getText(this, tr("New Project"), tr("Project name:"), QLineEdit::Normal,
                                             QFileInfo(path).completeBaseName(), &ok);
  if (!ok) return;
  settings.setValue(kLastProjectDirKey, QFileInfo(path).absolutePath());
  shown_ = SessionData();
  review_->clear();
  browser_->clear();
  project_->create(path, name.trimmed().isEmpty() ? QFileInfo(path).completeBaseName() : name.trimmed());
}

void MainWindow::addSession(const QStringList& files) {
  if (!project_->isOpen()) {
    statusBar()->showMessage(tr("Open or create a project first (File ▸ Open Project…)."), 8000);
    return;
  }
  auto* dialog = new AddSessionDialog(project_->overview().subjects, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->addFiles(files);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    statusBar()->showMessage(tr("Adding session %1 (probing and hashing its media)…").arg(dialog->sessionName()));
    project_->addSession(dialog->subjectCode(), dialog->sessionName(), dialog->media());
  });
  dialog->open();
}

void MainWindow::relinkMissingMedia() {
  if (shown_.entry.missingMedia() == 0) {
    statusBar()->showMessage(tr("The session on screen has no missing media."), 5000);
    return;
  }
  QSettings settings;
  for (const SessionMediaEntry& m : shown_.entry.media) {
    if (m.exists) continue;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Locate %1").arg(QFileInfo(m.path).fileName()),
        settings.value(kLastDirKey, QDir::homePath()).toString(), tr("All files (*)"));
    if (path.isEmpty()) continue;
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    project_->relink(m.id, path, false);
  }
}

void MainWindow::showSession(qint64 sessionId, qint64 compareModelId) {
  if (!project_->isOpen() || sessionId <= 0) return;
  browser_->selectSession(sessionId);
  project_->loadSession(sessionId, 0, compareModelId);
}

void MainWindow::onSessionLoaded(const SessionData& data) {
  const bool otherSession = data.entry.id != shown_.entry.id;
  shown_ = data;
  review_->showSession(data);
  updateLabelling(data);
  project_->loadSubject(data.entry.subjectCode);
  project_->loadAgreement(data.entry.id, data.review.modelId);
  // A running analysis of this session keeps drawing over the stored one.
  if (const SessionReview* live = jobs_->liveReview(liveJob_);
      live && live->sessionId == data.entry.id && jobs_->job(liveJob_) && !jobs_->job(liveJob_)->finished())
    review_->showLiveReview(*live);
  if (otherSession) {
    QVector<QPair<QString, double>> media;
    for (const SessionMediaEntry& m : data.entry.media) media.push_back({m.path, m.offset});
    overlays_->setSession(media, project_->path() + QStringLiteral(".features"));
    const SessionMediaEntry* video = data.entry.videoMedia();
    videoOffset_ = video ? video->offset : 0.0;
    if (video && video->exists) openFile(video->path);
    else if (video)
      videoView_->showPlaceholder(tr("The session's video is missing: %1\nFile ▸ Relink Missing Media… finds it again.")
                                      .arg(QDir::toNativeSeparators(video->path)));
    else
      videoView_->showPlaceholder(tr("This session has no video."));
  }
  Q_EMIT sessionShown(data.entry.id);
}

quint64 MainWindow::analyseCurrentSession(const QString& modelPath) {
  if (!project_->isOpen() || shown_.entry.id <= 0) {
    statusBar()->showMessage(tr("Choose a session of a project first (File ▸ Open Project…)."), 8000);
    return 0;
  }
  if (shown_.entry.missingMedia() > 0) {
    showError(tr("Media Missing"), tr("The session cannot be analysed while its media are missing."),
              tr("Relink the files in the Project panel first."));
    return 0;
  }
  jobsDock_->raise();
  const QString title = modelPath.isEmpty()
                            ? tr("Analyse %1 / %2").arg(shown_.entry.subjectCode, shown_.entry.name)
                            : tr("Analyse %1 / %2 with %3").arg(shown_.entry.subjectCode, shown_.entry.name,
                                                                QFileInfo(modelPath).fileName());
  return jobs_->analyse(project_->path(), shown_.entry.id, title, modelPath);
}

void MainWindow::onJobChanged(quint64 jobId) {
  const JobInfo* job = jobs_->job(jobId);
  if (!job) return;
  if (job->state == JobInfo::State::Running) {
    jobBar_->setVisible(true);
    jobBar_->setValue(int(job->fraction * 1000));
    jobBar_->setFormat(tr("%1: %2 %3% · ETA %4")
                           .arg(job->title, job->stage)
                           .arg(int(job->fraction * 100))
                           .arg(formatEta(job->etaSeconds)));
    jobBar_->setToolTip(tr("Device: %1").arg(job->device));
  } else if (job->finished()) {
    jobBar_->setVisible(jobs_->busy());
    statusBar()->showMessage(tr("%1: %2").arg(job->title, job->message), 10000);
  }
}

void MainWindow::exportPart(ReviewPanel::Part part) {
  QSettings settings;
  const QString path = QFileDialog::getSaveFileName(this, tr("Export Plot"), settings.value(kLastDirKey, QDir::homePath()).toString(),
                                                    tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
  if (path.isEmpty()) return;
  const QString error = review_->exportPart(part, path);
  if (!error.isEmpty()) showError(tr("Cannot Export"), error, {});
  else statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 8000);
}

void MainWindow::exportPredictions() {
  if (shown_.review.isEmpty()) {
    statusBar()->showMessage(tr("The session on screen has no stored predictions to export."), 8000);
    return;
  }
  QSettings settings;
  const QString path = QFileDialog::getSaveFileName(this, tr("Export Predictions"),
                                                    settings.value(kLastDirKey, QDir::homePath()).toString(),
                                                    tr("CSV (*.csv)"));
  if (!path.isEmpty()) project_->exportPredictions(shown_.entry.id, shown_.review.modelId, path);
}

void MainWindow::showWarning(const QString& title, const QString& sentence, const QString& detail) {
  showMessageBox(QMessageBox::Information, title, sentence, detail);
}

void MainWindow::showError(const QString& title, const QString& sentence, const QString& detail) {
  Q_EMIT errorShown(title, detail.isEmpty() ? sentence : sentence + QLatin1Char('\n') + detail);
  showMessageBox(QMessageBox::Warning, title, sentence, detail);
}

void MainWindow::showMessageBox(int icon, const QString& title, const QString& sentence, const QString& detail) {
  // Never exec(): the window (and any test driving it) must keep running while the box is up.
  if (errorBox_) errorBox_->close();
  auto* box = new QMessageBox(static_cast<QMessageBox::Icon>(icon), title, sentence, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorBox"));
  box->setInformativeText(detail);
  box->setAttribute(Qt::WA_DeleteOnClose);
  errorBox_ = box;
  box->open();
}

void MainWindow::onOpenStarted(const QString& path) {
  pausePlayback();
  // A file opened on its own (not the shown session's video) has no analysis to overlay.
  const SessionMediaEntry* video = shown_.entry.videoMedia();
  if (!video || QFileInfo(video->path) != QFileInfo(path)) overlays_->clear();
  const QString name = QFileInfo(path).fileName();
  setWindowTitle(tr("%1 — %2").arg(name, QApplication::applicationDisplayName()));
  audioLoader_->cancel();
  audioPlot_->clear();
  infoPanel_->clear();
  transport_->clear();
  currentIndex_ = 0;
  waitingForFirstFrame_ = false;
  videoView_->showPlaceholder(tr("Opening “%1”…").arg(name));
  indexingBar_->setValue(0);
  indexingBar_->setVisible(true);
  statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::onIndexingProgress(double fraction) {
  indexingBar_->setValue(static_cast<int>(fraction * 100.0));
}

void MainWindow::onOpened(const MediaSummary& summary) {
  indexingBar_->setVisible(false);
  recentFiles_->add(summary.path);
  infoPanel_->setSummary(summary);
  transport_->setTimeline(summary.timeline);
  playback_->setSource(summary.path, summary.hasAudio, summary.duration);
  statusBar()->showMessage(
      summary.diagnostics.isEmpty()
          ? tr("Opened %1: %n frame(s)", nullptr, static_cast<int>(summary.frameCount)).arg(QFileInfo(summary.path).fileName())
          : tr("Opened %1 with %n warning(s); see Media Information", nullptr,
               static_cast<int>(summary.diagnostics.size()))
                .arg(QFileInfo(summary.path).fileName()),
      8000);

  if (summary.hasAudio) {
    audioPlot_->showMessage(tr("Reading audio…"));
    audioLoader_->load(summary.path);
  } else {
    audioPlot_->showMessage(tr("No audio stream"));
    Q_EMIT audioSettled();
  }

  waitingForFirstFrame_ = true;
  currentIndex_ = -1;  // so that seeking to 0 is not mistaken for "already there"
  seekToIndex(0);
}

void MainWindow::onOpenFailed(int errorCode, const QString& file, const QString& detail) {
  indexingBar_->setVisible(false);
  setWindowTitle(QApplication::applicationDisplayName());
  const QString sentence = ErrorMessages::sentence(errorCode, file);
  videoView_->showPlaceholder(sentence);
  statusBar()->showMessage(sentence);
  if (static_cast<ErrorCode>(errorCode) == ErrorCode::FileNotFound) recentFiles_->remove(file);
  const QString where = tr("File: %1").arg(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath()));
  showError(tr("Cannot Open File"), sentence, detail.isEmpty() ? where : detail + QStringLiteral("\n\n") + where);
  Q_EMIT openFailed(file, sentence);
}

void MainWindow::onFrameReady(const QImage& image, qint64 index, double time) {
  videoView_->setFrame(image, index, time);
  refreshOverlay();
  if (playbackTimer_->isActive() && playback_->isPlaying()) {
    const double lag = std::abs(playback_->position() - time);
    sync_.meanLag = (sync_.meanLag * sync_.frames + lag) / (sync_.frames + 1);
    sync_.maxLag = std::max(sync_.maxLag, lag);
    ++sync_.frames;
  }
  review_->axis()->setCursor(time + videoOffset_, true);
  if (waitingForFirstFrame_) {
    waitingForFirstFrame_ = false;
    Q_EMIT firstFrameDisplayed();
  }
}

void MainWindow::onFrameFailed(qint64 index, int errorCode, const QString& detail) {
  // One bad frame is not worth a dialog; the user can step past it.
  statusBar()->showMessage(tr("Frame %1 could not be shown: %2")
                               .arg(index)
                               .arg(ErrorMessages::sentence(errorCode, media_->path()) + QLatin1Char(' ') + detail),
                           8000);
}

void MainWindow::onAudioLoaded(const AudioEnvelope& envelope) {
  audioPlot_->setEnvelope(envelope, media_->summary().duration);
  audioPlot_->setCursorTime(media_->summary().timeline.timeAt(currentIndex_));
  Q_EMIT audioSettled();
}

void MainWindow::step(TransportBar::Step step) {
  if (!media_->isOpen()) return;
  pausePlayback();  // stepping is for a still picture
  const FrameTimeline& timeline = media_->summary().timeline;
  switch (step) {
    case TransportBar::Step::FirstFrame: seekToIndex(0); break;
    case TransportBar::Step::PreviousFrame: seekToIndex(currentIndex_ - 1); break;
    case TransportBar::Step::NextFrame: seekToIndex(currentIndex_ + 1); break;
    case TransportBar::Step::LastFrame: seekToIndex(timeline.lastIndex()); break;
    // By time, not by 25 frames: the step is one second also in variable-frame-rate video.
    case TransportBar::Step::BackOneSecond: seekToTime(timeline.timeAt(currentIndex_) - 1.0); break;
    case TransportBar::Step::ForwardOneSecond: seekToTime(timeline.timeAt(currentIndex_) + 1.0); break;
  }
}

void MainWindow::seekToIndex(qint64 index) {
  if (!media_->isOpen()) return;
  const FrameTimeline& timeline = media_->summary().timeline;
  index = timeline.clampIndex(index);
  if (index == currentIndex_ && videoView_->displayedIndex() == index) return;  // already there
  showIndex(index);
  // A seek while playing (the slider, a click in the review) plays on from there.
  if (playback_->isPlaying()) playback_->play(timeline.timeAt(index), playback_->speed());
}

void MainWindow::seekToTime(double seconds) {
  if (!media_->isOpen()) return;
  seekToIndex(media_->summary().timeline.indexAtTime(seconds));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState());
  QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!localFilesOf(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QStringList files = localFilesOf(event->mimeData());
  if (files.isEmpty()) return;
  event->acceptProposedAction();
  // A project opens; media dropped on an open project become a new session; else the first
  // file is opened on its own.
  if (files.constFirst().endsWith(QLatin1String(".stf2m"))) openProject(files.constFirst());
  else if (project_->isOpen()) addSession(files);
  else openFile(files.constFirst());
}

}  // namespace stf2m::ui
