#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <utility>

#include <ATen/CPUGeneratorImpl.h>

#include "common/error.h"
#include "dataset/seeded_random.h"
#include "common/digest.h"
#include "model/engine.h"
#include "model/engine_internal.h"
#include "model/meta_batch_gradients.h"
#include "model/training_checkpoint.h"

namespace stf2m::model {

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// The config as text with the iteration count blanked: a run may be resumed with more iterations.
std::string resumableConfigText(ModelConfig config) {
  config.iterations = 0;
  return dumpJson(config.toJson());
}

std::string checkpointPath(const std::string& out) { return out + ".checkpoint"; }

// The SHA-256 of the learner's tensors, as rank 0 and the others must agree on.
std::string weightsDigest(LearnerImpl& learner) {
  std::string bytes;
  for (const auto& [name, t] : detail::learnerTensors(learner)) {
    const torch::Tensor c = t.detach().to(torch::kCPU).contiguous();
    bytes += name;
    bytes.append(static_cast<const char*>(c.data_ptr()), c.nbytes());
  }
  return sha256OfBytes(bytes);
}

// True when `state` (a description of what this rank holds) is the same on rank 0.
bool agreesWithLeader(Communicator& communicator, const std::string& state) {
  if (communicator.size() == 1) return true;
  const std::string digest = sha256OfBytes(state);
  torch::Tensor mine = torch::from_blob(const_cast<char*>(digest.data()), {int64_t(digest.size())}, torch::kUInt8).clone();
  torch::Tensor leader = mine.clone();
  communicator.broadcast(leader, 0);
  return torch::equal(mine, leader);
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

  // The launcher's variables are read first: a malformed one fails before any work.
  const RankEnvironment ranks = request.ranks ? *request.ranks : rankEnvironmentOfProcess();
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
  TrainingCheckpoint state;
  // --resume without a checkpoint starts at the beginning: a launcher that restarts failed jobs
  // (torchrun, a requeued Slurm job) runs one command line, before and after the first checkpoint.
  std::string resumeNote;
  if (request.resume && fs::exists(checkpointPath(request.outPath)))
    state = readTrainingCheckpoint(checkpointPath(request.outPath), *learner, optimizer, configText, fingerprint);
  else if (request.resume)
    resumeNote = "no checkpoint " + checkpointPath(request.outPath) + " yet: training starts at iteration 0";
  summary.startIteration = state.iteration;

  // Ranks join after loading: a rank that cannot read the data or the checkpoint fails alone, at
  // once, and the others report it as lost.
  const std::unique_ptr<Communicator> communicator =
      connectRanks(ranks, request.peerTimeout);
  summary.rank = communicator->rank();
  summary.world = communicator->size();
  // Every rank must start from the same weights and iteration: a checkpoint that only some ranks
  // see (storage not shared between machines) would otherwise make them train apart.
  if (!agreesWithLeader(*communicator, std::to_string(state.iteration) + weightsDigest(*learner)))
    throw Error(ErrorCode::InvalidArgument, communicator->name(),
                "starts from other weights than rank 0 (here: " +
                    (state.iteration > 0 ? "checkpoint " + checkpointPath(request.outPath) + " at iteration " +
                                               std::to_string(state.iteration)
                                         : std::string("no checkpoint")) +
                    "); every rank must read the same checkpoint, on storage they share");
  auto checkpoint = [&] {
    if (communicator->leads())
      writeTrainingCheckpoint(checkpointPath(request.outPath), *learner, optimizer, state, configText, fingerprint);
  };

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
  if (!resumeNote.empty()) notice = notice.empty() ? resumeNote : resumeNote + "; " + notice;

  std::vector<double> iterationSeconds, pretrainSeconds, exchangeSeconds;
  double lossSum = 0;
  int lossCount = 0;
  // A method with nothing to meta-train (the pooled floor) is validated once, for its card.
  const bool episodic = learner->trainsByEpisodes();
  if (!episodic && validate)
    state.bestValidation = detail::runEpisodes(*learner, data, split, dataset::SplitPart::Val, *valShape,
                                               config.seed ^ 0x5eedULL, config.validationEpisodes, views, device, cancel,
                                               {}, communicator.get())
                               .accuracy;
  MetaBatchGradients gradients(learner->parameters(), config.metaBatch);
  for (int it = episodic ? state.iteration : config.iterations; it < config.iterations; ++it) {
    // Every rank stops at the same iteration when any was cancelled (Ctrl-C reaches them all,
    // not at the same moment).
    torch::Tensor stop = torch::full({1}, cancel && cancel->isCancelled() ? 1.0 : 0.0, torch::kFloat64);
    communicator->allReduceSum(stop);
    if (stop.item<double>() > 0) {
      state.iteration = it;
      checkpoint();
      throwIfCancelled(cancel, "training");
      throw Error(ErrorCode::Cancelled, communicator->name(), "stopped: another rank's training was cancelled");
    }
    const auto t0 = Clock::now();
    // Cosine decay of the outer learning rate.
    const double lr = config.learningRate * 0.5 * (1 + std::cos(M_PI * double(it) / double(config.iterations)));
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    optimizer.zero_grad();
    // Episode b of the meta-batch runs on rank b modulo the world size (meta_batch_gradients.h).
    for (int b = communicator->rank(); b < config.metaBatch; b += communicator->size()) {
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
      gradients.collect(b, loss.item<double>());
    }
    const auto exchangeStart = Clock::now();
    const double iterationLoss = gradients.reduce(*communicator);
    exchangeSeconds.push_back(std::chrono::duration<double>(Clock::now() - exchangeStart).count());
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
                              config.seed ^ 0x5eedULL, config.validationEpisodes, views, device, cancel, {},
                              communicator.get());
      report.validationAccuracy = r.accuracy;
      if (r.accuracy > state.bestValidation) {
        state.bestValidation = r.accuracy;
        state.best = detail::learnerTensors(*learner);
        for (auto& [name, t] : state.best) t = t.clone();
      }
    }
    if ((it + 1) % config.checkpointEvery == 0 || last) {
      state.iteration = it + 1;
      checkpoint();
      report.checkpointed = communicator->leads();
    }
    if (progress && communicator->leads() && ((it + 1) % 10 == 0 || last || report.validationAccuracy >= 0 || report.checkpointed)) {
      report.loss = lossSum / std::max(1, lossCount);
      report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
      report.notice = std::exchange(notice, {});
      progress(report);
      lossSum = 0, lossCount = 0;
    }
  }
  if (!state.best.empty()) detail::loadLearnerTensors(*learner, state.best, checkpointPath(request.outPath));
  learner->eval();
  summary.weightsSha256 = weightsDigest(*learner);
  // The summed gradients keep the ranks' weights equal; a difference means a rank computed
  // something else (another build or LibTorch).
  if (!agreesWithLeader(*communicator, summary.weightsSha256))
    throw Error(ErrorCode::Internal, communicator->name(), "its weights differ from rank 0's after training");

  summary.iterations = episodic ? config.iterations : 0;
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  summary.secondsPerIteration = median(iterationSeconds);
  summary.secondsPerPretrainIteration = median(pretrainSeconds);
  summary.exchangeSecondsPerIteration = median(exchangeSeconds);
  summary.validationAccuracy = state.bestValidation;
  detail::CardInputs card;
  card.kind = "meta";
  card.config = &config;
  card.modalities = &data.modalities;
  card.trainClasses = &trainClasses;
  card.parameters = summary.parameters;
  if (!communicator->leads()) return summary;  // rank 0 writes the model
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
    training["ranks"] = static_cast<int64_t>(communicator->size());
    json["training"] = std::move(training);
    if (!request.note.empty()) json["note"] = request.note;
    json["metrics"] = {{"validation_accuracy", summary.validationAccuracy}, {"validation_queries", summary.validationQueries}};
    if (!summary.validationNote.empty()) json["metrics"]["validation_note"] = summary.validationNote;
  });
  return summary;
}

}  // namespace stf2m::model
