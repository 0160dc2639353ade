// Fuzz harness: ELAN .eaf import (interchange::importEaf). The import succeeds, or fails with an
// error naming the file and leaves the project unchanged (fuzz_support.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "interchange/interchange.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  stf2m::fuzz::makeProjectTemplate();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stf2m;
  const std::string path = fuzz::writeInput(std::string_view(reinterpret_cast<const char*>(data), size), "input.eaf");
  fuzz::importChecked(path, [&](store::Project& project) { interchange::importEaf(project, 1, path); });
  return 0;
}
