#include <algorithm>
#include <chrono>
#include <cmath>

#include "common/error.h"
#include "model/engine.h"
#include "model/engine_internal.h"

namespace stf2m::model {

namespace detail {

namespace {

struct MeanCi {
  double mean = 0, ci95 = 0;
};

MeanCi meanCi(const std::vector<double>& v) {
  MeanCi r;
  if (v.empty()) return r;
  for (double x : v) r.mean += x;
  r.mean /= double(v.size());
  if (v.size() < 2) return r;
  double ss = 0;
  for (double x : v) ss += (x - r.mean) * (x - r.mean);
  r.ci95 = 1.96 * std::sqrt(ss / double(v.size() - 1)) / std::sqrt(double(v.size()));
  return r;
}

// Macro-F1 over the classes of one episode (a class never predicted and never true is skipped).
double macroF1(const torch::Tensor& predicted, const torch::Tensor& truth, int ways) {
  double sum = 0;
  int classes = 0;
  for (int c = 0; c < ways; ++c) {
    const double tp = (predicted.eq(c) & truth.eq(c)).sum().item<double>();
    const double fp = (predicted.eq(c) & truth.ne(c)).sum().item<double>();
    const double fn = (predicted.ne(c) & truth.eq(c)).sum().item<double>();
    if (tp + fp + fn == 0) continue;
    sum += 2 * tp / (2 * tp + fp + fn);
    ++classes;
  }
  return classes ? sum / classes : 0.0;
}

}  // namespace

ShotResult runEpisodes(LearnerImpl& learner, const dataset::Dataset& data, const dataset::DatasetSplit& split,
                       dataset::SplitPart part, dataset::EpisodeShape shape, uint64_t seed, int episodes,
                       const dataset::ViewOptions& views, const torch::Device& device, const CancelToken* cancel,
                       const ProgressCallback& progress, Communicator* communicator) {
  const int rank = communicator ? communicator->rank() : 0, ranks = communicator ? communicator->size() : 1;
  dataset::EpisodeSampler sampler(data, split, part, shape, seed, views);
  // Per episode: view accuracy, macro-F1, clip accuracy, adapt() milliseconds; rows of the other
  // ranks' episodes stay zero until the sum.
  torch::Tensor results = torch::zeros({episodes, 4}, torch::kFloat64);
  const bool wasTraining = learner.is_training();
  learner.eval();
  for (int e = 0; e < episodes; ++e) {
    throwIfCancelled(cancel, "evaluation");
    const dataset::Episode drawn = sampler.next();  // every rank draws every episode: the sampler's sequence
    if (e % ranks != rank) continue;
    const EpisodeTensors t = makeEpisodeTensors(data, drawn, views).to(device);
    torch::NoGradGuard noGrad;
    const auto start = std::chrono::steady_clock::now();
    const Adapted adapted = learner.adapt(t.support, t.supportLabels, t.ways, /*training=*/false);
    if (device.is_cuda()) torch::cuda::synchronize();
    const double adaptMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const Prediction p = learner.predict(adapted, t.query);
    const torch::Tensor predicted = p.logits.argmax(1);
    const torch::Tensor fused = fuseViews(p.logits, t.query, adapted.modalityLogWeight);
    results[e][0] = predicted.eq(t.queryLabels).to(torch::kFloat64).mean().item<double>();
    results[e][1] = macroF1(predicted.cpu(), t.queryLabels.cpu(), t.ways);
    results[e][2] = fused.argmax(1).eq(clipLabels(t.queryLabels, t.query)).to(torch::kFloat64).mean().item<double>();
    results[e][3] = adaptMs;
    if (progress) progress(double(e + 1) / episodes);
  }
  if (wasTraining) learner.train();
  if (communicator) communicator->allReduceSum(results);
  std::vector<double> accuracy, f1, clipAccuracy, adaptMs;
  for (int e = 0; e < episodes; ++e) {
    accuracy.push_back(results[e][0].item<double>());
    f1.push_back(results[e][1].item<double>());
    clipAccuracy.push_back(results[e][2].item<double>());
    adaptMs.push_back(results[e][3].item<double>());
  }
  ShotResult r;
  r.shots = shape.shots;
  r.episodes = episodes;
  const MeanCi a = meanCi(accuracy), f = meanCi(f1), c = meanCi(clipAccuracy);
  r.accuracy = a.mean, r.accuracyCi95 = a.ci95;
  r.macroF1 = f.mean, r.macroF1Ci95 = f.ci95;
  r.clipAccuracy = c.mean, r.clipAccuracyCi95 = c.ci95;
  std::sort(adaptMs.begin(), adaptMs.end());
  r.adaptMsMedian = adaptMs.empty() ? 0 : adaptMs[adaptMs.size() / 2];
  return r;
}

dataset::Dataset loadDataFor(const LoadedModel& model, const std::string& dataDir, const CancelToken* cancel,
                             std::vector<dataset::SubjectCalibration>* calibration) {
  dataset::Dataset data = dataset::loadDataset(dataDir, cancel);
  checkCompatible(model, data, dataDir);
  auto report = scaleForModel(model.normaliser, model.config, data);
  if (calibration) *calibration = std::move(report);
  return data;
}

}  // namespace detail

EvalReport evaluateModel(const EvalRequest& request, const CancelToken* cancel, const ProgressCallback& progress) {
  EvalReport report;
  const torch::Device device = detail::chooseDevice(request.device, &report.device);
  const detail::LoadedModel model = detail::loadModel(request.modelPath, device);
  if (model.adapted)
    throw Error(ErrorCode::InvalidArgument, request.modelPath,
                "is adapted to one subject's classes; evaluate the meta-model it came from");
  const dataset::Dataset data = detail::loadDataFor(model, request.dataDir, cancel);
  dataset::SplitPart part = dataset::SplitPart::Test;
  if (request.part == "val") part = dataset::SplitPart::Val;
  else if (request.part == "train") part = dataset::SplitPart::Train;
  else if (request.part != "test")
    throw Error(ErrorCode::InvalidArgument, "--part", "expected test, val or train, got '" + request.part + "'");
  if (request.ways < 2 || request.episodes < 1 || request.queries < 1 || request.shots.empty())
    throw Error(ErrorCode::InvalidArgument, "evaluation", "ways >= 2, episodes >= 1, queries >= 1 and a shot count are required");
  // The model's own split: its test part holds the classes and subjects it never saw.
  const dataset::DatasetSplit split = dataset::splitDataset(data, model.config.split);
  report.modelPath = request.modelPath;
  report.method = methodName(model.config.method);
  for (const std::string& component : {std::string("spatial"), std::string("temporal"), std::string("fuzzy"), std::string("metarnn")})
    if (("," + model.config.ablate.text() + ",").find("," + component + ",") != std::string::npos) report.method += "-no-" + component;
  if (model.config.method == Method::Maml && model.config.firstOrder) report.method += "-first-order";
  if (model.config.method == Method::Stf2m && (!request.statisticsPath || !model.config.statisticsPath)) {
    model.learner->disableStatisticsPath();
    report.method += "-no-statistics";
  }
  report.ablations = model.config.ablate.text();
  report.ways = request.ways;
  for (size_t i = 0; i < request.shots.size(); ++i) {
    const int shots = request.shots[i];
    if (shots < 1) throw Error(ErrorCode::InvalidArgument, "--shots", "shot counts must be >= 1");
    auto sub = [&](double f) {
      if (progress) progress((double(i) + f) / double(request.shots.size()));
    };
    // Every model sees the same episodes for a given seed and shot count.
    report.results.push_back(detail::runEpisodes(*model.learner, data, split, part,
                                                 {request.ways, shots, request.queries, request.wholeClips},
                                                 request.seed + uint64_t(shots), request.episodes,
                                                 detail::viewOptions(model.config), device, cancel, sub));
  }
  return report;
}

std::string readModelCardText(const std::string& modelPath) { return readModelCard(modelPath); }

}  // namespace stf2m::model
