#pragma once
// Person-specific normalisation ("subject calibration"): every subject's features are centred and
// scaled by that subject's own statistics, so a per-person offset or gain of a feature (a resting
// brow height, a louder voice) stops looking like an emotion. Affective-computing tools do this
// per video (OpenFace's person-specific AU normalisation, FaceReader's participant calibration).
// The statistics use no labels: every frame of every clip of the subject in the dataset counts.
#include <string>
#include <vector>

#include "dataset/feature_dataset.h"

namespace stf2m::dataset {

// What calibration used for one subject: the seconds of frames behind its statistics (the least
// over modalities) and the weight of those statistics against the prior (0 = prior only).
struct SubjectCalibration {
  std::string subject;
  double seconds = 0.0;
  double weight = 0.0;
};

// Meant for features already standardised over a population (mean 0, variance 1 per feature).
// For subject s, modality m and feature j with n frames, the statistics shrink towards that
// prior with a pseudo-count of n0 = priorSeconds x rate frames:
//   mean = sum x / (n + n0),  var = (sum x^2 + n0) / (n + n0) - mean^2,  x <- (x - mean) / sqrt(var)
// so a subject with hours of recordings is fully calibrated and one short clip (whose own emotion
// would otherwise be subtracted) is barely moved. priorSeconds >= 0; 0 means no shrinkage.
// Returns one entry per subject, sorted by subject id.
std::vector<SubjectCalibration> calibrateSubjects(Dataset& data, double priorSeconds);

}  // namespace stf2m::dataset
