#pragma once
// A meta-training run's checkpoint (OUT.checkpoint): everything `stf2m train --resume` needs to
// end with the same weights as a run never stopped, at any world size (docs/distributed.md):
// the weights, the best weights so far and their validation accuracy, Adam's state of every
// parameter, the iteration reached, and LibTorch's CPU generator. Episodes and their augmentation
// draw from generators seeded by the task number, so no other random state exists.
// It is a model file (weights/model_container.h, with a tensor table) whose card says
// "kind": "training-checkpoint", so it is read without LibTorch's archive reader and checked the
// same way. Rank 0 writes it atomically; every rank reads it.
#include <torch/torch.h>

#include <string>

#include "model/learner.h"
#include "model/model_file.h"

namespace stf2m::model {

struct TrainingCheckpoint {
  int iteration = 0;            // iterations done
  double bestValidation = -1;   // -1: not validated yet
  NamedTensors best;            // the weights of the best validation so far (empty when none)
};

// `configText` and `dataFingerprint` identify the run: a checkpoint of another configuration or
// other data is refused on resume.
void writeTrainingCheckpoint(const std::string& path, LearnerImpl& learner, torch::optim::Adam& optimizer,
                             const TrainingCheckpoint& state, const std::string& configText,
                             const std::string& dataFingerprint);

// Loads the checkpoint into `learner`, `optimizer` and the CPU generator and returns the rest.
// FileNotFound; CorruptData naming the file (damaged, not a checkpoint, a tensor missing or of
// another shape); InvalidArgument when it belongs to another configuration or other data.
TrainingCheckpoint readTrainingCheckpoint(const std::string& path, LearnerImpl& learner, torch::optim::Adam& optimizer,
                                          const std::string& configText, const std::string& dataFingerprint);

}  // namespace stf2m::model
