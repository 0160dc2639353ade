#include "model/training_checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>

#include <filesystem>
#include <map>
#include <mutex>

#include "common/error.h"
#include "common/file_io.h"
#include "model/engine_internal.h"

namespace stf2m::model {

namespace {

constexpr const char* kKind = "training-checkpoint";

std::string adamName(size_t index, const char* part) { return "adam." + std::to_string(index) + "." + part; }

// How LibTorch's optimisers key their state: the parameter's TensorImpl address as text.
std::string stateKey(const torch::Tensor& parameter) { return c10::guts::to_string(parameter.unsafeGetTensorImpl()); }

}  // namespace

void writeTrainingCheckpoint(const std::string& path, LearnerImpl& learner, torch::optim::Adam& optimizer,
                             const TrainingCheckpoint& state, const std::string& configText,
                             const std::string& dataFingerprint) {
  NamedTensors tensors;
  for (const auto& [name, t] : detail::learnerTensors(learner)) tensors.emplace_back("model." + name, t);
  for (const auto& [name, t] : state.best) tensors.emplace_back("best." + name, t);
  // Adam keeps its state by parameter; the parameters are those of its one group, in order.
  const std::vector<torch::Tensor>& parameters = optimizer.param_groups().at(0).params();
  for (size_t i = 0; i < parameters.size(); ++i) {
    const auto found = optimizer.state().find(stateKey(parameters[i]));
    if (found == optimizer.state().end()) continue;  // never stepped (no gradient yet)
    const auto& adam = static_cast<const torch::optim::AdamParamState&>(*found->second);
    tensors.emplace_back(adamName(i, "step"), torch::tensor(adam.step(), torch::kInt64));
    tensors.emplace_back(adamName(i, "exp_avg"), adam.exp_avg());
    tensors.emplace_back(adamName(i, "exp_avg_sq"), adam.exp_avg_sq());
    if (adam.max_exp_avg_sq().defined()) tensors.emplace_back(adamName(i, "max_exp_avg_sq"), adam.max_exp_avg_sq());
  }
  tensors.emplace_back("generator.cpu", at::detail::getDefaultCPUGenerator().get_state());
  const std::string bytes = encodeModelFile(path, tensors, [&](Json& card) {
    card["kind"] = kKind;
    card["iteration"] = int64_t(state.iteration);
    card["best_validation"] = state.bestValidation;
    card["config"] = configText;
    card["data"] = dataFingerprint;
    card["parameters"] = int64_t(parameters.size());
  });
  writeFileAtomically(path, bytes);
}

TrainingCheckpoint readTrainingCheckpoint(const std::string& path, LearnerImpl& learner, torch::optim::Adam& optimizer,
                                          const std::string& configText, const std::string& dataFingerprint) {
  if (!std::filesystem::exists(path)) throw Error(ErrorCode::FileNotFound, path, "no checkpoint to resume from");
  // Checkpoints were LibTorch archives (zip files) until December 2026; they belong to one run.
  if (readWholeFile(path).rfind("PK\x03\x04", 0) == 0)
    throw Error(ErrorCode::InvalidArgument, path,
                "is a checkpoint of an earlier version (a LibTorch archive), which this one does not read; start a new run");
  const ModelFile file = readModelFile(path);
  const std::optional<JsonNode> kind = file.card.find("kind");
  if (!kind || !kind->isString() || kind->asString() != kKind)
    throw Error(ErrorCode::CorruptData, path, "is a model file, not a training checkpoint");
  if (file.card.at("config").asString() != configText)
    throw Error(ErrorCode::InvalidArgument, path, "was written with a different configuration; start a new run instead of --resume");
  if (file.card.at("data").asString() != dataFingerprint)
    throw Error(ErrorCode::InvalidArgument, path, "was written for different data; start a new run instead of --resume");
  TrainingCheckpoint state;
  state.iteration = int(file.card.at("iteration").asInt());
  state.bestValidation = file.card.at("best_validation").asNumber();
  const std::vector<torch::Tensor>& parameters = optimizer.param_groups().at(0).params();
  if (file.card.at("parameters").asInt() != int64_t(parameters.size()))
    throw Error(ErrorCode::CorruptData, path, "holds Adam's state of " + std::to_string(file.card.at("parameters").asInt()) +
                                                  " parameters, the model has " + std::to_string(parameters.size()));

  std::map<std::string, torch::Tensor> byName(file.tensors.begin(), file.tensors.end());
  auto take = [&](const std::string& name) -> torch::Tensor {
    const auto found = byName.find(name);
    if (found == byName.end()) throw Error(ErrorCode::CorruptData, path, "tensor '" + name + "' is missing");
    return found->second;
  };
  NamedTensors model;
  for (const auto& [name, current] : detail::learnerTensors(learner)) {
    model.emplace_back(name, take("model." + name));
    if (state.bestValidation >= 0 && byName.count("best." + name)) state.best.emplace_back(name, take("best." + name));
  }
  detail::loadLearnerTensors(learner, model, path);

  for (size_t i = 0; i < parameters.size(); ++i) {
    if (!byName.count(adamName(i, "step"))) continue;
    const torch::Tensor step = take(adamName(i, "step"));
    const torch::Tensor avg = take(adamName(i, "exp_avg")), avgSq = take(adamName(i, "exp_avg_sq"));
    if (step.scalar_type() != torch::kInt64 || step.numel() != 1 || !avg.sizes().equals(parameters[i].sizes()) ||
        !avgSq.sizes().equals(parameters[i].sizes()))
      throw Error(ErrorCode::CorruptData, path, "Adam's state of parameter " + std::to_string(i) + " does not fit the model");
    auto adam = std::make_unique<torch::optim::AdamParamState>();
    adam->step(step.item<int64_t>());
    adam->exp_avg(avg.to(parameters[i].options()));
    adam->exp_avg_sq(avgSq.to(parameters[i].options()));
    if (byName.count(adamName(i, "max_exp_avg_sq")))
      adam->max_exp_avg_sq(take(adamName(i, "max_exp_avg_sq")).to(parameters[i].options()));
    optimizer.state()[stateKey(parameters[i])] = std::move(adam);
  }
  try {
    at::Generator generator = at::detail::getDefaultCPUGenerator();  // a handle on the one generator
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(take("generator.cpu"));
  } catch (const c10::Error& e) {
    throw Error(ErrorCode::CorruptData, path, std::string("the generator state cannot be restored: ") + e.what_without_backtrace());
  }
  return state;
}

}  // namespace stf2m::model
