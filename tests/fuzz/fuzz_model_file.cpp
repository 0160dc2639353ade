// Fuzz harness: the model file's container and card (weights::decodeModelContainer, which
// model::readModelFile runs before LibTorch reads the weights), and the card's statistics-path
// block as the Studio and exports show it. A file either decodes, and then encodes back to the
// very same bytes, or fails naming the file. LibTorch's own archive reader is reached only with
// weights that match the card's SHA-256, and is not part of this harness (docs/fuzzing.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/statistics_choice.h"
#include "fuzz_support.h"
#include "weights/model_container.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stf2m;
  const std::string path = "fuzz-input.stf2m";
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  weights::ModelContainer container;
  if (!fuzz::readsOrNamesSource(path, [&] { container = weights::decodeModelContainer(path, bytes); })) return 0;
  if (weights::encodeModelContainer(container.cardText, container.weights) != bytes) std::abort();
  const StatisticsChoice choice = StatisticsChoice::fromCard(container.cardText);
  (void)choice.labelledBy();
  (void)choice.toJson();
  return 0;
}
