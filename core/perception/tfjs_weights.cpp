#include "perception/tfjs_weights.h"

#include <cstring>
#include <sstream>

#include "common/error.h"
#include "weights/tfjs_manifest.h"

namespace stf2m::perception {

TfjsWeights loadTfjsWeights(const std::string& manifestPath) {
  weights::TfjsTensors read = weights::readTfjsManifest(manifestPath);
  TfjsWeights out;
  out.manifestPath = read.manifestPath;
  for (auto& [name, tensor] : read.tensors) {
    torch::Tensor t = torch::empty(tensor.shape, torch::kFloat32);
    if (!tensor.values.empty()) std::memcpy(t.data_ptr<float>(), tensor.values.data(), tensor.values.size() * sizeof(float));
    out.tensors.emplace(name, std::move(t));
  }
  return out;
}

const torch::Tensor& TfjsWeights::get(const std::string& name, c10::IntArrayRef expectedShape) const {
  auto it = tensors.find(name);
  if (it == tensors.end()) throw Error(ErrorCode::CorruptData, manifestPath, "has no tensor '" + name + "'");
  if (it->second.sizes() != expectedShape) {
    std::ostringstream got, want;
    got << it->second.sizes();
    want << expectedShape;
    throw Error(ErrorCode::CorruptData, manifestPath, "tensor '" + name + "' has shape " + got.str() + ", expected " + want.str());
  }
  return it->second;
}

torch::Tensor conv2dWeightFromHwio(const torch::Tensor& hwio) { return hwio.permute({3, 2, 0, 1}).contiguous(); }

torch::Tensor depthwiseWeightFromTf(const torch::Tensor& hwim) {
  const int64_t h = hwim.size(0), w = hwim.size(1), in = hwim.size(2), mult = hwim.size(3);
  return hwim.permute({2, 3, 0, 1}).reshape({in * mult, 1, h, w}).contiguous();
}

}  // namespace stf2m::perception
