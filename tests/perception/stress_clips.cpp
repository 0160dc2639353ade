#include "stress_clips.h"

#include <algorithm>
#include <cmath>

namespace stf2m::perception::test {

namespace {

constexpr double kSpriteSides = 2.6;  // sprite side, in face widths
constexpr double kPi = 3.14159265358979323846;

struct Occluder {
  double x = 0, y = 0, rx = 0, ry = 0;  // an ellipse, frame pixels
  uint8_t r = 0, g = 0, b = 0;
};

double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }

// A grey gradient with a few darker bars: a background that is not a face.
void background(std::vector<uint8_t>& rgb, int w, int h) {
  rgb.assign(size_t(w) * h * 3, 0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double v = 150 + 50 * double(x) / w - 30 * double(y) / h - ((x / 80) % 3 == 0 ? 25 : 0);
      uint8_t* p = &rgb[(size_t(y) * w + x) * 3];
      p[0] = uint8_t(v), p[1] = uint8_t(v * 0.97), p[2] = uint8_t(v * 0.9);
    }
}

// Draws a sprite (bilinear, an elliptical soft edge) at a pose.
void draw(std::vector<uint8_t>& rgb, int w, int h, const FaceSprite& s, const SpritePose& pose) {
  const double scale = pose.faceWidth / s.faceWidth;  // frame pixels per sprite pixel
  const double c = std::cos(pose.degrees * kPi / 180), sn = std::sin(pose.degrees * kPi / 180);
  const double half = s.side / 2.0, reach = half * scale * 1.5;
  const int x0 = std::max(0, int(pose.x - reach)), x1 = std::min(w - 1, int(pose.x + reach));
  const int y0 = std::max(0, int(pose.y - reach)), y1 = std::min(h - 1, int(pose.y + reach));
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      // Frame -> sprite: undo the rotation and the scale about the face centre.
      const double dx = (x - pose.x) / scale, dy = (y - pose.y) / scale;
      const double u = c * dx + sn * dy + half, v = -sn * dx + c * dy + half;
      const double ex = (u - half) / half, ey = (v - half) / half;
      const double radius = std::sqrt(ex * ex + ey * ey);
      if (radius >= 1 || u < 0 || v < 0 || u > s.side - 1 || v > s.side - 1) continue;
      const double alpha = clamp01((1 - radius) / 0.15);
      const int iu = std::min(int(u), s.side - 2), iv = std::min(int(v), s.side - 2);
      const double fu = u - iu, fv = v - iv;
      uint8_t* p = &rgb[(size_t(y) * w + x) * 3];
      for (int k = 0; k < 3; ++k) {
        auto at = [&](int a, int b) { return double(s.rgb[(size_t(b) * s.side + a) * 3 + k]); };
        const double value = (1 - fv) * ((1 - fu) * at(iu, iv) + fu * at(iu + 1, iv)) + fv * ((1 - fu) * at(iu, iv + 1) + fu * at(iu + 1, iv + 1));
        p[k] = uint8_t(std::lround(alpha * value + (1 - alpha) * p[k]));
      }
    }
}

void drawOccluder(std::vector<uint8_t>& rgb, int w, int h, const Occluder& o) {
  for (int y = std::max(0, int(o.y - o.ry)); y <= std::min(h - 1, int(o.y + o.ry)); ++y)
    for (int x = std::max(0, int(o.x - o.rx)); x <= std::min(w - 1, int(o.x + o.rx)); ++x) {
      const double ex = (x - o.x) / o.rx, ey = (y - o.y) / o.ry;
      if (ex * ex + ey * ey > 1) continue;
      uint8_t* p = &rgb[(size_t(y) * w + x) * 3];
      p[0] = o.r, p[1] = o.g, p[2] = o.b;
    }
}

void scaleBrightness(std::vector<uint8_t>& rgb, double gain) {
  for (uint8_t& v : rgb) v = uint8_t(std::clamp(std::lround(v * gain), 0L, 255L));
}

// The axis-aligned box of a face of width `faceWidth` (height 1.05 x) rotated by `degrees`.
FaceBox faceBox(const SpritePose& p) {
  const double a = std::abs(std::sin(p.degrees * kPi / 180)), b = std::abs(std::cos(p.degrees * kPi / 180));
  const double fw = p.faceWidth, fh = 1.05 * p.faceWidth;
  const double bw = b * fw + a * fh, bh = a * fw + b * fh;
  FaceBox box;
  box.x = p.x - bw / 2, box.y = p.y - bh / 2, box.width = bw, box.height = bh, box.score = 1;
  return box;
}

// One clip from the poses of its people per frame (faceWidth 0: not in the picture).
StressClip clip(std::string name, int frames, std::vector<const FaceSprite*> people,
                std::function<std::vector<SpritePose>(int)> poses,
                std::function<void(int, std::vector<uint8_t>&, const std::vector<SpritePose>&)> after = {}) {
  StressClip c;
  c.name = std::move(name);
  c.frames = frames;
  c.people = int(people.size());
  c.render = [c, people, poses, after](int index, std::vector<uint8_t>& rgb) {
    background(rgb, c.width, c.height);
    FrameTruth truth;
    const std::vector<SpritePose> ps = poses(index);
    for (size_t k = 0; k < ps.size(); ++k) {
      if (ps[k].faceWidth <= 0) continue;
      draw(rgb, c.width, c.height, *people[k], ps[k]);
      const FaceBox b = faceBox(ps[k]);
      truth.person.push_back(int(k));
      truth.faces.push_back(b);
      truth.visible.push_back(b.x >= 0 && b.y >= 0 && b.right() <= c.width && b.bottom() <= c.height);
    }
    if (after) after(index, rgb, ps);
    return truth;
  };
  return c;
}

}  // namespace

