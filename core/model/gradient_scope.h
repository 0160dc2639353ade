#pragma once
// Gradients inside adapt() whatever mode the caller runs in (core/model internal).
#include <torch/torch.h>

#include "model/view_tensors.h"

namespace stf2m::model {

// Gradients on inside adapt(), whatever the caller chose: evaluation runs under NoGradGuard (or
// InferenceMode), but every method that takes gradient steps on the support loss (ST-F2M, MAML,
// Meta-LSTM, the fine-tuned head) needs them. InferenceMode(false) also turns grad mode on.
struct GradientScope {
  c10::InferenceMode notInference{false};
  torch::AutoGradMode gradients{true};
};

// Inference tensors cannot be recorded by autograd; a clone made outside inference mode can.
inline torch::Tensor autogradUsable(const torch::Tensor& t) {
  if (!t.defined() || !t.is_inference()) return t;
  c10::InferenceMode notInference(false);
  return t.clone();
}

inline ViewTensors autogradUsable(const ViewTensors& views) {
  ViewTensors out = views;
  for (auto& rows : out.rows) rows = autogradUsable(rows);
  for (auto& index : out.index) index = autogradUsable(index);
  out.modality = autogradUsable(views.modality);
  out.position = autogradUsable(views.position);
  out.clip = autogradUsable(views.clip);
  return out;
}

}  // namespace stf2m::model
