#include <cmath>
#include <map>
#include <sstream>

#include "common/error.h"
#include "common/time_util.h"
#include "compute/compute.h"
#include "dataset/subject_calibration.h"
#include "model/engine_internal.h"

namespace stf2m::model::detail {

torch::Device chooseDevice(const std::string& preference, std::string* name) {
  compute::ComputeSettings settings;
  settings.threads = compute::threadsFromEnvironment();
  settings.device = compute::parseDevicePreference(preference);
  const compute::ComputeInfo info = compute::configureCompute(settings);
  if (name) *name = info.device;
  return torch::Device(info.device);
}

dataset::ViewOptions viewOptions(const ModelConfig& config) {
  dataset::ViewOptions v;
  v.windowSeconds = config.windowSeconds;
  v.hopSeconds = config.hopSeconds;
  return v;
}

std::string featureFingerprint(const std::vector<dataset::ModalitySpec>& modalities) {
  std::ostringstream out;
  for (size_t m = 0; m < modalities.size(); ++m) {
    const dataset::ModalitySpec& s = modalities[m];
    out << (m ? ";" : "") << s.name << ':' << s.dimension << '@' << dataset::formatNumber(s.rateHz) << "Hz[";
    for (size_t g = 0; g < s.groups.size(); ++g)
      out << (g ? "," : "") << s.groups[g].name << ' ' << s.groups[g].start << '-' << s.groups[g].end;
    out << ']';
  }
  return out.str();
}

int64_t parameterCount(LearnerImpl& learner) {
  int64_t n = 0;
  for (const torch::Tensor& p : learner.parameters()) n += p.numel();
  return n;
}

NamedTensors learnerTensors(LearnerImpl& learner) {
  NamedTensors out;
  for (const auto& item : learner.named_parameters()) out.emplace_back("param." + item.key(), item.value().detach().cpu());
  for (const auto& item : learner.named_buffers()) out.emplace_back("buffer." + item.key(), item.value().detach().cpu());
  return out;
}

void loadLearnerTensors(LearnerImpl& learner, const NamedTensors& tensors, const std::string& source) {
  std::map<std::string, const torch::Tensor*> byName;
  for (const auto& [name, t] : tensors) byName[name] = &t;
  torch::NoGradGuard noGrad;
  auto fill = [&](const std::string& name, torch::Tensor target) {
    auto it = byName.find(name);
    if (it == byName.end()) throw Error(ErrorCode::CorruptData, source, "the weights lack tensor '" + name + "'");
    if (it->second->sizes() != target.sizes())
      throw Error(ErrorCode::CorruptData, source, "tensor '" + name + "' has the wrong shape for the model its card describes");
    target.copy_(*it->second);
  };
  for (const auto& item : learner.named_parameters()) fill("param." + item.key(), item.value());
  for (const auto& item : learner.named_buffers()) fill("buffer." + item.key(), item.value());
}

std::vector<dataset::SubjectCalibration> scaleForModel(const Normaliser& normaliser, const ModelConfig& config,
                                                       dataset::Dataset& data) {
  normaliser.apply(data);
  if (!config.subjectCalibration) return {};
  return dataset::calibrateSubjects(data, config.subjectCalibrationPriorSeconds);
}

namespace {

std::vector<std::string> readStrings(const JsonNode& v) {
  std::vector<std::string> out;
  for (const JsonNode& e : v.items()) out.push_back(e.asString());
  return out;
}

std::vector<dataset::ModalitySpec> readModalities(const JsonNode& v) {
  std::vector<dataset::ModalitySpec> out;
  for (const JsonNode& m : v.items()) {
    dataset::ModalitySpec s;
    s.name = m.at("name").asString();
    s.dimension = static_cast<int>(m.at("dimension").asInt());
    s.rateHz = m.at("rate_hz").asNumber();
    for (const JsonNode& g : m.at("groups").items())
      s.groups.push_back({g.at("name").asString(), static_cast<int>(g.at("start").asInt()), static_cast<int>(g.at("end").asInt())});
    out.push_back(std::move(s));
  }
  return out;
}

torch::Tensor floats(const std::vector<float>& v) { return torch::tensor(v, torch::kFloat32); }

std::vector<float> toVector(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kFloat32).contiguous().cpu();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

const torch::Tensor& tensorNamed(const NamedTensors& tensors, const std::string& name, const std::string& source) {
  for (const auto& [n, t] : tensors)
    if (n == name) return t;
  throw Error(ErrorCode::CorruptData, source, "the weights lack tensor '" + name + "'");
}

}  // namespace

void saveModel(const std::string& path, LearnerImpl& learner, const Normaliser& normaliser, const Adapted* adapted,
               const CardInputs& card, const std::function<void(Json&)>& extra) {
  NamedTensors tensors = learnerTensors(learner);
  for (size_t m = 0; m < normaliser.modalities.size(); ++m) {
    tensors.emplace_back("norm.mean." + normaliser.modalities[m], floats(normaliser.mean[m]));
    tensors.emplace_back("norm.inv_std." + normaliser.modalities[m], floats(normaliser.invStd[m]));
  }
  if (adapted) {
    for (const auto& [name, t] : adapted->tensors) tensors.emplace_back("adapted." + name, t.detach().cpu());
    if (adapted->modalityLogWeight.defined())
      tensors.emplace_back("adapted.modality_log_weight", adapted->modalityLogWeight.detach().cpu());
  }
  writeModelFile(path, tensors, [&](Json& json) {
    json["kind"] = card.kind;
    json["method"] = methodName(card.config->method);
    json["ablations"] = card.config->ablate.text();
    json["app_version"] = STF2M_VERSION;
    json["created"] = utcTimestamp();
    json["parameters"] = card.parameters;
    json["label_set"] = *card.trainClasses;
    if (card.adaptedClasses) json["adapted_classes"] = *card.adaptedClasses;
    json["feature_schema"] = {{"version", 1}, {"fingerprint", featureFingerprint(*card.modalities)}};
    Json modalities = Json::array();
    for (const dataset::ModalitySpec& s : *card.modalities) {
      Json groups = Json::array();
      for (const dataset::FeatureGroup& g : s.groups) groups.push_back({{"name", g.name}, {"start", g.start}, {"end", g.end}});
      modalities.push_back({{"name", s.name}, {"dimension", s.dimension}, {"rate_hz", s.rateHz}, {"groups", std::move(groups)}});
    }
    json["modalities"] = std::move(modalities);
    json["config"] = card.config->toJson();
    if (extra) extra(json);
  });
}

LoadedModel loadModel(const std::string& path, const torch::Device& device) {
  ModelFile file = readModelFile(path);
  LoadedModel m;
  m.path = path;
  m.card = file.card;
  m.cardText = file.cardText;
  try {
    m.weightsSha256 = file.card.at("weights_sha256").asString();
    m.config = ModelConfig::fromJson(file.card.at("config"));
    // Files from before a setting existed were made without it.
    const JsonNode& written = file.card.at("config");
    if (!written.find("subject_calibration")) m.config.subjectCalibration = false;
    if (!written.find("normalise_embeddings")) m.config.normaliseEmbeddings = false;
    if (!written.find("pretrain_fraction")) m.config.pretrainFraction = 0;
    m.modalities = readModalities(file.card.at("modalities"));
    m.trainClasses = readStrings(file.card.at("label_set"));
    if (const std::optional<JsonNode> a = file.card.find("adapted_classes")) m.adaptedClasses = readStrings(*a);
  } catch (const Error& e) {
    throw Error(ErrorCode::CorruptData, path, "the model card is incomplete: " + std::string(e.what()));
  }
  for (const dataset::ModalitySpec& s : m.modalities) {
    m.normaliser.modalities.push_back(s.name);
    m.normaliser.mean.push_back(toVector(tensorNamed(file.tensors, "norm.mean." + s.name, path)));
    m.normaliser.invStd.push_back(toVector(tensorNamed(file.tensors, "norm.inv_std." + s.name, path)));
  }
  torch::manual_seed(0);
  m.learner = makeLearner(m.config, m.modalities, static_cast<int>(m.trainClasses.size()));
  loadLearnerTensors(*m.learner, file.tensors, path);
  m.learner->to(device);
  m.learner->eval();
  if (file.card.at("kind").asString() == "adapted") {
    Adapted a;
    a.ways = static_cast<int>(m.adaptedClasses.size());
    for (const auto& [name, t] : file.tensors) {
      if (name == "adapted.modality_log_weight") a.modalityLogWeight = t.to(device);
      else if (name.rfind("adapted.", 0) == 0) a.tensors.emplace_back(name.substr(8), t.to(device));
    }
    m.adapted = std::move(a);
  }
  return m;
}

void checkCompatible(const LoadedModel& model, dataset::Dataset& data, const std::string& dataDir) {
  const std::string where = dataDir + "/modalities.json";
  for (const dataset::ModalitySpec& s : model.modalities) {
    const dataset::ModalitySpec* d = data.modality(s.name);
    if (!d)
      throw Error(ErrorCode::InvalidArgument, where,
                  "has no modality '" + s.name + "', which the model " + model.path + " needs (model features: " +
                      featureFingerprint(model.modalities) + ")");
    if (d->dimension != s.dimension)
      throw Error(ErrorCode::InvalidArgument, where,
                  "modality '" + s.name + "' has " + std::to_string(d->dimension) + " features; the model " + model.path +
                      " was trained on " + std::to_string(s.dimension));
    if (std::abs(d->rateHz - s.rateHz) > 1e-6 * s.rateHz)
      throw Error(ErrorCode::InvalidArgument, where,
                  "modality '" + s.name + "' runs at " + dataset::formatNumber(d->rateHz) + " Hz; the model " + model.path +
                      " was trained at " + dataset::formatNumber(s.rateHz) + " Hz");
  }
  if (data.modalities.size() != model.modalities.size())
    throw Error(ErrorCode::InvalidArgument, where,
                "has " + std::to_string(data.modalities.size()) + " modalities; the model " + model.path + " uses " +
                    std::to_string(model.modalities.size()) + " (" + featureFingerprint(model.modalities) + ")");
  // Views index modalities by position: put the data's in the model's order.
  std::vector<dataset::ModalitySpec> ordered;
  for (const dataset::ModalitySpec& s : model.modalities) ordered.push_back(*data.modality(s.name));
  data.modalities = std::move(ordered);
}

}  // namespace stf2m::model::detail
