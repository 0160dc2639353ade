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
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/audio_envelope_loader.h"
#include "ui/audio_envelope_plot.h"
#include "ui/error_messages.h"
#include "ui/media_controller.h"
#include "ui/media_info_panel.h"
#include "ui/recent_files.h"
#include "ui/video_view.h"

namespace stf2m::ui {

namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kLastDirKey = QStringLiteral("lastOpenDirectory");

QString localFileOf(const QMimeData* mime) {
  if (!mime || !mime->hasUrls() || mime->urls().isEmpty()) return {};
  const QUrl url = mime->urls().constFirst();
  return url.isLocalFile() ? url.toLocalFile() : QString();
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

  createMenus();
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
  helpMenu->addAction(tr("&About ST-F2M Studio"), this, &MainWindow::showAbout)->setMenuRole(QAction::AboutRole);
}

void MainWindow::createStatusBar() {
  indexingBar_ = new QProgressBar(this);
  indexingBar_->setObjectName(QStringLiteral("indexingProgress"));
  indexingBar_->setRange(0, 100);
  indexingBar_->setMaximumWidth(180);
  indexingBar_->setFormat(tr("Indexing %p%"));
  indexingBar_->setVisible(false);
  statusBar()->addPermanentWidget(indexingBar_);

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

void MainWindow::showError(const QString& title, const QString& sentence, const QString& detail) {
  // Never exec(): the window (and any test driving it) must keep running while the box is up.
  if (errorBox_) errorBox_->close();
  auto* box = new QMessageBox(QMessageBox::Warning, title, sentence, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorBox"));
  box->setInformativeText(detail);
  box->setAttribute(Qt::WA_DeleteOnClose);
  errorBox_ = box;
  box->open();
}

void MainWindow::onOpenStarted(const QString& path) {
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
  currentIndex_ = index;
  transport_->setPosition(index);
  audioPlot_->setCursorTime(timeline.timeAt(index));
  media_->requestFrame(index);
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
  if (!localFileOf(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = localFileOf(event->mimeData());
  if (path.isEmpty()) return;
  event->acceptProposedAction();
  openFile(path);
}

}  // namespace stf2m::ui
