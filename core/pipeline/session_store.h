#pragma once
// Session analysis and the project store: a stored session's media as the analysis reads them,
// the project's record of the model that analysed it, and the analysis as prediction rows
// (store/project.h, Prediction: one view per modality of the model, NaN where the window has no
// such view). Project::replacePredictions then swaps a new analysis for the old in one
// transaction.
#include <string>
#include <vector>

#include "pipeline/session_analysis.h"
#include "store/project.h"

namespace stf2m::pipeline {

std::vector<MediaFile> sessionMedia(const store::Session& session);

// The project's model with the SHA-256 of `modelPath`, registered when the project has none. An
// adapted model's parent meta-model is registered first (found at the path its card names, else
// beside the model under the same file name; CorruptData naming both when it is at neither or
// its weights differ from the card's). The stored card is the model's, with "views" (the
// model's modalities) and "classes" (its label set) for the exports.
int64_t projectModelId(store::Project& project, const std::string& modelPath);

// One prediction row per window, in order.
std::vector<store::Prediction> predictionRows(int64_t sessionId, int64_t modelId, const model::WindowPredictor& model,
                                              const std::vector<WindowResult>& windows);

// The user's feature cache: $XDG_CACHE_HOME/stf2m/features, else ~/.cache/stf2m/features.
std::string userCacheDir();

// The feature cache of a project: the folder PROJECT.features beside a project file; the user's
// cache for a project on a team server (docs/pipeline.md).
std::string projectCacheDir(const std::string& projectPath);

}  // namespace stf2m::pipeline
