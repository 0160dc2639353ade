#pragma once
// What the engine's commands share: devices, data preparation, and the model file <-> learner
// mapping (tensor names, card fields, compatibility checks). Internal to core/model.
#include <torch/torch.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "dataset/episodes.h"
#include "dataset/subject_calibration.h"
#include "model/communicator.h"
#include "model/learner.h"
#include "model/model_config.h"
#include "model/model_file.h"
#include "model/view_tensors.h"

namespace stf2m::model::detail {

// Configures LibTorch (threads from STF2M_THREADS) and picks the device; InvalidArgument for cuda
// without a GPU. `name` receives "cpu" or "cuda:0".
torch::Device chooseDevice(const std::string& preference, std::string* name = nullptr);

dataset::ViewOptions viewOptions(const ModelConfig& config);

// The data path every method shares: standardise with the model's normaliser, then calibrate
// subjects when the config asks for it. Returns what calibration used (empty when it is off).
std::vector<dataset::SubjectCalibration> scaleForModel(const Normaliser& normaliser, const ModelConfig& config,
                                                       dataset::Dataset& data);

// A loaded model: the learner with its weights, plus what the card says about it.
struct LoadedModel {
  std::string path;
  ModelConfig config;
  std::vector<dataset::ModalitySpec> modalities;
  std::vector<std::string> trainClasses;
  Normaliser normaliser;
  std::shared_ptr<LearnerImpl> learner;
  JsonNode card;
  std::string cardText;
  std::string weightsSha256;
  // Adapted models only.
  std::optional<Adapted> adapted;
  std::vector<std::string> adaptedClasses;
};

LoadedModel loadModel(const std::string& path, const torch::Device& device);

// Card fields every model file carries; `extra` adds the caller's own (training, support, ...).
struct CardInputs {
  std::string kind;  // "meta" or "adapted"
  const ModelConfig* config = nullptr;
  const std::vector<dataset::ModalitySpec>* modalities = nullptr;
  const std::vector<std::string>* trainClasses = nullptr;
  const std::vector<std::string>* adaptedClasses = nullptr;  // adapted models
  int64_t parameters = 0;
};
void saveModel(const std::string& path, LearnerImpl& learner, const Normaliser& normaliser, const Adapted* adapted,
               const CardInputs& card, const std::function<void(Json&)>& extra);

// The model's learned tensors by name ("param.<name>", "buffer.<name>").
NamedTensors learnerTensors(LearnerImpl& learner);
// Copies named tensors into the learner; CorruptData naming `source` for a missing or misshapen one.
void loadLearnerTensors(LearnerImpl& learner, const NamedTensors& tensors, const std::string& source);

// InvalidArgument naming dataDir's modalities.json when the data's modalities (names, dimensions,
// rates) differ from the model's; otherwise reorders data.modalities into the model's order.
void checkCompatible(const LoadedModel& model, dataset::Dataset& data, const std::string& dataDir);

// "face:32@25Hz[brows 0-5,...];voice:40@100Hz[...]": what a model's features must look like.
std::string featureFingerprint(const std::vector<dataset::ModalitySpec>& modalities);

int64_t parameterCount(LearnerImpl& learner);

}  // namespace stf2m::model::detail

#include "model/engine.h"

namespace stf2m::model::detail {

// Few-shot evaluation of `learner` on `episodes` episodes of one part of a split: view accuracy,
// macro-F1 and fused clip accuracy per episode, with means and 95% confidence half-widths
// (1.96 standard deviations of the episode values / sqrt(episodes)), and the median adapt() time.
// With a communicator of several ranks, each rank runs the episodes whose number modulo the world
// size is its rank and the results are gathered, so every rank returns what one process would
// (the adapt() times are then those of every rank together).
ShotResult runEpisodes(LearnerImpl& learner, const dataset::Dataset& data, const dataset::DatasetSplit& split,
                       dataset::SplitPart part, dataset::EpisodeShape shape, uint64_t seed, int episodes,
                       const dataset::ViewOptions& views, const torch::Device& device, const CancelToken* cancel = nullptr,
                       const ProgressCallback& progress = {}, Communicator* communicator = nullptr);

// Loads DIR and scales it with the model's normaliser after checking it fits the model, then
// calibrates its subjects when the model does (what calibration used goes to `calibration`).
dataset::Dataset loadDataFor(const LoadedModel& model, const std::string& dataDir, const CancelToken* cancel = nullptr,
                             std::vector<dataset::SubjectCalibration>* calibration = nullptr);

}  // namespace stf2m::model::detail
