#pragma once
// Views summarised by plain statistics over time, and nearest-prototype logits on those summaries:
// the pooled-statistics floor (issue 25, `--method pooled`) and ST-F2M's statistics path both read
// views this way (docs/learning-engine.md, "The pooled-statistics floor").
//   summary:     [n, T, D] rows -> [n, 3D]: mean, standard deviation and maximum of every feature
//   prototypes:  per modality m and class, the mean summary of the class's support views of m
//   logits:      -0.5 x squared Euclidean distance to the prototypes of the view's own modality
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "model/learner.h"
#include "model/view_tensors.h"

namespace stf2m::model {

torch::Tensor viewSummary(const torch::Tensor& rows);

// 3 x each modality's feature dimension: the width of its summaries.
std::vector<int64_t> summaryWidths(const std::vector<dataset::ModalitySpec>& modalities);

// Appends, for every modality m (summaryWidths[m] = 3D_m), "<prefix>proto.<m>" ([ways, 3D_m]) and
// "<prefix>count.<m>" ([ways]: how many support views of m each class has).
void fitSummaryPrototypes(const ViewTensors& support, const torch::Tensor& labels, int ways,
                          const std::vector<int64_t>& summaryWidths,
                          const std::string& prefix, std::vector<std::pair<std::string, torch::Tensor>>& out);

// [views.size, ways]. A class without support views of a view's modality gets the view's mean
// logit over the classes that have some (no evidence either way); a modality without any support
// gets zeros.
torch::Tensor summaryLogits(const Adapted& adapted, const std::string& prefix, const ViewTensors& views,
                            size_t modalityCount);

}  // namespace stf2m::model
