// The Meta-LSTM baseline (Ravi & Larochelle 2017): the baseline backbone embeds the views, and a
// learned coordinate-wise LSTM optimizer (meta_lstm.h) updates a linear head for
// config.innerSteps steps on the support cross-entropy, starting from learned weights theta_0.
//   - theta_0 is class-agnostic because episode classes come in a random order: one learned row
//     (initially zero) repeated for every class, and zero biases. The softmax ignores what all
//     rows share, so the row matters through the optimizer, whose gates read theta.
//   - As in the paper the optimizer sees detached gradients and losses, so the support
//     embeddings are constants of the inner loop; the outer (query) loss trains the encoder
//     through the query embeddings, and theta_0 and the optimizer through the head updates.
// Adapted state: "head.weight" [ways, e] and "head.bias" [ways].
#include "model/baseline_support.h"
#include "model/baselines.h"
#include "model/meta_lstm.h"
#include "model/st_encoder.h"

namespace stf2m::model {

namespace {

constexpr int kOptimizerHidden = 20;     // Ravi & Larochelle's coordinate LSTM size
constexpr double kInitialRate = 0.1;     // the optimizer's input gate before meta-training

class MetaLstmLearnerImpl : public LearnerImpl {
 public:
  MetaLstmLearnerImpl(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities)
      : LearnerImpl("MetaLSTM", config) {
    encoder_ = register_module("encoder", ViewEncoder(modalities, baselineBackboneConfig(config)));
    optimizer_ = register_module("optimizer", MetaLstmOptimizer(kOptimizerHidden, kInitialRate));
    headRow_ = register_parameter("headRow", torch::zeros({encoder_->embeddingSize()}));
  }

  Adapted adapt(const ViewTensors& support, const torch::Tensor& labelsIn, int ways, bool training) override {
    baseline::checkSupport("Meta-LSTM", support, labelsIn, ways);
    const int64_t e = encoder_->embeddingSize();
    const torch::Tensor embedding = encoder_->forward(support);
    GradientScope gradients;
    const torch::Tensor inner = autogradUsable(embedding).detach();
    const torch::Tensor labels = autogradUsable(labelsIn).to(torch::kLong);
    torch::Tensor theta = torch::cat({headRow_.repeat({ways}), torch::zeros({ways}, headRow_.options())});
    auto state = optimizer_->start(theta.numel(), theta.device());
    for (int step = 0; step < config_.innerSteps; ++step) {
      const torch::Tensor leaf = theta.detach().requires_grad_(true);
      const torch::Tensor loss = torch::nn::functional::cross_entropy(baseline::flatHeadLogits(inner, leaf, ways), labels);
      const torch::Tensor grad = torch::autograd::grad({loss}, {leaf})[0];
      if (training) {
        theta = optimizer_->step(theta, grad, loss, state);
      } else {
        torch::NoGradGuard noGraph;
        theta = optimizer_->step(theta, grad, loss, state);
      }
    }
    if (!training) theta = theta.detach();
    Adapted adapted;
    adapted.ways = ways;
    adapted.tensors.emplace_back("head.weight", theta.narrow(0, 0, ways * e).view({ways, e}));
    adapted.tensors.emplace_back("head.bias", theta.narrow(0, ways * e, ways));
    return adapted;
  }

  Prediction predict(const Adapted& adapted, const ViewTensors& views) override {
    const torch::Tensor embedding = encoder_->forward(views);
    return {torch::nn::functional::linear(embedding, adapted.get("head.weight"), adapted.get("head.bias")), {}};
  }

 private:
  ViewEncoder encoder_{nullptr};
  MetaLstmOptimizer optimizer_{nullptr};
  torch::Tensor headRow_;
};

}  // namespace

std::shared_ptr<LearnerImpl> makeMetaLstm(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities) {
  return std::make_shared<MetaLstmLearnerImpl>(config, modalities);
}

}  // namespace stf2m::model
