#pragma once
// The studio's main window: video with the audio strip and transport under it, media information
// in a dock, compute device and indexing progress in the status bar. It wires widgets to the
// media controller and the audio loader and holds the one piece of state they share: the current
// frame index (the playhead). All decoding happens on workers; nothing here waits for it.
#include <QMainWindow>
#include <QMessageBox>  // complete type for QPointer<QMessageBox>
#include <QPointer>
#include <QString>

#include "ui/transport_bar.h"

class QDockWidget;
class QLabel;
class QProgressBar;
class QTimer;

namespace stf2m::ui {

class AudioEnvelopeLoader;
class AudioEnvelopePlot;
class MediaController;
class MediaInfoPanel;
class RecentFiles;
class VideoView;
struct AudioEnvelope;
struct MediaSummary;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Starts opening `path`; the answer comes later (frame shown, or an error box).
  void openFile(const QString& path);
  // Shown in the status bar and the About box, e.g. "CPU (2 threads)".
  void setComputeDescription(const QString& text, const QString& details);

  // The playhead: the frame the user asked for last (the view catches up when it is decoded).
  qint64 currentIndex() const { return currentIndex_; }
  QString currentFile() const;

  // Parts, for tests and the app's screenshot mode.
  VideoView* videoView() const { return videoView_; }
  TransportBar* transportBar() const { return transport_; }
  AudioEnvelopePlot* audioPlot() const { return audioPlot_; }
  MediaInfoPanel* mediaInfoPanel() const { return infoPanel_; }
  MediaController* mediaController() const { return media_; }
  QMessageBox* errorBox() const { return errorBox_; }

 Q_SIGNALS:
  // The first frame of a newly opened file is on screen.
  void firstFrameDisplayed();
  // The audio strip shows its final state for the open file (levels, "no audio" or an error).
  void audioSettled();
  // Opening failed; `message` is the sentence shown to the user.
  void openFailed(const QString& file, const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createMenus();
  void createStatusBar();
  void chooseFile();
  void showAbout();
  void showError(const QString& title, const QString& sentence, const QString& detail);

  void onOpenStarted(const QString& path);
  void onOpened(const MediaSummary& summary);
  void onOpenFailed(int errorCode, const QString& file, const QString& detail);
  void onFrameReady(const QImage& image, qint64 index, double time);
  void onFrameFailed(qint64 index, int errorCode, const QString& detail);
  void onIndexingProgress(double fraction);
  void onAudioLoaded(const AudioEnvelope& envelope);

  void step(TransportBar::Step step);
  void seekToIndex(qint64 index);
  void seekToTime(double seconds);

  MediaController* media_ = nullptr;
  AudioEnvelopeLoader* audioLoader_ = nullptr;
  RecentFiles* recentFiles_ = nullptr;

  VideoView* videoView_ = nullptr;
  AudioEnvelopePlot* audioPlot_ = nullptr;
  TransportBar* transport_ = nullptr;
  MediaInfoPanel* infoPanel_ = nullptr;
  QDockWidget* infoDock_ = nullptr;
  QLabel* computeLabel_ = nullptr;
  QProgressBar* indexingBar_ = nullptr;
  QTimer* resizeRefresh_ = nullptr;
  QPointer<QMessageBox> errorBox_;
  QString computeDetails_;

  qint64 currentIndex_ = 0;
  bool waitingForFirstFrame_ = false;
};

}  // namespace stf2m::ui
