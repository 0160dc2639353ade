#include "pipeline/segment_features.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/error.h"
#include "dataset/feature_dataset.h"
#include "perception/face_features.h"
#include "pipeline/session_model.h"
#include "pipeline/session_store.h"
#include "voice/voice_schema.h"

namespace stf2m::pipeline {

namespace {

constexpr int kFace = perception::kFaceFeatureCount;
constexpr int kVoice = voice::kVoiceFeatureCount;

// One segment's rows as they stream in.
struct Pending {
  const store::Segment* segment = nullptr;
  std::vector<double> faceTimes;
  std::vector<float> faces;   // faceTimes.size() x kFace
  int64_t voiceFirst = 0;     // session grid row of voice row 0
  std::vector<float> voice;   // rows x kVoice, zeros where no row came
};

void addChunk(const FeatureChunk& chunk, std::vector<Pending>& pending) {
  for (Pending& p : pending) {
    const double start = p.segment->start, end = p.segment->end;
    if (chunk.end <= start || chunk.start >= end) continue;
    for (const FaceSample& s : chunk.faces)
      if (s.time >= start && s.time < end) {
        p.faceTimes.push_back(s.time);
        p.faces.insert(p.faces.end(), s.features.begin(), s.features.end());
      }
    const int64_t rows = int64_t(p.voice.size()) / kVoice;
    for (int r = 0; r < chunk.voiceRows; ++r) {
      const int64_t at = chunk.voiceFirstRow + r - p.voiceFirst;
      if (at < 0 || at >= rows) continue;
      std::copy_n(chunk.voice.data() + size_t(r) * kVoice, kVoice, p.voice.data() + at * kVoice);
    }
  }
}

dataset::FeatureSequence faceRows(const Pending& p, double rate) {
  dataset::FeatureSequence seq;
  seq.rateHz = rate;
  seq.cols = kFace;
  seq.rows = std::max<int64_t>(1, std::llround((p.segment->end - p.segment->start) * rate));
  seq.data.assign(size_t(seq.rows) * kFace, 0.f);  // presence 0: no face
  if (p.faceTimes.empty()) return seq;
  for (int64_t t = 0; t < seq.rows; ++t) {
    const double time = p.segment->start + (double(t) + 0.5) / rate;
    const auto next = std::lower_bound(p.faceTimes.begin(), p.faceTimes.end(), time);
    size_t k = size_t(std::min<ptrdiff_t>(next - p.faceTimes.begin(), ptrdiff_t(p.faceTimes.size()) - 1));
    if (k > 0 && std::abs(p.faceTimes[k - 1] - time) <= std::abs(p.faceTimes[k] - time)) --k;
    std::copy_n(p.faces.data() + k * kFace, kFace, seq.data.data() + t * kFace);
  }
  return seq;
}

}  // namespace

dataset::Dataset segmentDataset(const store::Project& project, SegmentFeatureOptions options,
                                SegmentFeatureSummary& summary, const CancelToken* cancel, const StageProgress& progress) {
  const store::LabelScheme scheme = project.scheme(options.scheme);
  if (scheme.kind != "categorical")
    throw Error(ErrorCode::InvalidArgument, project.path(),
                "scheme '" + scheme.name + "' is " + scheme.kind + "; a feature dataset needs a categorical scheme");
  if (options.extraction.cacheDir.empty()) options.extraction.cacheDir = projectCacheDir(project.path());
  std::map<int64_t, std::string> category, subject;
  for (const store::Category& c : scheme.categories) category[c.id] = c.name;
  for (const store::Subject& s : project.subjects()) subject[s.id] = s.code;

  const std::set<int64_t> wanted(options.segmentIds.begin(), options.segmentIds.end());
  std::set<int64_t> found;
  dataset::Dataset data;
  data.modalities = {faceModality(options.faceRateHz), voiceModality()};
  summary = {};
  const std::vector<store::Session> sessions = project.sessions();
  for (size_t si = 0; si < sessions.size(); ++si) {
    const store::Session& session = sessions[si];
    std::vector<store::Segment> segments;
    for (store::Segment& s : project.segments(session.id))
      if (s.schemeId == scheme.id && s.source == "human" && category.count(s.categoryId) &&
          (wanted.empty() || wanted.count(s.id))) {
        found.insert(s.id);
        segments.push_back(std::move(s));
      }
    if (segments.empty()) continue;
    ++summary.sessions;
    SessionFeatureExtractor extractor(sessionMedia(session), options.extraction);
    const SessionLayout& layout = extractor.layout();
    for (const std::string& w : layout.warnings) summary.warnings.push_back("session " + std::to_string(session.id) + ": " + w);
    std::vector<Pending> pending;
    for (const store::Segment& s : segments) {
      if (s.end > layout.duration + 1e-6)
        summary.warnings.push_back("segment " + std::to_string(s.id) + " of session " + std::to_string(session.id) +
                                   " ends after the media (" + dataset::formatNumber(layout.duration) +
                                   " s); its rows past the end are zeros");
      Pending p;
      p.segment = &s;
      p.voiceFirst = std::llround(s.start * kVoiceRateHz);
      p.voice.assign(size_t(std::max<int64_t>(1, std::llround((s.end - s.start) * kVoiceRateHz))) * kVoice, 0.f);
      pending.push_back(std::move(p));
    }
    extractor.run([&](const FeatureChunk& chunk) { addChunk(chunk, pending); }, cancel,
                  [&](const std::string& stage, double f) {
                    if (progress) progress(stage, (double(si) + f) / double(sessions.size()));
                  });
    const ExtractionStats& st = extractor.stats();
    summary.extraction.faceChunksComputed += st.faceChunksComputed;
    summary.extraction.faceChunksFromCache += st.faceChunksFromCache;
    summary.extraction.voiceChunksComputed += st.voiceChunksComputed;
    summary.extraction.voiceChunksFromCache += st.voiceChunksFromCache;
    summary.extraction.framesAnalysed += st.framesAnalysed;
    for (const Pending& p : pending) {
      dataset::Clip clip;
      clip.id = "s" + std::to_string(session.id) + "_g" + std::to_string(p.segment->id);
      clip.subject = subject.at(session.subjectId);
      clip.label = dataset::EmotionLabel::single(category.at(p.segment->categoryId));
      clip.startS = p.segment->start;
      clip.endS = p.segment->end;
      clip.features.emplace("face", faceRows(p, options.faceRateHz));
      dataset::FeatureSequence voice;
      voice.rateHz = kVoiceRateHz;
      voice.cols = kVoice;
      voice.rows = int64_t(p.voice.size()) / kVoice;
      voice.data = p.voice;
      clip.features.emplace("voice", std::move(voice));
      data.clips.push_back(std::move(clip));
    }
  }
  for (int64_t id : wanted)
    if (!found.count(id))
      throw Error(ErrorCode::NotFound, project.path(),
                  "segment " + std::to_string(id) + " is not a human segment of scheme '" + scheme.name + "'");
  if (data.clips.empty())
    throw Error(ErrorCode::InvalidArgument, project.path(), "no session has human segments of scheme '" + scheme.name + "'");
  summary.clips = int(data.clips.size());
  return data;
}

SegmentFeatureSummary writeSegmentFeatures(const store::Project& project, const std::string& outDir,
                                           SegmentFeatureOptions options, const CancelToken* cancel,
                                           const StageProgress& progress) {
  SegmentFeatureSummary summary;
  const dataset::Dataset data = segmentDataset(project, std::move(options), summary, cancel, progress);
  dataset::saveDataset(data, outDir, cancel);
  return summary;
}

}  // namespace stf2m::pipeline
