// Fuzz harness: the model file as model::readModelFile reads it before LibTorch sees a byte: the
// container and card (weights::decodeModelContainer), the tensor table of the weights
// (weights::decodeModelTensors), and the card's statistics-path block as the Studio and exports
// show it. The weights are reached only under a card whose SHA-256 matches them, which the fuzzer
// rarely makes; so an input that is not a model file (no STF2M-MODEL header) is read as a tensor
// table on its own. Either way it decodes, and then encodes back to the very same bytes, or fails
// naming the file. Format version 1's LibTorch archive is read only by `stf2m model upgrade`, on
// request, and is not fuzzed (docs/fuzzing.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/statistics_choice.h"
#include "fuzz_support.h"
#include "weights/model_container.h"
#include "weights/tensor_table.h"

namespace {

using namespace stf2m;

void modelFile(const std::string& path, const std::string& bytes) {
  weights::ModelContainer container;
  if (!fuzz::readsOrNamesSource(path, [&] { container = weights::decodeModelContainer(path, bytes); })) return;
  if (weights::encodeModelContainer(container.cardText, container.weights, container.version) != bytes) std::abort();
  const StatisticsChoice choice = StatisticsChoice::fromCard(container.cardText);
  (void)choice.labelledBy();
  (void)choice.toJson();
  std::vector<weights::StoredTensor> tensors;
  if (!fuzz::readsOrNamesSource(path, [&] { tensors = weights::decodeModelTensors(path, container); })) return;
  if (weights::encodeTensorTable(path, tensors) != container.weights) std::abort();
}

void tensorTable(const std::string& path, const std::string& bytes) {
  std::vector<weights::StoredTensor> tensors;
  if (!fuzz::readsOrNamesSource(path, [&] { tensors = weights::decodeTensorTable(path, bytes); })) return;
  if (weights::encodeTensorTable(path, tensors) != bytes) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = "fuzz-input.stf2m";
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.rfind("STF2M-MODEL\n", 0) == 0) modelFile(path, bytes);
  else tensorTable(path, bytes);
  return 0;
}
