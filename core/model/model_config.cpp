#include "model/model_config.h"

#include <iterator>
#include <cmath>
#include <set>
#include <sstream>

#include "common/error.h"
#include "common/json.h"

namespace stf2m::model {

namespace {

constexpr const char* kMethodNames[] = {"stf2m", "protonet", "maml", "metalstm", "finetune", "pooled"};

void require(bool ok, const std::string& setting, const std::string& rule) {
  if (!ok) throw Error(ErrorCode::InvalidArgument, "model config", setting + " " + rule);
}

// Where the setting a validate() message begins with ("inner_steps must ..." or
// "learning_rate/weight_decay/grad_clip must ...") sits in `json`: the first of those keys the
// document has, else the document itself.
std::string settingWhere(const JsonNode& json, const std::string& message) {
  std::stringstream names(message.substr(0, message.find(' ')));
  std::string name;
  while (std::getline(names, name, '/'))
    if (const std::optional<JsonNode> v = json.find(name)) return v->where();
  return json.where();
}

std::vector<int> intList(const JsonNode& v) {
  std::vector<int> out;
  for (const JsonNode& e : v.items()) out.push_back(static_cast<int>(e.asInt()));
  return out;
}

std::vector<double> numberList(const JsonNode& v) {
  std::vector<double> out;
  for (const JsonNode& e : v.items()) out.push_back(e.asNumber());
  return out;
}

}  // namespace

const char* methodName(Method method) { return kMethodNames[static_cast<int>(method)]; }

Method parseMethod(const std::string& text) {
  for (int i = 0; i < int(std::size(kMethodNames)); ++i)
    if (text == kMethodNames[i]) return static_cast<Method>(i);
  throw Error(ErrorCode::InvalidArgument, "--method",
              "unknown method '" + text + "' (choose stf2m, protonet, maml, metalstm, finetune or pooled)");
}

std::string Ablations::text() const {
  std::string out;
  auto add = [&out](bool on, const char* name) {
    if (!on) return;
    if (!out.empty()) out += ',';
    out += name;
  };
  add(spatial, "spatial");
  add(temporal, "temporal");
  add(fuzzy, "fuzzy");
  add(metaRnn, "metarnn");
  return out;
}

Ablations Ablations::parse(const std::string& text) {
  Ablations a;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part == "spatial") a.spatial = true;
    else if (part == "temporal") a.temporal = true;
    else if (part == "fuzzy") a.fuzzy = true;
    else if (part == "metarnn") a.metaRnn = true;
    else if (!part.empty())
      throw Error(ErrorCode::InvalidArgument, "--ablate",
                  "unknown component '" + part + "' (choose spatial, temporal, fuzzy, metarnn)");
  }
  return a;
}

void ModelConfig::validate() const {
  require(windowSeconds > 0 && std::isfinite(windowSeconds), "window_seconds", "must be positive");
  require(hopSeconds > 0 && std::isfinite(hopSeconds), "hop_seconds", "must be positive");
  require(encoderRateHz > 0, "encoder_rate_hz", "must be positive");
  require(groupChannels >= 1 && groupChannels <= 256, "group_channels", "must be in 1..256");
  require(hidden >= 4 && hidden <= 1024, "hidden", "must be in 4..1024");
  require(embedding >= 4 && embedding <= 1024, "embedding", "must be in 4..1024");
  require(!dilations.empty() && dilations.size() <= 8, "dilations", "must list 1 to 8 values");
  for (int d : dilations) require(d >= 1 && d <= 64, "dilations", "must be in 1..64");
  require(temporalBlocks >= 1 && temporalBlocks <= 8, "temporal_blocks", "must be in 1..8");
  require(membership == "gaussian" || membership == "bell", "membership", "must be \"gaussian\" or \"bell\"");
  require(fuzzyInputs >= 1 && fuzzyRules >= 2 && fuzzyOutputs >= 1, "fuzzy_inputs/rules/outputs", "must be positive (rules >= 2)");
  require(fuzzySharpness > 0, "fuzzy_sharpness", "must be positive");
  require(taskHidden >= 1, "task_hidden", "must be positive");
  require(innerSteps >= 0 && innerSteps <= 100, "inner_steps", "must be in 0..100");
  require(innerLr > 0, "inner_lr", "must be positive");
  require(innerOptimizer == "sgd" || innerOptimizer == "metalstm", "inner_optimizer", "must be \"sgd\" or \"metalstm\"");
  require(clipLossWeight >= 0, "clip_loss_weight", "must be >= 0");
  require(globalLossWeight >= 0 && std::isfinite(globalLossWeight), "global_loss_weight", "must be >= 0");
  require(pretrainFraction >= 0 && pretrainFraction < 1, "pretrain_fraction", "must be >= 0 and below 1");
  require(!statisticsMix.empty() && statisticsMix.size() <= 16, "statistics_mix", "must list 1 to 16 values");
  for (double m : statisticsMix) require(m >= 0 && m <= 1, "statistics_mix", "must be in 0..1");
  require(finetuneSteps >= 1 && finetuneLr > 0, "finetune_steps/finetune_lr", "must be positive");
  require(subjectCalibrationPriorSeconds >= 0 && std::isfinite(subjectCalibrationPriorSeconds),
          "subject_calibration_prior_s", "must be a number of seconds >= 0");
  require(augmentBias >= 0 && augmentGain >= 0 && augmentNoise >= 0, "augment_bias/gain/noise", "must be >= 0");
  require(ways >= 2, "ways", "must be >= 2");
  require(!trainShots.empty(), "train_shots", "must list at least one shot count");
  for (int k : trainShots) require(k >= 1, "train_shots", "must be >= 1");
  require(queries >= 1, "queries", "must be >= 1");
  require(iterations >= 1, "iterations", "must be >= 1");
  require(metaBatch >= 1, "meta_batch", "must be >= 1");
  require(learningRate > 0 && weightDecay >= 0 && gradClip > 0, "learning_rate/weight_decay/grad_clip",
          "must be positive");
  require(validateEvery >= 1 && validationEpisodes >= 1 && checkpointEvery >= 1,
          "validate_every/validation_episodes/checkpoint_every", "must be positive");
}

