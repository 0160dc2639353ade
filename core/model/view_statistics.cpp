#include "model/view_statistics.h"

namespace stf2m::model {

torch::Tensor viewSummary(const torch::Tensor& rows) {
  return torch::cat({rows.mean(1), rows.std(1, /*unbiased=*/false), std::get<0>(rows.max(1))}, 1);
}

std::vector<int64_t> summaryWidths(const std::vector<dataset::ModalitySpec>& modalities) {
  std::vector<int64_t> widths;
  for (const dataset::ModalitySpec& m : modalities) widths.push_back(3 * int64_t(m.dimension));
  return widths;
}

void fitSummaryPrototypes(const ViewTensors& support, const torch::Tensor& labels, int ways,
                          const std::vector<int64_t>& summaryWidths, const std::string& prefix,
                          std::vector<std::pair<std::string, torch::Tensor>>& out) {
  const auto options = support.position.options();
  for (size_t m = 0; m < summaryWidths.size(); ++m) {
    torch::Tensor proto = torch::zeros({ways, summaryWidths[m]}, options), count = torch::zeros({ways}, options);
    if (m < support.rows.size() && support.rows[m].defined() && support.rows[m].size(0) > 0) {
      const torch::Tensor s = viewSummary(support.rows[m]);
      const torch::Tensor members =
          torch::one_hot(labels.index_select(0, support.index[m]).to(torch::kLong), ways).to(s.dtype());  // [n_m, ways]
      count = members.sum(0);
      proto = members.t().matmul(s) / count.clamp_min(1).unsqueeze(1);
    }
    out.emplace_back(prefix + "proto." + std::to_string(m), proto);
    out.emplace_back(prefix + "count." + std::to_string(m), count);
  }
}

torch::Tensor summaryLogits(const Adapted& adapted, const std::string& prefix, const ViewTensors& views,
                            size_t modalityCount) {
  torch::Tensor logits = torch::zeros({views.size, adapted.ways}, views.position.options());
  for (size_t m = 0; m < modalityCount; ++m) {
    if (m >= views.rows.size() || !views.rows[m].defined() || views.rows[m].size(0) == 0) continue;
    const torch::Tensor known = adapted.get(prefix + "count." + std::to_string(m)) > 0;  // [ways]
    if (!known.any().item<bool>()) continue;
    const torch::Tensor& proto = adapted.get(prefix + "proto." + std::to_string(m));
    torch::Tensor l = -0.5 * (viewSummary(views.rows[m]).unsqueeze(1) - proto.unsqueeze(0)).pow(2).sum(2);  // [n_m, ways]
    const torch::Tensor knownF = known.to(l.dtype());
    const torch::Tensor neutral = (l * knownF).sum(1, true) / knownF.sum();
    l = torch::where(known.unsqueeze(0), l, neutral.expand_as(l));
    logits.index_copy_(0, views.index[m], l);
  }
  return logits;
}

}  // namespace stf2m::model
