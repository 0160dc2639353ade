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

void InferenceWorker::runAnalysis(const AnalysisJobRequest& request) {
  if (takeCancelledBeforeStart(request.id)) {
    Q_EMIT cancelled(request.id);
    return;
  }
  cancel_.reset();
  running_ = request.id;
  // A cancel that arrived between the check above and running_ being set.
  if (takeCancelledBeforeStart(request.id)) cancel_.cancel();
  const std::string projectPath = request.projectPath.toStdString();
  try {
    // LibTorch's thread count is per thread (OpenMP): set it here, on the thread that computes.
    compute::ComputeSettings settings;
    settings.threads = request.threads > 0 ? request.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    settings.device = compute::parseDevicePreference(request.device.toStdString());
    compute::ComputeInfo info;
    try {
      info = compute::configureCompute(settings);
    } catch (const Error& e) {
      Q_EMIT note(request.id, tr("CUDA is not available (%1); the analysis runs on the CPU.").arg(qs(e.what())));
      settings.device = compute::DevicePreference::Cpu;
      info = compute::configureCompute(settings);
    }
    perception::keepActivationBuffersInHeap();

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
    options.extraction.face.device = info.device;
    options.device = info.device.rfind("cuda", 0) == 0 ? "cuda" : "cpu";
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
    Q_EMIT started(request.id, qs(info.deviceName));
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
  } catch (const Error& e) {
    running_ = 0;
    if (e.code() == ErrorCode::Cancelled) Q_EMIT cancelled(request.id);
    else Q_EMIT failed(request.id, qs(e.what()));
  } catch (const std::exception& e) {
    running_ = 0;
    Q_EMIT failed(request.id, tr("%1: unexpected error: %2").arg(request.projectPath, QString::fromLocal8Bit(e.what())));
  }
}

}  // namespace stf2m::ui
