#pragma once
// Plain results of the face networks (no LibTorch types), shared by the networks' headers and
// the Torch-free face_pipeline.h. Coordinates are pixels of the original image, x to the right,
// y down, (0, 0) the top-left corner of the top-left pixel, as face-api reports them.
#include <array>
#include <cstdint>
#include <vector>

namespace stf2m::perception {

// A packed RGB24 picture owned by the caller (e.g. filled by media::VideoReader::convertToRgb):
// `stride` bytes from one row to the next, 3 bytes per pixel.
struct RgbImageView {
  const uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;
};

struct FaceBox {
  double x = 0, y = 0, width = 0, height = 0;
  double score = 0;  // detector confidence, sigmoid of the net's objectness (0..1)
  double right() const { return x + width; }
  double bottom() const { return y + height; }
};

struct FacePoint {
  double x = 0, y = 0;
};

// The 68 points of the iBUG/dlib scheme (jaw 0-16, brows 17-26, nose 27-35, eyes 36-47,
// mouth 48-67).
struct FaceLandmarks68 {
  std::array<FacePoint, 68> points{};
  // face-api's `alignedRect`: the points' bounding box grown by 20 % of its size, centred. The
  // expression net reads the face from this box.
  FaceBox alignedBox;
  // False when the face box lies outside the image, so there was nothing to read.
  bool valid = false;
};

enum class Expression { Neutral, Happy, Sad, Angry, Fearful, Disgusted, Surprised };
inline constexpr int kExpressionCount = 7;
// face-api's FACE_EXPRESSION_LABELS, in the order of FaceExpressions::probabilities.
inline constexpr std::array<const char*, kExpressionCount> kExpressionNames = {
    "neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"};

struct FaceExpressions {
  std::array<float, kExpressionCount> probabilities{};  // softmax, sums to 1
  // The 256 features the classifier reads (the FaceFeatureExtractor's pooled output): a face
  // embedding for clustering or downstream models.
  std::vector<float> embedding;
  bool valid = false;  // false when the aligned box lies outside the image
};

}  // namespace stf2m::perception
