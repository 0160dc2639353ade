#pragma once
// Session analysis: a recording (one or more media files with their offsets) and an adapted
// model in, per-window and per-view model outputs out (docs/pipeline.md). It joins the feature
// extraction (session_features.h), the analysis windows (analysis_windows.h) and the model
// (model/window_predictor.h), and streams its results: after each feature chunk, the primary
// face of every frame of the chunk (for the player's overlay) and the windows the chunk
// completed, with their predictions. Qt-free; synchronous, with a cancel token and progress per
// stage ("faces", "voice", "model").
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "model/window_predictor.h"
#include "pipeline/analysis_windows.h"
#include "pipeline/session_features.h"

namespace stf2m::pipeline {

struct AnalysisOptions {
  ExtractionOptions extraction;
  std::string device = "auto";  // for the model: auto | cpu | cuda
  double minFacePresence = 0.5;  // WindowOptions: when a window has a face view
  double minVoiceActivity = 0.25;
};

struct ViewResult {
  std::string modality;  // "face" or "voice"
  double coverage = 0;   // face presence or voice activity over the window
  model::ViewOutput output;
};

struct WindowResult {
  int index = 0;
  double start = 0, end = 0;  // session seconds
  double facePresence = 0, voiceActivity = 0;
  std::vector<ViewResult> views;  // none when the window has neither a face nor speech
  std::vector<double> fused;      // per class; empty without views
  double confidence = 0;
};

// The primary subject's face in one frame, for the player's overlay.
struct FaceOverlay {
  double time = 0;
  int64_t frame = 0;
  int trackId = -1;  // -1: no face of the primary subject in this frame
  perception::FaceSource source = perception::FaceSource::Missing;
  perception::FaceBox box;
  std::array<perception::FacePoint, 68> landmarks{};
  bool landmarksValid = false;
};

struct AnalysisUpdate {
  std::vector<FaceOverlay> faces;     // the frames of one face chunk (empty for a voice chunk)
  std::vector<WindowResult> windows;  // the windows completed so far and not yet handed out
};

struct AnalysisSummary {
  int windows = 0, faceViews = 0, voiceViews = 0, emptyWindows = 0;
  ExtractionStats extraction;
  double modelSeconds = 0;  // wall time in the model
};

class SessionAnalysis {
 public:
  // Probes the media and loads the model. Errors: the extractor's (naming the media file), the
  // model's (not adapted, integrity), and InvalidArgument naming the model and both layouts when
  // the model does not read what the session gives (requireModelReadsSession).
  SessionAnalysis(std::vector<MediaFile> media, const std::string& modelPath, AnalysisOptions options);
  ~SessionAnalysis();
  SessionAnalysis(const SessionAnalysis&) = delete;
  SessionAnalysis& operator=(const SessionAnalysis&) = delete;

  const SessionLayout& layout() const;
  const model::WindowPredictor& model() const;
  const std::string& modelSha256() const;  // of the model file
  // The model's modalities that the session gives, in the model's order.
  std::vector<std::string> modalities() const;
  int windowCount() const;

  // Runs the analysis; `onUpdate` gets each chunk's results in order. A cancel throws Cancelled
  // (features computed so far stay in the cache, when there is one).
  AnalysisSummary run(const std::function<void(const AnalysisUpdate&)>& onUpdate, const CancelToken* cancel = nullptr,
                      const StageProgress& progress = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::pipeline
