#pragma once
// Agreement of a project's annotations: rater versus rater, and model versus rater in the same
// units beside the rater-versus-rater range, per session or per subject.
//
// Categorical schemes: every rater's segments are sampled at `rate` Hz (frame centres), frames
// a rater left unlabelled are missing. Pairs: Cohen's kappa over frames both labelled. All
// raters: Krippendorff's alpha (nominal), which allows missing frames, and Fleiss' kappa over
// the frames every rater labelled. Segments whose source is "model" form the rater
// "model:<annotator>", so a model is compared with each human exactly as two humans are.
// Continuous schemes: each dimension's traces are resampled (linear interpolation) onto one
// grid over the time all of them cover; pairs get Lin's CCC, all raters ICC(2,1) and
// Krippendorff's alpha (interval).
#include <cstdint>
#include <string>
#include <vector>

#include "store/project.h"

namespace stf2m::store {

struct PairAgreement {
  std::string raterA, raterB;
  bool involvesModel = false;
  int64_t units = 0;       // frames (or trace samples) both rated
  double value = 0;        // Cohen's kappa or CCC; NaN when undefined
};

struct GroupAgreement {
  std::string scope;       // "session <id> <name>" or "subject <code>"
  std::string scheme;      // scheme name, or "scheme/dimension" for traces
  std::string statistic;   // "cohen_kappa" or "ccc" (the pair statistic)
  double rate = 0;         // Hz
  int64_t units = 0;       // frames or samples in the scope
  std::vector<std::string> raters;
  std::vector<PairAgreement> pairs;
  double alpha = 0;        // Krippendorff: nominal for categories, interval for traces
  double fleissKappa = 0;  // categorical only, over fully rated frames; NaN when not computable
  double icc21 = 0;        // continuous only
  double humanMin = 0, humanMax = 0;  // range of the human-human pair values (NaN when < 2 humans)
};

enum class AgreementScope { Session, Subject };

// Throws NotFound for an unknown scheme (or model), InvalidArgument for a non-positive rate.
// `modelId` > 0 (categorical schemes): that model's stored predictions join as the rater
// "model:<file name>", each window's most probable class standing for the hop around its centre
// (classes the scheme does not have, and windows without views, count as unlabelled).
std::vector<GroupAgreement> computeAgreement(const Project& project, const std::string& scheme, double rate,
                                             AgreementScope scope, int64_t modelId = 0);

}  // namespace stf2m::store
