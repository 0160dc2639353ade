#pragma once
// Every setting of an ST-F2M (or baseline) model and of its meta-training, with the defaults of
// the shipped configuration (resources/models/default.json). Read from and written to JSON so a
// model card records exactly what produced the weights. No Torch here.
#include <cstdint>
#include <string>
#include <vector>

#include "common/json_fwd.h"
#include "dataset/episodes.h"

namespace stf2m {
}  // namespace stf2m

namespace stf2m::model {

enum class Method { Stf2m, ProtoNet, Maml, MetaLstm, Finetune, Pooled };
const char* methodName(Method method);
Method parseMethod(const std::string& text);  // InvalidArgument listing the choices

// Components of the full model switched off for ablation studies (docs/learning-engine.md).
struct Ablations {
  bool spatial = false;   // no group-wise spatial convolution: one 1x1 convolution over all features
  bool temporal = false;  // one temporal scale (dilation 1) instead of the per-view scale mixture
  bool fuzzy = false;     // a plain MLP of the same output width instead of the fuzzy rule layer
  bool metaRnn = false;   // no recurrent task encoder: no FiLM, no task-level modality reliability
  bool any() const { return spatial || temporal || fuzzy || metaRnn; }
  std::string text() const;  // "spatial,fuzzy" or "" ; parse: comma list of the four names
  static Ablations parse(const std::string& text);
};

struct ModelConfig {
  Method method = Method::Stf2m;
  Ablations ablate;

  // Views: windows of the clips (seconds) and the rate the encoder works at (sequences are
  // average-pooled by round(rate / encoderRateHz)).
  double windowSeconds = 2.0;
  double hopSeconds = 1.0;
  double encoderRateHz = 25.0;

  // Spatio-temporal encoder.
  int groupChannels = 8;              // channels per feature group after the spatial projection
  int hidden = 48;                    // temporal channels
  int embedding = 64;                 // the shared view embedding size of every modality
  std::vector<int> dilations{1, 2};
  int temporalBlocks = 2;

  // Fuzzy semantic layer.
  std::string membership = "gaussian";  // or "bell" (generalized bell)
  int fuzzyInputs = 16;                 // the embedding is projected to this many fuzzy variables
  int fuzzyRules = 16;
  int fuzzyOutputs = 16;                // TSK consequent size
  // Initial sharpness t of the rule firing, softmax_r(t * mean_j log mu_rj) (learned from there):
  // 1 is plain HTSK, whose firing is nearly uniform over rules for a few unit-scale variables.
  double fuzzySharpness = 4.0;

  // Meta-recurrent adaptation.
  int taskHidden = 32;                 // BiLSTM hidden size of the task encoder
  int innerSteps = 5;                  // gradient steps on the support set
  double innerLr = 0.01;               // initial inner learning rate (meta-learned per step for stf2m)
  bool firstOrder = false;             // MAML: drop second-order terms
  std::string innerOptimizer = "sgd";  // stf2m: "sgd" or "metalstm" (learned recurrent optimizer)
  double clipLossWeight = 0.5;         // weight of the clip-level (fused) query loss
  // stf2m: per-modality prototypes (support views of each modality centred on that modality's
  // support mean; a class's prototype for modality m shrinks its views of m towards the class's
  // pooled prototype), so a face query is compared with face evidence where the support has it.
  // Off since 2026-11-26: over 8 class/subject splits they cost 3.5 points at 1 shot.
  bool modalityPrototypes = false;
  // stf2m: weight of an auxiliary cross-entropy over all meta-training classes on the view
  // embeddings of every episode (a linear head used only in meta-training); 0 = none.
  double globalLossWeight = 0.0;
  // stf2m: this fraction of the meta-training iterations (the first floor(fraction x iterations))
  // trains only the view embedding, with that cross-entropy over the meta-training classes (the
  // same linear head); episodic meta-training of the whole model follows (Chen et al. 2021,
  // "Meta-Baseline"). 0 = none. Like every stf2m setting, the baselines ignore it.
  double pretrainFraction = 0.5;
  int pretrainIterations() const;
  // stf2m: view embeddings L2-normalised (times sqrt of their size, so their scale is that of
  // unit-variance features) before the task encoder and the head: prototypes compare directions.
  bool normaliseEmbeddings = true;

  // stf2m: the statistics path (issue 25, docs/learning-engine.md). Beside the learned view
  // logits, each view is also scored by nearest-prototype distance on plain statistics of its
  // features (mean, spread, peak over time; the pooled floor's evidence, divided by the summary
  // width). Logits are (1 - mix) x learned + mix x statistics, with mix chosen per task among
  // statisticsMix by cross-validation on the support clips (each fold holds out one clip per
  // class; the most held-out clips right wins, the first listed on a tie); with a single support
  // clip of some class, the first value. Adds no weights, so a model trained before it existed
  // gets it too.
  bool statisticsPath = true;
  std::vector<double> statisticsMix{0, 0.5, 0.75, 0.9, 0.97, 1};

  // Fine-tuning baseline: logistic-regression head fitted on the support set.
  int finetuneSteps = 100;
  double finetuneLr = 0.5;

  // Data path: person-specific normalisation of every subject's features after the population
  // standardisation (dataset/subject_calibration.h), with a prior worth this many seconds of
  // frames. Model files written before this setting existed load with it off.
  bool subjectCalibration = true;
  double subjectCalibrationPriorSeconds = 10.0;

  // Meta-training augmentation of every view's (standardised) features, as subject differences
  // would vary them: a per-view offset and log-normal gain per feature, plus white noise (standard
  // deviations; 0 switches one off). The synthetic benchmark showed meta-training otherwise
  // memorises its few hundred clips within a few hundred iterations (docs/learning-engine.md).
  double augmentBias = 0.3;
  double augmentGain = 0.2;
  double augmentNoise = 0.2;

  // Meta-training.
  int ways = 5;
  std::vector<int> trainShots{1, 5};  // episodes alternate between these shot counts
  int queries = 15;
  int iterations = 1000;
  int metaBatch = 2;
  double learningRate = 2e-3;
  double weightDecay = 1e-4;
  double gradClip = 2.0;
  int validateEvery = 50;
  int validationEpisodes = 60;
  int checkpointEvery = 100;
  uint64_t seed = 1;
  dataset::SplitOptions split;  // how the data is split (by subject and by class)

  void validate() const;  // InvalidArgument naming the setting
  Json toJson() const;
  // Starts from the defaults and overrides what `json` names; an unknown key is ParseError naming
  // the key and line (so a typo cannot pass silently).
  static ModelConfig fromJson(const JsonNode& json);
  static ModelConfig fromFile(const std::string& path);
};

}  // namespace stf2m::model
