#pragma once
// TensorFlow.js weight manifests as LibTorch tensors: weights/tfjs_manifest.h reads and checks the
// manifest and shards (dequantised to float32); this makes tensors of them. Tensors keep
// TensorFlow's shapes and layouts (NHWC activations, HWIO convolution filters); the converters
// below give PyTorch's layouts.
#include <torch/torch.h>

#include <map>
#include <string>

namespace stf2m::perception {

struct TfjsWeights {
  std::string manifestPath;
  std::map<std::string, torch::Tensor> tensors;  // by TF.js name, e.g. "conv0/filters"

  // The tensor, checked against the shape the network expects; throws CorruptData naming the
  // manifest and tensor when it is missing or shaped differently.
  const torch::Tensor& get(const std::string& name, c10::IntArrayRef expectedShape) const;
};

// Throws FileNotFound / ParseError / CorruptData naming the manifest or shard and the tensor.
TfjsWeights loadTfjsWeights(const std::string& manifestPath);

// HWIO (TF conv2d filter) -> OIHW (torch conv2d weight).
torch::Tensor conv2dWeightFromHwio(const torch::Tensor& hwio);
// H x W x In x Multiplier (TF depthwise filter) -> (In*Multiplier) x 1 x H x W (torch, groups=In).
torch::Tensor depthwiseWeightFromTf(const torch::Tensor& hwim);

}  // namespace stf2m::perception
