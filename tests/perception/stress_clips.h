#pragma once
// Generated face videos with known ground truth, for the tracker on the real networks: faces cut
// from the face-api demo photos (real people photographed by others) and moved, zoomed, rotated,
// darkened, covered by a hand-sized occluder, or taken out of the picture and brought back.
// Frames are rendered in memory (640 x 360 RGB24, 25 fps); each frame says where every face is.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "perception/face_types.h"

namespace stf2m::perception::test {

// A face cut from a photo: a square around the face box, side kSpriteSides face widths.
struct FaceSprite {
  std::vector<uint8_t> rgb;  // side x side x 3
  int side = 0;
  double faceWidth = 0;  // pixels of the sprite
  double roll = 0;       // the face's own in-plane rotation in the photo, degrees clockwise
};

// Cuts the face at `faceBox` (photo pixels, its own roll `roll`) out of an RGB24 photo.
FaceSprite cutFace(const std::vector<uint8_t>& photo, int width, int height, const FaceBox& faceBox, double roll);

// Where one person is in one frame.
struct SpritePose {
  double x = 0, y = 0;     // face centre, frame pixels
  double faceWidth = 100;  // face width, frame pixels
  double degrees = 0;      // in-plane rotation, clockwise on screen
};

struct FrameTruth {
  std::vector<int> person;        // who is in the frame (index into the clip's sprites)
  std::vector<FaceBox> faces;     // their face boxes (axis-aligned box of the rotated face)
  std::vector<bool> visible;      // the whole face box inside the picture
};

struct StressClip {
  std::string name;
  int width = 640, height = 360;
  double fps = 25;
  int frames = 0;
  int people = 1;
  // Renders frame `index` into `rgb` (width x height x 3) and returns its truth.
  std::function<FrameTruth(int index, std::vector<uint8_t>& rgb)> render;
};

// A frame of one person at `pose` on the clips' background, with uniform noise of +-`noise`
// grey levels per pixel (seeded by `seed`: the same frame for the same seed).
void renderPerson(std::vector<uint8_t>& rgb, int width, int height, const FaceSprite& sprite, const SpritePose& pose,
                  int noise, uint32_t seed);

// The stress clips (occluder, zoom 0.5-2x, rotation to 30 degrees, brightness ramp, leave
// and re-enter after 1 s) and two people of whom one leaves and returns. `sprites`: at least 2.
std::vector<StressClip> stressClips(const std::vector<FaceSprite>& sprites);

}  // namespace stf2m::perception::test
