#include "pipeline/session_features.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.h"
#include "media/media_info.h"
#include "pipeline/voice_stream.h"
#include "voice/voice_schema.h"

namespace stf2m::pipeline {

namespace {

bool hasStream(const media::MediaInfo& info, media::StreamKind kind) {
  for (const media::StreamInfo& s : info.streams)
    if (s.kind == kind && s.decodable) return true;
  return false;
}

double fileDuration(const media::MediaInfo& info) {
  if (info.duration > 0) return info.duration;
  double longest = 0;
  for (const media::StreamInfo& s : info.streams) longest = std::max(longest, s.duration);
  return longest;
}

}  // namespace

struct SessionFeatureExtractor::Impl {
  ExtractionOptions options;
  SessionLayout layout;
  std::unique_ptr<FaceStream> face;
  std::unique_ptr<VoiceStream> voice;

  Impl(std::vector<MediaFile> media, ExtractionOptions o) : options(std::move(o)) {
    if (media.empty()) throw Error(ErrorCode::InvalidArgument, "session", "has no media file");
    if (!(options.chunkSeconds > 0)) throw Error(ErrorCode::InvalidArgument, "session", "chunk length must be positive");
    const MediaFile* video = nullptr;
    const MediaFile* audio = nullptr;
    const MediaFile* audioOnly = nullptr;
    for (const MediaFile& m : media) {
      if (!std::isfinite(m.offset)) throw Error(ErrorCode::InvalidArgument, m.path, "the stream offset is not a number");
      const media::MediaInfo info = media::probeMedia(m.path);
      const bool v = hasStream(info, media::StreamKind::Video), a = hasStream(info, media::StreamKind::Audio);
      if (!v && !a) layout.warnings.push_back(m.path + ": no decodable video or audio stream; not analysed");
      if (v && !video) video = &m;
      if (a && !audio) audio = &m;
      if (a && !v && !audioOnly) audioOnly = &m;
      layout.duration = std::max(layout.duration, m.offset + fileDuration(info));
    }
    if (audioOnly) audio = audioOnly;
    if (!video && !audio) throw Error(ErrorCode::InvalidArgument, media.front().path, "no file of the session has video or audio");
    if (video) {
      face = std::make_unique<FaceStream>(video->path, video->offset, options.face);
      layout.videoPath = video->path;
      layout.videoOffset = video->offset;
      layout.fps = face->fps();
      layout.width = face->displayWidth();
      layout.height = face->displayHeight();
    } else {
      layout.warnings.push_back(media.front().path + ": no video stream; the session has no face views");
    }
    if (audio) {
      voice = std::make_unique<VoiceStream>(audio->path, audio->offset);
      layout.audioPath = audio->path;
      layout.audioOffset = audio->offset;
      layout.audioDuration = voice->duration();
    } else {
      layout.warnings.push_back(media.front().path + ": no audio stream; the session has no voice views");
    }
  }

  int chunkCount() const { return std::max(1, int(std::ceil(layout.duration / options.chunkSeconds - 1e-9))); }
};

SessionFeatureExtractor::SessionFeatureExtractor(std::vector<MediaFile> media, ExtractionOptions options)
    : impl_(std::make_unique<Impl>(std::move(media), std::move(options))) {}

SessionFeatureExtractor::~SessionFeatureExtractor() = default;

const SessionLayout& SessionFeatureExtractor::layout() const { return impl_->layout; }

int SessionFeatureExtractor::chunkCount() const { return impl_->chunkCount(); }

void SessionFeatureExtractor::run(const ChunkCallback& onChunk, const CancelToken* cancel, const StageProgress& progress) {
  Impl& d = *impl_;
  const int chunks = d.chunkCount();
  const double total = std::max(d.layout.duration, 1e-9);
  for (int k = 0; k < chunks; ++k) {
    throwIfCancelled(cancel, "session analysis");
    FeatureChunk chunk;
    chunk.index = k;
    chunk.start = k * d.options.chunkSeconds;
    chunk.end = k + 1 == chunks ? std::max(d.layout.duration, chunk.start) : (k + 1) * d.options.chunkSeconds;
    if (d.face) {
      const double end = k + 1 == chunks ? std::numeric_limits<double>::infinity() : chunk.end;
      d.face->samplesBefore(end, chunk.faces, cancel, [&](double t) {
        if (progress) progress("faces", std::clamp(t / total, 0.0, 1.0));
      });
    }
    if (d.voice) {
      const int64_t from = static_cast<int64_t>(std::ceil(chunk.start * kVoiceRateHz - 1e-9));
      const int64_t to = k + 1 == chunks ? d.voice->endRow()
                                         : static_cast<int64_t>(std::ceil(chunk.end * kVoiceRateHz - 1e-9));
      chunk.voice = d.voice->rows(from, to, &chunk.voiceFirstRow, cancel);
      chunk.voiceRows = int(chunk.voice.size() / voice::kVoiceFeatureCount);
      if (progress) progress("voice", std::clamp(chunk.end / total, 0.0, 1.0));
    }
    onChunk(chunk);
  }
  if (d.face)
    for (const std::string& p : d.face->diagnostics()) d.layout.warnings.push_back(d.layout.videoPath + ": " + p);
}

}  // namespace stf2m::pipeline
