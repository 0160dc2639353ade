#include "pipeline/session_analysis.h"

#include <chrono>

#include "common/digest.h"
#include "common/error.h"
#include "pipeline/session_model.h"

namespace stf2m::pipeline {

namespace {

FaceOverlay overlayOf(const FaceSample& s) {
  FaceOverlay o;
  o.time = s.time;
  o.frame = s.frame;
  o.trackId = s.trackId;
  o.source = s.source;
  o.box = s.box;
  o.landmarks = s.landmarks;
  o.landmarksValid = s.landmarksValid;
  return o;
}

}  // namespace

struct SessionAnalysis::Impl {
  std::unique_ptr<SessionFeatureExtractor> extractor;
  std::unique_ptr<model::WindowPredictor> predictor;
  std::string modelSha256;
  AnalysisOptions options;
  WindowOptions windowOptions;
  std::vector<int> modalityOf;  // per model modality: 0 face, 1 voice, -1 not in the session
};

SessionAnalysis::SessionAnalysis(std::vector<MediaFile> media, const std::string& modelPath, AnalysisOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->extractor = std::make_unique<SessionFeatureExtractor>(std::move(media), options.extraction);
  requireModelReadsSession(modelPath, impl_->extractor->layout());
  impl_->predictor = std::make_unique<model::WindowPredictor>(modelPath, options.device);
  impl_->modelSha256 = sha256OfFile(modelPath);
  const SessionLayout& layout = impl_->extractor->layout();
  for (const dataset::ModalitySpec& m : impl_->predictor->modalities()) {
    int which = -1;
    if (m.name == "face" && !layout.videoPath.empty()) which = 0;
    if (m.name == "voice" && !layout.audioPath.empty()) which = 1;
    impl_->modalityOf.push_back(which);
  }
  impl_->windowOptions.windowSeconds = impl_->predictor->windowSeconds();
  impl_->windowOptions.hopSeconds = impl_->predictor->hopSeconds();
  impl_->windowOptions.minFacePresence = options.minFacePresence;
  impl_->windowOptions.minVoiceActivity = options.minVoiceActivity;
}

SessionAnalysis::~SessionAnalysis() = default;

const SessionLayout& SessionAnalysis::layout() const { return impl_->extractor->layout(); }
const model::WindowPredictor& SessionAnalysis::model() const { return *impl_->predictor; }
const std::string& SessionAnalysis::modelSha256() const { return impl_->modelSha256; }

std::vector<std::string> SessionAnalysis::modalities() const {
  std::vector<std::string> out;
  for (size_t m = 0; m < impl_->modalityOf.size(); ++m)
    if (impl_->modalityOf[m] >= 0) out.push_back(impl_->predictor->modalities()[m].name);
  return out;
}

int SessionAnalysis::windowCount() const { return WindowAssembler(layout(), impl_->windowOptions).windowCount(); }

AnalysisSummary SessionAnalysis::run(const std::function<void(const AnalysisUpdate&)>& onUpdate,
                                     const CancelToken* cancel, const StageProgress& progress) {
  AnalysisSummary summary;
  WindowAssembler assembler(layout(), impl_->windowOptions);
  const int total = assembler.windowCount();
  const std::vector<dataset::ModalitySpec>& specs = impl_->predictor->modalities();

  auto predict = [&](std::vector<AnalysisWindow> windows, AnalysisUpdate& update) {
    if (windows.empty()) return;
    throwIfCancelled(cancel, "session analysis");
    std::vector<model::WindowInput> inputs(windows.size());
    for (size_t k = 0; k < windows.size(); ++k)
      for (size_t m = 0; m < specs.size(); ++m) {
        model::WindowRows rows;
        const int which = impl_->modalityOf[m];
        const WindowView* view = which == 0 ? &windows[k].face : which == 1 ? &windows[k].voice : nullptr;
        if (view && view->present && view->rows > 0) rows = {view->rateHz, view->rows, view->values.data()};
        inputs[k].modalities.push_back(rows);
      }
    const auto start = std::chrono::steady_clock::now();
    std::vector<model::WindowOutput> outputs = impl_->predictor->predict(inputs);
    summary.modelSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (size_t k = 0; k < windows.size(); ++k) {
      WindowResult r;
      r.index = windows[k].index;
      r.start = windows[k].start;
      r.end = windows[k].end;
      r.facePresence = windows[k].face.coverage;
      r.voiceActivity = windows[k].voice.coverage;
      for (model::ViewOutput& v : outputs[k].views) {
        const std::string& name = specs[size_t(v.modality)].name;
        const double coverage = impl_->modalityOf[size_t(v.modality)] == 0 ? r.facePresence : r.voiceActivity;
        (name == "face" ? summary.faceViews : summary.voiceViews) += 1;
        r.views.push_back({name, coverage, std::move(v)});
      }
      r.fused = std::move(outputs[k].fused);
      r.confidence = outputs[k].confidence;
      summary.emptyWindows += r.views.empty();
      update.windows.push_back(std::move(r));
    }
    summary.windows += int(windows.size());
    if (progress) progress("model", total > 0 ? double(summary.windows) / total : 1.0);
  };

  impl_->extractor->run(
      [&](const FeatureChunk& chunk) {
        AnalysisUpdate update;
        for (const FaceSample& s : chunk.faces) update.faces.push_back(overlayOf(s));
        predict(assembler.add(chunk), update);
        if (onUpdate && (!update.faces.empty() || !update.windows.empty())) onUpdate(update);
      },
      cancel, progress);
  AnalysisUpdate last;
  predict(assembler.finish(), last);
  if (onUpdate && !last.windows.empty()) onUpdate(last);
  summary.extraction = impl_->extractor->stats();
  return summary;
}

}  // namespace stf2m::pipeline
