#pragma once
// Options shared by the learning-engine commands (train, eval, adapt, predict, model): the compute
// device (also for faces and bench perception), seeds, shot lists, the command line recorded in
// model cards, and Ctrl-C as a cancel request.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli_args.h"
#include "common/cancel.h"
#include "dataset/subject_calibration.h"

namespace stf2m {
class JsonWriter;
}

namespace stf2m::cli {

// --device auto|cpu|cuda (default auto); anything else is a UsageError.
std::string deviceOption(const Args& args, const std::string& command);
// A non-negative integer option, or nullopt when absent.
std::optional<uint64_t> uint64Option(const Args& args, const std::string& command, const std::string& option);
// "1,5" -> {1, 5}: positive integers, no repeats.
std::vector<int> shotList(const std::string& text, const std::string& command);
// "stf2m COMMAND ARG..." with shell quoting where needed, for the model card.
std::string commandLineText(const std::string& command, const std::vector<std::string>& argv);
// A required --option; UsageError "COMMAND: --option VALUE is required" when absent.
std::string requiredOption(const Args& args, const std::string& command, const std::string& option,
                           const std::string& placeholder);

// "subject_calibration": [{"subject_id", "seconds", "weight"}, ...] for adapt and predict output
// (nothing when the model does not calibrate subjects).
void writeCalibration(JsonWriter& json, const std::vector<dataset::SubjectCalibration>& calibration);
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
