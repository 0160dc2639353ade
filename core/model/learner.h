#pragma once
// The interface every method (ST-F2M and the baselines) implements, so training, evaluation,
// adaptation and prediction share one code and data path (issue 4, §5).
//   adapt(support)           what the method learns from a task's labelled support views
//   predict(adapted, views)  view-level class logits for that task
//   episodeLoss(episode)     the meta-training objective on one episode (query loss after
//                            adaptation for the episodic methods)
// Adapted state is a list of named tensors, so an adapted model can be saved (`stf2m adapt`).
#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dataset/feature_dataset.h"
#include "model/model_config.h"
#include "model/view_tensors.h"

namespace stf2m::model {

struct Adapted {
  int ways = 0;
  std::vector<std::pair<std::string, torch::Tensor>> tensors;  // method-defined
  // Per-modality reliability for fusing views into clip predictions (log weights, [modalities]);
  // undefined: equal weights.
  torch::Tensor modalityLogWeight;

  const torch::Tensor& get(const std::string& name) const;  // Internal error when missing
  const torch::Tensor* find(const std::string& name) const;  // nullptr when missing
  Adapted detached() const;                                  // no graph, for storing
};

struct Prediction {
  torch::Tensor logits;  // [n, ways]
  torch::Tensor firing;  // [n, rules] fuzzy rule firing (undefined for methods without it)
  torch::Tensor ruleInputs;  // [n, fuzzy inputs] the variables the rules read (undefined without rules)
};

class LearnerImpl : public torch::nn::Module {
 public:
  LearnerImpl(std::string name, const ModelConfig& config) : torch::nn::Module(std::move(name)), config_(config) {}
  // `training`: keep what the outer loop needs to differentiate through the adaptation.
  virtual Adapted adapt(const ViewTensors& support, const torch::Tensor& labels, int ways, bool training) = 0;
  virtual Prediction predict(const Adapted& adapted, const ViewTensors& views) = 0;
  // Default: cross-entropy of the adapted query predictions plus clipLossWeight x cross-entropy of
  // the fused clip predictions (views of one query clip fused with fuseViews).
  virtual torch::Tensor episodeLoss(const EpisodeTensors& episode);
  // The loss of an episode in the pre-training phase (ModelConfig::pretrainFraction). Learners
  // without such a phase (the baselines) keep the default: the episode loss, throughout.
  virtual torch::Tensor pretrainLoss(const EpisodeTensors& episode);
  // False for a method with nothing to meta-train (the pooled-statistics floor): training then
  // only validates it and writes the model file.
  virtual bool trainsByEpisodes() const { return true; }

  const ModelConfig& config() const { return config_; }
  // Turns the statistics path off (ModelConfig::statisticsPath; evaluation's ablation).
  void disableStatisticsPath() { config_.statisticsPath = false; }

 protected:
  // The default episode loss given the query logits and the adaptation they came from.
  torch::Tensor queryLoss(const torch::Tensor& logits, const Adapted& adapted, const EpisodeTensors& episode) const;

  ModelConfig config_;
};

// Clip-level log-probabilities [clipCount, ways] from view logits: a weighted mean of the views'
// log-probabilities, renormalised, with weights softmax over a clip's views of
// (modality reliability - entropy of the view's prediction): confident views of reliable
// modalities count most.
torch::Tensor fuseViews(const torch::Tensor& viewLogits, const ViewTensors& views, const torch::Tensor& modalityLogWeight);
// Cross-entropy of `head` over the meta-training classes on `embedding` (the episode's support
// views, then its query views), counting only views whose class is a training class
// (EpisodeTensors::supportGlobal/queryGlobal, -1 = not one). With none, a zero that still reaches
// every parameter of the head, so the caller's backward stays valid. InvalidArgument naming
// `learner` when the episode carries no global class ids.
torch::Tensor globalClassLoss(torch::nn::Linear& head, const torch::Tensor& embedding, const EpisodeTensors& episode,
                              const std::string& learner);
// The clip-level labels of a view set (the label of the first view of each clip).
torch::Tensor clipLabels(const torch::Tensor& viewLabels, const ViewTensors& views);

// Builds the learner `config.method` describes. `trainClasses` is the number of meta-training
// classes (the heads over them: the fine-tuning baseline's pre-training, ST-F2M's global loss).
std::shared_ptr<LearnerImpl> makeLearner(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities,
                                         int trainClasses);

}  // namespace stf2m::model
