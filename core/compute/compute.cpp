#include "compute/compute.h"

#include <torch/torch.h>

#include <cstdlib>
#include <thread>

#include "common/error.h"

namespace stf2m::compute {

DevicePreference parseDevicePreference(const std::string& text) {
  if (text == "auto") return DevicePreference::Auto;
  if (text == "cpu") return DevicePreference::Cpu;
  if (text == "cuda") return DevicePreference::Cuda;
  throw Error(ErrorCode::InvalidArgument, "--device", "expected auto, cpu or cuda, got '" + text + "'");
}

int configureThreads(int requested) {
  int threads = requested;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // LibTorch's OpenMP pool starts with one thread on our machines; set it explicitly.
  at::set_num_threads(threads);
  return at::get_num_threads();
}

int threadsFromEnvironment() {
  const char* text = std::getenv("STF2M_THREADS");
  if (!text || !*text) return 0;
  char* end = nullptr;
  long v = std::strtol(text, &end, 10);
  return (*end == 0 && v > 0 && v <= 1024) ? static_cast<int>(v) : 0;
}

ComputeInfo configureCompute(const ComputeSettings& settings) {
  ComputeInfo info;
  info.threads = configureThreads(settings.threads);
  info.cudaAvailable = torch::cuda::is_available();
  info.torchVersion = TORCH_VERSION;
  bool useCuda = false;
  if (settings.device == DevicePreference::Cuda) {
    if (!info.cudaAvailable)
      throw Error(ErrorCode::InvalidArgument, "device", "CUDA was requested but no CUDA device is available");
    useCuda = true;
  } else if (settings.device == DevicePreference::Auto) {
    useCuda = info.cudaAvailable;
  }
  if (useCuda) {
    info.device = "cuda:0";
    info.deviceName = "CUDA device 0";
  } else {
    info.device = "cpu";
    info.deviceName = "CPU, " + std::to_string(info.threads) + (info.threads == 1 ? " thread" : " threads");
  }
  return info;
}

}  // namespace stf2m::compute
