#pragma once
// The baselines of issue 4 §5, on the same data path (ViewTensors, episodes, fusion) and the same
// view encoder as ST-F2M with its ST-F2M components switched off (no group-wise spatial
// convolution, one temporal scale, no fuzzy layer), i.e. the plain temporal-convolution backbone
// few-shot papers use:
//   ProtoNet   class prototypes = mean support embedding; logits = -squared Euclidean distance
//              (Snell et al. 2017)
//   MAML       every backbone and head parameter adapted by innerSteps SGD steps on the support
//              (Finn et al. 2017); first- or second-order (config.firstOrder); the head is a
//              ways-wide linear layer, zero-initialised per task
//   Meta-LSTM  Ravi & Larochelle (2017): a coordinate-wise LSTM is the optimizer of the head,
//              whose learned initial weights it updates for innerSteps steps (meta_lstm.h)
//   Finetune   the backbone pre-trained with cross-entropy over all meta-training classes, then
//              frozen; per task a logistic-regression head fitted on the support embeddings
//              (finetuneSteps full-batch steps at finetuneLr) (Chen et al. 2019, "Baseline")
// and a floor that learns nothing episodic (issue 25):
//   Pooled     each view summarised by the mean, spread and peak over time of every feature,
//              standardised with statistics fitted once on the meta-training views; prototypes
//              per class and modality; logits = -0.5 x squared Euclidean distance (pooled.cpp)
#include <memory>
#include <vector>

#include "model/learner.h"

namespace stf2m::model {

// The backbone configuration the baselines share: `config` with spatial, temporal and fuzzy
// ablated (everything else, e.g. sizes and windows, kept).
ModelConfig baselineBackboneConfig(const ModelConfig& config);

std::shared_ptr<LearnerImpl> makeProtoNet(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities);
std::shared_ptr<LearnerImpl> makeMaml(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities);
std::shared_ptr<LearnerImpl> makeMetaLstm(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities);
std::shared_ptr<LearnerImpl> makePooled(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities);
std::shared_ptr<LearnerImpl> makeFinetune(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities,
                                          int trainClasses);

}  // namespace stf2m::model
