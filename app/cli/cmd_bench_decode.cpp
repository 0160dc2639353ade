// stf2m bench decode: sequential decode speed (with and without RGB conversion) against the
// ffmpeg CLI decoding the same stream with the same thread count in the same command, and the
// latency of random frame-accurate access.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <thread>

#include "bench_util.h"
#include "commands.h"
#include "common/error.h"
#include "common/json.h"
#include "media/video_reader.h"

namespace stf2m::cli {

namespace {

// Runs the ffmpeg CLI decoding the first video stream to the null muxer; returns wall seconds,
// or a negative value when ffmpeg is missing or fails.
double timeFfmpegDecode(const std::string& path, int threads) {
  return timeProcess({"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-threads", std::to_string(threads),
                      "-i", path, "-map", "0:v:0", "-f", "null", "-"});
}

struct RunStats {
  std::vector<double> seconds;
  int64_t frames = 0;
};

RunStats timeSequential(media::VideoReader& reader, int repeat, bool toRgb) {
  RunStats stats;
  media::Size size = reader.displaySizeWithin(0, 0);
  std::vector<uint8_t> rgb(static_cast<size_t>(size.width) * size.height * 3);
  media::RgbBuffer buffer{rgb.data(), size.width, size.height, size.width * 3};
  for (int r = 0; r < repeat; ++r) {
    reader.rewind();
    int64_t frames = 0;
    auto start = Clock::now();
    while (const media::DecodedFrame* f = reader.nextFrame()) {
      if (toRgb) reader.convertToRgb(*f, buffer);
      ++frames;
    }
    stats.seconds.push_back(secondsSince(start));
    stats.frames = frames;
  }
  return stats;
}


struct BenchDecodeOptions {
  std::string path;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int repeat = 3, seeks = 200, seed = 1;
  std::string only = "all";
  bool json = false;
};

void run(const BenchDecodeOptions& o) {
  const std::string& path = o.path;
  const int threads = o.threads, repeat = o.repeat, seeks = o.seeks, seed = o.seed;
  const std::string& only = o.only;
  const bool runDecode = only != "seek";
  const int seekCount = only == "decode" ? 0 : seeks;

  media::VideoReaderOptions options;
  options.threads = threads;
  auto openStart = Clock::now();
  media::VideoReader reader(path, options);
  const double openSeconds = secondsSince(openStart);
  const auto& s = reader.stream();

  RunStats decode, rgb;
  std::vector<double> ffmpegRuns;
  if (runDecode) {
    decode = timeSequential(reader, repeat, false);
    rgb = timeSequential(reader, repeat, true);
  }
  for (int r = 0; runDecode && r < repeat; ++r) {
    double t = timeFfmpegDecode(path, threads);
    if (t < 0) {
      ffmpegRuns.clear();
      break;
    }
    ffmpegRuns.push_back(t);
  }

  std::vector<double> seekMs;
  std::mt19937_64 rng(static_cast<uint64_t>(seed));
  std::uniform_real_distribution<double> when(0.0, reader.frameTime(reader.frameCount() - 1));
  for (int i = 0; i < seekCount; ++i) {
    double t = when(rng);
    auto start = Clock::now();
    reader.frameAt(t);
    seekMs.push_back(secondsSince(start) * 1000.0);
  }

  const double decodeMedian = runDecode ? median(decode.seconds) : -1;
  const double rgbMedian = runDecode ? median(rgb.seconds) : -1;
  const double ffmpegMedian = ffmpegRuns.empty() ? -1 : median(ffmpegRuns);
  const double ratio = ffmpegMedian > 0 ? decodeMedian / ffmpegMedian : -1;

  if (o.json) {
    Json w = {{"file", path},       {"codec", s.codec},     {"width", s.width},
              {"height", s.height}, {"frames", reader.frameCount()}, {"threads", threads},
              {"repeat", repeat},   {"open_index_ms", openSeconds * 1000}};
    if (runDecode) {
      w["decode_fps"] = static_cast<double>(decode.frames) / decodeMedian;
      w["decode_rgb_fps"] = static_cast<double>(rgb.frames) / rgbMedian;
    }
    if (ffmpegMedian > 0) {
      w["ffmpeg_seconds"] = ffmpegMedian;
      w["decode_seconds"] = decodeMedian;
      w["ratio_vs_ffmpeg"] = ratio;
    } else {
      w["ffmpeg_seconds"] = nullptr;
    }
    if (!seekMs.empty())
      w["seek_ms"] = {{"count", static_cast<int64_t>(seekMs.size())},
                      {"median", median(seekMs)},
                      {"p95", percentile(seekMs, 95)},
                      {"max", *std::max_element(seekMs.begin(), seekMs.end())}};
    std::printf("%s\n", dumpJson(w).c_str());
    return;
  }

  std::printf("file: %s (%s %dx%d, %lld frames, %.3f s)\n", path.c_str(), s.codec.c_str(), s.width, s.height,
              static_cast<long long>(reader.frameCount()), reader.duration());
  std::printf("threads: %d, runs per measurement: %d (medians reported)\n", threads, repeat);
  std::printf("open + index: %.1f ms\n", openSeconds * 1000);
  if (runDecode) {
  std::printf("decode only:       %8.1f frames/s  (%.3f s)\n", static_cast<double>(decode.frames) / decodeMedian, decodeMedian);
  std::printf("decode + RGB24:    %8.1f frames/s  (%.3f s, %dx%d)\n", static_cast<double>(rgb.frames) / rgbMedian, rgbMedian,
              reader.displaySizeWithin(0, 0).width, reader.displaySizeWithin(0, 0).height);
  if (ffmpegMedian > 0) {
    std::printf("ffmpeg -threads %d -i FILE -map 0:v:0 -f null -: %8.1f frames/s  (%.3f s)\n", threads,
                static_cast<double>(decode.frames) / ffmpegMedian, ffmpegMedian);
    std::printf("decode-only time / ffmpeg time: %.3f  (target <= 1.2)\n", ratio);
  } else {
    std::printf("ffmpeg reference: not run (ffmpeg CLI not found or failed)\n");
  }
  }
  if (!seekMs.empty())
    std::printf("random frameAt (%zu seeks, seed %d): median %.1f ms, p95 %.1f ms, max %.1f ms  (target median <= 40 ms)\n",
                seekMs.size(), seed, median(seekMs), percentile(seekMs, 95), *std::max_element(seekMs.begin(), seekMs.end()));
}

}  // namespace

void addBenchDecodeCommand(CLI::App& bench) {
  auto o = std::make_shared<BenchDecodeOptions>();
  CLI::App* cmd = bench.add_subcommand("decode", "decode and seek speed, against the ffmpeg CLI on the same file");
  cmd->add_option("FILE", o->path, "a media file with a video stream")->required();
  cmd->add_option("--threads", o->threads, "decoder threads (also given to ffmpeg)")->check(CLI::Range(1, 256))->capture_default_str();
  cmd->add_option("--repeat", o->repeat, "runs per measurement (medians reported)")->check(CLI::Range(1, 100))->capture_default_str();
  cmd->add_option("--seeks", o->seeks, "random frameAt calls")->check(CLI::Range(0, 100000))->capture_default_str();
  cmd->add_option("--seed", o->seed, "seed of the random seek times")->check(CLI::Range(0, 1 << 30))->capture_default_str();
  cmd->add_option("--only", o->only, "measure only decoding or only seeking")->check(CLI::IsMember({"all", "decode", "seek"}));
  cmd->add_flag("--json", o->json, "JSON instead of text");
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
