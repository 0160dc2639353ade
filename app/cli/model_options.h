#pragma once
// What the learning-engine commands (train, eval, adapt, predict) share: the command line recorded
// in model cards, subject-calibration output and warnings, and Ctrl-C as a cancel request.
#include <string>
#include <vector>

#include "common/cancel.h"
#include "common/json.h"
#include "dataset/subject_calibration.h"

namespace stf2m::cli {

// "stf2m ARG..." as the program was started, with shell quoting where needed, for the model card.
std::string commandLineText();

// Adds "subject_calibration": [{"subject_id", "seconds", "weight"}, ...] to adapt and predict
// output (nothing when the model does not calibrate subjects).
void addCalibration(Json& json, const std::vector<dataset::SubjectCalibration>& calibration);
// One stderr warning per subject whose statistics weigh less than the prior (weight < 0.5): with
// less data than the prior is worth, most of that subject's own offsets remain.
void warnWeakCalibration(const std::vector<dataset::SubjectCalibration>& calibration);

// While alive, SIGINT / SIGTERM set `token` instead of killing the process, so a long run stops
// at its next check (the engine throws Cancelled; training keeps its last checkpoint).
class InterruptCancels {
 public:
  explicit InterruptCancels(CancelToken& token);
  ~InterruptCancels();
  InterruptCancels(const InterruptCancels&) = delete;
  InterruptCancels& operator=(const InterruptCancels&) = delete;
};

}  // namespace stf2m::cli
