#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <utility>

#include <ATen/CPUGeneratorImpl.h>

#include "common/error.h"
#include "dataset/seeded_random.h"
#include "model/engine.h"
#include "model/engine_internal.h"

namespace stf2m::model {

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// The config as text with the iteration count blanked: a run may be resumed with more iterations.
std::string resumableConfigText(ModelConfig config) {
  config.iterations = 0;
  return dumpJson(config.toJson());
}

struct Checkpoint {
  int iteration = 0;
  double bestValidation = -1;
  NamedTensors best;
};

std::string checkpointPath(const std::string& out) { return out + ".checkpoint"; }

void writeCheckpoint(const std::string& path, LearnerImpl& learner, torch::optim::Adam& optimizer, const Checkpoint& state,
                     const std::string& configText, const std::string& dataFingerprint) {
  torch::serialize::OutputArchive archive;
  archive.write("config", c10::IValue(configText));
  archive.write("data", c10::IValue(dataFingerprint));
  archive.write("iteration", torch::tensor(int64_t(state.iteration)));
  archive.write("best_validation", torch::tensor(state.bestValidation, torch::kFloat64));
  for (const auto& [name, t] : detail::learnerTensors(learner)) archive.write("model." + name, t);
  for (const auto& [name, t] : state.best) archive.write("best." + name, t);
  torch::serialize::OutputArchive opt;
  optimizer.save(opt);
  archive.write("optimizer", opt);
  const std::string tmp = path + ".tmp";
  archive.save_to(tmp);
  fs::rename(tmp, path);
}

Checkpoint readCheckpoint(const std::string& path, LearnerImpl& learner, torch::optim::Adam& optimizer,
                          const std::string& configText, const std::string& dataFingerprint) {
  if (!fs::exists(path)) throw Error(ErrorCode::FileNotFound, path, "no checkpoint to resume from");
  Checkpoint state;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    c10::IValue v;
    archive.read("config", v);
    if (v.toStringRef() != configText)
      throw Error(ErrorCode::InvalidArgument, path, "was written with a different configuration; start a new run instead of --resume");
    archive.read("data", v);
    if (v.toStringRef() != dataFingerprint)
      throw Error(ErrorCode::InvalidArgument, path, "was written for different data; start a new run instead of --resume");
    torch::Tensor t;
    archive.read("iteration", t);
    state.iteration = static_cast<int>(t.item<int64_t>());
    archive.read("best_validation", t);
    state.bestValidation = t.item<double>();
    NamedTensors model;
    for (const auto& [name, current] : detail::learnerTensors(learner)) {
      torch::Tensor x;
      archive.read("model." + name, x);
      model.emplace_back(name, x);
      if (state.bestValidation >= 0) {
        torch::Tensor b;
        archive.read("best." + name, b);
        state.best.emplace_back(name, b);
      }
    }
    detail::loadLearnerTensors(learner, model, path);
    torch::serialize::InputArchive opt;
    archive.read("optimizer", opt);
    optimizer.load(opt);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorCode::CorruptData, path, std::string("cannot read the checkpoint: ") + e.what());
  }
  return state;
}

// The median of `values` (0 for none).
double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(values.size() / 2), values.end());
  return values[values.size() / 2];
}

// The shape of the validation episodes: the config's ways, its largest training shot count and
// its queries per class, with fewer queries where the val part cannot fill that many (a small
// val part still selects the saved weights). Empty, with the reason in `why`, when not even one
// query per class fits; training then runs unvalidated and saves its last weights.
std::optional<dataset::EpisodeShape> validationShape(const dataset::Dataset& data, const dataset::DatasetSplit& split,
                                                     const ModelConfig& config, const dataset::ViewOptions& views,
                                                     std::string* why) {
  for (int queries = config.queries; queries >= 1; --queries) {
    const dataset::EpisodeShape shape{config.ways, config.trainShots.back(), queries};
    try {
      dataset::EpisodeSampler probe(data, split, dataset::SplitPart::Val, shape, 0, views);
      return shape;
    } catch (const Error& e) {
      if (queries == config.queries) *why = e.detail();
    }
  }
  return std::nullopt;
}

std::string dataFingerprint(const dataset::Dataset& data, const std::string& dir) {
  return dir + "|" + std::to_string(data.clips.size()) + "|" + detail::featureFingerprint(data.modalities);
}

}  // namespace

