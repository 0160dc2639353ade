#pragma once
// The GUI side of the inference worker: it owns the worker and its thread, numbers the jobs,
// keeps each job's state for the jobs panel and the status bar, and assembles a running
// analysis's windows into a growing SessionReview for the views. Nothing here waits for the
// worker; cancel() returns at once (the worker sees the token at its next check).
#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

#include "ui/inference_worker.h"
#include "ui/session_review.h"
#include "ui/thread_owner.h"

namespace stf2m::ui {

struct JobInfo {
  enum class State { Queued, Running, Finished, Failed, Cancelled };
  quint64 id = 0;
  QString title;      // "Analyse P01 / intake"
  qint64 sessionId = 0;
  State state = State::Queued;
  QString stage;
  double fraction = 0;
  double etaSeconds = -1;
  QString device;
  QString message;    // the result, the error, or the latest note
  QStringList notes;  // everything the job said on the way (device fallback, decoder warnings)
  bool finished() const { return state == State::Finished || state == State::Failed || state == State::Cancelled; }
};

class AnalysisJobs : public QObject {
  Q_OBJECT

 public:
  explicit AnalysisJobs(QObject* parent = nullptr);
  // Cancels the running job and waits for the worker to notice (one pipeline check).
  ~AnalysisJobs() override;

  quint64 analyse(const QString& projectPath, qint64 sessionId, const QString& title, const QString& modelPath = {});
  // Adapts to a subject (the stored support set `supportSetId`, else a new one of its labelled
  // segments `segmentIds`, all when empty) and writes the model to `outPath`; adapted() comes
  // just before jobFinished().
  quint64 adapt(const QString& projectPath, const QString& subjectCode, const QVector<qint64>& segmentIds,
                const QString& outPath, const QString& actor, const QString& title, qint64 supportSetId = 0);
  void cancel(quint64 jobId);
  void cancelAll();

  void setDevice(const QString& device) { device_ = device; }   // auto | cpu | cuda, for new jobs
  void setThreads(int threads) { threads_ = threads; }

  const QVector<JobInfo>& jobs() const { return jobs_; }
  const JobInfo* job(quint64 id) const;
  bool busy() const;
  // The review a running (or just finished) analysis has built so far.
  const SessionReview* liveReview(quint64 jobId) const;

 Q_SIGNALS:
  void jobChanged(quint64 jobId);
  void reviewGrew(quint64 jobId, qint64 sessionId);
  void jobFinished(quint64 jobId, qint64 sessionId, qint64 modelId);
  void jobFailed(quint64 jobId, const QString& message);
  void adapted(quint64 jobId, const stf2m::ui::AdaptationResult& result);

 private:
  JobInfo* find(quint64 id);

  std::unique_ptr<InferenceWorker> worker_;
  OwnedThread thread_;
  QVector<JobInfo> jobs_;
  quint64 nextId_ = 1;
  QString device_ = QStringLiteral("auto");
  int threads_ = 0;
  quint64 liveJob_ = 0;
  SessionReview live_;
};

}  // namespace stf2m::ui
