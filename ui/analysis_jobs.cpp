#include "ui/analysis_jobs.h"

#include <QMetaObject>

namespace stf2m::ui {

AnalysisJobs::AnalysisJobs(QObject* parent) : QObject(parent) {
  qRegisterMetaType<stf2m::ui::AnalysisJobRequest>();
  qRegisterMetaType<stf2m::ui::AdaptJobRequest>();
  qRegisterMetaType<stf2m::ui::AdaptationResult>();
  qRegisterMetaType<stf2m::ui::SessionReview>();
  qRegisterMetaType<QVector<stf2m::ui::ReviewWindow>>();
  thread_ = startOwnedThread(QStringLiteral("stf2m-inference"));
  worker_ = std::make_unique<InferenceWorker>();
  worker_->moveToThread(thread_.get());

  connect(worker_.get(), &InferenceWorker::started, this, [this](quint64 id, const QString& device) {
    if (JobInfo* j = find(id)) j->state = JobInfo::State::Running, j->device = device, Q_EMIT jobChanged(id);
  });
  connect(worker_.get(), &InferenceWorker::progress, this,
          [this](quint64 id, const QString& stage, double fraction, double eta) {
            if (JobInfo* j = find(id)) {
              j->stage = stage, j->fraction = fraction, j->etaSeconds = eta;
              Q_EMIT jobChanged(id);
            }
          });
  connect(worker_.get(), &InferenceWorker::layoutKnown, this, [this](quint64 id, const SessionReview& layout) {
    liveJob_ = id;
    live_ = layout;
    live_.modelId = -qint64(id);  // not stored yet: a model id no stored set has
  });
  connect(worker_.get(), &InferenceWorker::windows, this, [this](quint64 id, const QVector<ReviewWindow>& windows) {
    if (id != liveJob_) return;
    live_.windows += windows;
    Q_EMIT reviewGrew(id, live_.sessionId);
  });
  connect(worker_.get(), &InferenceWorker::note, this, [this](quint64 id, const QString& text) {
    if (JobInfo* j = find(id)) {
      j->message = text;
      j->notes.push_back(text);
      Q_EMIT jobChanged(id);
    }
  });
  connect(worker_.get(), &InferenceWorker::finished, this, [this](quint64 id, qint64 modelId, const QString& summary) {
    if (JobInfo* j = find(id)) {
      j->state = JobInfo::State::Finished, j->fraction = 1, j->etaSeconds = 0, j->message = summary;
      Q_EMIT jobChanged(id);
      Q_EMIT jobFinished(id, j->sessionId, modelId);
    }
  });
  connect(worker_.get(), &InferenceWorker::adapted, this, &AnalysisJobs::adapted);
  connect(worker_.get(), &InferenceWorker::failed, this, [this](quint64 id, const QString& message) {
    if (JobInfo* j = find(id)) {
      j->state = JobInfo::State::Failed, j->message = message;
      Q_EMIT jobChanged(id);
      Q_EMIT jobFailed(id, message);
    }
  });
  connect(worker_.get(), &InferenceWorker::cancelled, this, [this](quint64 id) {
    if (JobInfo* j = find(id)) {
      j->state = JobInfo::State::Cancelled, j->message = tr("Cancelled; stored results are unchanged");
      Q_EMIT jobChanged(id);
    }
  });
}

AnalysisJobs::~AnalysisJobs() {
  // Order matters: stop the computation, then the thread (its deleter waits), then the object.
  worker_->shutdown();
  thread_.reset();
  worker_.reset();
}

quint64 AnalysisJobs::analyse(const QString& projectPath, qint64 sessionId, const QString& title, const QString& modelPath) {
  JobInfo info;
  info.id = nextId_++;
  info.title = title;
  info.sessionId = sessionId;
  jobs_.push_back(info);
  AnalysisJobRequest request{info.id, projectPath, sessionId, modelPath, device_, threads_};
  QMetaObject::invokeMethod(worker_.get(), "runAnalysis", Qt::QueuedConnection,
                            Q_ARG(stf2m::ui::AnalysisJobRequest, request));
  Q_EMIT jobChanged(info.id);
  return info.id;
}

quint64 AnalysisJobs::adapt(const QString& projectPath, const QString& subjectCode, const QVector<qint64>& segmentIds,
                            const QString& outPath, const QString& actor, const QString& title, qint64 supportSetId) {
  JobInfo info;
  info.id = nextId_++;
  info.title = title;
  jobs_.push_back(info);
  AdaptJobRequest request{info.id, projectPath, subjectCode, segmentIds, outPath, actor, device_, threads_, supportSetId};
  QMetaObject::invokeMethod(worker_.get(), "runAdaptation", Qt::QueuedConnection, Q_ARG(stf2m::ui::AdaptJobRequest, request));
  Q_EMIT jobChanged(info.id);
  return info.id;
}

void AnalysisJobs::cancel(quint64 jobId) {
  const JobInfo* j = job(jobId);
  if (!j || j->finished()) return;
  worker_->cancel(jobId);
}

void AnalysisJobs::cancelAll() {
  for (const JobInfo& j : jobs_)
    if (!j.finished()) worker_->cancel(j.id);
}

const JobInfo* AnalysisJobs::job(quint64 id) const {
  for (const JobInfo& j : jobs_)
    if (j.id == id) return &j;
  return nullptr;
}

JobInfo* AnalysisJobs::find(quint64 id) { return const_cast<JobInfo*>(job(id)); }

bool AnalysisJobs::busy() const {
  return std::any_of(jobs_.cbegin(), jobs_.cend(), [](const JobInfo& j) { return !j.finished(); });
}

const SessionReview* AnalysisJobs::liveReview(quint64 jobId) const { return jobId == liveJob_ ? &live_ : nullptr; }

}  // namespace stf2m::ui
