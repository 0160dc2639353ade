#include "pipeline/subject_adaptation.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "common/error.h"
#include "dataset/feature_dataset.h"
#include "model/engine.h"
#include "pipeline/segment_features.h"
#include "pipeline/session_model.h"
#include "pipeline/session_store.h"

namespace stf2m::pipeline {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// A feature dataset in a private temporary folder, removed with the object.
class TemporaryDataset {
 public:
  explicit TemporaryDataset(const dataset::Dataset& data, const CancelToken* cancel) {
    std::string pattern = (fs::temp_directory_path() / "stf2m-clips-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw Error(ErrorCode::FileUnreadable, pattern, "cannot create a temporary folder for the clips");
    dir_ = pattern;
    dataset::saveDataset(data, dir_, cancel);
  }
  ~TemporaryDataset() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  TemporaryDataset(const TemporaryDataset&) = delete;
  TemporaryDataset& operator=(const TemporaryDataset&) = delete;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

store::SupportSet chooseSupportSet(const store::Project& project, const store::Subject& subject,
                                   const std::optional<int64_t>& id) {
  const std::vector<store::SupportSet> sets = project.supportSets(subject.id);
  if (!id) {
    if (sets.empty())
      throw Error(ErrorCode::InvalidArgument, project.path(),
                  "subject " + subject.code + " has no support set; create one from its labelled segments first");
    return sets.back();
  }
  for (const store::SupportSet& s : sets)
    if (s.id == *id) return s;
  throw Error(ErrorCode::NotFound, project.path(),
              "subject " + subject.code + " has no support set with id " + std::to_string(*id));
}

// The subject's human segments of the scheme outside the support set whose label the adapted
// model knows: what the before/after comparison tests on.
std::vector<int64_t> heldOutSegments(const store::Project& project, int64_t subjectId, const store::LabelScheme& scheme,
                                     const store::SupportSet& support, const std::vector<std::string>& classes) {
  const std::set<int64_t> inSupport(support.segmentIds.begin(), support.segmentIds.end());
  std::set<int64_t> known;
  for (const store::Category& c : scheme.categories)
    if (std::find(classes.begin(), classes.end(), c.name) != classes.end()) known.insert(c.id);
  std::vector<int64_t> out;
  for (const store::Session& session : project.sessions()) {
    if (session.subjectId != subjectId) continue;
    for (const store::Segment& s : project.segments(session.id))
      if (s.schemeId == scheme.id && s.source == "human" && known.count(s.categoryId) && !inSupport.count(s.id))
        out.push_back(s.id);
  }
  return out;
}

// Clips of `dir` that an adapted model labels right (-1 when the model is missing or not adapted).
int correctClips(const std::string& modelPath, const dataset::Dataset& truth, const std::string& dir,
                 const std::string& device, std::vector<std::string>& warnings) {
  try {
    const model::PredictReport report = model::predictClips(modelPath, dir, device);
    int correct = 0;
    for (size_t c = 0; c < report.clips.size() && c < truth.clips.size(); ++c)
      correct += report.clips[c].predicted == truth.clips[c].label.dominant();
    return correct;
  } catch (const Error& e) {
    if (e.code() == ErrorCode::Cancelled) throw;
    warnings.push_back(std::string("the previous model could not be tested: ") + e.what());
    return -1;
  }
}

std::string modelPathOf(const store::Project& project, int64_t modelId) {
  for (const store::ModelRecord& m : project.models())
    if (m.id == modelId) return m.path;
  throw Error(ErrorCode::NotFound, project.path(), "no model with id " + std::to_string(modelId));
}

std::string joinIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

int64_t createSupportSet(store::Project& project, const std::string& subjectCode, const std::string& schemeName,
                         const std::vector<int64_t>& segmentIds, const std::string& name,
                         std::map<std::string, int>* perClass) {
  const store::Subject subject = project.subjectByCode(subjectCode);
  const store::LabelScheme scheme = project.scheme(schemeName);
  std::map<int64_t, std::string> category;
  for (const store::Category& c : scheme.categories) category[c.id] = c.name;
  const std::set<int64_t> wanted(segmentIds.begin(), segmentIds.end());
  std::vector<int64_t> chosen;
  std::map<std::string, int> counts;
  for (const store::Session& session : project.sessions()) {
    if (session.subjectId != subject.id) continue;
    for (const store::Segment& s : project.segments(session.id))
      if (s.schemeId == scheme.id && s.source == "human" && (wanted.empty() || wanted.count(s.id))) {
        chosen.push_back(s.id);
        ++counts[category.at(s.categoryId)];
      }
  }
  for (int64_t id : wanted)
    if (std::find(chosen.begin(), chosen.end(), id) == chosen.end())
      throw Error(ErrorCode::NotFound, project.path(),
                  "segment " + std::to_string(id) + " is not a human segment of scheme '" + scheme.name +
                      "' in a session of subject " + subject.code);
  if (chosen.empty())
    throw Error(ErrorCode::InvalidArgument, project.path(),
                "subject " + subject.code + " has no human segments of scheme '" + scheme.name + "'");
  store::SupportSet set;
  set.subjectId = subject.id;
  set.name = name.empty() ? subject.code + " " + scheme.name : name;
  set.chosenBy = project.annotatorId(project.actor(), true);
  set.segmentIds = chosen;
  const int64_t id = project.addSupportSet(set);
  if (perClass) *perClass = std::move(counts);
  return id;
}

std::vector<std::string> supportWarnings(const std::map<std::string, int>& perClass) {
  std::vector<std::string> out;
  if (perClass.size() < 2) out.push_back("a support set needs segments of at least 2 classes to adapt to");
  int fewest = 1 << 30, most = 0;
  for (const auto& [label, n] : perClass) {
    fewest = std::min(fewest, n);
    most = std::max(most, n);
  }
  if (perClass.size() >= 2 && most >= 3 * fewest)
    out.push_back("the set is strongly imbalanced (" + std::to_string(most) + " against " + std::to_string(fewest) +
                  " segments per class); the adapted model will lean to the larger classes");
  return out;
}

std::string findSessionMetaModel() {
  const fs::path meta = fs::path(findSessionModel()).parent_path() / "session-meta.stf2m";
  if (!fs::is_regular_file(meta))
    throw Error(ErrorCode::FileNotFound, meta.string(), "the shipped session meta-model is not beside the session model");
  return meta.string();
}

std::optional<int64_t> subjectModel(const store::Project& project, int64_t subjectId) {
  if (const std::optional<store::ModelActivation> active = project.activeModel(subjectId)) return active->modelId;
  std::optional<int64_t> newest;
  std::string newestAt;
  for (const store::Session& session : project.sessions()) {
    if (session.subjectId != subjectId) continue;
    const std::vector<store::PredictionSet> sets = project.predictionSets(session.id);
    if (!sets.empty() && sets.front().createdAt > newestAt) {
      newestAt = sets.front().createdAt;
      newest = sets.front().modelId;
    }
  }
  return newest;
}

int predictSubjectSessions(store::Project& project, int64_t subjectId, const std::string& modelPath,
                           AnalysisOptions options, const CancelToken* cancel, const StageProgress& progress,
                           std::vector<std::string>* warnings) {
  if (options.extraction.cacheDir.empty()) options.extraction.cacheDir = projectCacheDir(project.path());
  std::vector<store::Session> sessions;
  for (store::Session& s : project.sessions())
    if (s.subjectId == subjectId) sessions.push_back(std::move(s));
  const int64_t modelId = projectModelId(project, modelPath);
  int done = 0;
  for (size_t i = 0; i < sessions.size(); ++i) {
    const store::Session& session = sessions[i];
    try {
      SessionAnalysis analysis(sessionMedia(session), modelPath, options);
      std::vector<WindowResult> windows;
      analysis.run([&](const AnalysisUpdate& u) { windows.insert(windows.end(), u.windows.begin(), u.windows.end()); },
                   cancel, [&](const std::string&, double f) {
                     if (progress) progress("predict", (double(i) + f) / double(sessions.size()));
                   });
      project.replacePredictions(session.id, modelId, predictionRows(session.id, modelId, analysis.model(), windows));
      ++done;
    } catch (const Error& e) {
      if (!warnings || e.code() == ErrorCode::Cancelled) throw;
      warnings->push_back("session " + std::to_string(session.id) + " (" + session.name + ") was not predicted: " + e.what());
    }
  }
  return done;
}

SubjectAdaptationSummary adaptSubject(store::Project& project, const std::string& subjectCode,
                                      SubjectAdaptationOptions options, const CancelToken* cancel,
                                      const StageProgress& progress) {
  auto stage = [&](const char* name, double f) {
    if (progress) progress(name, f);
  };
  const store::Subject subject = project.subjectByCode(subjectCode);
  const store::SupportSet support = chooseSupportSet(project, subject, options.supportSetId);
  const store::LabelScheme scheme = project.scheme(options.scheme);
  if (options.metaModelPath.empty()) options.metaModelPath = findSessionMetaModel();
  if (options.outPath.empty()) throw Error(ErrorCode::InvalidArgument, project.path(), "no file named for the adapted model");
  if (fs::exists(options.outPath))
    throw Error(ErrorCode::Conflict, options.outPath, "exists; the adapted model is written to a new file");
  if (options.analysis.extraction.cacheDir.empty()) options.analysis.extraction.cacheDir = projectCacheDir(project.path());

  SubjectAdaptationSummary summary;
  summary.subjectId = subject.id;
  summary.supportSetId = support.id;
  const std::optional<int64_t> previous = subjectModel(project, subject.id);

  // The support clips, from the cache.
  auto start = Clock::now();
  stage("support", 0);
  SegmentFeatureOptions clips;
  clips.scheme = options.scheme;
  clips.segmentIds = support.segmentIds;
  clips.extraction = options.analysis.extraction;
  SegmentFeatureSummary clipSummary;
  const dataset::Dataset supportData = segmentDataset(project, clips, clipSummary, cancel);
  summary.warnings = clipSummary.warnings;
  const TemporaryDataset supportDir(supportData, cancel);
  summary.supportSeconds = secondsSince(start);

  // Adapt, store, activate. The model file goes if it cannot be registered.
  start = Clock::now();
  stage("adapt", 0);
  model::AdaptRequest request;
  request.modelPath = options.metaModelPath;
  request.supportPath = supportDir.dir();
  request.outPath = options.outPath;
  request.device = options.analysis.device;
  request.supportOrigin = {{"project", fs::absolute(project.path()).string()},
                           {"subject", subject.code},
                           {"support_set", std::to_string(support.id)},
                           {"segments", joinIds(support.segmentIds)}};
  request.supportSetIds = {support.id};
  request.note = "Adapted to subject " + subject.code + " from support set " + std::to_string(support.id) + " of " +
                 fs::path(project.path()).filename().string() + ".";
  const model::AdaptSummary adapted = model::adaptModel(request);
  try {
    summary.modelId = projectModelId(project, options.outPath);
    project.activateModel(subject.id, summary.modelId, support.id);
  } catch (...) {
    std::error_code ec;
    fs::remove(options.outPath, ec);
    throw;
  }
  for (const store::ModelRecord& m : project.models())
    if (m.id == summary.modelId) summary.modelSha256 = m.sha256;
  summary.classes = adapted.classes;
  summary.supportClips = adapted.supportClips;
  summary.supportViews = adapted.supportViews;
  summary.statistics = adapted.statistics;
  summary.adaptSeconds = secondsSince(start);

  // Before and after.
  start = Clock::now();
  stage("evaluate", 0);
  AdaptationAccuracy& acc = summary.accuracy;
  acc.previousModelId = previous;
  const std::string previousPath = previous ? modelPathOf(project, *previous) : std::string();
  const std::vector<int64_t> heldOut = heldOutSegments(project, subject.id, scheme, support, summary.classes);
  if (heldOut.size() >= summary.classes.size()) {
    SegmentFeatureOptions testOptions = clips;
    testOptions.segmentIds = heldOut;
    SegmentFeatureSummary testSummary;
    const dataset::Dataset test = segmentDataset(project, testOptions, testSummary, cancel);
    const TemporaryDataset testDir(test, cancel);
    acc.method = "held-out";
    acc.clips = int(test.clips.size());
    acc.adaptedCorrect = correctClips(options.outPath, test, testDir.dir(), request.device, summary.warnings);
    if (previous) acc.previousCorrect = correctClips(previousPath, test, testDir.dir(), request.device, summary.warnings);
  } else {
    const model::LeaveOneOutReport loo =
        model::leaveOneOutAccuracy(options.metaModelPath, supportDir.dir(), request.device);
    if (loo.clips > 0) {
      acc.method = "leave-one-out";
      acc.clips = loo.clips;
      acc.adaptedCorrect = loo.correct;
      // The previous model answers the same clips when leave-one-out answered all of them.
      if (previous && loo.skipped == 0)
        acc.previousCorrect = correctClips(previousPath, supportData, supportDir.dir(), request.device, summary.warnings);
    } else {
      summary.warnings.push_back("no labelled segment could test the adapted model (label more clips of each class)");
    }
  }
  summary.evaluateSeconds = secondsSince(start);

  if (options.repredict) {
    start = Clock::now();
    summary.sessionsPredicted =
        predictSubjectSessions(project, subject.id, options.outPath, options.analysis, cancel, progress, &summary.warnings);
    summary.predictSeconds = secondsSince(start);
  }
  return summary;
}

}  // namespace stf2m::pipeline
