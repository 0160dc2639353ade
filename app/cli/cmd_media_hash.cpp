#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "commands.h"
#include "common/error.h"
#include "media/video_reader.h"

namespace stf2m::cli {

namespace {

struct MediaHashOptions {
  std::string path;
  std::string at;
  int threads = 0;
  bool strict = false;
};

void printFrame(const media::DecodedFrame& frame) {
  std::printf("%lld,%.6f,%s\n", static_cast<long long>(frame.index()), frame.time(), frame.md5().c_str());
}

// "0,0.5,1.25" -> seconds.
std::vector<double> parseTimeList(const std::string& text) {
  std::vector<double> times;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    errno = 0;
    const double t = std::strtod(item.c_str(), &end);
    if (item.empty() || errno || *end || !std::isfinite(t))
      throw UsageError("--at: '" + item + "' is not a time in seconds (expected e.g. --at 0,1.5,2.04)");
    times.push_back(t);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return times;
}

void run(const MediaHashOptions& o) {
  std::vector<double> times;
  if (!o.at.empty()) times = parseTimeList(o.at);  // validate before any work
  media::VideoReaderOptions options;
  options.threads = o.threads;
  media::VideoReader reader(o.path, options);

  if (!times.empty()) {
    for (double t : times) printFrame(reader.frameAt(t));
  } else {
    while (const media::DecodedFrame* frame = reader.nextFrame()) printFrame(*frame);
  }
  std::fflush(stdout);

  const auto& problems = reader.diagnostics();
  if (!problems.empty() && o.strict)
    throw Error(ErrorCode::CorruptData, o.path,
                problems.front() + (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""));
  for (const auto& p : problems) std::fprintf(stderr, "warning: %s: %s\n", o.path.c_str(), p.c_str());
}

}  // namespace

void addMediaHashCommand(CLI::App& app) {
  auto o = std::make_shared<MediaHashOptions>();
  CLI::App* cmd = app.add_subcommand(
      "media-hash", "index,pts_seconds,md5 per decoded frame of the first video stream (md5 as FFmpeg's framemd5)");
  cmd->add_option("FILE", o->path, "a media file with a video stream")->required();
  cmd->add_option("--at", o->at, "only the frames displayed at these times (seconds, comma-separated: 0,1.5,2.04)");
  cmd->add_option("--threads", o->threads, "decoder threads (0: FFmpeg chooses)")->check(CLI::Range(0, 256));
  cmd->add_flag("--strict", o->strict, "damaged data is an error, not a warning");
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