Json ModelConfig::toJson() const {
  Json json = Json::object();
  json["method"] = methodName(method);
  json["ablate"] = ablate.text();
  json["window_seconds"] = windowSeconds;
  json["hop_seconds"] = hopSeconds;
  json["encoder_rate_hz"] = encoderRateHz;
  json["group_channels"] = groupChannels;
  json["hidden"] = hidden;
  json["embedding"] = embedding;
  json["dilations"] = dilations;
  json["temporal_blocks"] = temporalBlocks;
  json["membership"] = membership;
  json["fuzzy_inputs"] = fuzzyInputs;
  json["fuzzy_rules"] = fuzzyRules;
  json["fuzzy_outputs"] = fuzzyOutputs;
  json["fuzzy_sharpness"] = fuzzySharpness;
  json["task_hidden"] = taskHidden;
  json["inner_steps"] = innerSteps;
  json["inner_lr"] = innerLr;
  json["first_order"] = firstOrder;
  json["inner_optimizer"] = innerOptimizer;
  json["clip_loss_weight"] = clipLossWeight;
  json["modality_prototypes"] = modalityPrototypes;
  json["global_loss_weight"] = globalLossWeight;
  json["pretrain_fraction"] = pretrainFraction;
  json["normalise_embeddings"] = normaliseEmbeddings;
  json["statistics_path"] = statisticsPath;
  json["statistics_mix"] = statisticsMix;
  json["finetune_steps"] = finetuneSteps;
  json["finetune_lr"] = finetuneLr;
  json["subject_calibration"] = subjectCalibration;
  json["subject_calibration_prior_s"] = subjectCalibrationPriorSeconds;
  json["augment_bias"] = augmentBias;
  json["augment_gain"] = augmentGain;
  json["augment_noise"] = augmentNoise;
  json["ways"] = ways;
  json["train_shots"] = trainShots;
  json["queries"] = queries;
  json["iterations"] = iterations;
  json["meta_batch"] = metaBatch;
  json["learning_rate"] = learningRate;
  json["weight_decay"] = weightDecay;
  json["grad_clip"] = gradClip;
  json["validate_every"] = validateEvery;
  json["validation_episodes"] = validationEpisodes;
  json["checkpoint_every"] = checkpointEvery;
  json["seed"] = static_cast<int64_t>(seed);
  Json splitJson = Json::object();
  splitJson["seed"] = static_cast<int64_t>(split.seed);
  splitJson["val_subject_fraction"] = split.valSubjectFraction;
  splitJson["test_subject_fraction"] = split.testSubjectFraction;
  splitJson["disjoint_classes"] = split.disjointClasses;
  splitJson["val_class_fraction"] = split.valClassFraction;
  splitJson["test_class_fraction"] = split.testClassFraction;
  splitJson["use_split_column"] = split.useSplitColumn;
  json["split"] = std::move(splitJson);
  return json;
}

