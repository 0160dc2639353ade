#include "pipeline/session_features.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>

#include "common/digest.h"
#include "common/error.h"
#include "media/audio_reader.h"
#include "media/media_info.h"
#include "media/rgb_converter.h"
#include "perception/face_features.h"
#include "pipeline/feature_cache.h"
#include "pipeline/voice_stream.h"
#include "voice/voice_schema.h"

namespace stf2m::pipeline {

namespace {

bool hasStream(const media::MediaInfo& info, media::StreamKind kind) {
  for (const media::StreamInfo& s : info.streams)
    if (s.kind == kind && s.decodable) return true;
  return false;
}

double streamDuration(const media::MediaInfo& info, media::StreamKind kind) {
  for (const media::StreamInfo& s : info.streams)
    if (s.kind == kind && s.decodable && s.duration > 0) return s.duration;
  return std::max(0.0, info.duration);
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Raised whenever what FaceStream computes changes for the same schema and settings (a fix in
// choosing the primary subject, say), so that caches from before are not read as current.
// 2: the returning subject's face under a new track id is reported.
// 3: the tracker keeps faces through detector misses (refit gate, local search), re-identifies
//    returning faces, smooths landmarks, and each frame records its source (FaceSource).
constexpr int kFaceStreamRevision = 3;

// The feature cache's key of a file: the hash the caller knows while the size is unchanged.
std::string contentHash(const MediaFile& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file.path, ec);
  if (!file.sha256.empty() && !ec && static_cast<int64_t>(size) == file.sizeBytes) return file.sha256;
  return sha256OfFile(file.path);
}

int chunksFor(double duration, double chunkSeconds) {
  return std::max(1, int(std::ceil(duration / chunkSeconds - 1e-9)));
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

struct SessionFeatureExtractor::Impl {
  ExtractionOptions options;
  SessionLayout layout;
  ExtractionStats stats;
  std::optional<FeatureCache> cache;
  std::string faceVariant, voiceVariant;
  std::unique_ptr<FaceStream> face;    // opened on the first face chunk that is not cached
  std::unique_ptr<VoiceStream> voice;  // likewise
  int faceStreamAt = 0;                // the chunk the open face stream produces next
  perception::FaceTrackerState faceState;  // after the last face chunk handed out

  Impl(std::vector<MediaFile> media, ExtractionOptions o) : options(std::move(o)) {
    if (media.empty()) throw Error(ErrorCode::InvalidArgument, "session", "has no media file");
    if (!(options.chunkSeconds >= 1 && options.chunkSeconds <= 3600))
      throw Error(ErrorCode::InvalidArgument, "session", "the chunk length must be 1 to 3600 s");
    if (options.face.detectEvery < 1) throw Error(ErrorCode::InvalidArgument, "session", "detection must run every N >= 1 frames");
    const MediaFile* video = nullptr;
    const MediaFile* audio = nullptr;
    const MediaFile* audioOnly = nullptr;
    media::MediaInfo videoInfo, audioInfo;
    for (const MediaFile& m : media) {
      if (!std::isfinite(m.offset)) throw Error(ErrorCode::InvalidArgument, m.path, "the stream offset is not a number");
      const media::MediaInfo info = media::probeMedia(m.path);
      const bool v = hasStream(info, media::StreamKind::Video), a = hasStream(info, media::StreamKind::Audio);
      if (!v && !a) layout.warnings.push_back(m.path + ": no decodable video or audio stream; not analysed");
      if (v && !video) video = &m, videoInfo = info;
      if (a && !audio) audio = &m, audioInfo = info;
      if (a && !v && !audioOnly) audioOnly = &m, audioInfo = info;
      layout.duration = std::max(layout.duration, m.offset + std::max(0.0, info.duration));
      if (layout.duration > media::kMaxRecordingSeconds) {
        char buf[240];
        std::snprintf(buf, sizeof buf, "the session would run to %.0f s (%.1f h); sessions of at most %.0f h are analysed "
                      "(split a longer recording; a damaged timestamp can also make a short file claim this)",
                      layout.duration, layout.duration / 3600, media::kMaxRecordingSeconds / 3600);
        throw Error(ErrorCode::InvalidArgument, m.path, buf);
      }
    }
    if (audioOnly) audio = audioOnly;
    if (!video && !audio) throw Error(ErrorCode::InvalidArgument, media.front().path, "no file of the session has video or audio");
    layout.chunkSeconds = options.chunkSeconds;
    if (!options.cacheDir.empty()) cache.emplace(options.cacheDir);
    if (video) {
      layout.videoPath = video->path;
      layout.videoOffset = video->offset;
      for (const media::StreamInfo& s : videoInfo.streams)
        if (s.kind == media::StreamKind::Video && s.decodable) {
          layout.fps = s.averageFrameRate.valid() ? s.averageFrameRate.value() : 0.0;
          const media::Size display = media::detail::fitDisplaySize(s.width, s.height, s.sampleAspectRatio, s.rotation, 0, 0);
          layout.width = display.width;
          layout.height = display.height;
          break;
        }
      layout.videoDuration = streamDuration(videoInfo, media::StreamKind::Video);
      layout.faceChunks = chunksFor(layout.videoDuration, options.chunkSeconds);
      if (cache) layout.videoSha256 = contentHash(*video);
      faceVariant = "face-v" + std::to_string(perception::kFaceFeatureSchemaVersion) + "-r" +
                    std::to_string(kFaceStreamRevision) + "-every" +
                    std::to_string(options.face.detectEvery) + "-side" + std::to_string(options.face.maxAnalysisSide) +
                    "-chunk" + number(options.chunkSeconds);
    } else {
      layout.warnings.push_back(media.front().path + ": no video stream; the session has no face views");
    }
    if (audio) {
      layout.audioPath = audio->path;
      layout.audioOffset = audio->offset;
      layout.audioDuration = streamDuration(audioInfo, media::StreamKind::Audio);
      layout.voiceRowShift = std::llround(audio->offset * kVoiceRateHz);
      layout.voiceChunks = chunksFor(layout.audioDuration, options.chunkSeconds);
      if (cache) layout.audioSha256 = audio == video ? layout.videoSha256 : contentHash(*audio);  // hash a file once
      voiceVariant = "voice-v" + std::to_string(voice::kVoiceFeatureSchemaVersion) + "-chunk" + number(options.chunkSeconds);
    } else {
      layout.warnings.push_back(media.front().path + ": no audio stream; the session has no voice views");
    }
  }

  // Face chunk k in file time: from the cache, else computed (resuming the stream when needed).
  FeatureChunk faceChunk(int k, const CancelToken* cancel, const StageProgress& progress) {
    const double c = options.chunkSeconds;
    auto t0 = std::chrono::steady_clock::now();
    if (cache) {
      std::optional<FeatureChunk> hit = cache->load(layout.videoSha256, faceVariant, ChunkKind::Face, k, &faceState);
      stats.cacheSeconds += secondsSince(t0);
      if (hit) {
        ++stats.faceChunksFromCache;
        return std::move(*hit);
      }
      t0 = std::chrono::steady_clock::now();
    }
    if (!face) face = std::make_unique<FaceStream>(layout.videoPath, options.face);
    if (faceStreamAt != k) face->resume(k * c, k == 0 ? perception::FaceTrackerState{} : faceState);
    const int before = face->framesAnalysed();
    FeatureChunk chunk;
    chunk.kind = ChunkKind::Face;
    chunk.index = k;
    chunk.start = k * c;
    chunk.end = (k + 1) * c;
    const double from = k == 0 ? -std::numeric_limits<double>::infinity() : chunk.start;
    const double to = k + 1 == layout.faceChunks ? std::numeric_limits<double>::infinity() : chunk.end;
    chunk.faces = face->samples(from, to, cancel, [&](double t) {
      if (progress) progress("faces", fractionAt(layout.videoOffset + t));
    });
    faceStreamAt = k + 1;
    faceState = face->trackerState();
    stats.framesAnalysed += face->framesAnalysed() - before;
    ++stats.faceChunksComputed;
    stats.faceSeconds += secondsSince(t0);
    if (cache) cache->store(layout.videoSha256, faceVariant, chunk, &faceState);
    return chunk;
  }

  // The fraction of the session done at session time t.
  double fractionAt(double t) const { return layout.duration > 0 ? std::clamp(t / layout.duration, 0.0, 1.0) : 0.0; }

  FeatureChunk voiceChunk(int k, const CancelToken* cancel) {
    const double c = options.chunkSeconds;
    auto t0 = std::chrono::steady_clock::now();
    if (cache) {
      std::optional<FeatureChunk> hit = cache->load(layout.audioSha256, voiceVariant, ChunkKind::Voice, k);
      stats.cacheSeconds += secondsSince(t0);
      if (hit) {
        ++stats.voiceChunksFromCache;
        return std::move(*hit);
      }
      t0 = std::chrono::steady_clock::now();
    }
    if (!voice) voice = std::make_unique<VoiceStream>(layout.audioPath);
    FeatureChunk chunk;
    chunk.kind = ChunkKind::Voice;
    chunk.index = k;
    chunk.start = k * c;
    chunk.end = (k + 1) * c;
    chunk.voiceFirstRow = std::llround(chunk.start * kVoiceRateHz);
    const int64_t to = k + 1 == layout.voiceChunks ? voice->endRow() : std::llround(chunk.end * kVoiceRateHz);
    chunk.voice = voice->rows(chunk.voiceFirstRow, to, cancel);
    chunk.voiceRows = int(chunk.voice.size() / voice::kVoiceFeatureCount);
    ++stats.voiceChunksComputed;
    stats.voiceSeconds += secondsSince(t0);
    if (cache) cache->store(layout.audioSha256, voiceVariant, chunk);
    return chunk;
  }
};

SessionFeatureExtractor::SessionFeatureExtractor(std::vector<MediaFile> media, ExtractionOptions options)
    : impl_(std::make_unique<Impl>(std::move(media), std::move(options))) {}

SessionFeatureExtractor::~SessionFeatureExtractor() = default;

const SessionLayout& SessionFeatureExtractor::layout() const { return impl_->layout; }

const ExtractionStats& SessionFeatureExtractor::stats() const { return impl_->stats; }

void SessionFeatureExtractor::run(const ChunkCallback& onChunk, const CancelToken* cancel, const StageProgress& progress) {
  Impl& d = *impl_;
  const SessionLayout& l = d.layout;
  const double c = d.options.chunkSeconds;
  int nextFace = 0, nextVoice = 0;
  const int faces = l.videoPath.empty() ? 0 : l.faceChunks, voices = l.audioPath.empty() ? 0 : l.voiceChunks;
  while (nextFace < faces || nextVoice < voices) {
    throwIfCancelled(cancel, "session analysis");
    // The stream that is behind on the session clock goes first, so both advance together.
    const bool faceNext =
        nextFace < faces && (nextVoice >= voices || l.videoOffset + nextFace * c <= l.audioOffset + nextVoice * c);
    FeatureChunk chunk;
    if (faceNext) {
      chunk = d.faceChunk(nextFace++, cancel, progress);
      for (FaceSample& s : chunk.faces) s.time += l.videoOffset;
      chunk.start += l.videoOffset;
      chunk.end = std::min(chunk.end, l.videoDuration) + l.videoOffset;
      if (progress) progress("faces", d.fractionAt(chunk.end));
    } else {
      chunk = d.voiceChunk(nextVoice++, cancel);
      chunk.voiceFirstRow += l.voiceRowShift;
      chunk.start += l.audioOffset;
      chunk.end = std::min(chunk.end, l.audioDuration) + l.audioOffset;
      if (progress) progress("voice", d.fractionAt(chunk.end));
    }
    onChunk(chunk);
  }
  if (d.face)
    for (const std::string& p : d.face->diagnostics()) d.layout.warnings.push_back(l.videoPath + ": " + p);
}

std::optional<std::vector<FaceSample>> SessionFeatureExtractor::cachedFaceChunk(int index) const {
  const Impl& d = *impl_;
  if (!d.cache || d.layout.videoPath.empty() || index < 0 || index >= d.layout.faceChunks) return std::nullopt;
  std::optional<FeatureChunk> hit = d.cache->load(d.layout.videoSha256, d.faceVariant, ChunkKind::Face, index);
  if (!hit) return std::nullopt;
  for (FaceSample& f : hit->faces) std::vector<float>().swap(f.features);
  return std::move(hit->faces);
}

}  // namespace stf2m::pipeline
