// Fuzz harness: NumPy .npy feature files (dataset::readNpy). A file either reads, or fails with an
// error naming it; what reads writes back (encodeNpy) to bytes that read as the same matrix.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "dataset/npy.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stf2m;
  const std::string path = fuzz::writeInput(std::string_view(reinterpret_cast<const char*>(data), size), "input.npy");
  dataset::FloatMatrix m;
  if (!fuzz::readsOrNamesSource(path, [&] { m = dataset::readNpy(path); })) return 0;
  if (m.rows < 0 || m.cols < 0 || m.data.size() != size_t(m.rows * m.cols)) std::abort();
  const dataset::FloatMatrix back = dataset::parseNpy(dataset::encodeNpy(m), "round trip");
  // Bitwise: NaN payloads and signed zeros must survive too.
  if (back.rows != m.rows || back.cols != m.cols ||
      (!m.data.empty() && std::memcmp(back.data.data(), m.data.data(), m.data.size() * sizeof(float)) != 0))
    std::abort();
  return 0;
}
