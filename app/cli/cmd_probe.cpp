#include <cstdio>
#include <memory>

#include "commands.h"
#include "media/media_info.h"

namespace stf2m::cli {

void addProbeCommand(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("probe", "media information as JSON");
  cmd->add_option("FILE", *path, "a media file FFmpeg opens")->required();
  cmd->callback([path] {
    const std::string json = media::mediaInfoToJson(media::probeMedia(*path));
    std::fwrite(json.data(), 1, json.size(), stdout);
    std::fputc('\n', stdout);
  });
}

}  // namespace stf2m::cli
