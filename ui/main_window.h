#pragma once
// The studio's main window: video with the audio strip and transport under it; docks for the
// project's subjects and sessions, the session review (membership heatmap, emotion curves,
// annotation tiers on one time axis), the analysis jobs and the media information; compute
// device, job progress and indexing progress in the status bar. It wires widgets to the media
// controller, the project controller and the analysis jobs, and holds the state they share: the
// current frame index (the playhead) and the session on screen. Decoding, reading the project and
// analysis all run on workers; nothing here waits for them.
#include <QMainWindow>
#include <QMessageBox>  // complete type for QPointer<QMessageBox>
#include <QPointer>
#include <QString>

#include "ui/project_reader.h"
#include "ui/review_panel.h"
#include "ui/transport_bar.h"

class QActionGroup;
class QDockWidget;
class QLabel;
class QProgressBar;
class QTimer;

namespace stf2m::ui {

class AnalysisJobs;
class FaceOverlays;
class AudioEnvelopeLoader;
class JobsPanel;
class ProjectBrowser;
class ProjectController;
class AudioEnvelopePlot;
class MediaController;
class MediaInfoPanel;
class Playback;
class RecentFiles;
class SegmentEditor;
class SubjectPanel;
class AgreementPanel;
class SuggestionsPanel;
class RuleInspector;
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
  // Opens a project (.stf2m); its sessions appear in the Project dock.
  void openProject(const QString& path);
  // Shows a session of the open project: its video in the player, its stored predictions and
  // annotations in the review. sessionShown() says when they are drawn.
  // With `compareModelId`, that model's curves are drawn dashed beside the shown model's.
  void showSession(qint64 sessionId, qint64 compareModelId = 0);
  // Queues the analysis of the session on screen with `modelPath` (empty: the installed session
  // model; another model re-predicts from the cached features); 0 when there is no session.
  quint64 analyseCurrentSession(const QString& modelPath = {});
  qint64 shownSession() const { return shown_.entry.id; }
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
  ProjectController* projectController() const { return project_; }
  AnalysisJobs* analysisJobs() const { return jobs_; }
  ReviewPanel* reviewPanel() const { return review_; }
  ProjectBrowser* projectBrowser() const { return browser_; }
  JobsPanel* jobsPanel() const { return jobsPanel_; }
  Playback* playback() const { return playback_; }
  FaceOverlays* faceOverlays() const { return overlays_; }

  // Playback: from the playhead at `speed` (negative: backwards, without sound), or paused.
  void play(double speed);
  void pausePlayback();
  // The labelling of the shown session (marks, selection, undo history).
  SegmentEditor* segmentEditor() const { return editor_; }
  SubjectPanel* subjectPanel() const { return subjectPanel_; }
  AgreementPanel* agreementPanel() const { return agreement_; }
  SuggestionsPanel* suggestionsPanel() const { return suggestions_; }
  RuleInspector* ruleInspector() const { return rules_; }
  // Painting a trace: the dimension whose trace drags on the tiers paint (0: off).
  void setPaintDimension(qint64 dimensionId);
  // How far the picture on screen trailed the playback clock while playing (seconds of media):
  // measured at every frame shown, reset by each play().
  struct SyncStats {
    int frames = 0;
    double meanLag = 0, maxLag = 0;
  };
  SyncStats syncStats() const { return sync_; }

