// The fine-tuning baseline (Chen et al. 2019, "A closer look at few-shot classification",
// Baseline): pre-train the backbone with cross-entropy over all meta-training classes, freeze it,
// and per task fit a logistic-regression head on the support embeddings.
//   - Pre-training (episodeLoss): every support and query view of the episode whose class is a
//     training class (EpisodeTensors::supportGlobal/queryGlobal, -1 = not one) is a sample for a
//     Linear(e -> trainClasses) head. Episodes are just the trainer's way of drawing batches here.
//   - Adaptation: embeddings L2-normalised (Tian et al. 2020, "Rethinking few-shot image
//     classification": normalised features make a linear probe well conditioned, so one learning
//     rate suits any embedding scale), head zero-initialised, config.finetuneSteps full-batch
//     gradient-descent steps at config.finetuneLr with L2 penalty kHeadL2 / 2 * |W|^2.
//     Plain gradient descent on a convex loss from zeros is deterministic and needs no state.
// Adapted state: "head.weight" [ways, e] and "head.bias" [ways] (applied to normalised embeddings).
#include "model/baseline_support.h"
#include "model/baselines.h"
#include "model/st_encoder.h"

namespace stf2m::model {

namespace {

constexpr double kHeadL2 = 1e-3;

class FinetuneImpl : public LearnerImpl {
 public:
  FinetuneImpl(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities, int trainClasses)
      : LearnerImpl("Finetune", config) {
    if (trainClasses < 1)
      throw Error(ErrorCode::InvalidArgument, "Finetune", "the pre-training head needs at least one training class");
    encoder_ = register_module("encoder", ViewEncoder(modalities, baselineBackboneConfig(config)));
    pretrainHead_ = register_module("pretrainHead", torch::nn::Linear(encoder_->embeddingSize(), trainClasses));
  }

  torch::Tensor episodeLoss(const EpisodeTensors& episode) override {
    const torch::Tensor embedding =
        torch::cat({encoder_->forward(episode.support), encoder_->forward(episode.query)});
    return globalClassLoss(pretrainHead_, embedding, episode, "Finetune");
  }

  Adapted adapt(const ViewTensors& support, const torch::Tensor& labelsIn, int ways, bool /*training*/) override {
    baseline::checkSupport("Finetune", support, labelsIn, ways);
    torch::Tensor embedding;
    {
      torch::NoGradGuard frozen;
      embedding = encoder_->forward(support);
    }
    GradientScope gradients;
    const torch::Tensor features = normalise(autogradUsable(embedding).detach());
    const torch::Tensor labels = autogradUsable(labelsIn).to(torch::kLong);
    torch::Tensor weight = torch::zeros({ways, features.size(1)}, features.options()).requires_grad_(true);
    torch::Tensor bias = torch::zeros({ways}, features.options()).requires_grad_(true);
    for (int step = 0; step < config_.finetuneSteps; ++step) {
      const torch::Tensor loss =
          torch::nn::functional::cross_entropy(torch::nn::functional::linear(features, weight, bias), labels) +
          0.5 * kHeadL2 * weight.pow(2).sum();
      const auto grads = torch::autograd::grad({loss}, {weight, bias});
      torch::NoGradGuard update;
      weight.sub_(grads[0], config_.finetuneLr);
      bias.sub_(grads[1], config_.finetuneLr);
    }
    Adapted adapted;
    adapted.ways = ways;
    adapted.tensors.emplace_back("head.weight", weight.detach());
    adapted.tensors.emplace_back("head.bias", bias.detach());
    return adapted;
  }

  Prediction predict(const Adapted& adapted, const ViewTensors& views) override {
    const torch::Tensor features = normalise(encoder_->forward(views));
    return {torch::nn::functional::linear(features, adapted.get("head.weight"), adapted.get("head.bias")), {}};
  }

 private:
  static torch::Tensor normalise(const torch::Tensor& embedding) {
    return torch::nn::functional::normalize(embedding, torch::nn::functional::NormalizeFuncOptions().dim(1).eps(1e-8));
  }

  ViewEncoder encoder_{nullptr};
  torch::nn::Linear pretrainHead_{nullptr};
};

}  // namespace

std::shared_ptr<LearnerImpl> makeFinetune(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities,
                                          int trainClasses) {
  return std::make_shared<FinetuneImpl>(config, modalities, trainClasses);
}

}  // namespace stf2m::model
