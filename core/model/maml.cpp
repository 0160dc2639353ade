// MAML (Finn et al. 2017) on the baseline backbone: every encoder parameter and a linear head are
// adapted by config.innerSteps SGD steps on the support cross-entropy at kInnerLrScale x
// config.innerLr (below).
//   - Second order by default: the inner gradients keep their graph under `training`, so the
//     meta-gradient includes the Hessian-vector terms; config.firstOrder drops them (FOMAML: the
//     inner gradients are constants, the fast weights are slow weights minus a constant).
//   - The head is zero-initialised per task (a [ways, e] weight and a [ways] bias that are not
//     parameters). Episode classes come in a random order, so a meta-learned head initialisation
//     cannot mean anything class-specific; with zeros every class starts equal and the first
//     inner step writes the (centred) class means into the head. The meta-learned
//     initialisation is the encoder's. (Zero head init is the usual fix for MAML with shuffled
//     labels, e.g. the "zero trick" of Kao et al. 2022, "MAML is a noisy contrastive learner".)
//   - Evaluation (training = false): the same inner loop under enable_grad but without
//     create_graph, the fast weights detached after every step, so nothing is kept for an
//     outer backward.
// Adapted state: "fast.<name>" for every parameter in named_parameters() order, then
// "head.weight" and "head.bias".
#include "model/baseline_support.h"
#include "model/baselines.h"
#include "model/fast_weights.h"
#include "model/st_encoder.h"

namespace stf2m::model {

namespace {

// MAML's inner learning rate relative to config.innerLr. With layer-normalised embeddings one rate
// (0.01, classic MAML's single alpha as Finn et al. used for images) is stable for every parameter;
// before normalisation the full-network inner loop diverged at ST-F2M's head rate.
constexpr double kInnerLrScale = 1.0;

class MamlImpl : public LearnerImpl {
 public:
  MamlImpl(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities)
      : LearnerImpl("MAML", config) {
    encoder_ = register_module("encoder", ViewEncoder(modalities, baselineBackboneConfig(config)));
  }

  Adapted adapt(const ViewTensors& supportIn, const torch::Tensor& labelsIn, int ways, bool training) override {
    baseline::checkSupport("MAML", supportIn, labelsIn, ways);
    GradientScope gradients;
    const ViewTensors support = autogradUsable(supportIn);
    const torch::Tensor labels = autogradUsable(labelsIn).to(torch::kLong);
    const bool createGraph = training && !config_.firstOrder;

    const auto named = named_parameters();
    std::vector<torch::Tensor> params;
    params.reserve(named.size() + 2);
    for (const auto& item : named) params.push_back(item.value());
    const auto options = params.front().options();
    const torch::Tensor headWeight = torch::zeros({ways, encoder_->embeddingSize()}, options).requires_grad_(true);
    const torch::Tensor headBias = torch::zeros({ways}, options).requires_grad_(true);
    params.push_back(headWeight);
    params.push_back(headBias);
    const torch::Tensor lr = torch::full({}, config_.innerLr * kInnerLrScale, options.requires_grad(false));

    FastWeights fast;  // empty: the first step reads the slow weights
    for (int step = 0; step < config_.innerSteps; ++step) {
      const torch::Tensor logits = torch::nn::functional::linear(encoder_->forward(support, &fast),
                                                                 pick(headWeight, &fast), pick(headBias, &fast));
      const torch::Tensor loss = torch::nn::functional::cross_entropy(logits, labels);
      fast = sgdStep(params, &fast, loss, lr, createGraph);
      if (!training) {
        // Fresh leaves: the next step differentiates with respect to them, and nothing links
        // back to the slow weights.
        FastWeights leaves;
        for (const auto& p : params) leaves.set(p, pick(p, &fast).detach().requires_grad_(true));
        fast = std::move(leaves);
      }
    }

    Adapted adapted;
    adapted.ways = ways;
    const auto keep = [&](const torch::Tensor& t) { return training ? t : t.detach(); };
    for (const auto& item : named) adapted.tensors.emplace_back("fast." + item.key(), keep(pick(item.value(), &fast)));
    adapted.tensors.emplace_back("head.weight", keep(pick(headWeight, &fast)));
    adapted.tensors.emplace_back("head.bias", keep(pick(headBias, &fast)));
    return adapted;
  }

  Prediction predict(const Adapted& adapted, const ViewTensors& views) override {
    FastWeights fast;
    for (const auto& item : named_parameters()) fast.set(item.value(), adapted.get("fast." + item.key()));
    const torch::Tensor embedding = encoder_->forward(views, &fast);
    return {torch::nn::functional::linear(embedding, adapted.get("head.weight"), adapted.get("head.bias")), {}};
  }

 private:
  ViewEncoder encoder_{nullptr};
};

}  // namespace

std::shared_ptr<LearnerImpl> makeMaml(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities) {
  return std::make_shared<MamlImpl>(config, modalities);
}

}  // namespace stf2m::model
