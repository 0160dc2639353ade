#pragma once
// Analysis windows: the session cut into the model's windows (length and hop from the model's
// config), each with the face and voice rows that fall into it, assembled from the feature chunks
// as they stream in. A window is handed out as soon as every modality has passed its end, and
// rows no later window needs are dropped, so memory holds about one chunk per modality.
//
// A window has a face view when the primary subject's face is in at least minFacePresence of its
// frames, and a voice view when voice activity covers at least minVoiceActivity of its rows
// (docs/pipeline.md, "Windows and views"): the views follow what is on screen and what is said.
#include <vector>

#include "pipeline/session_types.h"

namespace stf2m::pipeline {

struct WindowOptions {
  double windowSeconds = 2.0;
  double hopSeconds = 1.0;
  double minFacePresence = 0.5;   // fraction of the window's frames with the primary face
  double minVoiceActivity = 0.25; // fraction of the window's voice rows with voice activity
};

struct WindowView {
  bool present = false;      // the view exists (enough face / voice in the window)
  double coverage = 0;       // face presence or voice activity fraction over the window
  double rateHz = 0;
  int rows = 0, columns = 0;
  std::vector<float> values;  // rows x columns, row-major (the schema's columns)
};

struct AnalysisWindow {
  int index = 0;
  double start = 0, end = 0;  // session seconds
  WindowView face, voice;
};

class WindowAssembler {
 public:
  // InvalidArgument for a window or hop that is not positive, or a hop longer than the window.
  WindowAssembler(const SessionLayout& layout, WindowOptions options);

  // The windows of the session: starts at k * hop while a whole window fits, and a last one
  // ending at the session's end, so that the windows cover the recording.
  int windowCount() const { return int(starts_.size()); }
  const std::vector<double>& windowStarts() const { return starts_; }

  // Feeds the next chunk (in the extractor's order); returns the windows it completed, in order.
  std::vector<AnalysisWindow> add(const FeatureChunk& chunk);
  // After the last chunk: the windows still open.
  std::vector<AnalysisWindow> finish();

  // Rows held for windows still open (the memory bound).
  size_t bufferedFaceSamples() const { return faces_.size(); }
  size_t bufferedVoiceRows() const { return voiceRows_; }

 private:
  std::vector<AnalysisWindow> complete();
  AnalysisWindow build(int index) const;
  void dropBefore(double time);

  SessionLayout layout_;
  WindowOptions options_;
  std::vector<double> starts_;
  int next_ = 0;
  double faceDoneUntil_, voiceDoneUntil_;  // session time up to which each modality is complete
  std::vector<FaceSample> faces_;
  int64_t voiceFirstRow_ = 0;  // session grid row of voice_[0]
  size_t voiceRows_ = 0;
  std::vector<float> voice_;
};

}  // namespace stf2m::pipeline
