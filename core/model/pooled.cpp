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
#include "model/view_statistics.h"

namespace stf2m::model {

namespace {

class PooledImpl : public LearnerImpl {
 public:
  PooledImpl(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities)
      : LearnerImpl("Pooled", config), summaryWidth_(summaryWidths(modalities)) {}

  bool trainsByEpisodes() const override { return false; }

  // Per modality and class: the mean summary of the class's support views of that modality
  // ("proto.<m>", [ways, 3D]) and how many there were ("count.<m>", [ways]).
  Adapted adapt(const ViewTensors& support, const torch::Tensor& labels, int ways, bool) override {
    baseline::checkSupport("pooled", support, labels, ways);
    Adapted adapted;
    adapted.ways = ways;
    fitSummaryPrototypes(support, labels, ways, summaryWidth_, "", adapted.tensors);
    return adapted;
  }

  Prediction predict(const Adapted& adapted, const ViewTensors& views) override {
    return {summaryLogits(adapted, "", views, summaryWidth_.size()), {}};
  }

 private:
  std::vector<int64_t> summaryWidth_;
};

}  // namespace

std::shared_ptr<LearnerImpl> makePooled(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities) {
  return std::make_shared<PooledImpl>(config, modalities);
}

}  // namespace stf2m::model
