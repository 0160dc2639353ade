#include "ui/inference_worker.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QMutexLocker>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "common/error.h"
#include "compute/compute.h"
#include "perception/face_pipeline.h"
#include "pipeline/session_analysis.h"
#include "pipeline/session_model.h"
#include "pipeline/session_store.h"
#include "pipeline/subject_adaptation.h"
#include "store/project.h"

namespace stf2m::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// Remembers each stage's fraction; the job is as far as its slowest stage.
class EtaEstimate {
 public:
  EtaEstimate() { clock_.start(); }
  double fraction(const std::string& stage, double f) {
    stages_[stage] = f;
    double slowest = 1.0;
    for (const auto& [name, value] : stages_) slowest = std::min(slowest, value);
    return slowest;
  }
  double eta(double fraction) const {
    const double elapsed = clock_.elapsed() / 1000.0;
    return fraction > 0.01 && elapsed > 1.0 ? elapsed * (1.0 - fraction) / fraction : -1.0;
  }

 private:
  QElapsedTimer clock_;
  std::map<std::string, double> stages_;
};

}  // namespace

InferenceWorker::InferenceWorker() = default;
InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::cancel(quint64 jobId) {
  if (running_.load() == jobId) cancel_.cancel();
  QMutexLocker lock(&mutex_);
  cancelledQueued_.insert(jobId);
}

void InferenceWorker::shutdown() {
  shutDown_ = true;
  cancel_.cancel();
}

bool InferenceWorker::takeCancelledBeforeStart(quint64 jobId) {
  QMutexLocker lock(&mutex_);
  return cancelledQueued_.remove(jobId) || shutDown_.load();
}

bool InferenceWorker::begin(quint64 jobId) {
  if (takeCancelledBeforeStart(jobId)) {
    Q_EMIT cancelled(jobId);
    return false;
  }
  cancel_.reset();
  running_ = jobId;
  // A cancel that arrived between the check above and running_ being set.
  if (takeCancelledBeforeStart(jobId)) cancel_.cancel();
  return true;
}

std::string InferenceWorker::configureDevice(quint64 jobId, const QString& device, int threads, QString* deviceName) {
  // LibTorch's thread count is per thread (OpenMP): set it here, on the thread that computes.
  compute::ComputeSettings settings;
  settings.threads = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
  settings.device = compute::parseDevicePreference(device.toStdString());
  compute::ComputeInfo info;
  try {
    info = compute::configureCompute(settings);
  } catch (const Error& e) {
    Q_EMIT note(jobId, tr("CUDA is not available (%1); the job runs on the CPU.").arg(qs(e.what())));
    settings.device = compute::DevicePreference::Cpu;
    info = compute::configureCompute(settings);
  }
  perception::keepActivationBuffersInHeap();
  if (deviceName) *deviceName = qs(info.deviceName);
  return info.device;
}

// In a catch block: the job ends as cancelled or failed.
void InferenceWorker::endWithError(quint64 jobId, const QString& where) {
  running_ = 0;
  try {
    throw;
  } catch (const Error& e) {
    if (e.code() == ErrorCode::Cancelled) Q_EMIT cancelled(jobId);
    else Q_EMIT failed(jobId, qs(e.what()));
  } catch (const std::exception& e) {
    Q_EMIT failed(jobId, tr("%1: unexpected error: %2").arg(where, QString::fromLocal8Bit(e.what())));
  }
}

