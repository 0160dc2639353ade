#include "perception/face_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "common/error.h"
#include "perception/face_expression.h"
#include "perception/face_landmarks.h"
#include "perception/model_locator.h"
#include "perception/tiny_face_detector.h"
#include "perception/upright_crop.h"

namespace stf2m::perception {

namespace {
torch::Device parseDevice(const std::string& text) {
  try {
    return torch::Device(text);
  } catch (const c10::Error&) {
    throw Error(ErrorCode::InvalidArgument, "face pipeline", "'" + text + "' is not a LibTorch device (e.g. cpu, cuda:0)");
  }
}

class StageClock {
 public:
  explicit StageClock(double* sink) : sink_(sink), start_(std::chrono::steady_clock::now()) {}
  ~StageClock() {
    if (sink_) *sink_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  double* sink_;
  std::chrono::steady_clock::time_point start_;
};
}  // namespace

struct FacePipeline::Impl {
  FacePipelineOptions options;
  torch::Device device;
  TinyFaceDetector detector{nullptr};
  FaceLandmarkNet landmarks{nullptr};
  FaceExpressionNet expressions{nullptr};

  explicit Impl(FacePipelineOptions o) : options(std::move(o)), device(parseDevice(options.device)) {
    validate(TinyFaceDetectorOptions{options.inputSize, options.scoreThreshold, options.iouThreshold});
    if (options.modelDir.empty()) options.modelDir = findFaceModelDir();
    detector = loadTinyFaceDetector(options.modelDir, device);
    if (options.landmarks) landmarks = loadFaceLandmarkNet(options.modelDir, device);
    if (options.expressions) expressions = loadFaceExpressionNet(options.modelDir, device);
  }

