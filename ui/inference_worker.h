#pragma once
// The inference worker: one QObject on its own thread (owned by AnalysisJobs) that runs
// core/pipeline jobs one after the other, in the order they were queued. Today's job is the
// analysis of a stored session: media -> features (through the project's feature cache) ->
// model -> the windows, streamed back chunk by chunk, then stored in one transaction in place of
// that model's earlier predictions. A cancel sets the token directly (never a queued call), so
// the pipeline sees it at its next check; a job cancelled while still queued never starts.
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QString>
#include <QVector>

#include <atomic>

#include "common/cancel.h"
#include "ui/session_review.h"

namespace stf2m::ui {

struct AnalysisJobRequest {
  quint64 id = 0;
  QString projectPath;
  qint64 sessionId = 0;
  QString modelPath;       // empty: the installed session model
  QString device = QStringLiteral("auto");  // auto | cpu | cuda
  int threads = 0;         // LibTorch threads on the worker; 0 = hardware concurrency
};

// Adapting to a subject (docs/adaptation.md): a new support set of the subject's labelled
// segments `segmentIds` (every one when empty), the adapted model written to `outPath`, made
// active, the subject's sessions re-predicted.
struct AdaptJobRequest {
  quint64 id = 0;
  QString projectPath;
  QString subjectCode;
  QVector<qint64> segmentIds;
  QString outPath;
  QString actor;           // who the audit log names
  QString device = QStringLiteral("auto");
  int threads = 0;
  qint64 supportSetId = 0;  // a stored set of exactly these segments; 0: the job stores a new one
};

// What an adaptation did, for the panel and the undo history.
struct AdaptationResult {
  qint64 subjectId = 0, modelId = 0, supportSetId = 0;
  qint64 previousModelId = 0;  // 0: none
  QString summary;             // one paragraph: classes, accuracy before and after, times
};

class InferenceWorker : public QObject {
  Q_OBJECT

 public:
  InferenceWorker();
  ~InferenceWorker() override;

  // --- Thread-safe. ---------------------------------------------------------------------------
  void cancel(quint64 jobId);
  void shutdown();  // cancels the running job; later jobs end as cancelled

 public Q_SLOTS:
  // --- Worker thread. ---------------------------------------------------------------------------
  void runAnalysis(const stf2m::ui::AnalysisJobRequest& request);
  void runAdaptation(const stf2m::ui::AdaptJobRequest& request);

 Q_SIGNALS:
  void started(quint64 jobId, const QString& device);
  // `stage` is the pipeline's ("faces", "voice", "model"); `fraction` of the session; ETA in
  // seconds, negative while unknown.
  void progress(quint64 jobId, const QString& stage, double fraction, double etaSeconds);
  // The model's layout, before the first windows.
  void layoutKnown(quint64 jobId, const stf2m::ui::SessionReview& empty);
  void windows(quint64 jobId, const QVector<stf2m::ui::ReviewWindow>& windows);
  void note(quint64 jobId, const QString& text);  // e.g. the CUDA fallback, decoder warnings
  void finished(quint64 jobId, qint64 modelId, const QString& summary);
  void adapted(quint64 jobId, const stf2m::ui::AdaptationResult& result);
  void failed(quint64 jobId, const QString& message);
  void cancelled(quint64 jobId);

 private:
  bool takeCancelledBeforeStart(quint64 jobId);
  // Marks the job running; false (and cancelled() emitted) when it was cancelled while queued.
  bool begin(quint64 jobId);
  // LibTorch's threads and device for this thread; a CUDA request that cannot be met falls back
  // to the CPU with a note. Returns the device string ("cpu", "cuda:0").
  std::string configureDevice(quint64 jobId, const QString& device, int threads, QString* deviceName);
  void endWithError(quint64 jobId, const QString& where);

  CancelToken cancel_;
  std::atomic<quint64> running_{0};
  std::atomic<bool> shutDown_{false};
  QMutex mutex_;
  QSet<quint64> cancelledQueued_;  // guarded by mutex_
};

}  // namespace stf2m::ui
