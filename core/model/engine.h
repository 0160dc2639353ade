#pragma once
// The learning engine's public API, without LibTorch types, for the CLI and the UI:
// meta-train a model on a feature dataset, evaluate it on few-shot episodes, adapt it to a
// subject's labelled clips, and predict clip- and view-level emotions. Model files hold the
// weights and a JSON card (model_file.h). Errors are stf2m::Error naming the file and problem.
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "common/statistics_choice.h"
#include "dataset/subject_calibration.h"
#include "model/model_config.h"
#include "model/rank_environment.h"

namespace stf2m::model {

struct TrainRequest {
  std::string dataDir;
  std::string outPath;            // the model file to write (its card beside it: OUT.card.json)
  std::optional<std::string> configPath;  // JSON config; defaults otherwise
  std::optional<Method> method;           // overrides the config
  std::optional<Ablations> ablate;        // overrides the config
  std::optional<uint64_t> seed;           // overrides the config
  std::optional<int> iterations;          // overrides the config
  bool resume = false;            // continue from OUT.checkpoint (same config and data required)
  std::string device = "auto";    // auto | cpu | cuda
  std::string commandLine;        // recorded in the card
  std::string note;               // recorded in the card as "note" when not empty: what the model is
  // Data-parallel training (docs/distributed.md): this process's rank, world and master; unset:
  // from the environment launchers set (rankEnvironmentOfProcess), one process when none is.
  std::optional<RankEnvironment> ranks;
  // How long a rank waits for the others (joining, and every exchange) before PeerLost.
  std::chrono::milliseconds peerTimeout{60000};
};

struct TrainProgress {
  int iteration = 0, iterations = 0;
  double loss = 0;                 // mean episode loss since the last report
  double validationAccuracy = -1;  // at validation points, else -1
  double seconds = 0;              // since this run started
  bool checkpointed = false;
  std::string notice;              // a message about the whole run, in its first report only
};

struct TrainSummary {
  int iterations = 0;
  int startIteration = 0;          // > 0 when resumed
  double seconds = 0;
  double secondsPerIteration = 0;  // median over the run's meta-training (episodic) iterations
  double secondsPerPretrainIteration = 0;  // median over its pre-training iterations (0: none)
  double validationAccuracy = -1;  // of the saved weights (best validation point)
  int validationQueries = 0;       // queries per class of the validation episodes (0: no validation)
  std::string validationNote;      // why validation runs with fewer queries or not at all (else empty)
  int64_t parameters = 0;
  std::string device;
  int rank = 0, world = 1;         // of a data-parallel run; only rank 0 writes the model file
  double exchangeSecondsPerIteration = 0;  // median time summing the gradients over the ranks
  std::string weightsSha256;       // of the trained weights, equal on every rank
};

TrainSummary trainModel(const TrainRequest& request, const CancelToken* cancel = nullptr,
                        const std::function<void(const TrainProgress&)>& progress = {});

struct EvalRequest {
  std::string dataDir;
  std::string modelPath;
  int ways = 5;
  std::vector<int> shots{1, 5};
  int queries = 15;
  int episodes = 600;
  uint64_t seed = 2024;            // episode seed (same seed, same episodes for every model)
  std::string part = "test";       // test | val | train
  std::string device = "auto";
  // Shots and queries count whole clips (every view of each), as a subject's support set is used
  // (dataset::EpisodeShape::wholeClips); otherwise they count views.
  bool wholeClips = false;
  // False: ST-F2M models are evaluated without their statistics path (ModelConfig::statisticsPath),
  // for the ablation; the method is then reported as "stf2m-no-statistics".
  bool statisticsPath = true;
};

struct ShotResult {
  int shots = 0;
  int episodes = 0;
  double accuracy = 0, accuracyCi95 = 0;          // view-level query accuracy, mean over episodes
  double macroF1 = 0, macroF1Ci95 = 0;
  double clipAccuracy = 0, clipAccuracyCi95 = 0;  // query clips, fused over their views
  double adaptMsMedian = 0;                        // wall time of adapt() per episode
};

struct EvalReport {
  std::string modelPath;
  std::string method;     // methodName, with "-no-X" suffixes for ablations
  std::string ablations;  // Ablations::text()
  int ways = 0;
  std::string device;
  std::vector<ShotResult> results;  // in request order
};

EvalReport evaluateModel(const EvalRequest& request, const CancelToken* cancel = nullptr,
                         const ProgressCallback& progress = {});

struct AdaptRequest {
  std::string modelPath;    // a meta-trained model
  std::string supportPath;  // a feature dataset folder (or its clips.csv): every clip is support
  std::string outPath;      // the adapted model file
  std::string device = "auto";
  std::string commandLine;
  std::string note;  // recorded in the card as "note" when not empty: what the model has and has not seen
  // Where the support came from, recorded in the card's "support" object (a project's support set:
  // {"project", path}, {"support_set", id}); the folder is recorded as "path" when this is empty.
  std::vector<std::pair<std::string, std::string>> supportOrigin;
  // The project's support sets the clips came from: the card's "support_set_ids", which every
  // export of the model's predictions names.
  std::vector<int64_t> supportSetIds;
};

struct AdaptSummary {
  std::vector<std::string> classes;  // the adapted label set, sorted
  int supportClips = 0, supportViews = 0;
  double milliseconds = 0;
  // Per subject of the support set; empty when the model does not calibrate subjects.
  std::vector<dataset::SubjectCalibration> calibration;
  // ST-F2M's statistics path (ModelConfig::statisticsPath): the mix of statistics evidence
  // chosen for this support set and the cross-validation behind it; absent without the path.
  StatisticsChoice statistics;
};

AdaptSummary adaptModel(const AdaptRequest& request);

// How well adaptation does on the support clips themselves when there are no others to test on:
// each clip in turn is left out, the meta-model adapted to the rest and the clip predicted (its
// fused answer). A clip whose class none of the rest has is skipped (it cannot be answered).
struct LeaveOneOutReport {
  int clips = 0;    // clips predicted
  int correct = 0;
  int skipped = 0;
};
LeaveOneOutReport leaveOneOutAccuracy(const std::string& metaModelPath, const std::string& supportPath,
                                      const std::string& device = "auto");

struct ViewPrediction {
  std::string modality;
  int window = 0;
  double startS = 0, endS = 0;
  std::vector<double> probabilities;           // per class
  std::vector<std::array<double, 3>> terms;    // per class: low, medium, high memberships
  std::vector<double> ruleFiring;              // per fuzzy rule (sums to 1); empty for methods without rules
};

struct ClipPrediction {
  std::string clipId;
  std::string subject;
  std::vector<double> probabilities;  // fused, per class
  std::string predicted;              // most probable class
  std::vector<ViewPrediction> views;
};

struct PredictReport {
  std::vector<std::string> classes;
  std::vector<std::string> modalities;
  std::vector<ClipPrediction> clips;
  // Per subject of the data; empty when the model does not calibrate subjects.
  std::vector<dataset::SubjectCalibration> calibration;
};

// An adapted model predicts its own classes for every clip of `dataDir` (labels not needed).
// InvalidArgument when the model is not adapted (run adaptModel first).
PredictReport predictClips(const std::string& modelPath, const std::string& dataDir, const std::string& device = "auto");

// The card of a model file as JSON text (checks the file's integrity first).
std::string readModelCardText(const std::string& modelPath);

// Rewrites a model of format version 1, whose weights are a LibTorch archive, as the current
// version at `to` (a new file: projects know a model by its file's SHA-256). The card keeps every
// key of its own and records the old weights under "upgraded_from", so that adapted models still
// find an upgraded parent. LibTorch reads the archive here, and only here: convert models you
// trust. InvalidArgument when `from` is already current or `to` is `from`.
void upgradeModelFile(const std::string& from, const std::string& to);

}  // namespace stf2m::model
