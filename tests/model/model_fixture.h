#pragma once
// The learning-engine tests' small dataset and model: classes separable by construction in every
// view of two modalities, a tiny model configuration, a by-subject split, and a fixture that
// draws episodes and builds learners (test_model_baselines, test_statistics_path).
#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dataset/episodes.h"
#include "model/learner.h"
#include "model/model_config.h"
#include "model/view_tensors.h"

namespace stf2m::model::testing {

using dataset::Dataset;

// `classes` emotions, each with a fixed random pattern per modality (face: 12 features in 3
// groups at 25 Hz; voice: 16 features in 2 bands at 100 Hz); every frame is its class pattern
// plus a small subject offset plus noise, so classes are linearly separable in every view.
inline Dataset separableData(int classes = 6, int subjects = 3, int clipsPerPair = 3, double seconds = 3.0) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Dataset d;
  d.modalities = {{"face", 12, 25.0, {{"brows", 0, 4}, {"eyes", 4, 8}, {"mouth", 8, 12}}},
                  {"voice", 16, 100.0, {{"low", 0, 8}, {"high", 8, 16}}}};
  auto draw = [&](int n, float scale) {
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = scale * normal(rng);
    return v;
  };
  std::vector<std::vector<std::vector<float>>> pattern(static_cast<size_t>(classes));
  for (auto& perModality : pattern)
    for (const auto& spec : d.modalities) perModality.push_back(draw(spec.dimension, 1.0f));
  std::vector<std::vector<std::vector<float>>> offset(static_cast<size_t>(subjects));
  for (auto& perModality : offset)
    for (const auto& spec : d.modalities) perModality.push_back(draw(spec.dimension, 0.2f));
  for (int s = 0; s < subjects; ++s)
    for (int c = 0; c < classes; ++c)
      for (int k = 0; k < clipsPerPair; ++k) {
        dataset::Clip clip;
        clip.id = "clip" + std::to_string(d.clips.size());
        clip.subject = "subject" + std::to_string(s);
        clip.label = dataset::EmotionLabel::single("class" + std::to_string(c));
        for (size_t m = 0; m < d.modalities.size(); ++m) {
          const auto& spec = d.modalities[m];
          dataset::FeatureSequence seq;
          seq.rateHz = spec.rateHz;
          seq.rows = static_cast<int64_t>(std::lround(seconds * spec.rateHz));
          seq.cols = spec.dimension;
          seq.data.resize(static_cast<size_t>(seq.rows * seq.cols));
          for (int64_t r = 0; r < seq.rows; ++r)
            for (int j = 0; j < spec.dimension; ++j)
              seq.data[static_cast<size_t>(r * seq.cols + j)] =
                  pattern[size_t(c)][m][size_t(j)] + offset[size_t(s)][m][size_t(j)] + 0.5f * normal(rng);
          clip.features[spec.name] = std::move(seq);
        }
        d.clips.push_back(std::move(clip));
      }
  dataset::validateDataset(d);
  return d;
}

// A small model: 1 s views, 8-wide encoder, 3-way 2-shot episodes with 4 queries per class.
inline ModelConfig smallConfig(Method method) {
  ModelConfig c;
  c.method = method;
  c.windowSeconds = 1.0;
  c.hopSeconds = 1.0;
  c.groupChannels = 4;
  c.hidden = 8;
  c.embedding = 8;
  c.dilations = {1, 2};
  c.temporalBlocks = 1;
  c.innerSteps = 2;
  c.innerLr = 0.5;
  c.finetuneSteps = 50;
  c.ways = 3;
  c.trainShots = {2};
  c.queries = 4;
  return c;
}

inline dataset::ViewOptions viewOptions(const ModelConfig& c) { return {c.windowSeconds, c.hopSeconds, {}}; }

// Train on two subjects, test on the third; all classes in both (the structure is what matters).
inline dataset::DatasetSplit subjectSplit(const Dataset& d) {
  dataset::SplitOptions options;
  options.valSubjectFraction = 0.0;
  options.testSubjectFraction = 0.34;
  options.disjointClasses = false;
  options.useSplitColumn = false;
  return dataset::splitDataset(d, options);
}

struct Fixture {
  Dataset data = separableData();
  dataset::DatasetSplit split = subjectSplit(data);
  std::vector<std::string> trainClasses() const { return split.classes[0]; }
  dataset::EpisodeSampler sampler(const ModelConfig& c, dataset::SplitPart part, uint64_t seed) const {
    return dataset::EpisodeSampler(data, split, part, {c.ways, c.trainShots.front(), c.queries}, seed, viewOptions(c));
  }
  EpisodeTensors episode(const ModelConfig& c, dataset::EpisodeSampler& s) const {
    return makeEpisodeTensors(data, s.next(), viewOptions(c), trainClasses());
  }
  std::shared_ptr<LearnerImpl> learner(const ModelConfig& c, uint64_t seed = 3) const {
    torch::manual_seed(seed);
    return makeLearner(c, data.modalities, static_cast<int>(trainClasses().size()));
  }
};

}  // namespace stf2m::model::testing