ModelConfig ModelConfig::fromJson(const JsonNode& json) {
  ModelConfig c;
  for (const auto& [key, v] : json.members()) {
    if (key == "method") c.method = parseMethod(v.asString());
    else if (key == "ablate") c.ablate = Ablations::parse(v.asString());
    else if (key == "window_seconds") c.windowSeconds = v.asNumber();
    else if (key == "hop_seconds") c.hopSeconds = v.asNumber();
    else if (key == "encoder_rate_hz") c.encoderRateHz = v.asNumber();
    else if (key == "group_channels") c.groupChannels = static_cast<int>(v.asInt());
    else if (key == "hidden") c.hidden = static_cast<int>(v.asInt());
    else if (key == "embedding") c.embedding = static_cast<int>(v.asInt());
    else if (key == "dilations") c.dilations = intList(v);
    else if (key == "temporal_blocks") c.temporalBlocks = static_cast<int>(v.asInt());
    else if (key == "membership") c.membership = v.asString();
    else if (key == "fuzzy_inputs") c.fuzzyInputs = static_cast<int>(v.asInt());
    else if (key == "fuzzy_rules") c.fuzzyRules = static_cast<int>(v.asInt());
    else if (key == "fuzzy_outputs") c.fuzzyOutputs = static_cast<int>(v.asInt());
    else if (key == "fuzzy_sharpness") c.fuzzySharpness = v.asNumber();
    else if (key == "task_hidden") c.taskHidden = static_cast<int>(v.asInt());
    else if (key == "inner_steps") c.innerSteps = static_cast<int>(v.asInt());
    else if (key == "inner_lr") c.innerLr = v.asNumber();
    else if (key == "first_order") c.firstOrder = v.asBool();
    else if (key == "inner_optimizer") c.innerOptimizer = v.asString();
    else if (key == "clip_loss_weight") c.clipLossWeight = v.asNumber();
    else if (key == "modality_prototypes") c.modalityPrototypes = v.asBool();
    else if (key == "global_loss_weight") c.globalLossWeight = v.asNumber();
    else if (key == "pretrain_fraction") c.pretrainFraction = v.asNumber();
    else if (key == "normalise_embeddings") c.normaliseEmbeddings = v.asBool();
    else if (key == "statistics_path") c.statisticsPath = v.asBool();
    else if (key == "statistics_mix") c.statisticsMix = numberList(v);
    else if (key == "finetune_steps") c.finetuneSteps = static_cast<int>(v.asInt());
    else if (key == "finetune_lr") c.finetuneLr = v.asNumber();
    else if (key == "subject_calibration") c.subjectCalibration = v.asBool();
    else if (key == "subject_calibration_prior_s") c.subjectCalibrationPriorSeconds = v.asNumber();
    else if (key == "augment_bias") c.augmentBias = v.asNumber();
    else if (key == "augment_gain") c.augmentGain = v.asNumber();
    else if (key == "augment_noise") c.augmentNoise = v.asNumber();
    else if (key == "ways") c.ways = static_cast<int>(v.asInt());
    else if (key == "train_shots") c.trainShots = intList(v);
    else if (key == "queries") c.queries = static_cast<int>(v.asInt());
    else if (key == "iterations") c.iterations = static_cast<int>(v.asInt());
    else if (key == "meta_batch") c.metaBatch = static_cast<int>(v.asInt());
    else if (key == "learning_rate") c.learningRate = v.asNumber();
    else if (key == "weight_decay") c.weightDecay = v.asNumber();
    else if (key == "grad_clip") c.gradClip = v.asNumber();
    else if (key == "validate_every") c.validateEvery = static_cast<int>(v.asInt());
    else if (key == "validation_episodes") c.validationEpisodes = static_cast<int>(v.asInt());
    else if (key == "checkpoint_every") c.checkpointEvery = static_cast<int>(v.asInt());
    else if (key == "seed") c.seed = static_cast<uint64_t>(v.asInt());
    else if (key == "description") v.asString();  // free text for people
    else if (key == "split") {
      for (const auto& [k, s] : v.members()) {
        if (k == "seed") c.split.seed = static_cast<uint64_t>(s.asInt());
        else if (k == "val_subject_fraction") c.split.valSubjectFraction = s.asNumber();
        else if (k == "test_subject_fraction") c.split.testSubjectFraction = s.asNumber();
        else if (k == "disjoint_classes") c.split.disjointClasses = s.asBool();
        else if (k == "val_class_fraction") c.split.valClassFraction = s.asNumber();
        else if (k == "test_class_fraction") c.split.testClassFraction = s.asNumber();
        else if (k == "use_split_column") c.split.useSplitColumn = s.asBool();
        else throw Error(ErrorCode::ParseError, s.where(), "unknown split setting '" + k + "'");
      }
    } else {
      throw Error(ErrorCode::ParseError, v.where(), "unknown setting '" + key + "'");
    }
  }
  try {
    c.validate();
  } catch (const Error& e) {
    throw Error(ErrorCode::ParseError, settingWhere(json, e.detail()), e.detail());
  }
  return c;
}

int ModelConfig::pretrainIterations() const { return static_cast<int>(pretrainFraction * iterations); }

ModelConfig ModelConfig::fromFile(const std::string& path) { return fromJson(readJsonFile(path)); }

}  // namespace stf2m::model
