#pragma once
// Reads TensorFlow.js weight manifests (`*-weights_manifest.json` plus their `.bin` shards), as the
// face-api package ships them, into float32 arrays, without LibTorch. Quantised tensors are
// dequantised (uint8/uint16: value = q * scale + min; float16 is widened). Shapes and layouts are
// TensorFlow's (NHWC activations, HWIO convolution filters); perception/tfjs_weights.h makes
// LibTorch tensors of them.
//
// A manifest is outside data: its shards must be plain files in the manifest's own folder (no
// absolute paths, no "..", no sub-folders), every tensor must fit the shards exactly, and each
// failure is an error naming the manifest or shard and the tensor.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace stf2m::weights {

struct TfjsTensor {
  std::vector<int64_t> shape;
  std::vector<float> values;  // product(shape) values, row-major
};

struct TfjsTensors {
  std::string manifestPath;
  std::map<std::string, TfjsTensor> tensors;  // by TF.js name, e.g. "conv0/filters"
};

// Throws FileNotFound / FileUnreadable / EmptyFile / ParseError / CorruptData naming the manifest
// or shard (and the tensor, where one is at fault).
TfjsTensors readTfjsManifest(const std::string& manifestPath);

}  // namespace stf2m::weights
