// Prototypical networks (Snell et al. 2017) on the baseline backbone, and the backbone
// configuration every baseline shares.
#include "model/baseline_support.h"
#include "model/baselines.h"
#include "model/st_encoder.h"

namespace stf2m::model {

ModelConfig baselineBackboneConfig(const ModelConfig& config) {
  ModelConfig backbone = config;
  backbone.ablate.spatial = true;
  backbone.ablate.temporal = true;
  backbone.ablate.fuzzy = true;
  return backbone;
}

namespace {

class ProtoNetImpl : public LearnerImpl {
 public:
  ProtoNetImpl(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities)
      : LearnerImpl("ProtoNet", config) {
    encoder_ = register_module("encoder", ViewEncoder(modalities, baselineBackboneConfig(config)));
  }

  // Prototypes: the mean support embedding of each class. Under `training` they keep their graph
  // so the query loss trains the encoder through them.
  Adapted adapt(const ViewTensors& support, const torch::Tensor& labels, int ways, bool training) override {
    baseline::checkSupport("ProtoNet", support, labels, ways);
    const torch::Tensor embedding = encoder_->forward(support);
    const torch::Tensor members = torch::one_hot(labels.to(torch::kLong), ways).to(embedding.dtype());  // [n, ways]
    torch::Tensor prototypes = members.t().matmul(embedding) / members.sum(0).unsqueeze(1);
    Adapted adapted;
    adapted.ways = ways;
    adapted.tensors.emplace_back("prototypes", training ? prototypes : prototypes.detach());
    return adapted;
  }

  // logits = -squared Euclidean distance to each prototype (Snell et al.: the Bregman divergence
  // that makes the classifier a linear model over the embedding).
  Prediction predict(const Adapted& adapted, const ViewTensors& views) override {
    const torch::Tensor& prototypes = adapted.get("prototypes");
    const torch::Tensor embedding = encoder_->forward(views);
    return {-(embedding.unsqueeze(1) - prototypes.unsqueeze(0)).pow(2).sum(2), {}};
  }

 private:
  ViewEncoder encoder_{nullptr};
};

}  // namespace

std::shared_ptr<LearnerImpl> makeProtoNet(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities) {
  return std::make_shared<ProtoNetImpl>(config, modalities);
}

}  // namespace stf2m::model
