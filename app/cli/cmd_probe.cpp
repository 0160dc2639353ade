#include <cstdio>

#include "cli_args.h"
#include "commands.h"
#include "media/media_info.h"

namespace stf2m::cli {

int runProbe(const std::vector<std::string>& argv) {
  Args args = Args::parse({"probe", {}, {}, 1, 1}, argv);
  media::MediaInfo info = media::probeMedia(args.positional()[0]);
  std::string json = media::mediaInfoToJson(info);
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}

}  // namespace stf2m::cli
