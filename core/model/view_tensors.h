#pragma once
// Views as tensors: the bridge between the Torch-free dataset (core/dataset) and the networks.
// A ViewTensors holds an ordered set of views that may mix modalities; the encoders run once per
// modality on that modality's rows and scatter the results back into set order.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "dataset/episodes.h"

namespace stf2m::model {

// Per-modality, per-feature standardisation fitted on the meta-training clips and stored in the
// model file, so a model applies the same scaling to any data it later sees.
struct Normaliser {
  std::vector<std::string> modalities;  // dataset modality order
  std::vector<std::vector<float>> mean, invStd;

  static Normaliser fit(const dataset::Dataset& data, const std::vector<int>& clips);
  // Scales every feature sequence of `data` in place (modalities matched by name).
  void apply(dataset::Dataset& data) const;
};

struct ViewTensors {
  int64_t size = 0;
  std::vector<torch::Tensor> rows;    // per modality: [n_m, T_m, D_m] float (undefined if n_m = 0)
  std::vector<torch::Tensor> index;   // per modality: [n_m] long, positions in the set
  torch::Tensor modality;             // [n] long
  torch::Tensor position;             // [n] float: window / (windowCount - 1), 0 for one window
  torch::Tensor clip;                 // [n] long: 0..clips-1, views of one clip share a number
  int64_t clipCount = 0;
  std::vector<int> clipIds;           // dataset clip index of each clip number

  ViewTensors to(const torch::Device& device) const;
};

// The views at `keep` (ascending positions in `views`, long) as a set of their own, in the same
// order; clips are renumbered 0..clips-1 in order of first appearance.
ViewTensors selectViews(const ViewTensors& views, const torch::Tensor& keep);

// Stacks `views` (all of one dataset) in order. Windows of a modality have equal row counts, except
// a clip shorter than one window, whose rows are zero-padded at the end.
ViewTensors makeViewTensors(const dataset::Dataset& data, const std::vector<dataset::View>& views,
                            const dataset::ViewOptions& options);

// Meta-training augmentation (ModelConfig::augment*): every view's rows become
// x * exp(gain) + bias + noise, with gain and bias drawn per view and feature and noise per value,
// from `generator` so a seeded task always gets the same draw.
void augmentViews(ViewTensors& views, double biasStd, double gainStd, double noiseStd, at::Generator generator);

// One N-way episode as tensors; labels are positions in Episode::classes.
struct EpisodeTensors {
  int ways = 0;
  ViewTensors support, query;
  torch::Tensor supportLabels, queryLabels;  // [n] long
  // Global class ids (index into the training class list) for methods that learn the training
  // classes directly (fine-tuning baseline); -1 when a class is not a training class.
  torch::Tensor supportGlobal, queryGlobal;

  EpisodeTensors to(const torch::Device& device) const;
};

EpisodeTensors makeEpisodeTensors(const dataset::Dataset& data, const dataset::Episode& episode,
                                  const dataset::ViewOptions& options,
                                  const std::vector<std::string>& trainClasses = {});

}  // namespace stf2m::model