void InferenceWorker::runAnalysis(const AnalysisJobRequest& request) {
  if (!begin(request.id)) return;
  const std::string projectPath = request.projectPath.toStdString();
  try {
    QString deviceName;
    const std::string device = configureDevice(request.id, request.device, request.threads, &deviceName);

    store::Session session;
    std::optional<store::LabelScheme> emotionScheme;
    {
      const store::Project project = store::Project::open(projectPath, "stf2m-studio");
      session = project.session(request.sessionId);
      for (const store::LabelScheme& s : project.schemes())
        if (s.name == "emotion") emotionScheme = s;
    }
    pipeline::AnalysisOptions options;
    options.extraction.cacheDir = pipeline::projectCacheDir(projectPath);
    options.extraction.face.device = device;
    options.device = device.rfind("cuda", 0) == 0 ? "cuda" : "cpu";
    const std::string modelPath =
        request.modelPath.isEmpty() ? pipeline::findSessionModel() : request.modelPath.toStdString();

    std::unique_ptr<pipeline::SessionAnalysis> analysis;
    try {
      analysis = std::make_unique<pipeline::SessionAnalysis>(pipeline::sessionMedia(session), modelPath, options);
    } catch (const Error& e) {
      if (options.device != "cuda" || e.code() == ErrorCode::Cancelled) throw;
      // The GPU failed (memory, driver): the same job on the CPU, and the user is told.
      Q_EMIT note(request.id, tr("The GPU could not run the model (%1); the analysis runs on the CPU.").arg(qs(e.what())));
      options.device = "cpu";
      options.extraction.face.device = "cpu";
      analysis = std::make_unique<pipeline::SessionAnalysis>(pipeline::sessionMedia(session), modelPath, options);
    }
    Q_EMIT started(request.id, deviceName);
    for (const std::string& w : analysis->layout().warnings) Q_EMIT note(request.id, qs(w));

    SessionReview layout;
    layout.sessionId = request.sessionId;
    for (const std::string& c : analysis->model().classes()) layout.emotions.push_back(qs(c));
    for (const auto& m : analysis->model().modalities()) layout.views.push_back(qs(m.name));
    layout.modelSha256 = qs(analysis->modelSha256());
    layout.colors = emotionColors(layout.emotions, emotionScheme ? &*emotionScheme : nullptr);
    Q_EMIT layoutKnown(request.id, layout);

    const int views = int(layout.views.size()), emotions = int(layout.emotions.size());
    std::vector<pipeline::WindowResult> all;
    EtaEstimate eta;
    const pipeline::AnalysisSummary summary = analysis->run(
        [&](const pipeline::AnalysisUpdate& update) {
          if (update.windows.empty()) return;
          all.insert(all.end(), update.windows.begin(), update.windows.end());
          // The same conversion as the stored rows, so live and stored look the same.
          Q_EMIT windows(request.id, reviewWindows(pipeline::predictionRows(request.sessionId, 0, analysis->model(),
                                                                            update.windows),
                                                   views, emotions));
        },
        &cancel_,
        [&](const std::string& stage, double fraction) {
          const double overall = eta.fraction(stage, fraction);
          Q_EMIT progress(request.id, qs(stage), overall, eta.eta(overall));
        });
    throwIfCancelled(&cancel_, "the analysis");

    // One transaction: the previous analysis by this model stays whole until this one is in.
    store::Project project = store::Project::open(projectPath, "stf2m-studio");
    const int64_t modelId = pipeline::projectModelId(project, modelPath);
    project.replacePredictions(request.sessionId, modelId,
                               pipeline::predictionRows(request.sessionId, modelId, analysis->model(), all));
    running_ = 0;
    const pipeline::ExtractionStats& x = summary.extraction;
    Q_EMIT finished(request.id, modelId,
                    tr("%1 windows, %2 face views, %3 voice views, %4 without a view; feature chunks: %5 computed, "
                       "%6 from the cache")
                        .arg(summary.windows)
                        .arg(summary.faceViews)
                        .arg(summary.voiceViews)
                        .arg(summary.emptyWindows)
                        .arg(x.faceChunksComputed + x.voiceChunksComputed)
                        .arg(x.faceChunksFromCache + x.voiceChunksFromCache));
  } catch (...) {
    endWithError(request.id, request.projectPath);
  }
}

