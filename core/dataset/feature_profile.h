#pragma once
// A feature profile: per modality and column, the mean, standard deviation and range of real
// perception output (docs/session-model.md). The session-schema simulation (synth.h) scales its
// values to a profile, so a model meta-trained on it reads features with the columns, groups and
// value ranges perception produces. Fitted by `stf2m feature-profile`, stored as JSON:
//   {"format": "stf2m-feature-profile", "format_version": 1, "source": {...},
//    "modalities": [{"name", "rate_hz", "samples", "groups": [{"name", "start", "end"}],
//                    "columns": [{"name", "mean", "std", "min", "max"}]}]}
#include <cstdint>
#include <string>
#include <vector>

#include "dataset/feature_dataset.h"

namespace stf2m::dataset {

struct ColumnProfile {
  std::string name;
  double mean = 0, std = 0, min = 0, max = 0;
};

struct ModalityProfile {
  ModalitySpec spec;
  int64_t samples = 0;  // rows the statistics came from
  std::vector<ColumnProfile> columns;  // spec.dimension entries
};

struct FeatureProfile {
  std::vector<ModalityProfile> modalities;
  std::string sourceText;  // the "source" object as compact JSON: what the profile was fitted on

  const ModalityProfile* modality(const std::string& name) const;
};

// Running statistics of one modality's rows (Welford), for fitting a profile.
class ProfileAccumulator {
 public:
  ProfileAccumulator(ModalitySpec spec, std::vector<std::string> columnNames);
  void add(const float* row);  // spec.dimension values
  int64_t samples() const { return n_; }
  ModalityProfile profile() const;

 private:
  ModalitySpec spec_;
  std::vector<std::string> names_;
  int64_t n_ = 0;
  std::vector<double> mean_, m2_, min_, max_;
};

// ParseError naming the file, line and key for anything malformed (column count that differs
// from the dimension, groups that do not tile the columns, a negative std, min > max, ...).
FeatureProfile readFeatureProfile(const std::string& path);
// `sourceJson` is a JSON object (compact text) describing what the profile was fitted on.
void writeFeatureProfile(const FeatureProfile& profile, const std::string& path);

}  // namespace stf2m::dataset
