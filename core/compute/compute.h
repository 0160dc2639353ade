#pragma once
// Start-up configuration of LibTorch, behind a Torch-free header so the UI can call it.
#include <string>

namespace stf2m::compute {

enum class DevicePreference { Auto, Cpu, Cuda };

struct ComputeSettings {
  int threads = 0;  // intra-op threads for LibTorch; 0 = hardware concurrency
  DevicePreference device = DevicePreference::Auto;
};

struct ComputeInfo {
  std::string device;         // "cpu" or "cuda:0"
  std::string deviceName;     // e.g. "CPU (2 threads)" or the GPU's name
  int threads = 0;            // what LibTorch reports after configuration
  bool cudaAvailable = false;
  std::string torchVersion;
};

// Sets LibTorch's intra-op thread count (0 = hardware concurrency) and returns what LibTorch now
// uses. Cheap: called at every start-up, before any model work.
int configureThreads(int requested);

// Threads requested by the environment variable STF2M_THREADS, or 0 when unset or invalid.
int threadsFromEnvironment();

// Sets LibTorch's thread count and chooses the device. Safe to call again (for example after
// the user changes a setting). Throws stf2m::Error(InvalidArgument) when CUDA is requested but
// not available.
ComputeInfo configureCompute(const ComputeSettings& settings = {});

// Parses "auto", "cpu" or "cuda"; throws stf2m::Error(InvalidArgument) otherwise.
DevicePreference parseDevicePreference(const std::string& text);

}  // namespace stf2m::compute
