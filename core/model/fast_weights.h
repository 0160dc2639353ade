#pragma once
// Fast weights for gradient-based adaptation (MAML-style inner loops). Modules read every
// parameter through `pick`, so an inner loop can run the same forward code with adapted copies of
// any subset of parameters without touching the module's own (slow) parameters, which keeps the
// graph from slow to fast weights for second-order meta-gradients.
#include <torch/torch.h>

#include <unordered_map>
#include <vector>

namespace stf2m::model {

class FastWeights {
 public:
  void set(const torch::Tensor& slow, torch::Tensor fast) { map_[slow.unsafeGetTensorImpl()] = std::move(fast); }
  const torch::Tensor* find(const torch::Tensor& slow) const {
    auto it = map_.find(slow.unsafeGetTensorImpl());
    return it == map_.end() ? nullptr : &it->second;
  }
  bool empty() const { return map_.empty(); }

 private:
  std::unordered_map<const void*, torch::Tensor> map_;
};

// The fast copy of `slow` when `fast` holds one, otherwise `slow` itself.
inline const torch::Tensor& pick(const torch::Tensor& slow, const FastWeights* fast) {
  if (fast) {
    if (const torch::Tensor* t = fast->find(slow)) return *t;
  }
  return slow;
}

// One SGD step: fast[p] = current(p) - lr * grad, for each parameter p in `params`, where
// current(p) is pick(p, previous). `createGraph` keeps the step differentiable (second order).
FastWeights sgdStep(const std::vector<torch::Tensor>& params, const FastWeights* previous,
                    const torch::Tensor& loss, const torch::Tensor& lr, bool createGraph);

}  // namespace stf2m::model
