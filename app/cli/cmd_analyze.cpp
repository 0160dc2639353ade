// stf2m analyze MEDIA...: a recording through the whole session analysis (core/pipeline) with an
// adapted model, the shipped session model by default. With --json stdout is one JSON object
// (the contract in README.md, "Session analysis"); without, a tidy CSV. Progress goes to stderr:
// a live bar on a terminal, plain lines otherwise, nothing with --quiet.
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analyze_output.h"
#include "commands.h"
#include "compute/compute.h"
#include "model_options.h"
#include "perception/face_pipeline.h"
#include "pipeline/session_analysis.h"
#include "pipeline/session_model.h"
#include "pipeline/session_store.h"
#include "project_command.h"
#include "store/project.h"

namespace stf2m::cli {

namespace {

struct AnalyzeOptions {
  std::vector<std::string> files;
  std::vector<double> offsets;
  std::string model;
  int every = 5;
  std::string device = "auto";
  std::string cache;
  bool noCache = false, json = false, quiet = false;
  ProjectTarget project;  // with --project: a stored session
  int64_t session = 0;
};

// $XDG_CACHE_HOME/stf2m/features, else ~/.cache/stf2m/features (docs/pipeline.md).
std::string defaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/stf2m/features";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/stf2m/features";
  return (std::filesystem::temp_directory_path() / "stf2m-features").string();
}

struct Prepared {
  std::vector<pipeline::MediaFile> media;
  pipeline::AnalysisOptions options;
  std::string modelPath;
};

Prepared prepare(const AnalyzeOptions& o, std::vector<pipeline::MediaFile> media, const std::string& defaultCache) {
  compute::ComputeSettings cs;
  cs.threads = compute::threadsFromEnvironment();
  cs.device = compute::parseDevicePreference(o.device);
  const compute::ComputeInfo info = compute::configureCompute(cs);
  perception::keepActivationBuffersInHeap();
  Prepared p;
  p.media = std::move(media);
  p.options.extraction.face.detectEvery = o.every;
  p.options.extraction.face.device = info.device;
  p.options.extraction.cacheDir = o.noCache ? std::string() : (o.cache.empty() ? defaultCache : o.cache);
  p.options.device = o.device;
  p.modelPath = o.model.empty() ? pipeline::findSessionModel() : o.model;
  return p;
}

// Runs the analysis with progress on stderr and Ctrl-C as a cancel; `onWindows` gets the windows
// as they complete.
pipeline::AnalysisSummary analyse(pipeline::SessionAnalysis& analysis, bool quiet,
                                  const std::function<void(const std::vector<pipeline::WindowResult>&)>& onWindows) {
  for (const std::string& w : analysis.layout().warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const size_t warned = analysis.layout().warnings.size();
  ProgressReporter progress(quiet, analysis.layout().duration);
  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  const pipeline::AnalysisSummary summary = analysis.run(
      [&](const pipeline::AnalysisUpdate& update) { onWindows(update.windows); }, &cancel,
      [&](const std::string& stage, double fraction) { progress.report(stage, fraction); });
  progress.finish();
  // What the decoder reported during the run (damaged data: what decoded was analysed).
  for (size_t i = warned; i < analysis.layout().warnings.size(); ++i)
    std::fprintf(stderr, "warning: %s\n", analysis.layout().warnings[i].c_str());
  if (summary.windows > 0 && summary.faceViews == 0 && !analysis.layout().videoPath.empty())
    std::fprintf(stderr, "warning: %s: no face of a subject in any window; the analysis has voice views only\n",
                 analysis.layout().videoPath.c_str());
  return summary;
}

std::string summaryLine(const pipeline::SessionAnalysis& analysis, const pipeline::AnalysisSummary& s) {
  char line[320];
  std::snprintf(line, sizeof line, "analysed %.1f s: %d windows, %d face views, %d voice views, %d without a view (%s, %s)",
                analysis.layout().duration, s.windows, s.faceViews, s.voiceViews, s.emptyWindows,
                analysis.model().methodName().c_str(), analysis.model().deviceName().c_str());
  return line;
}

void runFiles(const AnalyzeOptions& o) {
  if (o.files.empty()) throw UsageError("give the session's MEDIA files, or --project and --session");
  if (!o.offsets.empty() && o.offsets.size() != o.files.size())
    throw UsageError("give one --offset per media file, or none");
  std::vector<pipeline::MediaFile> media;
  for (size_t i = 0; i < o.files.size(); ++i) media.push_back({o.files[i], o.offsets.empty() ? 0.0 : o.offsets[i]});
  Prepared p = prepare(o, std::move(media), defaultCacheDir());
  pipeline::SessionAnalysis analysis(p.media, p.modelPath, p.options);
  AnalysisWriter writer(analysis, p.modelPath, o.json);
  const pipeline::AnalysisSummary summary =
      analyse(analysis, o.quiet, [&](const std::vector<pipeline::WindowResult>& w) { writer.add(w); });
  writer.finish();
  if (!o.quiet) std::fprintf(stderr, "%s\n", summaryLine(analysis, summary).c_str());
}

// A stored session: analysed with its media and offsets, the predictions stored in place of the
// same model's earlier ones (one transaction), a one-line summary on stdout.
void runProject(const AnalyzeOptions& o) {
  if (!o.files.empty() || !o.offsets.empty()) throw UsageError("with --project the media come from the session; give no MEDIA or --offset");
  if (o.session <= 0) throw UsageError("--project needs --session ID");
  if (o.json) throw UsageError("--json is for MEDIA files; a project session's predictions go into the project");
  store::Project project = store::Project::open(o.project.path, o.project.who());
  const store::Session session = project.session(o.session);
  Prepared p = prepare(o, pipeline::sessionMedia(session), pipeline::projectCacheDir(o.project.path));
  pipeline::SessionAnalysis analysis(p.media, p.modelPath, p.options);
  std::vector<pipeline::WindowResult> windows;
  const pipeline::AnalysisSummary summary = analyse(analysis, o.quiet, [&](const std::vector<pipeline::WindowResult>& w) {
    windows.insert(windows.end(), w.begin(), w.end());
  });
  const int64_t modelId = pipeline::projectModelId(project, p.modelPath);
  project.replacePredictions(o.session, modelId, pipeline::predictionRows(o.session, modelId, analysis.model(), windows));
  std::printf("session %lld, model %lld: %s\n", static_cast<long long>(o.session), static_cast<long long>(modelId),
              summaryLine(analysis, summary).c_str());
}

void run(const AnalyzeOptions& o) { o.project.path.empty() ? runFiles(o) : runProject(o); }

}  // namespace

void addAnalyzeCommand(CLI::App& app) {
  auto o = std::make_shared<AnalyzeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "analyze", "per-window, per-view emotion probabilities, fuzzy terms and fused curves of a recording "
                 "(docs/pipeline.md)");
  cmd->add_option("MEDIA", o->files, "the session's media files (video, audio)");
  cmd->add_option("--offset", o->offsets, "session time of each file's time 0, seconds (one per file)");
  cmd->add_option("--model", o->model, "an adapted model (default: the shipped session model)");
  cmd->add_option("--every", o->every, "run the face detector every N-th frame, track landmarks in between")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  addDeviceOption(cmd, o->device);
  cmd->add_option("--cache", o->cache, "the feature cache folder (default: $XDG_CACHE_HOME/stf2m/features)");
  cmd->add_flag("--no-cache", o->noCache, "compute every feature, store none");
  cmd->add_flag("--json", o->json, "one JSON object on stdout (default: tidy CSV)");
  cmd->add_flag("--quiet", o->quiet, "no progress on stderr");
  cmd->add_option("--project", o->project.path, "a project (a file or postgresql:// URI): analyse its session --session and store the predictions");
  cmd->add_option("--session", o->session, "the stored session's id (with --project)")->check(kPositive);
  cmd->add_option("--actor", o->project.actor, "who the project's audit log names (default: $STF2M_ACTOR, else the login name)");
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
