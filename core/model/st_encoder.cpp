#include "model/st_encoder.h"

#include <cmath>

namespace stf2m::model {

namespace F = torch::nn::functional;

namespace {

// He-style normal initialisation scaled by fan-in.
torch::Tensor initWeight(torch::IntArrayRef shape, int64_t fanIn, double gain = 1.0) {
  return torch::randn(shape) * (gain / std::sqrt(static_cast<double>(std::max<int64_t>(1, fanIn))));
}

std::vector<dataset::FeatureGroup> groupsOf(const dataset::ModalitySpec& spec) {
  if (!spec.groups.empty()) return spec.groups;
  return {dataset::FeatureGroup{spec.name, 0, spec.dimension}};
}

}  // namespace

ModalityEncoderImpl::ModalityEncoderImpl(const dataset::ModalitySpec& spec, const ModelConfig& config)
    : torch::nn::Module("ModalityEncoder") {
  pool_ = std::max(1, static_cast<int>(std::lround(spec.rateHz / config.encoderRateHz)));
  groupWise_ = !config.ablate.spatial;
  dilations_ = config.ablate.temporal ? std::vector<int>{1} : config.dilations;
  const std::vector<dataset::FeatureGroup> groups = groupsOf(spec);
  groups_ = static_cast<int>(groups.size());
  const int64_t d = spec.dimension, gc = config.groupChannels, h = config.hidden;
  if (groupWise_) {
    torch::Tensor mask = torch::zeros({groups_ * gc, d});
    for (int g = 0; g < groups_; ++g)
      mask.slice(0, g * gc, (g + 1) * gc).slice(1, groups[size_t(g)].start, groups[size_t(g)].end).fill_(1.f);
    groupMask_ = register_buffer("group_mask", mask);
    // Each group's projection sees only its own columns: fan-in is the group width.
    torch::Tensor w = torch::zeros({groups_ * gc, d});
    for (int g = 0; g < groups_; ++g) {
      const int64_t width = groups[size_t(g)].end - groups[size_t(g)].start;
      w.slice(0, g * gc, (g + 1) * gc).copy_(initWeight({gc, d}, width, std::sqrt(2.0)));
    }
    projW_ = register_parameter("proj_w", w * mask);
    projB_ = register_parameter("proj_b", torch::zeros({groups_ * gc}));
    mixW_ = register_parameter("mix_w", initWeight({gc, gc, 3, 1}, gc * 3, 0.5));
    mixB_ = register_parameter("mix_b", torch::zeros({gc}));
    relW_ = register_parameter("relevance_w", torch::zeros({1, gc}));  // uniform relevance at start
    relB_ = register_parameter("relevance_b", torch::zeros({1}));
    outW_ = register_parameter("out_w", initWeight({h, groups_ * gc, 1}, groups_ * gc, std::sqrt(2.0)));
  } else {
    outW_ = register_parameter("out_w", initWeight({h, d, 1}, d, std::sqrt(2.0)));
  }
  outB_ = register_parameter("out_b", torch::zeros({h}));
  const auto scales = static_cast<int64_t>(dilations_.size());
  for (int b = 0; b < config.temporalBlocks; ++b) {
    const std::string p = "block" + std::to_string(b) + "_";
    normW_.push_back(register_parameter(p + "norm_w", torch::ones({h})));
    normB_.push_back(register_parameter(p + "norm_b", torch::zeros({h})));
    if (scales > 1) {
      gateW_.push_back(register_parameter(p + "gate_w", torch::zeros({scales, h})));  // equal mixture at start
      gateB_.push_back(register_parameter(p + "gate_b", torch::zeros({scales})));
    }
    convW_.emplace_back();
    convB_.emplace_back();
    for (size_t s = 0; s < dilations_.size(); ++s) {
      const std::string q = p + "d" + std::to_string(dilations_[s]) + "_";
      convW_.back().push_back(register_parameter(q + "w", initWeight({h, h, 3}, h * 3, 0.5)));
      convB_.back().push_back(register_parameter(q + "b", torch::zeros({h})));
    }
  }
  headW_ = register_parameter("head_w", initWeight({config.embedding, 2 * h}, 2 * h));
  headB_ = register_parameter("head_b", torch::zeros({config.embedding}));
}

torch::Tensor ModalityEncoderImpl::spatial(const torch::Tensor& x, const FastWeights* fast, torch::Tensor* relevance) {
  // x: [n, D, T]
  if (!groupWise_) return torch::conv1d(x, pick(outW_, fast), pick(outB_, fast));
  const int64_t n = x.size(0), t = x.size(2);
  const torch::Tensor w = pick(projW_, fast) * groupMask_;
  torch::Tensor y = torch::conv1d(x, w.unsqueeze(-1), pick(projB_, fast));  // [n, G*gc, T]
  const int64_t gc = y.size(1) / groups_;
  y = y.view({n, groups_, gc, t}).permute({0, 2, 1, 3});                    // [n, gc, G, T]
  y = y + torch::gelu(torch::conv2d(y, pick(mixW_, fast), pick(mixB_, fast), 1, {1, 0}));
  // Relevance of each group for this view, from its time-averaged channels.
  const torch::Tensor pooled = y.mean(-1).transpose(1, 2);                  // [n, G, gc]
  const torch::Tensor a = torch::softmax(torch::linear(pooled, pick(relW_, fast), pick(relB_, fast)).squeeze(-1), 1);
  if (relevance) *relevance = a;
  y = y * (a * static_cast<double>(groups_)).unsqueeze(1).unsqueeze(-1);
  y = y.reshape({n, gc * groups_, t});
  return torch::conv1d(y, pick(outW_, fast), pick(outB_, fast));
}

torch::Tensor ModalityEncoderImpl::forward(const torch::Tensor& x, const FastWeights* fast, torch::Tensor* groupRelevance,
                                           torch::Tensor* scaleWeights) {
  torch::Tensor h = x.transpose(1, 2);  // [n, D, T]
  if (pool_ > 1 && h.size(2) > 1) h = torch::avg_pool1d(h, pool_, pool_, 0, /*ceil_mode=*/true);
  h = torch::gelu(spatial(h, fast, groupRelevance));  // [n, H, T']
  std::vector<torch::Tensor> mixtures;
  for (size_t b = 0; b < convW_.size(); ++b) {
    const torch::Tensor u = torch::group_norm(h, 1, pick(normW_[b], fast), pick(normB_[b], fast));
    torch::Tensor sum;
    if (convW_[b].size() == 1) {
      sum = torch::conv1d(u, pick(convW_[b][0], fast), pick(convB_[b][0], fast), 1, dilations_[0], dilations_[0]);
    } else {
      // Per-view mixture over temporal scales: how fast this view's dynamics unfold.
      const torch::Tensor pi = torch::softmax(torch::linear(u.mean(-1), pick(gateW_[b], fast), pick(gateB_[b], fast)), 1);
      mixtures.push_back(pi);
      for (size_t s = 0; s < convW_[b].size(); ++s) {
        const int d = dilations_[s];
        const torch::Tensor branch = torch::conv1d(u, pick(convW_[b][s], fast), pick(convB_[b][s], fast), 1, d, d);
        const torch::Tensor weighted = branch * pi.select(1, static_cast<int64_t>(s)).view({-1, 1, 1});
        sum = sum.defined() ? sum + weighted : weighted;
      }
    }
    h = h + torch::gelu(sum);
  }
  if (scaleWeights && !mixtures.empty()) *scaleWeights = torch::stack(mixtures, 1);
  const torch::Tensor pooled = torch::cat({h.mean(-1), std::get<0>(h.max(-1))}, 1);
  return torch::linear(pooled, pick(headW_, fast), pick(headB_, fast));
}

ViewEncoderImpl::ViewEncoderImpl(const std::vector<dataset::ModalitySpec>& modalities, const ModelConfig& config)
    : torch::nn::Module("ViewEncoder"), embedding_(config.embedding) {
  for (const dataset::ModalitySpec& spec : modalities)
    encoders_.push_back(register_module("modality_" + spec.name, ModalityEncoder(spec, config)));
  modalityEmbedding_ = register_parameter("modality_embedding", torch::randn({int64_t(modalities.size()), embedding_}) * 0.1);
  positionW_ = register_parameter("position_w", initWeight({embedding_, 8}, 8, 0.3));
  positionB_ = register_parameter("position_b", torch::zeros({embedding_}));
}

torch::Tensor ViewEncoderImpl::forward(const ViewTensors& views, const FastWeights* fast, EncoderTrace* trace) {
  const auto device = views.modality.device();
  torch::Tensor out = torch::zeros({views.size, embedding_}, torch::TensorOptions().device(device));
  if (trace) {
    trace->groupRelevance.assign(encoders_.size(), {});
    trace->scaleWeights.assign(encoders_.size(), {});
  }
  for (size_t m = 0; m < encoders_.size(); ++m) {
    if (m >= views.rows.size() || !views.rows[m].defined()) continue;
    const torch::Tensor z = encoders_[m]->forward(views.rows[m], fast, trace ? &trace->groupRelevance[m] : nullptr,
                                                  trace ? &trace->scaleWeights[m] : nullptr);
    out = out.index_copy(0, views.index[m], z);
  }
  // Position of the view in its clip (onset, apex, offset phases): 4 sinusoid pairs.
  const torch::Tensor k = torch::arange(1, 5, torch::TensorOptions().dtype(torch::kFloat32).device(device)) * M_PI;
  const torch::Tensor angle = views.position.unsqueeze(1) * k.unsqueeze(0);
  const torch::Tensor pos = torch::cat({torch::sin(angle), torch::cos(angle)}, 1);
  out = out + pick(modalityEmbedding_, fast).index_select(0, views.modality) +
        torch::linear(pos, pick(positionW_, fast), pick(positionB_, fast));
  // Unit-scale embeddings whatever the modality: distances, head steps and rule memberships then
  // mean the same across modalities and methods.
  return torch::layer_norm(out, {embedding_});
}

}  // namespace stf2m::model
