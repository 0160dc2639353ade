#include "perception/model_locator.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "common/error.h"

namespace stf2m::perception {

namespace fs = std::filesystem;

namespace {
std::string executableDir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}
}  // namespace

std::vector<std::string> faceModelSearchPath() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("STF2M_FACE_MODELS"); env && *env) dirs.emplace_back(env);
  if (const std::string bin = executableDir(); !bin.empty()) {
    dirs.push_back(bin + "/face-api-model");
    dirs.push_back((fs::path(bin) / ".." / "share" / "stf2m" / "face-api-model").lexically_normal().string());
  }
  dirs.push_back(std::string(STF2M_INSTALL_PREFIX) + "/share/stf2m/face-api-model");
  dirs.push_back(std::string(STF2M_SOURCE_DIR) + "/resources/npm/node_modules/@vladmandic/face-api/model");
  return dirs;
}

std::string findFaceModelDir() {
  const auto dirs = faceModelSearchPath();
  std::error_code ec;
  for (const auto& d : dirs)
    if (fs::is_regular_file(fs::path(d) / "tiny_face_detector_model-weights_manifest.json", ec)) return d;
  std::string looked;
  for (const auto& d : dirs) looked += "\n  " + d;
  throw Error(ErrorCode::FileNotFound, "face models",
              "the face-api model folder was not found; looked in:" + looked +
                  "\nrun packaging/setup-deps.sh (it installs the pinned npm package) or set STF2M_FACE_MODELS");
}

}  // namespace stf2m::perception
