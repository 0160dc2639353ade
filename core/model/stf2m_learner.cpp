#include "model/stf2m_learner.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "model/gradient_scope.h"
#include "model/view_statistics.h"

namespace stf2m::model {

namespace {

// Class logits of a linear head: w [ways, H] is one head for every view; w [modalities, ways, H]
// is one head per modality, each view scored by its own modality's.
torch::Tensor headLogits(const torch::Tensor& h, const torch::Tensor& modality, const torch::Tensor& w,
                         const torch::Tensor& b) {
  if (w.dim() == 2) return torch::linear(h, w, b);
  return (w.index_select(0, modality) * h.unsqueeze(1)).sum(2) + b.index_select(0, modality);
}

// Per-group means of the rows of h ([groups, H]); a group without rows gets the mean of all rows.
torch::Tensor groupMeans(const torch::Tensor& h, const torch::Tensor& group, int64_t groups) {
  const torch::Tensor counts = torch::zeros({groups}, h.options()).index_add(0, group, torch::ones_like(group, h.options()));
  const torch::Tensor sums = torch::zeros({groups, h.size(1)}, h.options()).index_add(0, group, h);
  return torch::where(counts.unsqueeze(1) > 0, sums / counts.clamp_min(1).unsqueeze(1), h.mean(0, true).expand_as(sums));
}

// The task's modality reliabilities as the statistics path mixes in: they were learned for the
// head's logits, so they count (1 - mix) as much.
torch::Tensor mixedReliability(const torch::Tensor& modalityLogWeight, double mix) {
  return modalityLogWeight.defined() ? modalityLogWeight * (1 - mix) : modalityLogWeight;
}

}  // namespace

Stf2mLearnerImpl::Stf2mLearnerImpl(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities,
                                   int trainClasses)
    : LearnerImpl("Stf2mLearner", config) {
  encoder_ = register_module("encoder", ViewEncoder(modalities, config));
  fuzzy_ = register_module("fuzzy", FuzzyLayer(config.embedding, config));
  hiddenSize_ = fuzzy_->outputSize();
  if (!config.ablate.metaRnn) {
    // The support set as a sequence of (view, its class prototype) pairs, read in both directions.
    task_ = register_module("task_encoder", torch::nn::LSTM(torch::nn::LSTMOptions(2 * hiddenSize_, config.taskHidden)
                                                               .bidirectional(true)));
    film_ = register_module("film", torch::nn::Linear(2 * config.taskHidden, 2 * hiddenSize_));
    reliability_ = register_module("reliability", torch::nn::Linear(2 * config.taskHidden, int64_t(modalities.size())));
    // Identity modulation and equal reliabilities until meta-training learns otherwise.
    torch::NoGradGuard noGrad;
    film_->weight.zero_(), film_->bias.zero_();
    reliability_->weight.zero_(), reliability_->bias.zero_();
  }
  if (config.innerOptimizer == "metalstm") optimizer_ = register_module("inner_optimizer", MetaLstmOptimizer());
  // Logits are scale * (2 h.mu - |mu|^2): a learned temperature on prototype distances.
  logScale_ = register_parameter("log_scale", torch::full({1}, std::log(1.0 / double(hiddenSize_))));
  logInnerLr_ = register_parameter("log_inner_lr", torch::full({std::max(1, config.innerSteps)}, std::log(config.innerLr)));
  modalityCount_ = int64_t(modalities.size());
  summaryWidths_ = summaryWidths(modalities);
  for (int64_t w : summaryWidths_) statisticsScale_ += double(w) / double(summaryWidths_.size());
  statisticsScale_ = std::max(1.0, statisticsScale_);
  // Pseudo-count with which a class's pooled prototype enters its per-modality prototypes.
  if (config.modalityPrototypes) logShrink_ = register_parameter("log_shrink", torch::zeros({1}));
  if (config.globalLossWeight > 0 || config.pretrainFraction > 0) {
    if (trainClasses < 1)
      throw Error(ErrorCode::InvalidArgument, "Stf2mLearner",
                  "global_loss_weight and pretrain_fraction need at least one training class");
    globalHead_ = register_module("global_head", torch::nn::Linear(hiddenSize_, trainClasses));
  }
}

torch::Tensor Stf2mLearnerImpl::episodeLoss(const EpisodeTensors& episode) {
  // Support and query are embedded once; the global loss reads the same embeddings.
  const torch::Tensor hs = embed(episode.support), hq = embed(episode.query);
  const Adapted adapted = adaptEmbedded(hs, episode.support, episode.supportLabels, episode.ways, /*training=*/true);
  const torch::Tensor loss = queryLoss(logitsOf(adapted, hq, episode.query), adapted, episode);
  if (config_.globalLossWeight <= 0) return loss;
  return loss + config_.globalLossWeight * globalClassLoss(globalHead_, torch::cat({hs, hq}), episode, "Stf2mLearner");
}

torch::Tensor Stf2mLearnerImpl::pretrainLoss(const EpisodeTensors& episode) {
  if (!globalHead_)
    throw Error(ErrorCode::InvalidArgument, "Stf2mLearner", "pre-training needs pretrain_fraction > 0 in the config");
  return globalClassLoss(globalHead_, torch::cat({embed(episode.support), embed(episode.query)}), episode, "Stf2mLearner");
}

torch::Tensor Stf2mLearnerImpl::embed(const ViewTensors& views, torch::Tensor* firing, EncoderTrace* trace,
                                      torch::Tensor* ruleInputs) {
  const torch::Tensor h = fuzzy_->forward(encoder_->forward(views, nullptr, trace), nullptr, firing, ruleInputs);
  if (!config_.normaliseEmbeddings) return h;
  namespace F = torch::nn::functional;
  return std::sqrt(double(hiddenSize_)) * F::normalize(h, F::NormalizeFuncOptions().dim(1).eps(1e-8));
}

torch::Tensor Stf2mLearnerImpl::taskEmbedding(const torch::Tensor& h, const torch::Tensor& labels, int ways) {
  // Each support view is read with its class prototype (rather than a one-hot label), so the
  // encoder works for any number of classes and any class order.
  const torch::Tensor prototypeOfView = groupMeans(h, labels, ways).index_select(0, labels);
  const torch::Tensor sequence = torch::cat({h, prototypeOfView}, 1).unsqueeze(1);  // [n, 1, 2 * features]
  const torch::Tensor out = std::get<0>(task_->forward(sequence));  // [n, 1, 2 * hidden]
  return out.mean(0);                                               // [1, 2 * hidden]
}

torch::Tensor Stf2mLearnerImpl::prototypes(const torch::Tensor& h, const torch::Tensor& modality,
                                         const torch::Tensor& labels, int ways) {
  const torch::Tensor pooled = groupMeans(h, labels, ways);  // [ways, H]
  if (!config_.modalityPrototypes) return pooled;
  // mu[c, m] = (sum of c's support views of modality m + a * mu[c]) / (their count + a): the
  // modality's own evidence where the support has it, the class's pooled prototype where not.
  const torch::Tensor cell = labels * modalityCount_ + modality;
  const int64_t cells = int64_t(ways) * modalityCount_;
  const torch::Tensor counts = torch::zeros({cells}, h.options()).index_add(0, cell, torch::ones_like(cell, h.options()));
  const torch::Tensor sums = torch::zeros({cells, h.size(1)}, h.options()).index_add(0, cell, h);
  const torch::Tensor a = torch::exp(logShrink_);
  const torch::Tensor prior = pooled.repeat_interleave(modalityCount_, 0);  // [cells, H], class-major
  const torch::Tensor mu = (sums + a * prior) / (counts.unsqueeze(1) + a);
  return mu.view({ways, modalityCount_, h.size(1)}).transpose(0, 1).contiguous();  // [modalities, ways, H]
}

std::pair<torch::Tensor, torch::Tensor> Stf2mLearnerImpl::refineHead(const torch::Tensor& h, const torch::Tensor& modality,
                                                                     const torch::Tensor& labels, torch::Tensor w,
                                                                     torch::Tensor b, bool training) {
  const bool createGraph = training && !config_.firstOrder;
  if (!training) {
    w = w.detach().requires_grad_(true);
    b = b.detach().requires_grad_(true);
  }
  if (optimizer_) {
    torch::Tensor theta = torch::cat({w.flatten(), b.flatten()});
    auto state = optimizer_->start(theta.size(0), theta.device());
    for (int k = 0; k < config_.innerSteps; ++k) {
      const torch::Tensor wk = theta.slice(0, 0, w.numel()).view(w.sizes());
      const torch::Tensor bk = theta.slice(0, w.numel()).view(b.sizes());
      const torch::Tensor loss = torch::cross_entropy_loss(headLogits(h, modality, wk, bk), labels);
      const torch::Tensor grad = torch::autograd::grad({loss}, {theta}, {}, true, false)[0];
      theta = optimizer_->step(theta, grad, loss.detach(), state);
      if (!training) theta = theta.detach().requires_grad_(true);
    }
    return {theta.slice(0, 0, w.numel()).view(w.sizes()), theta.slice(0, w.numel()).view(b.sizes())};
  }
  for (int k = 0; k < config_.innerSteps; ++k) {
    const torch::Tensor loss = torch::cross_entropy_loss(headLogits(h, modality, w, b), labels);
    auto grads = torch::autograd::grad({loss}, {w, b}, {}, true, createGraph);
    const torch::Tensor lr = torch::exp(logInnerLr_[k]);
    if (!createGraph) grads[0] = grads[0].detach(), grads[1] = grads[1].detach();
    w = w - lr * grads[0];
    b = b - lr * grads[1];
    if (!training) w = w.detach().requires_grad_(true), b = b.detach().requires_grad_(true);
  }
  return {w, b};
}

Adapted Stf2mLearnerImpl::adapt(const ViewTensors& support, const torch::Tensor& labels, int ways, bool training) {
  torch::Tensor h;
  {
    torch::AutoGradMode gradients(training);
    h = embed(support);
  }
  Adapted adapted = adaptEmbedded(h, support, labels, ways, training);
  if (!training && config_.statisticsPath) addStatisticsPath(adapted, h, support, labels, ways);
  return adapted;
}

void Stf2mLearnerImpl::addStatisticsPath(Adapted& adapted, const torch::Tensor& h, const ViewTensors& support,
                                         const torch::Tensor& labels, int ways) {
  fitSummaryPrototypes(support, labels, ways, summaryWidths_, "statistics.", adapted.tensors);
  const std::vector<double>& mixes = config_.statisticsMix;
  int64_t heldOut = 0;
  const std::vector<double> correct = crossValidateMixes(h, support, labels, ways, &heldOut);
  const size_t best = size_t(std::max_element(correct.begin(), correct.end()) - correct.begin());
  const auto options = h.options();
  adapted.tensors.emplace_back("statistics.cv_correct", torch::tensor(correct, torch::kFloat64).to(options));
  adapted.tensors.emplace_back("statistics.cv_clips", torch::full({1}, double(heldOut), options));
  adapted.tensors.emplace_back("statistics.mix", torch::full({1}, mixes[best], options));
  if (adapted.modalityLogWeight.defined()) {
    adapted.tensors.emplace_back("statistics.learned_modality_log_weight", adapted.modalityLogWeight);
    adapted.modalityLogWeight = mixedReliability(adapted.modalityLogWeight, mixes[best]);
  }
}

std::vector<double> Stf2mLearnerImpl::crossValidateMixes(const torch::Tensor& h, const ViewTensors& support,
                                                         const torch::Tensor& labels, int ways, int64_t* heldOut) {
  const std::vector<double>& mixes = config_.statisticsMix;
  std::vector<double> correct(mixes.size(), 0.0);
  // The support clips of each class, in order; fold f holds out the f-th clip of every class.
  const torch::Tensor clipClass = clipLabels(labels, support).to(torch::kCPU, torch::kLong).contiguous();
  std::vector<std::vector<int64_t>> clipsOf(static_cast<size_t>(ways));
  for (int64_t c = 0; c < support.clipCount; ++c) clipsOf[size_t(clipClass.data_ptr<int64_t>()[c])].push_back(c);
  size_t folds = clipsOf.empty() ? 0 : clipsOf.front().size();
  for (const auto& clips : clipsOf) folds = std::min(folds, clips.size());
  if (folds < 2) return correct;
  const torch::Tensor clipOfView = support.clip.to(torch::kCPU, torch::kLong).contiguous();
  const int64_t* viewClip = clipOfView.data_ptr<int64_t>();
  const auto longs = torch::TensorOptions().dtype(torch::kLong);
  for (size_t f = 0; f < folds; ++f) {
    std::vector<char> held(size_t(support.clipCount), 0);
    for (const auto& clips : clipsOf) held[size_t(clips[f])] = 1;
    std::vector<int64_t> keepViews, heldViews;
    for (int64_t v = 0; v < support.size; ++v) (held[size_t(viewClip[v])] ? heldViews : keepViews).push_back(v);
    const torch::Tensor keep = torch::tensor(keepViews, longs).to(labels.device());
    const torch::Tensor test = torch::tensor(heldViews, longs).to(labels.device());
    const ViewTensors foldSupport = selectViews(support, keep), foldTest = selectViews(support, test);
    const torch::Tensor foldLabels = labels.index_select(0, keep);
    Adapted fold = adaptEmbedded(h.index_select(0, keep), foldSupport, foldLabels, ways, /*training=*/false);
    fitSummaryPrototypes(foldSupport, foldLabels, ways, summaryWidths_, "statistics.", fold.tensors);
    const torch::Tensor learned = headLogitsOf(fold, h.index_select(0, test), foldTest);
    const torch::Tensor statistics = statisticsLogits(fold, foldTest);
    const torch::Tensor truth = clipLabels(labels.index_select(0, test), foldTest);
    *heldOut += foldTest.clipCount;
    for (size_t i = 0; i < mixes.size(); ++i) {
      const torch::Tensor fused = fuseViews((1 - mixes[i]) * learned + mixes[i] * statistics, foldTest,
                                            mixedReliability(fold.modalityLogWeight, mixes[i]));
      correct[i] += fused.argmax(1).eq(truth).sum().item<double>();
    }
  }
  return correct;
}

torch::Tensor Stf2mLearnerImpl::statisticsLogits(const Adapted& adapted, const ViewTensors& views) const {
  return summaryLogits(adapted, "statistics.", views, summaryWidths_.size()) / statisticsScale_;
}

Adapted Stf2mLearnerImpl::adaptEmbedded(const torch::Tensor& h, const ViewTensors& support, const torch::Tensor& labels,
                                        int ways, bool training) {
  Adapted out;
  out.ways = ways;
  torch::Tensor hm, w0, b0;
  {
    // Outside meta-training only the head's inner loop needs gradients.
    torch::AutoGradMode gradients(training);
    torch::Tensor gamma = torch::zeros({1, hiddenSize_}, h.options()), beta = gamma;
    if (task_) {
      const torch::Tensor v = taskEmbedding(h, labels, ways);
      const torch::Tensor g = film_->forward(v);
      gamma = g.slice(1, 0, hiddenSize_);
      beta = g.slice(1, hiddenSize_);
      out.modalityLogWeight = reliability_->forward(v).squeeze(0);
    }
    hm = h * (1 + gamma) + beta;
    out.tensors = {{"gamma", gamma}, {"beta", beta}};
    if (config_.modalityPrototypes) {
      // Each modality centred on its own support mean, so a constant face/voice offset in the
      // shared embedding does not decide which class a view is nearest to.
      const torch::Tensor offset = groupMeans(hm, support.modality, modalityCount_);
      hm = hm - offset.index_select(0, support.modality);
      out.tensors.emplace_back("modality_offset", offset);
    }
    // Prototype initialisation of the head (a squared-distance classifier written as a linear layer).
    const torch::Tensor mu = prototypes(hm, support.modality, labels, ways);
    const torch::Tensor scale = torch::exp(logScale_);
    w0 = 2 * scale * mu;
    b0 = -scale * mu.pow(2).sum(-1);
  }
  GradientScope gradients;
  auto [w, b] = refineHead(autogradUsable(hm), autogradUsable(support.modality), autogradUsable(labels), autogradUsable(w0),
                           autogradUsable(b0), training);
  out.tensors.emplace_back("head.weight", w);
  out.tensors.emplace_back("head.bias", b);
  if (!training) out = out.detached();
  return out;
}

Prediction Stf2mLearnerImpl::predict(const Adapted& adapted, const ViewTensors& views) {
  Prediction p;
  p.logits = logitsOf(adapted, embed(views, &p.firing, nullptr, &p.ruleInputs), views);
  return p;
}

torch::Tensor Stf2mLearnerImpl::logitsOf(const Adapted& adapted, const torch::Tensor& h, const ViewTensors& views) {
  const torch::Tensor learned = headLogitsOf(adapted, h, views);
  const torch::Tensor* mix = adapted.find("statistics.mix");
  if (!mix) return learned;
  const double m = mix->item<double>();
  if (m <= 0) return learned;
  return (1 - m) * learned + m * statisticsLogits(adapted, views);
}

torch::Tensor Stf2mLearnerImpl::headLogitsOf(const Adapted& adapted, const torch::Tensor& h, const ViewTensors& views) {
  torch::Tensor hm = h * (1 + adapted.get("gamma")) + adapted.get("beta");
  if (config_.modalityPrototypes) hm = hm - adapted.get("modality_offset").index_select(0, views.modality);
  return headLogits(hm, views.modality, adapted.get("head.weight"), adapted.get("head.bias"));
}

}  // namespace stf2m::model
