#pragma once
// Adapting to one subject (docs/adaptation.md): the meta-model adapted to a support set of the
// subject's labelled segments, read from the project's feature cache; the adapted model stored
// in the project (parent, support set, SHA-256, card) and made the subject's active model; the
// subject's sessions re-predicted from the cache; the accuracy of the previous and the new model
// on the subject's labelled segments outside the support set (leave-one-out over the support set
// when there are none it could answer). Qt-free and synchronous, with a cancel token and progress
// per stage ("support", "adapt", "evaluate", "predict").
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "common/statistics_choice.h"
#include "pipeline/session_analysis.h"
#include "store/project.h"

namespace stf2m::pipeline {

struct SubjectAdaptationOptions {
  std::string metaModelPath;           // empty: the shipped session meta-model
  std::string outPath;                 // the adapted model file; must not exist
  std::optional<int64_t> supportSetId; // empty: the subject's newest support set
  std::string scheme = "emotion";      // the categorical scheme of the segments
  AnalysisOptions analysis;            // extraction.cacheDir: the project's cache when empty
  bool repredict = true;               // re-predict the subject's sessions with the new model
};

struct AdaptationAccuracy {
  std::string method;        // "held-out", "leave-one-out", or empty when nothing could be tested
  int clips = 0;             // segments tested
  int adaptedCorrect = 0;
  std::optional<int64_t> previousModelId;
  int previousCorrect = -1;  // -1: no previous model could answer (none, or its file is missing)
};

struct SubjectAdaptationSummary {
  int64_t subjectId = 0, supportSetId = 0, modelId = 0;
  std::string modelSha256;
  std::vector<std::string> classes;  // the adapted label set
  int supportClips = 0, supportViews = 0;
  // Which evidence labels the subject's sessions (the statistics path's mix, chosen by
  // cross-validation on the support clips); absent for a meta-model without the path.
  StatisticsChoice statistics;
  double supportSeconds = 0;  // building the support clips from the cache
  double adaptSeconds = 0;    // adapting, writing and registering the model, activating it
  double evaluateSeconds = 0;
  double predictSeconds = 0;  // re-predicting the sessions
  int sessionsPredicted = 0;
  AdaptationAccuracy accuracy;
  std::vector<std::string> warnings;
};

// A support set of the subject's human segments of `scheme` (categorical): `segmentIds`, or every
// one in its sessions when empty. `perClass` receives the segments per label. NotFound for an
// unknown subject or scheme or a listed segment that is not the subject's human segment of the
// scheme; InvalidArgument when there is none.
int64_t createSupportSet(store::Project& project, const std::string& subjectCode, const std::string& scheme,
                         const std::vector<int64_t>& segmentIds, const std::string& name,
                         std::map<std::string, int>* perClass = nullptr);

// What a support set's per-class counts should warn about: fewer than 2 classes, or the largest
// class at least 3 times the smallest.
std::vector<std::string> supportWarnings(const std::map<std::string, int>& perClass);

// Errors: NotFound for an unknown subject, support set or segment; InvalidArgument for a subject
// without support sets, a support set of one class or a model that is not a meta-model; Conflict
// when outPath exists; the media's and the model's errors name their file. A
// failure before the model is registered leaves the project as it was.
SubjectAdaptationSummary adaptSubject(store::Project& project, const std::string& subjectCode,
                                      SubjectAdaptationOptions options, const CancelToken* cancel = nullptr,
                                      const StageProgress& progress = {});

// The subject's active model: the newest entry of its history, else the model with the newest
// predictions of its sessions; nothing when neither exists.
std::optional<int64_t> subjectModel(const store::Project& project, int64_t subjectId);

// Re-predicts (or analyses) every session of the subject with `modelPath`, storing the rows in
// place of that model's earlier ones per session. Returns the sessions done. With `warnings`, a
// session that fails (its media missing) is skipped and named there; without, its error is thrown.
int predictSubjectSessions(store::Project& project, int64_t subjectId, const std::string& modelPath,
                           AnalysisOptions options, const CancelToken* cancel = nullptr,
                           const StageProgress& progress = {}, std::vector<std::string>* warnings = nullptr);

// The shipped session meta-model, beside the shipped session model.
std::string findSessionMetaModel();

}  // namespace stf2m::pipeline
