#include <cstdio>

#include "cli_args.h"
#include "commands.h"
#include "common/json_writer.h"
#ifdef STF2M_WITH_MEDIA
#include "media/media_info.h"
#endif
#ifdef STF2M_WITH_TORCH
#include "compute/compute.h"
#endif

namespace stf2m::cli {

int runInfo(const std::vector<std::string>& argv) {
  Args args = Args::parse({"info", {"--threads", "--device"}, {}, 0, 0}, argv);
  JsonWriter w;
  w.beginObject();
  w.key("version").value(STF2M_VERSION);
#ifdef STF2M_WITH_MEDIA
  w.key("ffmpeg").value(media::mediaLibraryVersions());
#else
  w.key("ffmpeg").null();  // the GPU build (STF2M_WITH_MEDIA=OFF)
#endif
#ifdef STF2M_WITH_TORCH
  compute::ComputeSettings settings;
  settings.threads = args.intValue("--threads", compute::threadsFromEnvironment(), 0, 1024);
  if (auto d = args.value("--device")) settings.device = compute::parseDevicePreference(*d);
  compute::ComputeInfo c = compute::configureCompute(settings);
  w.key("compute").beginObject()
      .key("device").value(c.device)
      .key("device_name").value(c.deviceName)
      .key("threads").value(c.threads)
      .key("cuda_available").value(c.cudaAvailable)
      .key("torch_version").value(c.torchVersion)
      .endObject();
#else
  w.key("compute").null();
#endif
  w.endObject();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

}  // namespace stf2m::cli
