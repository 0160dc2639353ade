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
#include <optional>
#include <string>
#include <vector>

#include "analyze_output.h"
#include "commands.h"
#include "common/cancel.h"
#include "common/error.h"
#include "compute/compute.h"
#include "model_options.h"
#include "perception/face_pipeline.h"
#include "pipeline/session_analysis.h"
#include "pipeline/session_model.h"
#include "pipeline/session_store.h"
#include "project_command.h"
#include "store/claim_lease.h"
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
  bool pending = false;   // with --project: every session not yet analysed, claimed one at a time
  double lease = 300;     // seconds a claim lasts unless renewed
};

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

using WindowSink = std::function<void(const std::vector<pipeline::WindowResult>&)>;

// Runs the analysis with progress on stderr and `cancel` (set by Ctrl-C) as its cancel; `onWindows`
// gets the windows as they complete.
pipeline::AnalysisSummary analyse(pipeline::SessionAnalysis& analysis, bool quiet, CancelToken& cancel,
                                  const WindowSink& onWindows) {
  for (const std::string& w : analysis.layout().warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const size_t warned = analysis.layout().warnings.size();
  ProgressReporter progress(quiet, analysis.layout().duration);
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
  Prepared p = prepare(o, std::move(media), pipeline::userCacheDir());
  pipeline::SessionAnalysis analysis(p.media, p.modelPath, p.options);
  AnalysisWriter writer(analysis, p.modelPath, o.json);
  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  const pipeline::AnalysisSummary summary =
      analyse(analysis, o.quiet, cancel, [&](const std::vector<pipeline::WindowResult>& w) { writer.add(w); });
  writer.finish();
  if (!o.quiet) std::fprintf(stderr, "%s\n", summaryLine(analysis, summary).c_str());
}

// A stored session analysed with its media and offsets; the windows and the line that sums it up.
struct StoredAnalysis {
  std::vector<pipeline::WindowResult> windows;
  std::string summary;
  const model::WindowPredictor* model = nullptr;
};

StoredAnalysis analyseStored(const AnalyzeOptions& o, const store::Session& session, const std::string& modelPath,
                             CancelToken& cancel, std::unique_ptr<pipeline::SessionAnalysis>& keep) {
  Prepared p = prepare(o, pipeline::sessionMedia(session), pipeline::projectCacheDir(o.project.path));
  p.modelPath = modelPath;
  keep = std::make_unique<pipeline::SessionAnalysis>(p.media, p.modelPath, p.options);
  StoredAnalysis out;
  const pipeline::AnalysisSummary summary = analyse(*keep, o.quiet, cancel, [&](const std::vector<pipeline::WindowResult>& w) {
    out.windows.insert(out.windows.end(), w.begin(), w.end());
  });
  out.summary = summaryLine(*keep, summary);
  out.model = &keep->model();
  return out;
}

// The model's id in the project, registered once however many workers start at the same moment.
int64_t modelIdOf(store::Project& project, const std::string& modelPath) {
  int64_t id = 0;
  project.atomically([&] { id = pipeline::projectModelId(project, modelPath); });
  return id;
}

// One stored session: the predictions stored in place of the same model's earlier ones (one
// transaction), a one-line summary on stdout.
void runProject(const AnalyzeOptions& o) {
  if (o.session <= 0) throw UsageError("--project needs --session ID, or --pending");
  store::Project project = o.project.open();
  const store::Session session = project.session(o.session);
  const std::string modelPath = o.model.empty() ? pipeline::findSessionModel() : o.model;
  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  std::unique_ptr<pipeline::SessionAnalysis> analysis;
  const StoredAnalysis done = analyseStored(o, session, modelPath, cancel, analysis);
  const int64_t modelId = modelIdOf(project, modelPath);
  project.replacePredictions(o.session, modelId, pipeline::predictionRows(o.session, modelId, *done.model, done.windows));
  std::printf("session %lld, model %lld: %s\n", static_cast<long long>(o.session), static_cast<long long>(modelId),
              done.summary.c_str());
}

std::string workerName(const std::string& actor) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown-host");
  return actor + "@" + host + ":" + std::to_string(getpid());
}

