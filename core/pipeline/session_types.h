#pragma once
// What a session's feature extraction produces, chunk by chunk, on the session clock (no LibTorch
// or FFmpeg types). docs/pipeline.md describes the clock, the chunks and the decisions behind them.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "perception/face_tracker.h"
#include "perception/face_types.h"

namespace stf2m::pipeline {

// One media file of a session: `offset` is the session time (seconds) at which the file's own
// time 0 plays, as the project store keeps it.
struct MediaFile {
  std::string path;
  double offset = 0;
  // The content's SHA-256 when it is known (a project records it), and the size it had then:
  // the feature cache's key is taken from here instead of hashing the file again, unless the
  // file's size has changed. Empty: the file is hashed when a cache is used.
  std::string sha256;
  int64_t sizeBytes = -1;
};

// Voice rows are on a fixed 100 Hz grid of the session clock: row j is centred at j / 100 s.
inline constexpr double kVoiceRateHz = 100.0;

// One video frame on the session clock, with the primary subject's face when it is visible.
struct FaceSample {
  double time = 0;       // session seconds (the frame's presentation time + the file's offset)
  int64_t frame = 0;     // 0-based index of the frame in its file, presentation order
  int trackId = -1;      // the primary subject's track; -1: no face of the primary subject
  // How the face was obtained: detected, refitted (landmarks re-read at the propagated box), or
  // missing (no face of the primary subject).
  perception::FaceSource source = perception::FaceSource::Missing;
  // Display pixels of the video (rotation and sample aspect ratio applied), for the overlay.
  perception::FaceBox box;
  std::array<perception::FacePoint, 68> landmarks{};
  bool landmarksValid = false;
  std::vector<float> features;  // face feature schema v1 (perception/face_features.h); presence 0 without a face
};

enum class ChunkKind { Face, Voice };

// One chunk of one file's features: file time [index * chunkSeconds, (index + 1) * chunkSeconds),
// handed out with its times on the session clock.
struct FeatureChunk {
  ChunkKind kind = ChunkKind::Face;
  int index = 0;
  double start = 0, end = 0;      // session seconds covered
  bool fromCache = false;         // read from the feature cache instead of computed
  std::vector<FaceSample> faces;  // Face: every frame of the chunk, in order
  int64_t voiceFirstRow = 0;      // Voice: session grid row of the first row
  int voiceRows = 0;
  std::vector<float> voice;       // Voice: voiceRows x voice::kVoiceFeatureCount, row-major (voice schema v1)
};

// What the extractor found in the session's files, known before the first chunk.
struct SessionLayout {
  double duration = 0;         // seconds: the end of the last file on the session clock
  double chunkSeconds = 0;
  std::string videoPath;       // the file the faces come from; empty: no video
  std::string videoSha256;
  double videoOffset = 0;
  double videoDuration = 0;
  double fps = 0;
  int width = 0, height = 0;   // display size of the video
  int faceChunks = 0;
  std::string audioPath;       // the file the voice comes from; empty: no audio
  std::string audioSha256;
  double audioOffset = 0;
  double audioDuration = 0;
  int64_t voiceRowShift = 0;   // session grid row of the audio file's row 0: round(offset * 100)
  int voiceChunks = 0;
  std::vector<std::string> warnings;  // "FILE: no audio stream" and the like; results for what exists
};

using ChunkCallback = std::function<void(const FeatureChunk&)>;
// Called with the stage ("faces", "voice") and the fraction of the session done, in [0, 1].
using StageProgress = std::function<void(const std::string& stage, double fraction)>;

}  // namespace stf2m::pipeline
