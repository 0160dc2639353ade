#pragma once
// Sums of every feature and of its square over the frames of a set of clips: the one pass behind
// both the population standardisation (model::Normaliser) and subject calibration.
#include <vector>

#include "dataset/feature_dataset.h"

namespace stf2m::dataset {

struct FeatureSums {
  std::vector<double> sum;    // per feature: sum of x over frames
  std::vector<double> sumSq;  // per feature: sum of x^2 over frames
  double frames = 0;
};

// Over modality `spec` of every clip in `clips`; each clip must hold that modality.
FeatureSums sumFeatures(const std::vector<const Clip*>& clips, const ModalitySpec& spec);

}  // namespace stf2m::dataset
