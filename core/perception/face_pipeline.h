#pragma once
// Detect -> 68 landmarks -> expressions for one picture, as face-api's
//   detectAllFaces(img, new TinyFaceDetectorOptions(...)).withFaceLandmarks(true).withFaceExpressions()
// computes it, behind a header without LibTorch types so the CLI and UI can use it directly.
#include <memory>
#include <string>
#include <vector>

#include "perception/face_types.h"

namespace stf2m::perception {

struct FacePipelineOptions {
  std::string modelDir;          // empty: findFaceModelDir()
  std::string device = "cpu";    // a LibTorch device string, e.g. "cpu" or "cuda:0"
  int inputSize = 416;           // detector input, a multiple of 32
  double scoreThreshold = 0.5;
  double iouThreshold = 0.4;     // face-api's value for the tiny face detector
  bool landmarks = true;
  // Expressions read each face from the landmarks' aligned box when landmarks are on (face-api's
  // pipeline), from the detection box otherwise.
  bool expressions = true;
};

struct FaceAnalysis {
  FaceBox box;                  // detection, image pixels
  FaceLandmarks68 landmarks;    // valid only when landmarks were requested
  FaceExpressions expressions;  // valid only when expressions were requested
};

// Faces rolled less than this are read as they are (the nets take such tilts in their stride).
inline constexpr double kUprightMinDegrees = 10.0;

// The largest detector input of FacePipeline::analyseRegion (a 640-pixel region at its own size).
inline constexpr int kMaxRegionInput = 640;

struct FaceTimings {
  double detectionMs = 0, landmarksMs = 0, expressionsMs = 0;
};

class FacePipeline {
 public:
  // Loads the three networks (tiny detector, tiny 68-point landmarks, expressions). Throws
  // FileNotFound / CorruptData naming the model file, InvalidArgument for a bad option or device.
  explicit FacePipeline(FacePipelineOptions options = {});
  ~FacePipeline();
  FacePipeline(FacePipeline&&) noexcept;
  FacePipeline& operator=(FacePipeline&&) noexcept;

  const FacePipelineOptions& options() const;

  // Faces of one RGB24 picture, highest detection score first. `timings`, when given, receives
  // the wall time of each stage.
  std::vector<FaceAnalysis> analyse(const RgbImageView& image, FaceTimings* timings = nullptr);

  // Landmarks and expressions of faces at caller-given boxes (no detector runs): one result per
  // box, in order, all faces in one batch per network; each result's `box` is the given box.
  // This is the refit of landmark-based tracking (face_sequence.h): the landmarks net re-reads a
  // face from a box propagated from the previous frame. The conversion of the picture counts
  // towards `timings->landmarksMs`; detectionMs is 0.
  std::vector<FaceAnalysis> analyseBoxes(const RgbImageView& image, const std::vector<FaceBox>& boxes,
                                         FaceTimings* timings = nullptr);
  // The same, reading each face rolled by kUprightMinDegrees or more (rollDegrees[i], clockwise
  // on screen) from an upright patch around its box (upright_crop.h): landmarks mapped back to
  // the picture, expressions read from the upright face.
  std::vector<FaceAnalysis> analyseBoxes(const RgbImageView& image, const std::vector<FaceBox>& boxes,
                                         const std::vector<double>& rollDegrees, FaceTimings* timings = nullptr);

  // Faces detected inside `region` only (clipped to the picture), at `scoreThreshold`, highest
  // score first, with landmarks and expressions; boxes in picture pixels. The region is read at
  // about its own resolution (the detector's input: its longer side rounded up to a multiple of
  // 32, between 128 and kMaxRegionInput or the pipeline's inputSize if larger), so a face is seen
  // at least as large as in the full-frame pass, and a small one larger. The tracker's second look near a face it lost
  // (face_tracker.h).
  std::vector<FaceAnalysis> analyseRegion(const RgbImageView& image, const FaceBox& region, double scoreThreshold,
                                          FaceTimings* timings = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Raises glibc's mmap and trim thresholds (to 32 and 128 MiB; once per process, and not when
// the environment tunes malloc) so that the networks' per-frame activations are reused from the
// heap. By default glibc returns freed blocks above 128 KiB to the OS, and every frame maps and
// page-faults them in again (the detector's first activation alone is 11 MB at input size 416):
// that was more than half of the detector's time on a 2-core machine. The process then keeps up
// to 128 MiB of freed memory. Process-wide, so the program opts in (stf2m faces and bench do),
// not the library: it also moves other large buffers from mmap into the heap, where a write
// past their end corrupts the heap instead of landing in page slack.
void keepActivationBuffersInHeap();

}  // namespace stf2m::perception
