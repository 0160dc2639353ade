#pragma once
// Where the pretrained face networks (the `model/` folder of the pinned npm package
// @vladmandic/face-api) are found. Search order: $STF2M_FACE_MODELS; next to the program
// (<bin>/face-api-model, <bin>/../share/stf2m/face-api-model); the install prefix
// (<prefix>/share/stf2m/face-api-model); the source tree's resources/npm/node_modules. A miss
// throws FileNotFound listing every place looked at and how to install the package.
#include <string>
#include <vector>

namespace stf2m::perception {

std::vector<std::string> faceModelSearchPath();
std::string findFaceModelDir();

}  // namespace stf2m::perception
