#include <chrono>
#include <filesystem>
#include <set>
#include <utility>

#include "common/error.h"
#include "model/engine.h"
#include "model/engine_internal.h"
#include "model/fuzzy_layer.h"

namespace stf2m::model {

namespace {

namespace fs = std::filesystem;

// A support set is a feature dataset folder; its clips.csv may be named instead.
std::string supportFolder(const std::string& path) {
  const fs::path p(path);
  if (p.filename() == "clips.csv") return p.parent_path().empty() ? std::string(".") : p.parent_path().string();
  return path;
}

std::vector<dataset::View> allViews(const dataset::Dataset& data, const dataset::ViewOptions& options) {
  std::vector<dataset::View> views;
  for (size_t c = 0; c < data.clips.size(); ++c)
    for (dataset::View& v : dataset::clipViews(data, static_cast<int>(c), options)) views.push_back(std::move(v));
  return views;
}

}  // namespace

AdaptSummary adaptModel(const AdaptRequest& request) {
  const torch::Device device = detail::chooseDevice(request.device);
  const detail::LoadedModel model = detail::loadModel(request.modelPath, device);
  if (model.adapted)
    throw Error(ErrorCode::InvalidArgument, request.modelPath, "is already adapted; adapt the meta-model it came from");
  const std::string dir = supportFolder(request.supportPath);
  AdaptSummary summary;
  const dataset::Dataset data = detail::loadDataFor(model, dir, nullptr, &summary.calibration);
  std::set<std::string> classes;
  for (const dataset::Clip& clip : data.clips) classes.insert(clip.label.dominant());
  summary.classes.assign(classes.begin(), classes.end());
  if (summary.classes.size() < 2)
    throw Error(ErrorCode::InvalidArgument, dir + "/clips.csv", "a support set needs clips of at least 2 emotions");
  const dataset::ViewOptions options = detail::viewOptions(model.config);
  const std::vector<dataset::View> views = allViews(data, options);
  std::vector<int64_t> labels;
  for (const dataset::View& v : views)
    labels.push_back(std::distance(summary.classes.begin(),
                                   std::find(summary.classes.begin(), summary.classes.end(), v.emotion)));
  const ViewTensors support = makeViewTensors(data, views, options).to(device);
  const torch::Tensor labelTensor = torch::tensor(labels, torch::kLong).to(device);
  summary.supportClips = static_cast<int>(data.clips.size());
  summary.supportViews = static_cast<int>(views.size());

  torch::NoGradGuard noGrad;
  const auto start = std::chrono::steady_clock::now();
  const Adapted adapted = model.learner->adapt(support, labelTensor, static_cast<int>(summary.classes.size()), false);
  summary.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (const torch::Tensor* mix = adapted.find("statistics.mix")) {
    summary.statistics.mix = mix->item<double>();
    summary.statistics.mixes = model.config.statisticsMix;
    const torch::Tensor correct = adapted.get("statistics.cv_correct").to(torch::kCPU, torch::kFloat64).contiguous();
    summary.statistics.heldOutCorrect.assign(correct.data_ptr<double>(), correct.data_ptr<double>() + correct.numel());
    summary.statistics.heldOutClips = static_cast<int>(adapted.get("statistics.cv_clips").item<double>());
  }

  detail::CardInputs card;
  card.kind = "adapted";
  card.config = &model.config;
  card.modalities = &model.modalities;
  card.trainClasses = &model.trainClasses;
  card.adaptedClasses = &summary.classes;
  card.parameters = detail::parameterCount(*model.learner);
  detail::saveModel(request.outPath, *model.learner, model.normaliser, &adapted, card, [&](Json& json) {
    json["parent"] = {{"path", request.modelPath}, {"weights_sha256", model.weightsSha256}};
    Json supportCard = {{"command", request.commandLine},
                           {"clips", summary.supportClips},
                           {"views", summary.supportViews},
                           {"subjects", data.subjects()},
                           {"adapt_ms", summary.milliseconds}};
    if (request.supportOrigin.empty()) supportCard["path"] = dir;
    for (const auto& [key, value] : request.supportOrigin) supportCard[key] = value;
    if (!summary.calibration.empty()) {
      Json weights = Json::object();  // subject -> weight of its own statistics
      for (const auto& c : summary.calibration) weights[c.subject] = c.weight;
      supportCard["calibration_weights"] = std::move(weights);
    }
    json["support"] = std::move(supportCard);
    if (summary.statistics.present()) json["statistics_path"] = summary.statistics.toJson();
    if (!request.supportSetIds.empty()) json["support_set_ids"] = request.supportSetIds;
    if (!request.note.empty()) json["note"] = request.note;
    if (const std::optional<JsonNode> training = model.card.find("training"))
      json["training_command"] = training->find("command") ? training->at("command").asString() : std::string();
  });
  return summary;
}

LeaveOneOutReport leaveOneOutAccuracy(const std::string& metaModelPath, const std::string& supportPath,
                                      const std::string& device) {
  const torch::Device dev = detail::chooseDevice(device);
  const detail::LoadedModel model = detail::loadModel(metaModelPath, dev);
  if (model.adapted)
    throw Error(ErrorCode::InvalidArgument, metaModelPath, "is already adapted; leave-one-out adapts the meta-model it came from");
  const std::string dir = supportFolder(supportPath);
  const dataset::Dataset data = detail::loadDataFor(model, dir, nullptr, nullptr);
  const dataset::ViewOptions options = detail::viewOptions(model.config);
  std::vector<std::vector<dataset::View>> clipViews;
  for (size_t c = 0; c < data.clips.size(); ++c) clipViews.push_back(dataset::clipViews(data, static_cast<int>(c), options));
  LeaveOneOutReport report;
  torch::NoGradGuard noGrad;
  for (size_t out = 0; out < data.clips.size(); ++out) {
    if (clipViews[out].empty()) continue;
    std::set<std::string> classSet;
    std::vector<dataset::View> support;
    for (size_t c = 0; c < data.clips.size(); ++c)
      if (c != out) {
        classSet.insert(data.clips[c].label.dominant());
        support.insert(support.end(), clipViews[c].begin(), clipViews[c].end());
      }
    const std::vector<std::string> classes(classSet.begin(), classSet.end());
    const auto truth = std::find(classes.begin(), classes.end(), data.clips[out].label.dominant());
    if (truth == classes.end() || classes.size() < 2) {
      ++report.skipped;
      continue;
    }
    std::vector<int64_t> labels;
    for (const dataset::View& v : support)
      labels.push_back(std::distance(classes.begin(), std::find(classes.begin(), classes.end(), v.emotion)));
    const Adapted adapted = model.learner->adapt(makeViewTensors(data, support, options).to(dev),
                                                 torch::tensor(labels, torch::kLong).to(dev),
                                                 static_cast<int>(classes.size()), false);
    const ViewTensors query = makeViewTensors(data, clipViews[out], options).to(dev);
    const Prediction p = model.learner->predict(adapted, query);
    const int64_t answer = fuseViews(p.logits, query, adapted.modalityLogWeight)[0].argmax().item<int64_t>();
    ++report.clips;
    report.correct += answer == std::distance(classes.begin(), truth);
  }
  return report;
}

PredictReport predictClips(const std::string& modelPath, const std::string& dataDir, const std::string& device) {
  const torch::Device dev = detail::chooseDevice(device);
  const detail::LoadedModel model = detail::loadModel(modelPath, dev);
  if (!model.adapted)
    throw Error(ErrorCode::InvalidArgument, modelPath,
                "is a meta-model without a label set for a subject; run `stf2m adapt` with labelled support clips first");
  PredictReport report;
  const dataset::Dataset data = detail::loadDataFor(model, dataDir, nullptr, &report.calibration);
  report.classes = model.adaptedClasses;
  for (const dataset::ModalitySpec& s : data.modalities) report.modalities.push_back(s.name);
  const dataset::ViewOptions options = detail::viewOptions(model.config);
  torch::NoGradGuard noGrad;
  for (size_t c = 0; c < data.clips.size(); ++c) {
    const std::vector<dataset::View> views = dataset::clipViews(data, static_cast<int>(c), options);
    const ViewTensors tensors = makeViewTensors(data, views, options).to(dev);
    const Prediction p = model.learner->predict(*model.adapted, tensors);
    const torch::Tensor probabilities = torch::softmax(p.logits, 1).to(torch::kFloat64).cpu();
    const torch::Tensor terms = linguisticTerms(probabilities);
    const torch::Tensor firing = p.firing.defined() ? p.firing.to(torch::kFloat64).cpu() : torch::Tensor();
    const torch::Tensor fused = fuseViews(p.logits, tensors, model.adapted->modalityLogWeight).exp().to(torch::kFloat64).cpu();
    ClipPrediction clip;
    clip.clipId = data.clips[c].id;
    clip.subject = data.clips[c].subject;
    const auto ways = static_cast<int64_t>(report.classes.size());
    for (int64_t k = 0; k < ways; ++k) clip.probabilities.push_back(fused[0][k].item<double>());
    clip.predicted = report.classes[size_t(fused[0].argmax().item<int64_t>())];
    for (size_t v = 0; v < views.size(); ++v) {
      ViewPrediction vp;
      vp.modality = data.modalities[size_t(views[v].modality)].name;
      vp.window = views[v].window;
      vp.startS = views[v].startS;
      vp.endS = views[v].endS;
      for (int64_t k = 0; k < ways; ++k) {
        vp.probabilities.push_back(probabilities[int64_t(v)][k].item<double>());
        vp.terms.push_back({terms[int64_t(v)][k][0].item<double>(), terms[int64_t(v)][k][1].item<double>(),
                            terms[int64_t(v)][k][2].item<double>()});
      }
      if (firing.defined())
        for (int64_t r = 0; r < firing.size(1); ++r) vp.ruleFiring.push_back(firing[int64_t(v)][r].item<double>());
      clip.views.push_back(std::move(vp));
    }
    report.clips.push_back(std::move(clip));
  }
  return report;
}

}  // namespace stf2m::model
