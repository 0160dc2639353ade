#include "compute/compute.h"

#include <torch/torch.h>

#include <cstdlib>
#include <string>
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
    // Full float32 precision on CUDA: Ampere and later GPUs would otherwise run convolutions (and
    // matrix products, depending on the LibTorch version) in TF32, whose 10-bit mantissa moves
    // the face networks' outputs by about 1e-3 against the CPU. Our networks are small; the
    // precision is worth more than the speed (docs/gpu.md). STF2M_ALLOW_TF32=1 allows TF32, for
    // measuring what it would change.
    const char* tf32 = std::getenv("STF2M_ALLOW_TF32");
    const bool allowTf32 = tf32 && std::string(tf32) == "1";
    at::globalContext().setAllowTF32CuDNN(allowTf32);
    at::globalContext().setAllowTF32CuBLAS(allowTf32);
    // Same seed, same numbers on CUDA too: CUDA's index_add (used by our prototype means and by
    // the backward pass of every index_select) adds with atomics in no fixed order, so two
    // trainings with one seed drifted apart (measured in docs/gpu.md). Deterministic algorithms
    // fix the order; cuBLAS needs a fixed workspace for the same (set before its first use).
    // STF2M_NONDETERMINISTIC=1 turns this off, for measuring what it costs.
    const char* nondeterministic = std::getenv("STF2M_NONDETERMINISTIC");
    const bool deterministic = !(nondeterministic && std::string(nondeterministic) == "1");
    if (deterministic) setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", 0);
    at::globalContext().setDeterministicAlgorithms(deterministic, /*warn_only=*/true);
    info.device = "cuda:0";
    info.deviceName = "CUDA device 0";
  } else {
    info.device = "cpu";
    info.deviceName = "CPU, " + std::to_string(info.threads) + (info.threads == 1 ? " thread" : " threads");
  }
  return info;
}

}  // namespace stf2m::compute
