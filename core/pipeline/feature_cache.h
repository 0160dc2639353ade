#pragma once
// The feature cache: each media file's extracted features, stored per file (by its SHA-256), per
// feature kind and schema version and the settings that change them, one file per chunk of the
// media file's own time, written atomically as each chunk is computed (docs/pipeline.md, "Feature
// cache"). A face chunk also keeps the tracker's state after its last frame, so an interrupted
// analysis resumes at the first missing chunk and gives what an uninterrupted one would.
//
// A chunk file that is missing, truncated, damaged (its payload checksum fails) or from another
// format version reads as absent and is computed again; the cache never turns bad bytes into
// features.
#include <optional>
#include <string>

#include "perception/face_tracker.h"
#include "pipeline/session_types.h"

namespace stf2m::pipeline {

class FeatureCache {
 public:
  // `dir` is created (owner-only) on the first store.
  explicit FeatureCache(std::string dir);
  const std::string& dir() const { return dir_; }

  // `variant` names the kind, schema version and settings ("face-v1-every5-side1280-chunk10").
  // Chunks are in the file's own time (session offset 0). `stateAfter` (face chunks) receives the
  // tracker state saved with the chunk.
  std::optional<FeatureChunk> load(const std::string& fileSha256, const std::string& variant, ChunkKind kind,
                                   int index, perception::FaceTrackerState* stateAfter = nullptr) const;
  // Throws FileUnreadable naming the chunk file when it cannot be written.
  void store(const std::string& fileSha256, const std::string& variant, const FeatureChunk& chunk,
             const perception::FaceTrackerState* stateAfter = nullptr) const;

  std::string chunkPath(const std::string& fileSha256, const std::string& variant, int index) const;

 private:
  std::string dir_;
};

}  // namespace stf2m::pipeline
