#include "model/model_config.h"

#include <cmath>
#include <set>
#include <sstream>

#include "common/error.h"
#include "common/json_reader.h"
#include "common/json_writer.h"

namespace stf2m::model {

namespace {

constexpr const char* kMethodNames[] = {"stf2m", "protonet", "maml", "metalstm", "finetune"};

void require(bool ok, const std::string& setting, const std::string& rule) {
  if (!ok) throw Error(ErrorCode::InvalidArgument, "model config", setting + " " + rule);
}

// Where the setting a validate() message begins with ("inner_steps must ..." or
// "learning_rate/weight_decay/grad_clip must ...") sits in `json`: the first of those keys the
// document has, else the document itself.
std::string settingWhere(const JsonValue& json, const std::string& message) {
  std::stringstream names(message.substr(0, message.find(' ')));
  std::string name;
  while (std::getline(names, name, '/'))
    if (const JsonValue* v = json.find(name)) return v->where();
  return json.where();
}

std::vector<int> intList(const JsonValue& v) {
  std::vector<int> out;
  for (const JsonValue& e : v.asArray()) out.push_back(static_cast<int>(e.asInt()));
  return out;
}

void writeIntList(JsonWriter& json, const std::vector<int>& values) {
  json.beginArray();
  for (int v : values) json.value(v);
  json.endArray();
}

}  // namespace

const char* methodName(Method method) { return kMethodNames[static_cast<int>(method)]; }

Method parseMethod(const std::string& text) {
  for (int i = 0; i < 5; ++i)
    if (text == kMethodNames[i]) return static_cast<Method>(i);
  throw Error(ErrorCode::InvalidArgument, "--method",
              "unknown method '" + text + "' (choose stf2m, protonet, maml, metalstm or finetune)");
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

void ModelConfig::write(JsonWriter& json) const {
  json.beginObject();
  json.key("method").value(methodName(method));
  json.key("ablate").value(ablate.text());
  json.key("window_seconds").value(windowSeconds);
  json.key("hop_seconds").value(hopSeconds);
  json.key("encoder_rate_hz").value(encoderRateHz);
  json.key("group_channels").value(groupChannels);
  json.key("hidden").value(hidden);
  json.key("embedding").value(embedding);
  json.key("dilations");
  writeIntList(json, dilations);
  json.key("temporal_blocks").value(temporalBlocks);
  json.key("membership").value(membership);
  json.key("fuzzy_inputs").value(fuzzyInputs);
  json.key("fuzzy_rules").value(fuzzyRules);
  json.key("fuzzy_outputs").value(fuzzyOutputs);
  json.key("fuzzy_sharpness").value(fuzzySharpness);
  json.key("task_hidden").value(taskHidden);
  json.key("inner_steps").value(innerSteps);
  json.key("inner_lr").value(innerLr);
  json.key("first_order").value(firstOrder);
  json.key("inner_optimizer").value(innerOptimizer);
  json.key("clip_loss_weight").value(clipLossWeight);
  json.key("modality_prototypes").value(modalityPrototypes);
  json.key("global_loss_weight").value(globalLossWeight);
  json.key("pretrain_fraction").value(pretrainFraction);
  json.key("normalise_embeddings").value(normaliseEmbeddings);
  json.key("finetune_steps").value(finetuneSteps);
  json.key("finetune_lr").value(finetuneLr);
  json.key("subject_calibration").value(subjectCalibration);
  json.key("subject_calibration_prior_s").value(subjectCalibrationPriorSeconds);
  json.key("augment_bias").value(augmentBias);
  json.key("augment_gain").value(augmentGain);
  json.key("augment_noise").value(augmentNoise);
  json.key("ways").value(ways);
  json.key("train_shots");
  writeIntList(json, trainShots);
  json.key("queries").value(queries);
  json.key("iterations").value(iterations);
  json.key("meta_batch").value(metaBatch);
  json.key("learning_rate").value(learningRate);
  json.key("weight_decay").value(weightDecay);
  json.key("grad_clip").value(gradClip);
  json.key("validate_every").value(validateEvery);
  json.key("validation_episodes").value(validationEpisodes);
  json.key("checkpoint_every").value(checkpointEvery);
  json.key("seed").value(static_cast<int64_t>(seed));
  json.key("split").beginObject();
  json.key("seed").value(static_cast<int64_t>(split.seed));
  json.key("val_subject_fraction").value(split.valSubjectFraction);
  json.key("test_subject_fraction").value(split.testSubjectFraction);
  json.key("disjoint_classes").value(split.disjointClasses);
  json.key("val_class_fraction").value(split.valClassFraction);
  json.key("test_class_fraction").value(split.testClassFraction);
  json.key("use_split_column").value(split.useSplitColumn);
  json.endObject();
  json.endObject();
}

ModelConfig ModelConfig::fromJson(const JsonValue& json) {
  ModelConfig c;
  for (const auto& [key, v] : json.asObject()) {
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
      for (const auto& [k, s] : v.asObject()) {
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
