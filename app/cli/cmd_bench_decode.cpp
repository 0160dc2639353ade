// stf2m bench decode: sequential decode speed (with and without RGB conversion) against the
// ffmpeg CLI decoding the same stream with the same thread count in the same command, and the
// latency of random frame-accurate access.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>

#include "bench_util.h"
#include "cli_args.h"
#include "commands.h"
#include "common/error.h"
#include "common/json_writer.h"
#include "media/video_reader.h"

extern char** environ;

namespace stf2m::cli {

namespace {

// Runs the ffmpeg CLI decoding the first video stream to the null muxer; returns wall seconds,
// or a negative value when ffmpeg is missing or fails.
double timeFfmpegDecode(const std::string& path, int threads) {
  std::string threadArg = std::to_string(threads);
  std::vector<std::string> cmd = {"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-threads", threadArg,
                                  "-i", path, "-map", "0:v:0", "-f", "null", "-"};
  std::vector<char*> argv;
  for (auto& s : cmd) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  auto start = Clock::now();
  pid_t pid = 0;
  int err = posix_spawnp(&pid, "ffmpeg", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  double elapsed = secondsSince(start);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? elapsed : -1;
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

}  // namespace

int runBenchDecode(const std::vector<std::string>& rest) {
  Args args = Args::parse({"bench decode", {"--threads", "--repeat", "--seeks", "--seed", "--only"}, {"--json"}, 1, 1}, rest);
  const std::string& path = args.positional()[0];
  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads = args.intValue("--threads", hardware, 1, 256);
  const int repeat = args.intValue("--repeat", 3, 1, 100);
  const int seeks = args.intValue("--seeks", 200, 0, 100000);
  const int seed = args.intValue("--seed", 1, 0, 1 << 30);

  const std::string only = args.value("--only").value_or("all");
  if (only != "all" && only != "decode" && only != "seek")
    throw UsageError("bench decode: --only expects decode or seek, got '" + only + "'");
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

  if (args.has("--json")) {
    JsonWriter w;
    w.beginObject();
    w.key("file").value(path).key("codec").value(s.codec).key("width").value(s.width).key("height").value(s.height);
    w.key("frames").value(reader.frameCount()).key("threads").value(threads).key("repeat").value(repeat);
    w.key("open_index_ms").value(openSeconds * 1000);
    if (runDecode) {
      w.key("decode_fps").value(static_cast<double>(decode.frames) / decodeMedian);
      w.key("decode_rgb_fps").value(static_cast<double>(rgb.frames) / rgbMedian);
    }
    if (ffmpegMedian > 0) {
      w.key("ffmpeg_seconds").value(ffmpegMedian);
      w.key("decode_seconds").value(decodeMedian);
      w.key("ratio_vs_ffmpeg").value(ratio);
    } else {
      w.key("ffmpeg_seconds").null();
    }
    if (!seekMs.empty()) {
      w.key("seek_ms").beginObject().key("count").value(static_cast<int64_t>(seekMs.size()))
          .key("median").value(median(seekMs)).key("p95").value(percentile(seekMs, 95))
          .key("max").value(*std::max_element(seekMs.begin(), seekMs.end())).endObject();
    }
    w.endObject();
    std::printf("%s\n", w.str().c_str());
    return 0;
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
  return 0;
}

}  // namespace stf2m::cli