 Q_SIGNALS:
  // The first frame of a newly opened file is on screen.
  void firstFrameDisplayed();
  // The audio strip shows its final state for the open file (levels, "no audio" or an error).
  void audioSettled();
  // Opening failed; `message` is the sentence shown to the user.
  void openFailed(const QString& file, const QString& message);
  // A project is open and its sessions are listed.
  void projectOpened(const QString& path);
  // A session's stored predictions and annotations are drawn in the review.
  void sessionShown(qint64 sessionId);
  // A project, session or job error was shown to the user.
  void errorShown(const QString& title, const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createMenus();
  void createProjectParts();
  void createReviewMenus();
  QDockWidget* addDock(const QString& title, const QString& name, QWidget* content, Qt::DockWidgetArea area,
                       QDockWidget* tabWith = nullptr);
  void createAnnotateMenu();                        // main_window_annotate.cpp
  void updateLabelling(const SessionData& data);   // main_window_annotate.cpp
  void updatePaintMenu(const SessionData& data);   // main_window_annotate.cpp
  void createSubjectParts(QMenu* analysisMenu);     // main_window_subject.cpp
  void adaptToSubject();                            // main_window_subject.cpp
  void chooseProject();
  void chooseTeamProject();
  void newProject();
  void addSession(const QStringList& files = {});
  void relinkMissingMedia();
  void exportPart(ReviewPanel::Part part);
  void exportPredictions();
  void onSessionLoaded(const SessionData& data);
  void createPlaybackMenu();
  void onPlaybackTick();
  void shuttle(int direction);
  void jumpToSegment(int direction);
  void showIndex(qint64 index);
  void refreshOverlay();
  void onJobChanged(quint64 jobId);
  void createStatusBar();
  void chooseFile();
  void showAbout();
  void showError(const QString& title, const QString& sentence, const QString& detail);
  // Something the user should know that stops nothing (missing media of other sessions).
  void showWarning(const QString& title, const QString& sentence, const QString& detail);
  void showMessageBox(int icon, const QString& title, const QString& sentence, const QString& detail);

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
  ProjectController* project_ = nullptr;
  SegmentEditor* editor_ = nullptr;
  SubjectPanel* subjectPanel_ = nullptr;
  AgreementPanel* agreement_ = nullptr;
  SuggestionsPanel* suggestions_ = nullptr;
  RuleInspector* rules_ = nullptr;
  QMenu* paintMenu_ = nullptr;
  qint64 paintDimension_ = 0;
  QDockWidget* suggestionsDock_ = nullptr;
  QDockWidget* subjectDock_ = nullptr;
  quint64 adaptJob_ = 0;
  Playback* playback_ = nullptr;
  FaceOverlays* overlays_ = nullptr;
  QAction* overlayAction_ = nullptr;
  QActionGroup* deviceActions_ = nullptr;
  QTimer* playbackTimer_ = nullptr;
  double playSpeed_ = 1.0;  // the speed Space plays at (Playback ▸ Speed)
  SyncStats sync_;
  AnalysisJobs* jobs_ = nullptr;
  RecentFiles* recentProjects_ = nullptr;
  ProjectBrowser* browser_ = nullptr;
  ReviewPanel* review_ = nullptr;
  JobsPanel* jobsPanel_ = nullptr;
  QDockWidget* projectDock_ = nullptr;
  QDockWidget* reviewDock_ = nullptr;
  QDockWidget* jobsDock_ = nullptr;
  QProgressBar* jobBar_ = nullptr;
  QTimer* liveRedraw_ = nullptr;  // a running analysis redraws at most 4 times a second
  SessionData shown_;
  double videoOffset_ = 0;        // session time of the shown video's time 0
  quint64 liveJob_ = 0;
  AudioEnvelopeLoader* audioLoader_ = nullptr;
  RecentFiles* recentFiles_ = nullptr;

  VideoView* videoView_ = nullptr;
  AudioEnvelopePlot* audioPlot_ = nullptr;
  TransportBar* transport_ = nullptr;
  MediaInfoPanel* infoPanel_ = nullptr;
  QDockWidget* infoDock_ = nullptr;
  QLabel* computeLabel_ = nullptr;
  QLabel* serverLabel_ = nullptr;  // shown while a team server is unreachable
  QProgressBar* indexingBar_ = nullptr;
  QTimer* resizeRefresh_ = nullptr;
  QPointer<QMessageBox> errorBox_;
  QString computeDetails_;

  qint64 currentIndex_ = 0;
  bool waitingForFirstFrame_ = false;
};

}  // namespace stf2m::ui
