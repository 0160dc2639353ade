// Fuzz harness: a dataset folder's clips.csv and modalities.json (dataset::loadDataset, then
// validateDataset). The input is clips.csv, a line "%%modalities.json", then modalities.json;
// the features are fixed valid files for clips c1-c4 and modalities "face" (2 columns at 10 Hz,
// 10 rows) and "voice" (3 columns at 20 Hz, 20 rows), so the fuzzer explores the two texts. A
// folder either loads and validates, or fails with an error naming a file in it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <tuple>

#include "dataset/feature_dataset.h"
#include "dataset/npy.h"
#include "fuzz_support.h"

namespace {

void writeFeatures(const std::string& dir) {
  namespace fs = std::filesystem;
  for (const char* clip : {"c1", "c2", "c3", "c4"}) {
    const fs::path folder = fs::path(dir) / "features" / clip;
    fs::create_directories(folder);
    for (auto [name, rows, cols] : {std::tuple{"face", 10, 2}, std::tuple{"voice", 20, 3}}) {
      stf2m::dataset::FloatMatrix m;
      m.rows = rows, m.cols = cols;
      for (int i = 0; i < rows * cols; ++i) m.data.push_back(float(i % 7) - 3.0f);
      stf2m::dataset::writeNpy((folder / (std::string(name) + ".npy")).string(), m);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stf2m;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view marker = "\n%%modalities.json\n";
  const size_t cut = input.find(marker);
  const std::string_view clips = input.substr(0, cut);
  const std::string_view modalities = cut == std::string_view::npos ? std::string_view() : input.substr(cut + marker.size());
  const std::string dir = fuzz::freshFolder("dataset");
  writeFeatures(dir);
  fuzz::writeInput(clips, "dataset/clips.csv");
  if (cut != std::string_view::npos) fuzz::writeInput(modalities, "dataset/modalities.json");
  fuzz::readsOrNamesSource(dir, [&] { dataset::validateDataset(dataset::loadDataset(dir)); });
  return 0;
}
