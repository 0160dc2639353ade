#pragma once
// ST-F2M (docs/learning-engine.md): spatio-temporal view encoder -> fuzzy semantic layer -> a
// meta-recurrent task encoder that reads the labelled support set and modulates the classifier
// (FiLM) and the modality reliabilities for the task -> a prototype-initialised linear head refined
// by a few inner gradient steps (per-step learned rates), or by the learned recurrent optimizer.
// Embeddings are L2-normalised by default (normaliseEmbeddings). With modalityPrototypes (off by
// default) the head is one per modality, started from modality-aware prototypes of views centred
// on their modality's support mean. With pretrainFraction > 0 (the default) meta-training starts
// with the embedding alone, trained by a head over all meta-training classes (pretrainLoss).
// Outside meta-training, a statistics path (statisticsPath, on by default) mixes in evidence from
// plain statistics of each view, as much as cross-validation on the task's support clips says.
#include <torch/torch.h>

#include <vector>

#include "model/fuzzy_layer.h"
#include "model/learner.h"
#include "model/meta_lstm.h"
#include "model/st_encoder.h"

namespace stf2m::model {

class Stf2mLearnerImpl : public LearnerImpl {
 public:
  Stf2mLearnerImpl(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities, int trainClasses = 0);

  Adapted adapt(const ViewTensors& support, const torch::Tensor& labels, int ways, bool training) override;
  Prediction predict(const Adapted& adapted, const ViewTensors& views) override;
  // The episode loss of LearnerImpl (each view embedded once) plus, with global_loss_weight > 0,
  // the auxiliary cross-entropy over the meta-training classes on the same embeddings.
  torch::Tensor episodeLoss(const EpisodeTensors& episode) override;
  // With pretrain_fraction > 0: the cross-entropy over the meta-training classes alone, on the
  // embeddings of the episode's support and query views (the head of the global loss).
  torch::Tensor pretrainLoss(const EpisodeTensors& episode) override;

  // The view embeddings with fuzzy semantics attached ([n, fuzzy->outputSize()]), normalised with
  // normalise_embeddings; `trace` and `firing` receive what the encoder and the rules did, for
  // inspection.
  torch::Tensor embed(const ViewTensors& views, torch::Tensor* firing = nullptr, EncoderTrace* trace = nullptr,
                      torch::Tensor* ruleInputs = nullptr);

 private:
  // adapt() and predict() on views already embedded (h = embed(views)).
  Adapted adaptEmbedded(const torch::Tensor& h, const ViewTensors& support, const torch::Tensor& labels, int ways,
                        bool training);
  // The view logits: the head's, mixed with the statistics path's when `adapted` has one.
  torch::Tensor logitsOf(const Adapted& adapted, const torch::Tensor& h, const ViewTensors& views);
  torch::Tensor headLogitsOf(const Adapted& adapted, const torch::Tensor& h, const ViewTensors& views);
  // The statistics path (ModelConfig::statisticsPath): appends the support's summary prototypes
  // ("statistics.proto.<m>", "statistics.count.<m>"), the held-out clips each mix got right in
  // cross-validation on the support ("statistics.cv_correct" [mixes], of "statistics.cv_clips"),
  // and the mix chosen ("statistics.mix" [1]).
  void addStatisticsPath(Adapted& adapted, const torch::Tensor& h, const ViewTensors& support,
                         const torch::Tensor& labels, int ways);
  // Per mix of statisticsMix, the held-out support clips its fused answer got right over the
  // folds (each holds out one clip of every class; as many folds as the smallest class has clips;
  // none below 2), and how many clips were held out in all.
  std::vector<double> crossValidateMixes(const torch::Tensor& h, const ViewTensors& support, const torch::Tensor& labels,
                                         int ways, int64_t* heldOut);
  // Summary-prototype logits divided by the mean summary width of the modalities (one scale for
  // all, so the modalities weigh in the statistics as they do in the pooled floor).
  torch::Tensor statisticsLogits(const Adapted& adapted, const ViewTensors& views) const;
  torch::Tensor taskEmbedding(const torch::Tensor& h, const torch::Tensor& labels, int ways);
  std::pair<torch::Tensor, torch::Tensor> refineHead(const torch::Tensor& h, const torch::Tensor& modality,
                                                     const torch::Tensor& labels, torch::Tensor w, torch::Tensor b,
                                                     bool training);
  // The head's starting prototypes: [ways, H], or [modalities, ways, H] with modalityPrototypes.
  torch::Tensor prototypes(const torch::Tensor& h, const torch::Tensor& modality, const torch::Tensor& labels, int ways);

  ViewEncoder encoder_{nullptr};
  FuzzyLayer fuzzy_{nullptr};
  torch::nn::LSTM task_{nullptr};
  torch::nn::Linear film_{nullptr}, reliability_{nullptr};
  torch::nn::Linear globalHead_{nullptr};  // meta-training only (global loss, pre-training)
  MetaLstmOptimizer optimizer_{nullptr};
  torch::Tensor logScale_, logInnerLr_, logShrink_;
  int64_t hiddenSize_ = 0;
  int64_t modalityCount_ = 0;
  std::vector<int64_t> summaryWidths_;
  double statisticsScale_ = 0;  // the mean summary width: statistics logits per summary dimension
};

}  // namespace stf2m::model