TrainSummary trainModel(const TrainRequest& request, const CancelToken* cancel,
                        const std::function<void(const TrainProgress&)>& progress) {
  const auto started = Clock::now();
  TrainSummary summary;
  const torch::Device device = detail::chooseDevice(request.device, &summary.device);
  ModelConfig config = request.configPath ? ModelConfig::fromFile(*request.configPath) : ModelConfig{};
  if (request.method) config.method = *request.method;
  if (request.ablate) config.ablate = *request.ablate;
  if (request.seed) config.seed = *request.seed;
  if (request.iterations) config.iterations = *request.iterations;
  config.validate();
  if (config.method != Method::Stf2m && config.ablate.any())
    throw Error(ErrorCode::InvalidArgument, "--ablate", "ablations apply to the stf2m method only");

  dataset::Dataset data = dataset::loadDataset(request.dataDir, cancel);
  const dataset::DatasetSplit split = dataset::splitDataset(data, config.split);
  const std::vector<int> trainClips = split.clipsOf(dataset::SplitPart::Train);
  const Normaliser normaliser = Normaliser::fit(data, trainClips);
  detail::scaleForModel(normaliser, config, data);
  const std::vector<std::string> trainClasses = split.classes[size_t(dataset::SplitPart::Train)];
  const dataset::ViewOptions views = detail::viewOptions(config);

  torch::manual_seed(config.seed);
  std::shared_ptr<LearnerImpl> learner = makeLearner(config, data.modalities, static_cast<int>(trainClasses.size()));
  learner->to(device);
  learner->train();
  summary.parameters = detail::parameterCount(*learner);
  torch::optim::Adam optimizer(learner->parameters(),
                               torch::optim::AdamOptions(config.learningRate).weight_decay(config.weightDecay));

  const std::string configText = resumableConfigText(config);
  const std::string fingerprint = dataFingerprint(data, fs::absolute(request.dataDir).lexically_normal().string());
  Checkpoint state;
  if (request.resume) state = readCheckpoint(checkpointPath(request.outPath), *learner, optimizer, configText, fingerprint);
  summary.startIteration = state.iteration;

  std::string noValidation;
  const std::optional<dataset::EpisodeShape> valShape = validationShape(data, split, config, views, &noValidation);
  const bool validate = valShape.has_value();
  if (validate) {
    summary.validationQueries = valShape->queries;
    if (valShape->queries < config.queries)
      summary.validationNote = "validation episodes have " + std::to_string(valShape->queries) + " queries per class, not " +
                               std::to_string(config.queries) + ": " + noValidation;
  } else {
    summary.validationNote = "training runs without validation and saves its last weights: " + noValidation;
  }
  std::string notice = summary.validationNote;  // goes with the first report

  std::vector<double> iterationSeconds, pretrainSeconds;
  double lossSum = 0;
  int lossCount = 0;
  // A method with nothing to meta-train (the pooled floor) is validated once, for its card.
  const bool episodic = learner->trainsByEpisodes();
  if (!episodic && validate)
    state.bestValidation = detail::runEpisodes(*learner, data, split, dataset::SplitPart::Val, *valShape,
                                               config.seed ^ 0x5eedULL, config.validationEpisodes, views, device, cancel)
                               .accuracy;
  for (int it = episodic ? state.iteration : config.iterations; it < config.iterations; ++it) {
    if (cancel && cancel->isCancelled()) {
      state.iteration = it;
      writeCheckpoint(checkpointPath(request.outPath), *learner, optimizer, state, configText, fingerprint);
      throwIfCancelled(cancel, "training");
    }
    const auto t0 = Clock::now();
    // Cosine decay of the outer learning rate.
    const double lr = config.learningRate * 0.5 * (1 + std::cos(M_PI * double(it) / double(config.iterations)));
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    optimizer.zero_grad();
    double iterationLoss = 0;
    for (int b = 0; b < config.metaBatch; ++b) {
      const uint64_t task = uint64_t(it) * uint64_t(config.metaBatch) + uint64_t(b);
      const int shots = config.trainShots[task % config.trainShots.size()];
      // One sampler per task, seeded by the task number: a resumed run draws the same episodes.
      dataset::EpisodeSampler sampler(data, split, dataset::SplitPart::Train, {config.ways, shots, config.queries},
                                      dataset::SeededRandom::derive(config.seed, task), views);
      EpisodeTensors episode = makeEpisodeTensors(data, sampler.next(), views, trainClasses);
      if (config.augmentBias > 0 || config.augmentGain > 0 || config.augmentNoise > 0) {
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(dataset::SeededRandom::derive(config.seed ^ 0xa5a5ULL, task));
        augmentViews(episode.support, config.augmentBias, config.augmentGain, config.augmentNoise, generator);
        augmentViews(episode.query, config.augmentBias, config.augmentGain, config.augmentNoise, generator);
      }
      episode = episode.to(device);
      const torch::Tensor episodeLoss =
          it < config.pretrainIterations() ? learner->pretrainLoss(episode) : learner->episodeLoss(episode);
      const torch::Tensor loss = episodeLoss / double(config.metaBatch);
      loss.backward();
      iterationLoss += loss.item<double>();
    }
    torch::nn::utils::clip_grad_norm_(learner->parameters(), config.gradClip);
    optimizer.step();
    (it < config.pretrainIterations() ? pretrainSeconds : iterationSeconds)
        .push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    lossSum += iterationLoss, ++lossCount;

    TrainProgress report;
    report.iteration = it + 1;
    report.iterations = config.iterations;
    const bool last = it + 1 == config.iterations;
    if (validate && ((it + 1) % config.validateEvery == 0 || last)) {
      const ShotResult r =
          detail::runEpisodes(*learner, data, split, dataset::SplitPart::Val, *valShape,
                              config.seed ^ 0x5eedULL, config.validationEpisodes, views, device, cancel);
      report.validationAccuracy = r.accuracy;
      if (r.accuracy > state.bestValidation) {
        state.bestValidation = r.accuracy;
        state.best = detail::learnerTensors(*learner);
        for (auto& [name, t] : state.best) t = t.clone();
      }
    }
    if ((it + 1) % config.checkpointEvery == 0 || last) {
      state.iteration = it + 1;
      writeCheckpoint(checkpointPath(request.outPath), *learner, optimizer, state, configText, fingerprint);
      report.checkpointed = true;
    }
    if (progress && ((it + 1) % 10 == 0 || last || report.validationAccuracy >= 0 || report.checkpointed)) {
      report.loss = lossSum / std::max(1, lossCount);
      report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
      report.notice = std::exchange(notice, {});
      progress(report);
      lossSum = 0, lossCount = 0;
    }
  }
  if (!state.best.empty()) detail::loadLearnerTensors(*learner, state.best, checkpointPath(request.outPath));
  learner->eval();

  summary.iterations = episodic ? config.iterations : 0;
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  summary.secondsPerIteration = median(iterationSeconds);
  summary.secondsPerPretrainIteration = median(pretrainSeconds);
  summary.validationAccuracy = state.bestValidation;
  detail::CardInputs card;
  card.kind = "meta";
  card.config = &config;
  card.modalities = &data.modalities;
  card.trainClasses = &trainClasses;
  card.parameters = summary.parameters;
  detail::saveModel(request.outPath, *learner, normaliser, nullptr, card, [&](Json& json) {
    Json parts = Json::object();
    for (int p = 0; p < 3; ++p)
      parts[dataset::splitPartName(static_cast<dataset::SplitPart>(p))] = {{"subjects", split.subjects[size_t(p)]},
                                                                          {"classes", split.classes[size_t(p)]}};
    Json training = {{"command", request.commandLine},
                     {"data_dir", request.dataDir},
                     {"clips", static_cast<int64_t>(data.clips.size())},
                     {"split", std::move(parts)},
                     {"iterations", summary.iterations},
                     {"resumed_from", summary.startIteration},
                     {"seconds", summary.seconds},
                     {"seconds_per_iteration", summary.secondsPerIteration}};
    if (config.pretrainIterations() > 0) training["seconds_per_pretrain_iteration"] = summary.secondsPerPretrainIteration;
    training["device"] = summary.device;
    training["threads"] = static_cast<int64_t>(at::get_num_threads());
    json["training"] = std::move(training);
    if (!request.note.empty()) json["note"] = request.note;
    json["metrics"] = {{"validation_accuracy", summary.validationAccuracy}, {"validation_queries", summary.validationQueries}};
    if (!summary.validationNote.empty()) json["metrics"]["validation_note"] = summary.validationNote;
  });
  return summary;
}

}  // namespace stf2m::model
