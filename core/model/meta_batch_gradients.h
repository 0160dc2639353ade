#pragma once
// The gradients of one meta-batch, kept per episode so that their sum does not depend on how the
// episodes were shared among ranks (docs/distributed.md, "Same result at any world size").
//
// One process accumulates .grad episode after episode: ((0 + g0) + g1) + ... . Here each rank
// moves the gradient of each of its episodes into that episode's row (the other rows stay exact
// zeros), the rows are summed over the ranks (adding exact zeros changes nothing, whatever order
// the all-reduce adds in), and every rank then adds the rows into .grad in episode order: the
// same operations as one process, so the same bits. A parameter that no episode reached keeps
// its gradient as it was (undefined before its first use), as one process would, so Adam skips
// it or decays its moments the same way.
#include <torch/torch.h>

#include <vector>

#include "model/communicator.h"

namespace stf2m::model {

class MetaBatchGradients {
 public:
  MetaBatchGradients(std::vector<torch::Tensor> parameters, int episodes);

  // After the backward pass of episode `index` (0-based in the meta-batch, run on this rank):
  // moves every parameter's gradient into the episode's row and clears it. `loss`: the episode's
  // contribution to the iteration's loss.
  void collect(int index, double loss);

  // Sums the rows over the ranks and adds them into the parameters' gradients in episode order.
  // Returns the iteration's loss (the episodes' losses summed in order). Clears the rows.
  double reduce(Communicator& communicator);

 private:
  std::vector<torch::Tensor> parameters_;
  std::vector<int64_t> offsets_;  // each parameter's first column
  int episodes_;
  torch::Tensor rows_;     // [episodes, all parameters' elements]
  torch::Tensor reached_;  // [episodes, parameters], 1 where the episode gave the parameter a gradient
  torch::Tensor losses_;   // [episodes], float64
};

}  // namespace stf2m::model
