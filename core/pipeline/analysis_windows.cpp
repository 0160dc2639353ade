#include "pipeline/analysis_windows.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.h"
#include "perception/face_features.h"
#include "voice/voice_schema.h"

namespace stf2m::pipeline {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr int kVadColumn = 3;  // voice schema v1: rms_db, f0_hz, voicing, vad, ...
}  // namespace

WindowAssembler::WindowAssembler(const SessionLayout& layout, WindowOptions options)
    : layout_(layout), options_(options) {
  if (!(options_.windowSeconds > 0) || !(options_.hopSeconds > 0) || options_.hopSeconds > options_.windowSeconds)
    throw Error(ErrorCode::InvalidArgument, "analysis windows", "window and hop must be positive, the hop at most the window");
  const double d = layout_.duration, w = options_.windowSeconds, h = options_.hopSeconds;
  for (int k = 0; k * h + w <= d + 1e-9; ++k) starts_.push_back(k * h);
  if (starts_.empty()) starts_.push_back(0);  // a session shorter than one window: one window
  else if (starts_.back() + w < d - 1e-9) starts_.push_back(d - w);
  faceDoneUntil_ = layout_.videoPath.empty() ? kInfinity : -kInfinity;
  voiceDoneUntil_ = layout_.audioPath.empty() ? kInfinity : -kInfinity;
}

std::vector<AnalysisWindow> WindowAssembler::add(const FeatureChunk& chunk) {
  if (chunk.kind == ChunkKind::Face) {
    faces_.insert(faces_.end(), chunk.faces.begin(), chunk.faces.end());
    faceDoneUntil_ = std::max(faceDoneUntil_, chunk.end);
  } else {
    if (voiceRows_ == 0) voiceFirstRow_ = chunk.voiceFirstRow;
    if (chunk.voiceFirstRow != voiceFirstRow_ + int64_t(voiceRows_))
      throw Error(ErrorCode::Internal, "analysis windows", "voice chunks out of order");
    voice_.insert(voice_.end(), chunk.voice.begin(), chunk.voice.end());
    voiceRows_ += size_t(chunk.voiceRows);
    voiceDoneUntil_ = std::max(voiceDoneUntil_, chunk.end);
  }
  return complete();
}

std::vector<AnalysisWindow> WindowAssembler::finish() {
  faceDoneUntil_ = voiceDoneUntil_ = kInfinity;
  return complete();
}

std::vector<AnalysisWindow> WindowAssembler::complete() {
  std::vector<AnalysisWindow> out;
  while (next_ < windowCount()) {
    const double end = starts_[size_t(next_)] + options_.windowSeconds;
    // A stream that ends before the window's end is complete once it has ended.
    const bool faceReady = faceDoneUntil_ >= std::min(end, layout_.videoOffset + layout_.videoDuration);
    const bool voiceReady = voiceDoneUntil_ >= std::min(end, layout_.audioOffset + layout_.audioDuration);
    if (!faceReady || !voiceReady) break;
    out.push_back(build(next_++));
  }
  if (next_ < windowCount()) dropBefore(starts_[size_t(next_)]);
  else dropBefore(kInfinity);
  return out;
}

AnalysisWindow WindowAssembler::build(int index) const {
  AnalysisWindow w;
  w.index = index;
  w.start = starts_[size_t(index)];
  w.end = w.start + options_.windowSeconds;
  w.face.rateHz = layout_.fps;
  w.face.columns = perception::kFaceFeatureCount;
  int present = 0;
  for (const FaceSample& s : faces_) {
    if (s.time < w.start || s.time >= w.end) continue;
    w.face.values.insert(w.face.values.end(), s.features.begin(), s.features.end());
    ++w.face.rows;
    present += s.trackId >= 0;
  }
  w.face.coverage = w.face.rows ? double(present) / w.face.rows : 0.0;
  w.face.present = w.face.rows > 0 && w.face.coverage >= options_.minFacePresence;

  w.voice.rateHz = kVoiceRateHz;
  w.voice.columns = voice::kVoiceFeatureCount;
  const int64_t first = std::max<int64_t>(int64_t(std::ceil(w.start * kVoiceRateHz - 1e-9)), voiceFirstRow_);
  const int64_t last = std::min<int64_t>(int64_t(std::ceil(w.end * kVoiceRateHz - 1e-9)), voiceFirstRow_ + int64_t(voiceRows_));
  int active = 0;
  for (int64_t r = first; r < last; ++r) {
    const float* row = &voice_[size_t(r - voiceFirstRow_) * voice::kVoiceFeatureCount];
    w.voice.values.insert(w.voice.values.end(), row, row + voice::kVoiceFeatureCount);
    ++w.voice.rows;
    active += row[kVadColumn] > 0.5f;
  }
  w.voice.coverage = w.voice.rows ? double(active) / w.voice.rows : 0.0;
  w.voice.present = w.voice.rows > 0 && w.voice.coverage >= options_.minVoiceActivity;
  return w;
}

void WindowAssembler::dropBefore(double time) {
  faces_.erase(faces_.begin(), std::find_if(faces_.begin(), faces_.end(), [&](const FaceSample& s) { return s.time >= time; }));
  const int64_t keepFrom = std::isinf(time) ? voiceFirstRow_ + int64_t(voiceRows_) : int64_t(std::ceil(time * kVoiceRateHz - 1e-9));
  const int64_t drop = std::clamp<int64_t>(keepFrom - voiceFirstRow_, 0, int64_t(voiceRows_));
  voice_.erase(voice_.begin(), voice_.begin() + drop * voice::kVoiceFeatureCount);
  voiceFirstRow_ += drop;
  voiceRows_ -= size_t(drop);
}

}  // namespace stf2m::pipeline
