#include <cstdio>
#include <memory>

#include "commands.h"
#include "common/json.h"
#ifdef STF2M_WITH_MEDIA
#include "media/media_info.h"
#endif
#ifdef STF2M_WITH_TORCH
#include "common/error.h"
#include "compute/compute.h"
#include "perception/model_locator.h"
#endif
#if defined(STF2M_WITH_MEDIA) && defined(STF2M_WITH_TORCH)
#include "pipeline/session_model.h"
#include "pipeline/subject_adaptation.h"
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
  // Where the pretrained networks and the shipped models are found (null: not found).
  auto found = [](auto find) -> Json {
    try {
      return find();
    } catch (const Error&) {
      return nullptr;
    }
  };
  w["models"] = {{"face_networks", found([] { return perception::findFaceModelDir(); })}};
#if defined(STF2M_WITH_MEDIA)
  w["models"]["session"] = found([] { return pipeline::findSessionModel(); });
  w["models"]["session_meta"] = found([] { return pipeline::findSessionMetaModel(); });
#endif
#else
  w["compute"] = nullptr;
#endif
  std::printf("%s\n", dumpJson(w).c_str());
}

}  // namespace

void addInfoCommand(CLI::App& app) {
  auto o = std::make_shared<InfoOptions>();
  CLI::App* cmd = app.add_subcommand("info", "versions, the compute device and where the models are found, as JSON");
  cmd->add_option("--threads", o->threads, "LibTorch threads (0: the hardware concurrency)")->check(CLI::Range(0, 1024));
  addDeviceOption(cmd, o->device);
  cmd->callback([o] { run(*o); });
}

}  // namespace stf2m::cli
