#pragma once
// What to label next (docs/adaptation.md): the windows of a session that no human segment covers,
// ranked by how much a label there would teach the model. Two signals, each in [0, 1]: the
// uncertainty of the fused answer (its entropy over log(classes)) and the disagreement between
// the modalities (the mean Jensen-Shannon divergence, base 2, between the views' probabilities;
// 0 with one view). The score is their sum; overlapping windows are suggested once (the better).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/project.h"

namespace stf2m::pipeline {

struct Suggestion {
  int64_t predictionId = 0;
  double start = 0, end = 0;   // session seconds
  std::string predicted;       // the fused answer's class
  double probability = 0;      // of that class
  double uncertainty = 0;
  double disagreement = 0;
  double score = 0;
};

// `modelId` empty: the subject's active model (subjectModel). NotFound for an unknown session;
// InvalidArgument when the session has no predictions of that model (analyse it first).
std::vector<Suggestion> suggestWindows(const store::Project& project, int64_t sessionId, int top,
                                       std::optional<int64_t> modelId = std::nullopt);

// The building blocks, for tests and the views.
double normalisedEntropy(const std::vector<float>& p);
double jensenShannon(const std::vector<float>& p, const std::vector<float>& q);  // base 2, in [0, 1]

}  // namespace stf2m::pipeline
