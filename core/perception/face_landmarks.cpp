#include "perception/face_landmarks.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stf2m::perception {

namespace {
constexpr int64_t kPoints = 68;
}  // namespace

FaceLandmarkNetImpl::FaceLandmarkNetImpl(const TfjsWeights& weights) {
  features_ = register_module("features", FaceFeatureExtractor(weights, FeatureExtractorSize::Tiny));
  fc_ = register_module("fc", loadFullyConnected(weights, "fc", features_->features(), 2 * kPoints));
  eval();
}

torch::Device FaceLandmarkNetImpl::device() const { return fc_->weight.device(); }

torch::Tensor FaceLandmarkNetImpl::forward(const torch::Tensor& faces) { return fc_(features_(faces)); }

std::vector<FaceLandmarks68> FaceLandmarkNetImpl::detect(const RgbImageView& image, const std::vector<FaceBox>& faces) {
  c10::InferenceMode inference;
  return detect(rgbToChw(image, device()), faces);
}

std::vector<FaceLandmarks68> FaceLandmarkNetImpl::detect(const torch::Tensor& image, const std::vector<FaceBox>& faces) {
  c10::InferenceMode inference;
  std::vector<FaceLandmarks68> results(faces.size());
  if (faces.empty()) return results;
  const torch::Tensor chw = imageTensorToChw(image, device());
  std::vector<FaceCrop> crops;
  for (const FaceBox& f : faces) crops.push_back(faceCropFor(f, chw.size(2), chw.size(1)));
  const torch::Tensor batch = faceCropBatch(chw, crops, FaceFeatureExtractorImpl::kInputSize);
  if (batch.size(0) == 0) return results;
  const torch::Tensor out = forward(batch).to(torch::kCPU, torch::kFloat32).contiguous();
  const auto o = out.accessor<float, 2>();

  const double size = FaceFeatureExtractorImpl::kInputSize;
  int64_t row = 0;
  for (size_t i = 0; i < faces.size(); ++i) {
    const FaceCrop& c = crops[i];
    if (c.empty()) continue;
    // FaceLandmark68NetBase.postProcess: the crop scaled to fit 112, with the padding assumed to
    // be |w - h| / 2 on each side (the real split differs by half a pixel when |w - h| is odd).
    const double scale = size / std::max(c.width, c.height);
    const double scaledW = c.width * scale, scaledH = c.height * scale;
    const double padX = scaledW < scaledH ? std::abs(scaledW - scaledH) / 2 : 0.0;
    const double padY = scaledH < scaledW ? std::abs(scaledW - scaledH) / 2 : 0.0;
    FaceLandmarks68& lm = results[i];
    for (int64_t p = 0; p < kPoints; ++p) {
      const double relX = (o[row][2 * p] * size - padX) / scaledW;
      const double relY = (o[row][2 * p + 1] * size - padY) / scaledH;
      lm.points[p] = {relX * c.width + faces[i].x, relY * c.height + faces[i].y};
    }
    lm.valid = true;
    lm.alignedBox = alignedFaceBox(lm, faces[i]);
    ++row;
  }
  return results;
}

FaceBox alignedFaceBox(const FaceLandmarks68& landmarks, const FaceBox& face) {
  double minX = std::numeric_limits<double>::infinity(), minY = minX, maxX = 0, maxY = 0;
  for (const FacePoint& p : landmarks.points) {
    minX = std::min(minX, p.x);
    minY = std::min(minY, p.y);
    maxX = std::max(maxX, p.x);
    maxY = std::max(maxY, p.y);
  }
  const double width = maxX - minX, height = maxY - minY;
  const double padX = width * 0.2, padY = height * 0.2;
  FaceBox box;
  box.x = minX - padX / 2;
  box.y = minY - padY / 2;
  box.width = width + padX;
  box.height = height + padY;
  box.score = face.score;
  return box;
}

FaceLandmarkNet loadFaceLandmarkNet(const std::string& modelDir, torch::Device device) {
  FaceLandmarkNet net(loadTfjsWeights(modelDir + "/face_landmark_68_tiny_model-weights_manifest.json"));
  net->to(device);
  net->eval();
  return net;
}

}  // namespace stf2m::perception
