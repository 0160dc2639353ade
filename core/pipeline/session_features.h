#pragma once
// A session's face and voice features on the session clock, streamed in chunks of session time
// so that a viewer can draw them before the end and memory stays bounded by one chunk
// (docs/pipeline.md). Qt-free; a synchronous call that takes a cancel token and reports progress
// per stage.
//
// Which file gives what: the faces come from the first file with a video stream; the voice from
// the first audio-only file (a separate microphone), else from the first file with an audio
// stream. A session without video or without audio is no error: its chunks have no faces or no
// voice rows, and layout().warnings says so.
#include <memory>
#include <vector>

#include "common/cancel.h"
#include "pipeline/face_stream.h"
#include "pipeline/session_types.h"

namespace stf2m::pipeline {

struct ExtractionOptions {
  FaceStreamOptions face;
  double chunkSeconds = 10.0;  // session time per chunk
};

class SessionFeatureExtractor {
 public:
  // Probes every file and opens the video and audio it will read: errors name the file
  // (FileNotFound, NotMedia, ...); InvalidArgument when no file or no file has video or audio.
  SessionFeatureExtractor(std::vector<MediaFile> media, ExtractionOptions options);
  ~SessionFeatureExtractor();
  SessionFeatureExtractor(const SessionFeatureExtractor&) = delete;
  SessionFeatureExtractor& operator=(const SessionFeatureExtractor&) = delete;

  const SessionLayout& layout() const;
  int chunkCount() const;

  // Extracts every chunk in order and hands each to `onChunk` as soon as it is complete.
  // Cancelled (checked between frames and within voice blocks) stops within a frame's analysis.
  void run(const ChunkCallback& onChunk, const CancelToken* cancel = nullptr, const StageProgress& progress = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::pipeline
