#include "dataset/feature_statistics.h"

namespace stf2m::dataset {

FeatureSums sumFeatures(const std::vector<const Clip*>& clips, const ModalitySpec& spec) {
  const auto d = static_cast<size_t>(spec.dimension);
  FeatureSums s{std::vector<double>(d, 0.0), std::vector<double>(d, 0.0), 0.0};
  for (const Clip* clip : clips) {
    const FeatureSequence& seq = clip->features.at(spec.name);
    for (int64_t r = 0; r < seq.rows; ++r) {
      const float* row = seq.row(r);
      for (size_t j = 0; j < d; ++j) s.sum[j] += row[j], s.sumSq[j] += double(row[j]) * row[j];
    }
    s.frames += static_cast<double>(seq.rows);
  }
  return s;
}

}  // namespace stf2m::dataset
