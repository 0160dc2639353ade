#include "perception/face_feature_extractor.h"

namespace stf2m::perception {

DenseBlockImpl::DenseBlockImpl(const TfjsWeights& w, const std::string& prefix, int64_t in, int64_t out,
                               int convolutions, bool firstBlock) {
  if (firstBlock) {
    plainConv0_ = register_module("conv0", TfConv2d(in, out, 3, 2, TfPadding::Same));
    plainConv0_->load(w, prefix + "/conv0");
  } else {
    separableConv0_ = register_module("conv0", SeparableConv2d(in, out, 2));
    separableConv0_->load(w, prefix + "/conv0");
  }
  for (int i = 1; i < convolutions; ++i) {
    const std::string name = "conv" + std::to_string(i);
    convs_.push_back(register_module(name, SeparableConv2d(out, out, 1)));
    convs_.back()->load(w, prefix + "/" + name);
  }
}

torch::Tensor DenseBlockImpl::forward(const torch::Tensor& x) {
  const torch::Tensor first = torch::relu(plainConv0_ ? plainConv0_(x) : separableConv0_(x));
  // face-api sums the later outputs first, then adds the first: out1 + (out2 + (out3 + ...)).
  std::vector<torch::Tensor> later;
  auto sumOfLater = [&] {
    torch::Tensor s = later.back();
    for (auto it = later.rbegin() + 1; it != later.rend(); ++it) s = *it + s;
    return s;
  };
  later.push_back(convs_.front()(first));
  for (size_t i = 1; i < convs_.size(); ++i) later.push_back(convs_[i](torch::relu(first + sumOfLater())));
  return torch::relu(first + sumOfLater());
}

FaceFeatureExtractorImpl::FaceFeatureExtractorImpl(const TfjsWeights& w, FeatureExtractorSize size) {
  const bool tiny = size == FeatureExtractorSize::Tiny;
  const std::vector<int64_t> channels = tiny ? std::vector<int64_t>{32, 64, 128} : std::vector<int64_t>{32, 64, 128, 256};
  int64_t in = 3;
  for (size_t i = 0; i < channels.size(); ++i) {
    const std::string name = "dense" + std::to_string(i);
    blocks_.push_back(register_module(name, DenseBlock(w, name, in, channels[i], tiny ? 3 : 4, i == 0)));
    in = channels[i];
  }
  features_ = in;
}

torch::Tensor FaceFeatureExtractorImpl::forward(const torch::Tensor& faces) {
  // Both extractors normalise with the same mean, unlike the detector.
  torch::Tensor out =
      normaliseMeanRgb(faces, {122.782f, 117.001f, 104.298f}).contiguous(torch::MemoryFormat::ChannelsLast);
  for (auto& block : blocks_) out = block(out);
  // face-api's avgPool (14x14 resp. 7x7, 'valid') covers the whole final map: a spatial mean.
  return out.mean({2, 3});
}

}  // namespace stf2m::perception
