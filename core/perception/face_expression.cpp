#include "perception/face_expression.h"

namespace stf2m::perception {

FaceExpressionNetImpl::FaceExpressionNetImpl(const TfjsWeights& weights) {
  features_ = register_module("features", FaceFeatureExtractor(weights, FeatureExtractorSize::Full));
  fc_ = register_module("fc", loadFullyConnected(weights, "fc", features_->features(), kExpressionCount));
  eval();
}

torch::Device FaceExpressionNetImpl::device() const { return fc_->weight.device(); }

torch::Tensor FaceExpressionNetImpl::forward(const torch::Tensor& faces) { return fc_(features_(faces)); }

ExpressionBatch FaceExpressionNetImpl::classify(const torch::Tensor& faces) {
  const torch::Tensor embedding = features_(faces);
  return {torch::softmax(fc_(embedding), 1), embedding};
}

std::vector<FaceExpressions> FaceExpressionNetImpl::predict(const RgbImageView& image, const std::vector<FaceBox>& boxes) {
  c10::InferenceMode inference;
  return predict(rgbToChw(image, device()), boxes);
}

std::vector<FaceExpressions> FaceExpressionNetImpl::predict(const torch::Tensor& image, const std::vector<FaceBox>& boxes) {
  c10::InferenceMode inference;
  std::vector<FaceExpressions> results(boxes.size());
  if (boxes.empty()) return results;
  const torch::Tensor chw = imageTensorToChw(image, device());
  std::vector<FaceCrop> crops;
  for (const FaceBox& b : boxes) crops.push_back(faceCropFor(b, chw.size(2), chw.size(1)));
  const torch::Tensor batch = faceCropBatch(chw, crops, FaceFeatureExtractorImpl::kInputSize);
  if (batch.size(0) == 0) return results;
  const ExpressionBatch out = classify(batch);
  const torch::Tensor probabilities = out.probabilities.to(torch::kCPU, torch::kFloat32).contiguous();
  const torch::Tensor embedding = out.embedding.to(torch::kCPU, torch::kFloat32).contiguous();
  const int64_t features = embedding.size(1);
  int64_t row = 0;
  for (size_t i = 0; i < boxes.size(); ++i) {
    if (crops[i].empty()) continue;
    FaceExpressions& r = results[i];
    const float* p = probabilities.data_ptr<float>() + row * kExpressionCount;
    std::copy(p, p + kExpressionCount, r.probabilities.begin());
    const float* e = embedding.data_ptr<float>() + row * features;
    r.embedding.assign(e, e + features);
    r.valid = true;
    ++row;
  }
  return results;
}

FaceExpressionNet loadFaceExpressionNet(const std::string& modelDir, torch::Device device) {
  FaceExpressionNet net(loadTfjsWeights(modelDir + "/face_expression_model-weights_manifest.json"));
  net->to(device);
  net->eval();
  return net;
}

}  // namespace stf2m::perception