// --pending: claims the project's sessions not yet analysed with the model, one at a time, until
// none is left; any number of workers on any number of machines share them (docs/team.md). A
// session that fails is reported, marked failed (pending again for other workers) and passed over
// by this worker; the exit status is 2 when any failed.
void runPending(const AnalyzeOptions& o) {
  if (o.session > 0) throw UsageError("give --session ID or --pending, not both");
  store::Project project = o.project.open();
  const std::string modelPath = o.model.empty() ? pipeline::findSessionModel() : o.model;
  const int64_t modelId = modelIdOf(project, modelPath);
  const std::string worker = workerName(project.actor());
  if (!o.quiet) std::fprintf(stderr, "worker %s: analysing the pending sessions of %s with model %lld\n", worker.c_str(),
                             project.path().c_str(), static_cast<long long>(modelId));
  CancelToken cancel;
  InterruptCancels interrupts(cancel);
  std::vector<int64_t> failed;
  int analysed = 0;
  while (const std::optional<store::AnalysisClaim> claim = project.claimPendingSession(modelId, worker, o.lease, failed)) {
    std::string lost;
    try {
      const store::Session session = project.session(claim->sessionId);
      std::unique_ptr<pipeline::SessionAnalysis> analysis;
      StoredAnalysis done;
      {
        store::ClaimLease lease(o.project.path, o.project.who(), *claim, o.lease, [&](const std::string& why) {
          lost = why;
          cancel.cancel();
        });
        done = analyseStored(o, session, modelPath, cancel, analysis);
      }
      project.finishClaim(*claim, pipeline::predictionRows(claim->sessionId, modelId, *done.model, done.windows), done.summary);
      std::printf("session %lld, model %lld: %s\n", static_cast<long long>(claim->sessionId),
                  static_cast<long long>(modelId), done.summary.c_str());
      std::fflush(stdout);
      ++analysed;
    } catch (const Error& e) {
      const bool interrupted = e.code() == ErrorCode::Cancelled && lost.empty();
      project.failClaim(*claim, interrupted ? std::string("interrupted") : std::string(e.what()));
      if (interrupted) throw;
      std::fprintf(stderr, "error: session %lld: %s\n", static_cast<long long>(claim->sessionId),
                   (lost.empty() ? std::string(e.what()) : lost).c_str());
      failed.push_back(claim->sessionId);
      cancel.reset();
    } catch (...) {  // not the session's fault: the claim is given up at once, the worker stops
      project.failClaim(*claim, "the worker stopped on an unexpected error");
      throw;
    }
  }
  if (!o.quiet) std::fprintf(stderr, "worker %s: %d session%s analysed, %zu failed; no pending session is left unclaimed\n",
                             worker.c_str(), analysed, analysed == 1 ? "" : "s", failed.size());
  if (!failed.empty())
    throw Error(ErrorCode::CorruptData, o.project.path,
                std::to_string(failed.size()) + " of the sessions this worker claimed could not be analysed (listed above)");
}

void run(const AnalyzeOptions& o) {
  if (o.project.path.empty()) {
    if (o.pending || o.session > 0) throw UsageError("--session and --pending need --project");
    return runFiles(o);
  }
  if (!o.files.empty() || !o.offsets.empty()) throw UsageError("with --project the media come from the session; give no MEDIA or --offset");
  if (o.json) throw UsageError("--json is for MEDIA files; a project session's predictions go into the project");
  o.pending ? runPending(o) : runProject(o);
}

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
  cmd->add_flag("--pending", o->pending,
                "with --project: claim and analyse the sessions not yet analysed with the model, one at a time, until none "
                "is left; any number of workers may share a project (docs/team.md)");
  cmd->add_option("--lease", o->lease, "with --pending: seconds a claim lasts unless the worker renews it (every third of it)")
      ->check(CLI::Range(2.0, 86400.0))
      ->capture_default_str();
  cmd->add_option("--actor", o->project.actor, "who the project's audit log names (default: $STF2M_ACTOR, else the login name)");
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
