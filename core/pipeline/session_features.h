#pragma once
// A session's face and voice features on the session clock, streamed chunk by chunk so that a
// viewer can draw them before the end and memory stays bounded by a chunk (docs/pipeline.md).
// Qt-free; a synchronous call that takes a cancel token and reports progress per stage.
//
// Which file gives what: the faces come from the first file with a video stream; the voice from
// the first audio-only file (a separate microphone), else from the first file with an audio
// stream. A session without video or without audio is no error: it has no face or no voice
// chunks, and layout().warnings says so.
//
// Chunks are chunks of each media file's own time (chunkSeconds long), handed out face and voice
// interleaved in the order of their session start times. With a cache folder, each chunk is read
// from the feature cache when it is there and stored there as soon as it is computed, so an
// interrupted run resumes at the first missing chunk and gives what an uninterrupted run gives.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "pipeline/face_stream.h"
#include "pipeline/session_types.h"

namespace stf2m::pipeline {

struct ExtractionOptions {
  FaceStreamOptions face;
  double chunkSeconds = 10.0;  // media time per chunk
  std::string cacheDir;        // the feature cache (feature_cache.h); empty: none
};

struct ExtractionStats {
  int faceChunksComputed = 0, faceChunksFromCache = 0;
  int voiceChunksComputed = 0, voiceChunksFromCache = 0;
  int framesAnalysed = 0;  // frames that went through the face networks
  // Wall time spent computing each kind (decoding included) and reading chunks from the cache.
  double faceSeconds = 0, voiceSeconds = 0, cacheSeconds = 0;
};

class SessionFeatureExtractor {
 public:
  // Probes every file (and hashes the two it reads when there is a cache): errors name the file
  // (FileNotFound, NotMedia, ...); InvalidArgument when there is no file, no file has video or
  // audio, or an option is out of range.
  SessionFeatureExtractor(std::vector<MediaFile> media, ExtractionOptions options);
  ~SessionFeatureExtractor();
  SessionFeatureExtractor(const SessionFeatureExtractor&) = delete;
  SessionFeatureExtractor& operator=(const SessionFeatureExtractor&) = delete;

  const SessionLayout& layout() const;
  const ExtractionStats& stats() const;

  // Hands every chunk to `onChunk` in order, each as soon as it is complete. A cancel (checked
  // between frames and inside voice blocks) throws Cancelled within one frame's analysis;
  // chunks already stored in the cache stay there.
  void run(const ChunkCallback& onChunk, const CancelToken* cancel = nullptr, const StageProgress& progress = {});

  // Face chunk `index` of the video as the cache holds it (the video file's own time; frames by
  // their index in that file; the feature vectors left out), or nothing when it is not cached,
  // or without a cache or a video. Computes nothing: the player's face overlay reads it.
  std::optional<std::vector<FaceSample>> cachedFaceChunk(int index) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::pipeline