  // Landmarks and expressions of the faces in `boxes` (one result per box, in order), batched.
  std::vector<FaceAnalysis> analyseFaces(const torch::Tensor& chw, const std::vector<FaceBox>& boxes, FaceTimings& t) {
    std::vector<FaceAnalysis> faces(boxes.size());
    for (size_t i = 0; i < boxes.size(); ++i) faces[i].box = boxes[i];
    if (boxes.empty()) return faces;
    std::vector<FaceBox> expressionBoxes = boxes;
    if (options.landmarks) {
      StageClock clock(&t.landmarksMs);
      const std::vector<FaceLandmarks68> lms = landmarks->detect(chw, boxes);
      for (size_t i = 0; i < faces.size(); ++i) {
        faces[i].landmarks = lms[i];
        // face-api drops a face whose box misses the image (and then misaligns its lists); we
        // keep it and read its expression from the given box, which then fails the same way.
        if (lms[i].valid) expressionBoxes[i] = lms[i].alignedBox;
      }
    }
    if (options.expressions) {
      StageClock clock(&t.expressionsMs);
      const std::vector<FaceExpressions> exps = expressions->predict(chw, expressionBoxes);
      for (size_t i = 0; i < faces.size(); ++i) faces[i].expressions = exps[i];
    }
    return faces;
  }
};

void keepActivationBuffersInHeap() {
#if defined(__GLIBC__)
  static std::once_flag once;
  std::call_once(once, [] {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if ((tunables && std::string(tunables).find("malloc") != std::string::npos) || std::getenv("MALLOC_TRIM_THRESHOLD_") ||
        std::getenv("MALLOC_MMAP_THRESHOLD_"))
      return;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
  });
#endif
}

FacePipeline::FacePipeline(FacePipelineOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
FacePipeline::~FacePipeline() = default;
FacePipeline::FacePipeline(FacePipeline&&) noexcept = default;
FacePipeline& FacePipeline::operator=(FacePipeline&&) noexcept = default;

const FacePipelineOptions& FacePipeline::options() const { return impl_->options; }

std::vector<FaceAnalysis> FacePipeline::analyse(const RgbImageView& image, FaceTimings* timings) {
  c10::InferenceMode inference;
  Impl& m = *impl_;
  FaceTimings local;
  FaceTimings& t = timings ? *timings : local;
  t = {};

  std::vector<FaceBox> boxes;
  torch::Tensor chw;
  {
    StageClock clock(&t.detectionMs);
    chw = rgbToChw(image, m.device);  // converted once, shared by the three stages
    boxes = m.detector->detect(chw, {m.options.inputSize, m.options.scoreThreshold, m.options.iouThreshold});
  }
  return m.analyseFaces(chw, boxes, t);
}

std::vector<FaceAnalysis> FacePipeline::analyseBoxes(const RgbImageView& image, const std::vector<FaceBox>& boxes,
                                                     FaceTimings* timings) {
  c10::InferenceMode inference;
  Impl& m = *impl_;
  FaceTimings local;
  FaceTimings& t = timings ? *timings : local;
  t = {};
  if (boxes.empty()) return {};
  torch::Tensor chw;
  {
    // Only the conversion: no detector runs. Counted with the landmarks, which it feeds.
    StageClock clock(&t.landmarksMs);
    chw = rgbToChw(image, m.device);
  }
  const double conversionMs = t.landmarksMs;
  std::vector<FaceAnalysis> faces = m.analyseFaces(chw, boxes, t);
  t.landmarksMs += conversionMs;
  return faces;
}

std::vector<FaceAnalysis> FacePipeline::analyseBoxes(const RgbImageView& image, const std::vector<FaceBox>& boxes,
                                                     const std::vector<double>& rollDegrees, FaceTimings* timings) {
  std::vector<FaceBox> level;
  std::vector<size_t> levelIndex;
  for (size_t i = 0; i < boxes.size(); ++i)
    if (i >= rollDegrees.size() || std::abs(rollDegrees[i]) < kUprightMinDegrees) level.push_back(boxes[i]), levelIndex.push_back(i);
  if (level.size() == boxes.size()) return analyseBoxes(image, boxes, timings);
  std::vector<FaceAnalysis> out(boxes.size());
  FaceTimings sum, one;
  auto add = [&](const FaceTimings& t) { sum.landmarksMs += t.landmarksMs, sum.expressionsMs += t.expressionsMs; };
  if (!level.empty()) {
    std::vector<FaceAnalysis> faces = analyseBoxes(image, level, &one);
    add(one);
    for (size_t k = 0; k < faces.size(); ++k) out[levelIndex[k]] = std::move(faces[k]);
  }
  for (size_t i = 0; i < boxes.size(); ++i) {
    if (i >= rollDegrees.size() || std::abs(rollDegrees[i]) < kUprightMinDegrees) continue;
    const UprightCrop crop(image, boxes[i], rollDegrees[i]);
    std::vector<FaceAnalysis> faces = analyseBoxes(crop.view(), {crop.box()}, &one);
    add(one);
    FaceAnalysis& a = faces.front();
    a.box = boxes[i];
    a.landmarks = crop.toImage(a.landmarks);
    out[i] = std::move(a);
  }
  if (timings) *timings = sum;
  return out;
}

std::vector<FaceAnalysis> FacePipeline::analyseRegion(const RgbImageView& image, const FaceBox& region,
                                                      double scoreThreshold, FaceTimings* timings) {
  c10::InferenceMode inference;
  Impl& m = *impl_;
  FaceTimings local;
  FaceTimings& t = timings ? *timings : local;
  t = {};
  const int x0 = std::clamp(int(std::floor(region.x)), 0, image.width);
  const int y0 = std::clamp(int(std::floor(region.y)), 0, image.height);
  const int x1 = std::clamp(int(std::ceil(region.right())), 0, image.width);
  const int y1 = std::clamp(int(std::ceil(region.bottom())), 0, image.height);
  if (x1 - x0 < 16 || y1 - y0 < 16) return {};
  std::vector<FaceBox> boxes;
  torch::Tensor chw;
  {
    StageClock clock(&t.detectionMs);
    chw = rgbToChw(image, m.device);
    const int longer = std::max(x1 - x0, y1 - y0);
    const int inputSize = std::clamp((longer + 31) / 32 * 32, 128, std::max(kMaxRegionInput, m.options.inputSize));
    const torch::Tensor crop = chw.slice(1, y0, y1).slice(2, x0, x1);
    boxes = m.detector->detect(crop, {inputSize, scoreThreshold, m.options.iouThreshold});
    for (FaceBox& b : boxes) b.x += x0, b.y += y0;
  }
  return m.analyseFaces(chw, boxes, t);
}

}  // namespace stf2m::perception
