// stf2m bench analyze FILE...: the speed of session analysis per stage (faces, voice, model) and
// its peak memory, on the CPU (or --device), then the speed of re-predicting the session from the
// feature cache (what an analysis with another model costs).
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "bench_util.h"
#include "commands.h"
#include "compute/compute.h"
#include "perception/face_pipeline.h"
#include "pipeline/session_analysis.h"
#include "pipeline/session_model.h"

namespace stf2m::cli {

namespace {

struct BenchAnalyzeOptions {
  std::vector<std::string> files;
  std::vector<double> offsets;
  int every = 5, threads = 0, repeat = 3;
  std::string device = "cpu";
  std::string cache;  // kept when given (a later run reuses it); else a temporary folder
  std::string model;  // default: the shipped session model
};

double peakRssMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

pipeline::AnalysisSummary analyseOnce(const std::vector<pipeline::MediaFile>& media, const std::string& model,
                                      const pipeline::AnalysisOptions& o, double* seconds,
                                      pipeline::SessionLayout* layout = nullptr) {
  const auto start = Clock::now();
  pipeline::SessionAnalysis analysis(media, model, o);
  size_t windows = 0;
  const pipeline::AnalysisSummary summary =
      analysis.run([&](const pipeline::AnalysisUpdate& u) { windows += u.windows.size(); });
  *seconds = secondsSince(start);
  if (layout) *layout = analysis.layout();
  return summary;
}

void run(const BenchAnalyzeOptions& o) {
  if (o.offsets.size() > o.files.size()) throw UsageError("more --offset values than files");
  std::vector<pipeline::MediaFile> media;
  for (size_t i = 0; i < o.files.size(); ++i) media.push_back({o.files[i], i < o.offsets.size() ? o.offsets[i] : 0.0});
  compute::ComputeSettings cs;
  cs.threads = o.threads > 0 ? o.threads : compute::threadsFromEnvironment();
  cs.device = compute::parseDevicePreference(o.device);
  const compute::ComputeInfo info = compute::configureCompute(cs);
  perception::keepActivationBuffersInHeap();  // as stf2m faces does

  const bool keepCache = !o.cache.empty();
  const std::filesystem::path cache =
      keepCache ? std::filesystem::path(o.cache)
                : std::filesystem::temp_directory_path() / ("stf2m-bench-analyze-" + std::to_string(::getpid()));
  if (!keepCache) std::filesystem::remove_all(cache);
  pipeline::AnalysisOptions options;
  options.extraction.face.detectEvery = o.every;
  options.extraction.face.device = info.device;
  options.extraction.cacheDir = cache.string();
  options.device = o.device;
  const std::string model = o.model.empty() ? pipeline::findSessionModel() : o.model;
  double wall = 0;
  pipeline::SessionLayout layout;
  const pipeline::AnalysisSummary whole = analyseOnce(media, model, options, &wall, &layout);
  const pipeline::ExtractionStats& first = whole.extraction;
  const double rssAfterAnalysis = peakRssMegabytes();
  std::vector<double> cachedRuns, modelRuns;
  for (int r = 0; r < o.repeat; ++r) {
    double seconds = 0;
    modelRuns.push_back(analyseOnce(media, model, options, &seconds).modelSeconds);
    cachedRuns.push_back(seconds);
  }
  if (!keepCache) std::filesystem::remove_all(cache);

  const double d = layout.duration;
  std::printf("session: %.1f s (video %s, %dx%d at %.2f fps; audio %s)\n", d,
              layout.videoPath.empty() ? "none" : layout.videoPath.c_str(), layout.width, layout.height, layout.fps,
              layout.audioPath.empty() ? "none" : layout.audioPath.c_str());
  std::printf("device %s, LibTorch threads %d, detection every %d frames\n", info.device.c_str(), info.threads, o.every);
  std::printf("model %s: %d windows, %d face views, %d voice views\n", model.c_str(), whole.windows, whole.faceViews,
              whole.voiceViews);
  std::printf("whole analysis (features and model): %.2f s, %.2fx real time  (target >= 3x)%s\n", wall, d / wall,
              first.framesAnalysed == 0 && first.voiceChunksComputed == 0 ? ", features all from the cache" : "");
  if (first.framesAnalysed > 0)
    std::printf("  faces: %d frames in %.2f s, %.1f frames/s, %.2fx real time\n", first.framesAnalysed, first.faceSeconds,
                first.framesAnalysed / first.faceSeconds, d / first.faceSeconds);
  if (first.voiceChunksComputed > 0)
    std::printf("  voice: %.2f s, %.1fx real time\n", first.voiceSeconds, layout.audioDuration / first.voiceSeconds);
  std::printf("  model: %.2f s, %.0fx real time\n", whole.modelSeconds, d / whole.modelSeconds);
  std::printf("re-prediction from the cache (median of %d; model loading, cache reading and the model): %.3f s, %.0fx "
              "real time  (target >= 300x); the model alone %.3f s\n",
              o.repeat, median(cachedRuns), d / median(cachedRuns), median(modelRuns));
  std::printf("peak RSS: %.0f MB after the analysis, %.0f MB in all  (target <= 1500 MB on a 2-hour session)\n",
              rssAfterAnalysis, peakRssMegabytes());
}

}  // namespace

void addBenchAnalyzeCommand(CLI::App& bench) {
  auto o = std::make_shared<BenchAnalyzeOptions>();
  CLI::App* cmd = bench.add_subcommand("analyze", "session analysis speed per stage and peak memory");
  cmd->add_option("FILE", o->files, "the session's media files")->required();
  cmd->add_option("--offset", o->offsets, "session time at which each FILE starts, in order (default 0)")
      ->allow_extra_args(false);
  cmd->add_option("--every", o->every, "face detection every N-th frame")->check(CLI::Range(1, 1000))->capture_default_str();
  cmd->add_option("--threads", o->threads, "LibTorch threads (default: STF2M_THREADS or the hardware concurrency)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--cache", o->cache, "feature cache folder to use and keep (default: a temporary one, removed)");
  cmd->add_option("--model", o->model, "an adapted model (default: the shipped session model)");
  cmd->add_option("--repeat", o->repeat, "runs of the re-prediction from the cache (median reported)")->check(CLI::Range(1, 100))->capture_default_str();
  addDeviceOption(cmd, o->device);
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
