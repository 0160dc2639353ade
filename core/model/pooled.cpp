// The pooled-statistics floor (issue 25): a learner that learns nothing. Each view is summarised
// by the mean, standard deviation and maximum over time of every feature, after the shared data
// path (the model's normaliser, then the label-free subject calibration); a class's prototype
// per modality is the mean summary of its support views of that modality, and a view's logits
// are the Gaussian log-likelihoods -0.5 x squared Euclidean distance to the prototypes of its own
// modality. Fused over a clip's views (fuseViews), the clip's answer is close to the class
// nearest on average over its windows and modalities.
//
// The summaries are not standardised further: standardising each summary dimension with
// statistics of the meta-training views cost 3.6 points of whole-clip accuracy at 1 shot and 0.5
// at 5 shots on the synthetic benchmark (docs/learning-engine.md), so the floor has nothing to fit.
#include <string>

#include "model/baseline_support.h"
#include "model/baselines.h"

namespace stf2m::model {

namespace {

class PooledImpl : public LearnerImpl {
 public:
  PooledImpl(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities)
      : LearnerImpl("Pooled", config) {
    for (const dataset::ModalitySpec& m : modalities) summaryWidth_.push_back(3 * int64_t(m.dimension));
  }

  bool trainsByEpisodes() const override { return false; }

  // Per modality and class: the mean summary of the class's support views of that modality
  // ("proto.<m>", [ways, 3D]) and how many there were ("count.<m>", [ways]).
  Adapted adapt(const ViewTensors& support, const torch::Tensor& labels, int ways, bool) override {
    baseline::checkSupport("pooled", support, labels, ways);
    Adapted adapted;
    adapted.ways = ways;
    const auto options = support.position.options();
    for (size_t m = 0; m < summaryWidth_.size(); ++m) {
      torch::Tensor proto = torch::zeros({ways, summaryWidth_[m]}, options);
      torch::Tensor count = torch::zeros({ways}, options);
      if (support.rows[m].defined() && support.rows[m].size(0) > 0) {
        const torch::Tensor s = summary(support.rows[m]);
        const torch::Tensor members =
            torch::one_hot(labels.index_select(0, support.index[m]).to(torch::kLong), ways).to(s.dtype());  // [n_m, ways]
        count = members.sum(0);
        proto = members.t().matmul(s) / count.clamp_min(1).unsqueeze(1);
      }
      adapted.tensors.emplace_back("proto." + std::to_string(m), proto);
      adapted.tensors.emplace_back("count." + std::to_string(m), count);
    }
    return adapted;
  }

  // -0.5 x squared distance to the prototypes of the view's modality; a class without support
  // views of that modality gets the view's mean over the classes that have some (no evidence
  // either way), and a modality without any support gets zeros.
  Prediction predict(const Adapted& adapted, const ViewTensors& views) override {
    torch::Tensor logits = torch::zeros({views.size, adapted.ways}, views.position.options());
    for (size_t m = 0; m < summaryWidth_.size(); ++m) {
      if (!views.rows[m].defined() || views.rows[m].size(0) == 0) continue;
      const torch::Tensor known = adapted.get("count." + std::to_string(m)) > 0;  // [ways]
      if (!known.any().item<bool>()) continue;
      const torch::Tensor& proto = adapted.get("proto." + std::to_string(m));
      torch::Tensor l = -0.5 * (summary(views.rows[m]).unsqueeze(1) - proto.unsqueeze(0)).pow(2).sum(2);  // [n_m, ways]
      const torch::Tensor knownF = known.to(l.dtype());
      const torch::Tensor neutral = (l * knownF).sum(1, true) / knownF.sum();
      l = torch::where(known.unsqueeze(0), l, neutral.expand_as(l));
      logits.index_copy_(0, views.index[m], l);
    }
    return {logits, {}};
  }

 private:
  // [n, T, D] rows -> [n, 3D]: mean, standard deviation and maximum over time.
  static torch::Tensor summary(const torch::Tensor& rows) {
    return torch::cat({rows.mean(1), rows.std(1, /*unbiased=*/false), std::get<0>(rows.max(1))}, 1);
  }

  std::vector<int64_t> summaryWidth_;
};

}  // namespace

std::shared_ptr<LearnerImpl> makePooled(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities) {
  return std::make_shared<PooledImpl>(config, modalities);
}

}  // namespace stf2m::model