void renderPerson(std::vector<uint8_t>& rgb, int width, int height, const FaceSprite& sprite, const SpritePose& pose,
                  int noise, uint32_t seed) {
  background(rgb, width, height);
  draw(rgb, width, height, sprite, pose);
  uint32_t state = seed * 2654435761u + 1;
  for (uint8_t& v : rgb) {
    state = state * 1664525u + 1013904223u;
    const int delta = int((state >> 16) % uint32_t(2 * noise + 1)) - noise;
    v = uint8_t(std::clamp(int(v) + delta, 0, 255));
  }
}

FaceSprite cutFace(const std::vector<uint8_t>& photo, int width, int height, const FaceBox& faceBox, double roll) {
  FaceSprite s;
  s.roll = roll;
  s.side = int(std::lround(faceBox.width * kSpriteSides));
  s.faceWidth = faceBox.width;
  s.rgb.assign(size_t(s.side) * s.side * 3, 0);
  const int ox = int(std::lround(faceBox.x + faceBox.width / 2 - s.side / 2.0));
  const int oy = int(std::lround(faceBox.y + faceBox.height / 2 - s.side / 2.0));
  for (int y = 0; y < s.side; ++y)
    for (int x = 0; x < s.side; ++x) {
      const int px = std::clamp(ox + x, 0, width - 1), py = std::clamp(oy + y, 0, height - 1);
      for (int k = 0; k < 3; ++k) s.rgb[(size_t(y) * s.side + x) * 3 + k] = photo[(size_t(py) * width + px) * 3 + k];
    }
  return s;
}

std::vector<StressClip> stressClips(const std::vector<FaceSprite>& sprites) {
  const FaceSprite* a = &sprites.at(0);
  const FaceSprite* b = &sprites.at(1);
  std::vector<StressClip> clips;
  auto sway = [](int f) { return 12 * std::sin(2 * kPi * f / 60.0); };  // a person is never quite still
  // A hand (skin tone, 0.7 x 0.5 face) crossing the lower face, twice in 6 s.
  clips.push_back(clip("occluder", 150, {a}, [=](int f) { return std::vector<SpritePose>{{320 + sway(f), 170, 110, 0}}; },
                       [sway](int f, std::vector<uint8_t>& rgb, const std::vector<SpritePose>& ps) {
                         const double t = std::fmod(f / 75.0, 1.0);
                         Occluder o;
                         o.x = ps[0].x - 150 + 300 * t, o.y = ps[0].y + 0.3 * 110, o.rx = 0.35 * 110, o.ry = 0.25 * 110;
                         o.r = 205, o.g = 160, o.b = 130;
                         drawOccluder(rgb, 640, 360, o);
                       }));
  // Zoom from 0.5x to 2x of a 100 px face (50 to 200 px) over 5 s, leaning in.
  clips.push_back(clip("zoom 0.5-2x", 125, {a}, [=](int f) {
    return std::vector<SpritePose>{{320 + sway(f), 180, 50 * std::pow(4.0, f / 124.0), 0}};
  }));
  // In-plane rotation: the face's roll swinging to +-30 degrees (the photo's own tilt undone).
  clips.push_back(clip("rotation 30 deg", 150, {a}, [=](int f) {
    return std::vector<SpritePose>{{320 + sway(f), 180, 110, 30 * std::sin(2 * kPi * f / 100.0) - a->roll}};
  }));
  // Brightness: to 30 % and up to 130 % and back over 5 s.
  clips.push_back(clip("brightness ramp", 125, {a}, [=](int f) { return std::vector<SpritePose>{{320 + sway(f), 180, 110, 0}}; },
                       [](int f, std::vector<uint8_t>& rgb, const std::vector<SpritePose>&) {
                         const double t = f / 124.0;
                         scaleBrightness(rgb, t < 0.4 ? 1 - 0.7 * t / 0.4 : t < 0.8 ? 0.3 + (t - 0.4) / 0.4 : 1.3 - 0.3 * (t - 0.8) / 0.2);
                       }));
  // Walks out to the right (gone for 1 s) and comes back.
  auto walk = [](int f) {
    // 0-40 still at 320; 40-70 out to 800; 70-95 away; 95-125 back to 320; then still.
    if (f < 40) return 320.0;
    if (f < 70) return 320 + 480 * (f - 40) / 30.0;
    if (f < 95) return 800.0;
    if (f < 125) return 800 - 480 * (f - 95) / 30.0;
    return 320.0;
  };
  clips.push_back(clip("leaves and re-enters", 175, {a}, [=](int f) {
    const double x = walk(f);
    return std::vector<SpritePose>{SpritePose{x, 180, x < 760 ? 100.0 : 0.0, 0}};  // width 0: out of the picture
  }));
  // Two people: A stays on the left; B, on the right, leaves for 1 s and comes back.
  clips.push_back(clip("two people", 175, {a, b}, [=](int f) {
    const double xb = 480 + (walk(f) - 320) * 0.5;
    return std::vector<SpritePose>{{170 + sway(f), 180, 100, 0}, {xb, 170, xb < 720 ? 95.0 : 0.0, 0}};
  }));
  return clips;
}

}  // namespace stf2m::perception::test
