// stf2m analyze MEDIA...: a recording through the whole session analysis (core/pipeline) with an
// adapted model, the shipped session model by default. With --json stdout is one JSON object
// (the contract in README.md, "Session analysis"); without, a tidy CSV. Progress goes to stderr:
// a live bar on a terminal, plain lines otherwise, nothing with --quiet.
#include <unistd.h>

#include <algorithm>
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
};

// $XDG_CACHE_HOME/stf2m/features, else ~/.cache/stf2m/features (docs/pipeline.md).
std::string defaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/stf2m/features";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/stf2m/features";
  return (std::filesystem::temp_directory_path() / "stf2m-features").string();
}

void run(const AnalyzeOptions& o) {
  if (!o.offsets.empty() && o.offsets.size() != o.files.size())
    throw UsageError("give one --offset per media file, or none");
  std::vector<pipeline::MediaFile> media;
  for (size_t i = 0; i < o.files.size(); ++i) media.push_back({o.files[i], o.offsets.empty() ? 0.0 : o.offsets[i]});

  compute::ComputeSettings cs;
  cs.threads = compute::threadsFromEnvironment();
  cs.device = compute::parseDevicePreference(o.device);
  const compute::ComputeInfo info = compute::configureCompute(cs);
  perception::keepActivationBuffersInHeap();

  pipeline::AnalysisOptions options;
  options.extraction.face.detectEvery = o.every;
  options.extraction.face.device = info.device;
  options.extraction.cacheDir = o.noCache ? std::string() : (o.cache.empty() ? defaultCacheDir() : o.cache);
  options.device = o.device;
  const std::string modelPath = o.model.empty() ? pipeline::findSessionModel() : o.model;

  pipeline::SessionAnalysis analysis(media, modelPath, options);
  for (const std::string& w : analysis.layout().warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  AnalysisWriter writer(analysis, modelPath, o.json);
  ProgressReporter progress(o.quiet, analysis.layout().duration);
  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  const pipeline::AnalysisSummary summary = analysis.run(
      [&](const pipeline::AnalysisUpdate& update) { writer.add(update.windows); }, &cancel,
      [&](const std::string& stage, double fraction) { progress.report(stage, fraction); });
  progress.finish();
  writer.finish();
  if (summary.windows > 0 && summary.faceViews == 0 && !analysis.layout().videoPath.empty())
    std::fprintf(stderr, "warning: %s: no face of a subject in any window; the analysis has voice views only\n",
                 analysis.layout().videoPath.c_str());
  if (!o.quiet)
    std::fprintf(stderr, "analysed %.1f s: %d windows, %d face views, %d voice views, %d without a view (%s, %s)\n",
                 analysis.layout().duration, summary.windows, summary.faceViews, summary.voiceViews,
                 summary.emptyWindows, analysis.model().methodName().c_str(), analysis.model().deviceName().c_str());
}

}  // namespace

void addAnalyzeCommand(CLI::App& app) {
  auto o = std::make_shared<AnalyzeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "analyze", "per-window, per-view emotion probabilities, fuzzy terms and fused curves of a recording "
                 "(docs/pipeline.md)");
  cmd->add_option("MEDIA", o->files, "the session's media files (video, audio)")->required();
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
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
