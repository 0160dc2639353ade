#pragma once
// A project's labelled segments as a feature dataset (docs/dataset-format.md), so researchers can
// meta-train (`stf2m train`) on their own recordings and analyse with the result (`stf2m
// analyze --model`). Each human segment of a categorical scheme becomes one clip: subject = the
// session's subject code, label = the category, start_s / end_s = the segment on the session
// clock, features = the session's face rows (face schema v1, resampled to a fixed rate: the row
// nearest in time; presence 0 where no face is on screen and in sessions without video) and voice
// rows (voice schema v1, 100 Hz; zeros in sessions without audio). Features come from the
// project's feature cache where it has them (stf2m analyze --project fills it) and are computed
// and cached otherwise.
#include <string>
#include <vector>

#include "common/cancel.h"
#include "dataset/feature_dataset.h"
#include "pipeline/session_features.h"
#include "store/project.h"

namespace stf2m::pipeline {

struct SegmentFeatureOptions {
  std::string scheme = "emotion";  // a categorical scheme of the project
  std::vector<int64_t> segmentIds; // only these segments (a support set); empty: every human one
  double faceRateHz = 25.0;        // the dataset's face rate (every session resampled to it)
  ExtractionOptions extraction;    // cacheDir: the project's cache (projectCacheDir) by default
};

struct SegmentFeatureSummary {
  int sessions = 0;        // sessions with segments of the scheme
  int clips = 0;
  ExtractionStats extraction;  // summed over the sessions
  std::vector<std::string> warnings;  // sessions without video or audio, segments past the media
};

// The clips in memory, in session order and by start within a session. NotFound for an unknown
// scheme or a listed segment that is not a human segment of it, InvalidArgument for a continuous
// scheme or a project without segments of the scheme; the media's errors name the file.
dataset::Dataset segmentDataset(const store::Project& project, SegmentFeatureOptions options,
                                SegmentFeatureSummary& summary, const CancelToken* cancel = nullptr,
                                const StageProgress& progress = {});

// The same written to DIR (which must not exist or be empty: dataset::saveDataset).
SegmentFeatureSummary writeSegmentFeatures(const store::Project& project, const std::string& outDir,
                                           SegmentFeatureOptions options, const CancelToken* cancel = nullptr,
                                           const StageProgress& progress = {});

}  // namespace stf2m::pipeline
