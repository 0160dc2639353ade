#pragma once
// Per-frame face feature vector, schema version 1 (no LibTorch types). docs/face-features.md
// defines every column; the layout is fixed per schema version:
//   [presence 0-1][expression 2-8][brows 9-12][eyes 13-16][mouth 17-23][nose 24-25][head 26-28]
//   [embedding 29-284]  -> 285 columns.
// Geometric measures are computed in a face frame: origin at the midpoint of the two eye centres,
// x along the eye line (towards the subject's left eye, i.e. image right for an unmirrored face),
// y perpendicular (down), lengths divided by the inter-ocular distance (eye centre to eye centre),
// so they are invariant to image translation, in-plane rotation and scale.
#include <array>
#include <string>
#include <vector>

#include "perception/face_tracker.h"
#include "perception/face_types.h"

namespace stf2m::perception {

inline constexpr int kFaceFeatureSchemaVersion = 1;
inline constexpr int kFaceEmbeddingSize = 256;
inline constexpr int kFaceGeometryCount = 20;  // brows + eyes + mouth + nose + head
inline constexpr int kFaceFeatureCount = 2 + kExpressionCount + kFaceGeometryCount + kFaceEmbeddingSize;  // 285

struct FaceFeatureGroup {
  const char* name;
  int begin;  // first column
  int end;    // one past the last column
};

// In column order; contiguous and covering all kFaceFeatureCount columns.
const std::vector<FaceFeatureGroup>& faceFeatureGroups();
// Column names (e.g. "mouth_open"), kFaceFeatureCount entries; embedding columns are "emb_0".."emb_255".
const std::vector<std::string>& faceFeatureNames();
// Column index of a name, -1 when unknown.
int faceFeatureIndex(const std::string& name);

// Geometric measures of 68 landmarks (columns 9-28, in order). head_roll in degrees: the angle
// of the eye line (right eye 36-41 to left eye 42-47) in image axes, positive clockwise on screen
// (y down); head_yaw/head_pitch are degree-scaled proxies (asin of a normalised asymmetry).
std::array<double, kFaceGeometryCount> faceGeometry(const FaceLandmarks68& landmarks);

// The whole vector for one frame. `face` null (no face) -> presence 0 and every other column 0.
// Missing landmarks or expressions zero their groups; confidence = box score.
std::vector<float> faceFeatures(const FaceObservation* face);

}  // namespace stf2m::perception
