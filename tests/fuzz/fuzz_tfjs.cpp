// Fuzz harness: TensorFlow.js weight manifests with their shard (weights::readTfjsManifest, which
// perception/tfjs_weights.h turns into LibTorch tensors). The input is the manifest's text, a line
// "%%shard", then the shard's bytes, written as model-weights_manifest.json and model.bin in a
// folder of their own. The reader either returns tensors whose values fill their shapes exactly
// and come from the shard's bytes, or fails naming the manifest or a shard in that folder.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "fuzz_support.h"
#include "weights/tfjs_manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stf2m;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSeparator = "\n%%shard\n";
  const size_t cut = input.find(kSeparator);
  const std::string folder = fuzz::freshFolder("tfjs");
  const std::string manifest = folder + "/model-weights_manifest.json";
  fuzz::writeInput(input.substr(0, cut), "tfjs/model-weights_manifest.json");
  size_t shardBytes = 0;
  if (cut != std::string_view::npos) {
    const std::string_view shard = input.substr(cut + kSeparator.size());
    fuzz::writeInput(shard, "tfjs/model.bin");
    shardBytes = shard.size();
  }
  weights::TfjsTensors read;
  if (!fuzz::readsOrNamesSource(folder, [&] { read = weights::readTfjsManifest(manifest); })) return 0;
  // Every value comes from the one shard (a manifest may list it more than once, so only the
  // per-element bound holds), and fills its tensor's shape exactly.
  size_t values = 0;
  for (const auto& [name, tensor] : read.tensors) {
    size_t count = 1;
    for (const int64_t n : tensor.shape) count *= static_cast<size_t>(n);
    if (count != tensor.values.size()) std::abort();
    values += count;
  }
  if (values > 0 && shardBytes == 0) std::abort();
  return 0;
}