void InferenceWorker::runAdaptation(const AdaptJobRequest& request) {
  if (!begin(request.id)) return;
  try {
    QString deviceName;
    const std::string device = configureDevice(request.id, request.device, request.threads, &deviceName);
    Q_EMIT started(request.id, deviceName);
    store::Project project = store::Project::open(request.projectPath.toStdString(), request.actor.toStdString());
    const std::string subject = request.subjectCode.toStdString();
    pipeline::SubjectAdaptationOptions options;
    options.outPath = request.outPath.toStdString();
    options.analysis.device = device.rfind("cuda", 0) == 0 ? "cuda" : "cpu";
    options.analysis.extraction.face.device = device;
    std::map<std::string, int> perClass;
    const std::vector<int64_t> segments(request.segmentIds.begin(), request.segmentIds.end());
    if (request.supportSetId > 0) {
      options.supportSetId = request.supportSetId;
    } else {
      options.supportSetId = pipeline::createSupportSet(project, subject, options.scheme, segments, {}, &perClass);
      for (const std::string& w : pipeline::supportWarnings(perClass)) Q_EMIT note(request.id, qs(w));
    }
    EtaEstimate eta;
    const pipeline::SubjectAdaptationSummary s = pipeline::adaptSubject(
        project, subject, options, &cancel_, [&](const std::string& stage, double fraction) {
          Q_EMIT progress(request.id, qs(stage), fraction, -1);
        });
    for (const std::string& w : s.warnings) Q_EMIT note(request.id, qs(w));
    AdaptationResult result;
    result.subjectId = s.subjectId;
    result.modelId = s.modelId;
    result.supportSetId = s.supportSetId;
    result.previousModelId = s.accuracy.previousModelId.value_or(0);
    QStringList classes;
    for (const std::string& c : s.classes) classes << qs(c);
    const pipeline::AdaptationAccuracy& a = s.accuracy;
    QString accuracy = tr("no labelled segment could test it");
    if (a.clips > 0) {
      accuracy = a.method == "held-out" ? tr("on %n held-out segment(s)", nullptr, a.clips)
                                        : tr("leave-one-out over %n support segment(s)", nullptr, a.clips);
      accuracy += QStringLiteral(": ") + tr("adapted %1 %").arg(100.0 * a.adaptedCorrect / a.clips, 0, 'f', 0);
      if (a.previousCorrect >= 0)
        accuracy += QStringLiteral(", ") + tr("previous model %1 %").arg(100.0 * a.previousCorrect / a.clips, 0, 'f', 0);
    }
    result.summary = tr("Adapted to %1 (support set %2, %n clip(s)): %3. Accuracy %4. %5 session(s) re-predicted; "
                        "adaptation took %6 s.", nullptr, s.supportClips)
                         .arg(request.subjectCode)
                         .arg(s.supportSetId)
                         .arg(classes.join(QStringLiteral(", ")), accuracy)
                         .arg(s.sessionsPredicted)
                         .arg(s.supportSeconds + s.adaptSeconds, 0, 'f', 2);
    if (s.statistics.present()) {
      result.summary += QLatin1Char(' ') + tr("Labelled by %1.").arg(qs(s.statistics.labelledBy()));
      if (s.statistics.heldOutClips > 0)
        result.summary += QLatin1Char(' ') + tr("Chosen by holding out %n support clip(s) in turn: %1 answered right.",
                                                nullptr, s.statistics.heldOutClips)
                                                 .arg(s.statistics.chosenCorrect(), 0, 'f', 0);
      else
        result.summary += QLatin1Char(' ') + tr("No clip could be held out (a class has a single clip), so the default was kept.");
    }
    running_ = 0;
    Q_EMIT adapted(request.id, result);
    Q_EMIT finished(request.id, s.modelId, result.summary);
  } catch (...) {
    endWithError(request.id, request.projectPath);
  }
}

}  // namespace stf2m::ui
