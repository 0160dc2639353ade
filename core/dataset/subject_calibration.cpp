#include "dataset/subject_calibration.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "common/error.h"
#include "dataset/feature_statistics.h"

namespace stf2m::dataset {

std::vector<SubjectCalibration> calibrateSubjects(Dataset& data, double priorSeconds) {
  if (!(priorSeconds >= 0) || !std::isfinite(priorSeconds))
    throw Error(ErrorCode::InvalidArgument, "subject calibration", "the prior must be a finite number of seconds >= 0");
  std::map<std::string, std::vector<Clip*>> bySubject;
  for (Clip& clip : data.clips) bySubject[clip.subject].push_back(&clip);

  std::vector<SubjectCalibration> report;
  for (auto& [subject, clips] : bySubject) {
    SubjectCalibration entry{subject, INFINITY, 1.0};
    const std::vector<const Clip*> readOnly(clips.begin(), clips.end());
    for (const ModalitySpec& spec : data.modalities) {
      const auto d = static_cast<size_t>(spec.dimension);
      const FeatureSums sums = sumFeatures(readOnly, spec);
      const double frames = sums.frames;
      const double prior = priorSeconds * spec.rateHz;
      const double total = frames + prior;
      entry.seconds = std::min(entry.seconds, frames / spec.rateHz);
      entry.weight = std::min(entry.weight, total > 0 ? frames / total : 0.0);
      if (total <= 0) continue;
      std::vector<float> mean(d), inv(d);
      for (size_t j = 0; j < d; ++j) {
        const double m = sums.sum[j] / total;
        const double var = std::max(0.0, (sums.sumSq[j] + prior) / total - m * m);
        mean[j] = static_cast<float>(m);
        inv[j] = static_cast<float>(1.0 / std::sqrt(var + 1e-8));  // a constant feature stays at 0
      }
      for (Clip* clip : clips) {
        FeatureSequence& seq = clip->features.at(spec.name);
        for (int64_t r = 0; r < seq.rows; ++r) {
          float* row = seq.data.data() + r * seq.cols;
          for (size_t j = 0; j < d; ++j) row[j] = (row[j] - mean[j]) * inv[j];
        }
      }
    }
    if (!std::isfinite(entry.seconds)) entry.seconds = 0.0;
    report.push_back(entry);
  }
  return report;
}

}  // namespace stf2m::dataset
