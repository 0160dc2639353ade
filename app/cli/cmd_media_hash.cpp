#include <cstdio>

#include "cli_args.h"
#include "commands.h"
#include "common/error.h"
#include "media/video_reader.h"

namespace stf2m::cli {

namespace {
void printFrame(const media::DecodedFrame& frame) {
  std::printf("%lld,%.6f,%s\n", static_cast<long long>(frame.index()), frame.time(), frame.md5().c_str());
}
}  // namespace

int runMediaHash(const std::vector<std::string>& argv) {
  Args args = Args::parse({"media-hash", {"--at", "--threads"}, {"--strict"}, 1, 1}, argv);
  const std::string& path = args.positional()[0];
  std::vector<double> times;
  if (auto at = args.value("--at")) times = parseTimeList(*at);  // validate before any work
  media::VideoReaderOptions options;
  options.threads = args.intValue("--threads", 0, 0, 256);
  media::VideoReader reader(path, options);

  if (!times.empty()) {
    for (double t : times) printFrame(reader.frameAt(t));
  } else {
    while (const media::DecodedFrame* frame = reader.nextFrame()) printFrame(*frame);
  }
  std::fflush(stdout);

  const auto& problems = reader.diagnostics();
  if (!problems.empty() && args.has("--strict"))
    throw Error(ErrorCode::CorruptData, path,
                problems.front() + (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""));
  for (const auto& p : problems) std::fprintf(stderr, "warning: %s: %s\n", path.c_str(), p.c_str());
  return 0;
}

}  // namespace stf2m::cli
