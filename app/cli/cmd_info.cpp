#include <cstdio>
#include <memory>

#include "commands.h"
#include "common/json.h"
#ifdef STF2M_WITH_MEDIA
#include "media/media_info.h"
#endif
#ifdef STF2M_WITH_TORCH
#include "compute/compute.h"
#endif

namespace stf2m::cli {

namespace {

struct InfoOptions {
  int threads = -1;  // -1: STF2M_THREADS or the hardware concurrency
  std::string device = "auto";
};

void run([[maybe_unused]] const InfoOptions& o) {
  Json w = {{"version", STF2M_VERSION}};
#ifdef STF2M_WITH_MEDIA
  w["ffmpeg"] = media::mediaLibraryVersions();
#else
  w["ffmpeg"] = nullptr;  // the GPU build (STF2M_WITH_MEDIA=OFF)
#endif
#ifdef STF2M_WITH_TORCH
  compute::ComputeSettings settings;
  settings.threads = o.threads >= 0 ? o.threads : compute::threadsFromEnvironment();
  settings.device = compute::parseDevicePreference(o.device);
  const compute::ComputeInfo c = compute::configureCompute(settings);
  w["compute"] = {{"device", c.device},
                  {"device_name", c.deviceName},
                  {"threads", c.threads},
                  {"cuda_available", c.cudaAvailable},
                  {"torch_version", c.torchVersion}};
#else
  w["compute"] = nullptr;
#endif
  std::printf("%s\n", dumpJson(w).c_str());
}

}  // namespace

void addInfoCommand(CLI::App& app) {
  auto o = std::make_shared<InfoOptions>();
  CLI::App* cmd = app.add_subcommand("info", "versions and the compute device as JSON");
  cmd->add_option("--threads", o->threads, "LibTorch threads (0: the hardware concurrency)")->check(CLI::Range(0, 1024));
  addDeviceOption(cmd, o->device);
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
