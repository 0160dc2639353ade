// stf2m bench analyze FILE...: the speed of session analysis per stage and its peak memory, on
// the CPU (or --device). Today the stages are feature extraction (faces, voice) and reading the
// features back from the cache; the model stage comes with the real-session model (issue 16).
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
#include "pipeline/session_features.h"

namespace stf2m::cli {

namespace {

struct BenchAnalyzeOptions {
  std::vector<std::string> files;
  std::vector<double> offsets;
  int every = 5, threads = 0, repeat = 3;
  std::string device = "cpu";
  std::string cache;  // kept when given (a later run reuses it); else a temporary folder
};

double peakRssMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

pipeline::ExtractionStats extractOnce(const std::vector<pipeline::MediaFile>& media, const pipeline::ExtractionOptions& o,
                                      double* seconds, pipeline::SessionLayout* layout = nullptr) {
  pipeline::SessionFeatureExtractor extractor(media, o);
  const auto start = Clock::now();
  size_t chunks = 0;
  extractor.run([&](const pipeline::FeatureChunk&) { ++chunks; });
  *seconds = secondsSince(start);
  if (layout) *layout = extractor.layout();
  return extractor.stats();
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
  pipeline::ExtractionOptions options;
  options.face.detectEvery = o.every;
  options.face.device = info.device;
  options.cacheDir = cache.string();

  double wall = 0;
  pipeline::SessionLayout layout;
  const pipeline::ExtractionStats first = extractOnce(media, options, &wall, &layout);
  const double rssAfterAnalysis = peakRssMegabytes();
  std::vector<double> cachedRuns;
  for (int r = 0; r < o.repeat; ++r) {
    double seconds = 0;
    extractOnce(media, options, &seconds);
    cachedRuns.push_back(seconds);
  }
  if (!keepCache) std::filesystem::remove_all(cache);

  const double d = layout.duration;
  std::printf("session: %.1f s (video %s, %dx%d at %.2f fps; audio %s)\n", d,
              layout.videoPath.empty() ? "none" : layout.videoPath.c_str(), layout.width, layout.height, layout.fps,
              layout.audioPath.empty() ? "none" : layout.audioPath.c_str());
  std::printf("device %s, LibTorch threads %d, detection every %d frames\n", info.device.c_str(), info.threads, o.every);
  std::printf("whole analysis (features; the model stage is not built yet): %.2f s, %.2fx real time  (target >= 3x)%s\n",
              wall, d / wall, first.framesAnalysed == 0 && first.voiceChunksComputed == 0 ? ", all from the cache" : "");
  if (first.framesAnalysed > 0)
    std::printf("  faces: %d frames in %.2f s, %.1f frames/s, %.2fx real time\n", first.framesAnalysed, first.faceSeconds,
                first.framesAnalysed / first.faceSeconds, d / first.faceSeconds);
  if (first.voiceChunksComputed > 0)
    std::printf("  voice: %.2f s, %.1fx real time\n", first.voiceSeconds, layout.audioDuration / first.voiceSeconds);
  std::printf("features read back from the cache (median of %d): %.3f s, %.0fx real time\n", o.repeat, median(cachedRuns),
              d / median(cachedRuns));
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
  cmd->add_option("--repeat", o->repeat, "runs of the cached read (median reported)")->check(CLI::Range(1, 100))->capture_default_str();
  addDeviceOption(cmd, o->device);
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
