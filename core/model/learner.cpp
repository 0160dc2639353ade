#include "model/learner.h"

#include "common/error.h"
#include "model/baselines.h"
#include "model/stf2m_learner.h"

namespace stf2m::model {

const torch::Tensor* Adapted::find(const std::string& name) const {
  for (const auto& [key, t] : tensors)
    if (key == name) return &t;
  return nullptr;
}

const torch::Tensor& Adapted::get(const std::string& name) const {
  if (const torch::Tensor* t = find(name)) return *t;
  throw Error(ErrorCode::Internal, "adapted model", "missing tensor '" + name + "'");
}

Adapted Adapted::detached() const {
  Adapted out;
  out.ways = ways;
  for (const auto& [key, t] : tensors) out.tensors.emplace_back(key, t.detach().clone());
  if (modalityLogWeight.defined()) out.modalityLogWeight = modalityLogWeight.detach().clone();
  return out;
}

torch::Tensor fuseViews(const torch::Tensor& viewLogits, const ViewTensors& views, const torch::Tensor& modalityLogWeight) {
  const torch::Tensor logp = torch::log_softmax(viewLogits, 1);
  const torch::Tensor entropy = -(logp.exp() * logp).sum(1);
  torch::Tensor score = -entropy;
  if (modalityLogWeight.defined()) score = score + modalityLogWeight.index_select(0, views.modality);
  // Softmax of the scores within each clip (shifting by the global maximum keeps exp finite and
  // cancels in the ratio).
  const torch::Tensor w = torch::exp(score - std::get<0>(score.max(0)).detach());
  const torch::Tensor denom = torch::zeros({views.clipCount}, w.options()).index_add(0, views.clip, w);
  const torch::Tensor sum =
      torch::zeros({views.clipCount, viewLogits.size(1)}, logp.options()).index_add(0, views.clip, logp * w.unsqueeze(1));
  return torch::log_softmax(sum / denom.unsqueeze(1), 1);
}

torch::Tensor clipLabels(const torch::Tensor& viewLabels, const ViewTensors& views) {
  return torch::zeros({views.clipCount}, viewLabels.options()).scatter(0, views.clip, viewLabels);
}

torch::Tensor globalClassLoss(torch::nn::Linear& head, const torch::Tensor& embedding, const EpisodeTensors& episode,
                              const std::string& learner) {
  if (!episode.supportGlobal.defined() || !episode.queryGlobal.defined())
    throw Error(ErrorCode::InvalidArgument, learner,
                "training over the meta-training classes needs the episodes' global class ids "
                "(makeEpisodeTensors with the training classes)");
  const torch::Tensor global = torch::cat({episode.supportGlobal, episode.queryGlobal}).to(torch::kLong);
  const torch::Tensor known = (global >= 0).nonzero().squeeze(1);
  if (known.numel() == 0) return head->forward(embedding).sum() * 0.0;
  return torch::cross_entropy_loss(head->forward(embedding.index_select(0, known)), global.index_select(0, known));
}

torch::Tensor LearnerImpl::episodeLoss(const EpisodeTensors& episode) {
  const Adapted adapted = adapt(episode.support, episode.supportLabels, episode.ways, /*training=*/true);
  return queryLoss(predict(adapted, episode.query).logits, adapted, episode);
}

torch::Tensor LearnerImpl::pretrainLoss(const EpisodeTensors& episode) { return episodeLoss(episode); }

torch::Tensor LearnerImpl::queryLoss(const torch::Tensor& logits, const Adapted& adapted,
                                     const EpisodeTensors& episode) const {
  torch::Tensor loss = torch::cross_entropy_loss(logits, episode.queryLabels);
  if (config_.clipLossWeight > 0) {
    const torch::Tensor fused = fuseViews(logits, episode.query, adapted.modalityLogWeight);
    loss = loss + config_.clipLossWeight * torch::nll_loss(fused, clipLabels(episode.queryLabels, episode.query));
  }
  return loss;
}

std::shared_ptr<LearnerImpl> makeLearner(const ModelConfig& config, const std::vector<dataset::ModalitySpec>& modalities,
                                         int trainClasses) {
  switch (config.method) {
    case Method::Stf2m: return std::make_shared<Stf2mLearnerImpl>(config, modalities, trainClasses);
    case Method::ProtoNet: return makeProtoNet(config, modalities);
    case Method::Maml: return makeMaml(config, modalities);
    case Method::MetaLstm: return makeMetaLstm(config, modalities);
    case Method::Finetune: return makeFinetune(config, modalities, trainClasses);
    case Method::Pooled: return makePooled(config, modalities);
  }
  throw Error(ErrorCode::Internal, "model", "unknown method");
}

}  // namespace stf2m::model
